#pragma once
// The parameters of the statistics: one small struct per statistic that has any, with its
// defaults as in-class initializers. These initializers are the one definition of the
// defaults: sorn-analyze's options (options.hpp) take theirs from here, and analyze.cpp maps
// the options onto these structs in one place (statistic_params, analyze.hpp). A statistic
// is a function of its input data and its struct (spike_statistics.hpp,
// connectivity_statistics.hpp), so it can be called, and tested, without a command line.
// Plain data, no validation: the ranges below are the caller's to respect (sorn-analyze
// checks them in AnalysisOptions::validate). Local.
#include <mpi.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sorn/types.hpp"

namespace sorn::analysis {

/// Bins of the rate, Fano-factor, correlation and weight histograms.
inline constexpr int default_histogram_bins = 50;

/// "rates" (--bin-size, --histogram-bins).
struct RatesParams {
    Index bin_size = 10;                         ///< B >= 1: bin of spikes_per_bin [steps]
    int histogram_bins = default_histogram_bins; ///< K >= 1: bins of the rate histogram
};

/// "fano" (--fano-window, --histogram-bins).
struct FanoParams {
    Index window = 10; ///< F >= 1: counting window [steps] (also the spike pass's)
    int histogram_bins = default_histogram_bins; ///< K >= 1: bins of the Fano histogram
};

/// "autocorr" (--autocorr-lags).
struct AutocorrParams {
    Index max_lag = 10; ///< L >= 1: lags 1..L [steps]; needs L + 2 steps
};

/// "correlation" (--corr-exact-max, --corr-pairs, --corr-seed, --corr-subset,
/// --histogram-bins).
struct CorrelationParams {
    Index exact_max = 2000;            ///< all pairs up to this many units, a sample beyond
    std::int64_t sample_size = 100000; ///< pairs sampled (with replacement) beyond exact_max
    std::uint64_t seed = 1;            ///< seed of the pair sample
    Index subset_first = 50;           ///< the matrix of the first min(N, subset_first) units,
    std::vector<Index> subset_units;   ///< or of these distinct units (when not empty), each < N
    int histogram_bins = default_histogram_bins; ///< K >= 1: bins of the r histogram on [-1, 1]
};

/// Power-law fits (--powerlaw-min-tail, --powerlaw-xmin).
struct PowerLawParams {
    std::int64_t min_tail = 10; ///< candidates for xmin leave at least this many samples
    std::int64_t xmin = 0;      ///< > 0: fixed xmin (no KS scan)
    std::int64_t xmax = 0;      ///< > 0: fit the window [xmin, xmax] (tail_models.hpp)
    double alpha_max = 10.0;    ///< search interval for α is (1, alpha_max]
};

/// How the avalanche threshold θ follows from the activity when it is not given; <a> is the
/// mean of the (binned, pooled) activity (avalanche_statistics.hpp).
enum class ThresholdRule {
    Round,        ///< round(<a>/2), ties up (the default)
    Floor,        ///< floor(<a>/2) (Del Papa et al. 2017, Figs 2-5)
    FloorPlusOne, ///< floor(<a>/2) + 1 (Figs 6-7)
    Percentile,   ///< the nearest-rank P-th percentile of the activity values
};

/// What an avalanche's size counts.
enum class AvalancheSize {
    AboveThreshold, ///< S = Σ (a(t) - θ): the spikes above threshold (the default)
    Total,          ///< S = Σ a(t): every spike of the avalanche
};

/// Model comparison and goodness of fit of the power-law fits (--bootstrap, --bootstrap-seed).
struct TailTestParams {
    std::int64_t bootstrap = 0; ///< >= 0: replicates of the goodness-of-fit p-value (0: none)
    std::uint64_t seed = 1;     ///< seed of the replicates' draws
    MPI_Comm comm = MPI_COMM_SELF; ///< the ranks that share the replicates (all call the fit)
};

/// "avalanches" (--avalanche-threshold, --avalanche-size, --avalanche-bin, the windows of the
/// fits of sizes and durations, --bootstrap).
struct AvalancheParams {
    std::optional<std::int64_t> threshold;     ///< θ >= 0 [active units]; empty: by rule
    ThresholdRule rule = ThresholdRule::Round; ///< when threshold is empty
    double percentile = 50.0;                  ///< P in [0, 100] of ThresholdRule::Percentile
    AvalancheSize size = AvalancheSize::AboveThreshold;
    Index bin_steps = 1;         ///< >= 1: a(t) summed over bins of this many steps
    PowerLawParams size_fit;     ///< fit of the sizes
    PowerLawParams duration_fit; ///< fit of the durations [bins]
    TailTestParams tests;
};

/// "hamming" (--compare).
struct HammingParams {
    std::string compare_file; ///< the other file's name (reported, not read here)
};

/// Where the E->E weights and degrees come from (--weights-source).
enum class WeightsSource { Auto, State, Snapshot };

/// "weights" (--histogram-bins).
struct WeightsParams {
    int histogram_bins = default_histogram_bins; ///< K >= 1: log-spaced bins
};

/// "thresholds", "weight_snapshots" (--histogram-bins).
struct SnapshotParams {
    int histogram_bins = default_histogram_bins; ///< K >= 1: bins of their histograms
};

/// "turnover" (--histogram-bins; the lifetime fit takes --powerlaw-min-tail, --bootstrap).
struct TurnoverParams {
    int histogram_bins = default_histogram_bins; ///< K >= 1: log-spaced bins of the weight
    double weight_floor = 1e-4;                  ///< lowest bin edge; smaller weights: bin 0
    PowerLawParams lifetime_fit;                 ///< fit of the lifetimes [snapshot intervals]
    TailTestParams tests;
};

/// The parameters of every statistic, as sorn-analyze passes them (statistic_params).
struct StatisticParams {
    RatesParams rates;
    FanoParams fano;
    AutocorrParams autocorr;
    CorrelationParams correlation;
    AvalancheParams avalanches;
    HammingParams hamming;
    WeightsParams weights;
    SnapshotParams snapshots;
    TurnoverParams turnover;
};

} // namespace sorn::analysis
