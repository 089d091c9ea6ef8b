#pragma once
// Statistics of the snapshot recordings: the excitatory thresholds T_e over the snapshots of
// /recordings/TE (and their final distribution, /state/T_e), and the E->E weights over the
// snapshots of /recordings/WEE. Every rank reads every snapshot, one at a time (the
// snapshots are small next to the spike tables), and computes the same numbers in the same
// order: identical for any rank count. Definitions: docs/ANALYSIS.md.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sorn/analysis/histogram.hpp"
#include "sorn/analysis/result_file.hpp"
#include "sorn/analysis/results.hpp"

namespace sorn::analysis {

/// One snapshot summarized: its step, the number of values, their mean, smallest and largest
/// value and their quantiles at quantile_levels() (curves.hpp).
struct SnapshotSummary {
    Step step = 0;
    std::int64_t count = 0;
    double mean = 0.0, min = 0.0, max = 0.0; ///< NaN without values
    std::vector<double> quantiles;
};

/// The summary of one snapshot's finite values (summed in index order). Local.
SnapshotSummary summarize_snapshot(Step step, const std::vector<double>& values);

/// `bins` bins of equal width in log10 over [lo, hi] (0 < lo < hi) of the positive values.
/// Local.
Histogram log_histogram_between(const std::vector<double>& values, int bins, double lo, double hi);

/// What /recordings/TE and /state/T_e hold (either may be absent, not both).
struct ThresholdData {
    bool snapshots = false;            ///< /recordings/TE with /recordings/snapshot_steps
    std::uint64_t rows = 0, units = 0; ///< its shape (S, N_e)
    bool final_state = false;          ///< /state/T_e
    Step final_step = -1;              ///< /state step (-1: unknown)
};

/// Which thresholds the file holds, or nothing (with the reason in *why); ConfigError if one
/// is malformed (not float64 of the documented rank, snapshot_steps of another length than
/// the rows of TE). Collective.
std::optional<ThresholdData> find_thresholds(const ResultFile& file, std::string* why);

/// The snapshots of /recordings/TE, summarized one row at a time. Collective.
std::vector<SnapshotSummary> read_threshold_snapshots(const ResultFile& file,
                                                      const ThresholdData& d);

/// "thresholds": the quantiles and mean of T_e at each snapshot, and the distribution of the
/// final thresholds (`final_values`, if given, at step final_step; `bins` equal bins on
/// [min, max]). Local.
Group thresholds_group(const std::vector<SnapshotSummary>& snapshots,
                       const std::optional<std::vector<double>>& final_values, Step final_step,
                       int bins);

/// The /recordings/WEE snapshots: their steps and where each one's weights lie.
struct WeightSnapshots {
    std::vector<Step> steps;           ///< /recordings/snapshot_steps
    std::vector<std::int64_t> offsets; ///< snapshot s is weights [offsets[s], offsets[s+1])
};

/// The /recordings/WEE snapshots, or nothing (with the reason in *why); ConfigError if they
/// are malformed (types, an offset pointer that does not start at 0, decreases or ends beyond
/// the weights, snapshot_steps of another length). Collective.
std::optional<WeightSnapshots> find_weight_snapshots(const ResultFile& file, std::string* why);

/// "weight_snapshots": count, mean and quantiles of the weights of every snapshot and their
/// histograms on common log-spaced bins (`bins`) between the smallest and largest weight of
/// all snapshots. Reads each snapshot twice; ConfigError for a weight outside (0, 1].
/// Collective.
Group weight_snapshots_group(const ResultFile& file, const WeightSnapshots& s, int bins);

/// The same from snapshots in memory (weights[s]: the weights of snapshot s, each in (0, 1]).
/// Local.
Group weight_snapshots_group(const std::vector<Step>& steps,
                             const std::vector<std::vector<double>>& weights, int bins);

} // namespace sorn::analysis
