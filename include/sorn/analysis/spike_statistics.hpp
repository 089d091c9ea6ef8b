#pragma once
// The spike statistics as result groups, computed from the exact integer totals of the
// spike pass (spike_pass.hpp). Everything here is local floating-point arithmetic on data
// that is identical on every rank, in a fixed order, hence identical for any rank count.
// Definitions and their relation to the Python package: docs/ANALYSIS.md.
#include <cstdint>
#include <string>
#include <vector>

#include "sorn/analysis/correlation.hpp"
#include "sorn/analysis/params.hpp"
#include "sorn/analysis/results.hpp"
#include "sorn/analysis/spike_pass.hpp"

namespace sorn::analysis {

// Each statistic is a function of the totals of the window (spike_pass.hpp: the fields it
// names below; the others may be empty) and of its parameters (params.hpp), returning its
// result group. The totals can be filled by hand (tests/unit/test_analysis_spike_groups.cpp).

/// "rates": per-unit and network firing rates, the rate distribution; uses units, steps,
/// first_step, unit_spikes, step_active; needs p.bin_size <= steps. Local.
Group rates_group(const SpikeTotals& t, const RatesParams& p = {});
/// "fano": Fano factor per unit and its distribution; uses units, fano_counts (windows of
/// p.window steps, SpikePassPlan::fano_window). Local.
Group fano_group(const SpikeTotals& t, const FanoParams& p = {});
/// "autocorr": autocorrelation of the network activity (step_active) at lags 1..p.max_lag.
/// Local.
Group autocorr_group(const SpikeTotals& t, const AutocorrParams& p = {});
/// "isi": pooled inter-spike intervals (isi_histogram) and their geometric fit. Local.
Group isi_group(const SpikeTotals& t);
/// "entropy": spike source entropy of unit_spikes. Local.
Group entropy_group(const SpikeTotals& t);
/// "smoothness": smoothness of the network activity (step_active). Local.
Group smoothness_group(const SpikeTotals& t);
/// "avalanches": threshold, sizes, durations (of step_active, placed by first_step and
/// steps) and their power-law fits: avalanches_group of one run (avalanche_statistics.hpp).
/// Local.
Group avalanches_group(const SpikeTotals& t, const AvalancheParams& p = {});

/// Which pairs the correlation statistic counts.
struct CorrelationPlan {
    bool exact = true;           ///< all pairs (N <= exact_max) or a sample
    std::int64_t main_pairs = 0; ///< the first main_pairs of `pairs` give the mean
    std::vector<Index> subset;   ///< units of the correlation matrix, in the given order
    std::vector<UnitPair> pairs; ///< main pairs, then the subset's pairs (i < j positions)
};

/// The pairs for N units under p; ConfigError if a unit of p.subset_units is >= N. Local.
CorrelationPlan plan_correlation(Index units, const CorrelationParams& p = {});
/// "correlation": mean pairwise correlation and the subset's matrix; uses steps,
/// unit_spikes and coincidences (one per pair of plan, in its order). Local.
Group correlation_group(const SpikeTotals& t, const CorrelationPlan& plan,
                        const CorrelationParams& p = {});
/// "hamming": Hamming distance per step (hamming, placed by first_step) to another file.
/// Local.
Group hamming_group(const SpikeTotals& t, const HammingParams& p = {});

} // namespace sorn::analysis
