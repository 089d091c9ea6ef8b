#pragma once
// The spike statistics as result groups, computed from the exact integer totals of the
// spike pass (spike_pass.hpp). Everything here is local floating-point arithmetic on data
// that is identical on every rank, in a fixed order, hence identical for any rank count.
// Definitions and their relation to the Python package: docs/ANALYSIS.md.
#include <cstdint>
#include <string>
#include <vector>

#include "sorn/analysis/correlation.hpp"
#include "sorn/analysis/options.hpp"
#include "sorn/analysis/result_file.hpp"
#include "sorn/analysis/results.hpp"
#include "sorn/analysis/spike_pass.hpp"

namespace sorn::analysis {

/// Which pairs the correlation statistic counts.
struct CorrelationPlan {
    bool exact = true;           ///< all pairs (N <= --corr-exact-max) or a sample
    std::int64_t main_pairs = 0; ///< the first main_pairs of `pairs` give the mean
    std::vector<Index> subset;   ///< units of the correlation matrix, in the given order
    std::vector<UnitPair> pairs; ///< main pairs, then the subset's pairs (i < j positions)
};

/// The pairs for N units under the --corr-* options; ConfigError if a --corr-subset unit
/// is >= N. Local.
CorrelationPlan plan_correlation(Index units, const AnalysisOptions& o);

/// What the spike groups need besides the totals.
struct SpikeContext {
    Window window;
    std::string dataset; ///< path of the spike table
    const AnalysisOptions* options = nullptr;
};

/// "rates": per-unit and network firing rates, the rate distribution. Local.
Group rates_group(const SpikeTotals& t, const SpikeContext& c);
/// "fano": Fano factor per unit and its distribution. Local.
Group fano_group(const SpikeTotals& t, const SpikeContext& c);
/// "autocorr": autocorrelation of the network activity at lags 1..L. Local.
Group autocorr_group(const SpikeTotals& t, const SpikeContext& c);
/// "isi": pooled inter-spike intervals and their geometric (exponential) fit. Local.
Group isi_group(const SpikeTotals& t, const SpikeContext& c);
/// "entropy": spike source entropy. Local.
Group entropy_group(const SpikeTotals& t, const SpikeContext& c);
/// "smoothness": smoothness of the network activity. Local.
Group smoothness_group(const SpikeTotals& t, const SpikeContext& c);
/// "avalanches": threshold, sizes, durations and their power-law fits. Local.
Group avalanches_group(const SpikeTotals& t, const SpikeContext& c);
/// "correlation": mean pairwise correlation and the subset's matrix. Local.
Group correlation_group(const SpikeTotals& t, const SpikeContext& c, const CorrelationPlan& p);
/// "hamming": Hamming distance per step to the --compare file. Local.
Group hamming_group(const SpikeTotals& t, const SpikeContext& c);

} // namespace sorn::analysis
