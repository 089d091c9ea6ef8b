#pragma once
// Neuronal avalanches of the network activity a(t) (Del Papa, Priesemann & Triesch 2017,
// PLoS ONE 12:e0178683, "Neuronal avalanches" in Methods).
//
// a(t) = number of active units at step t. An avalanche is a maximal run of consecutive steps
// with a(t) > θ; its duration T is the run length and its size S = Σ_run (a(t) - θ), the
// spikes above threshold. Default θ: half the mean activity, rounded to the nearest integer
// (as a(t) is an integer), θ = round(<a>/2), computed exactly from the integer total
// (ties, <a>/2 = k + 1/2, round up). Runs that touch the first or the last step of the window
// are cut by the window: they are not counted (their number is reported). Local and pure.
#include <cstdint>
#include <vector>

#include "sorn/analysis/params.hpp" // ThresholdRule, AvalancheSize

namespace sorn::analysis {

/// round(<a>/2) for a(t) >= 0, from Σ a exactly; 0 for an empty series. Local.
std::int64_t default_avalanche_threshold(const std::vector<std::int64_t>& activity);

/// θ of `rule` for the activity values of one or more series pooled, exactly in integers:
/// Round (= default_avalanche_threshold), Floor floor(Σa / 2n), FloorPlusOne floor(Σa / 2n) + 1,
/// Percentile the nearest-rank percentile: the k-th smallest value, k = max(1, ceil(P n / 100)).
/// 0 without values. Local.
std::int64_t avalanche_threshold(const std::vector<std::vector<std::int64_t>>& series,
                                 ThresholdRule rule, double percentile = 50.0);

/// Sums of consecutive bins of `bin` steps; an incomplete last bin is dropped. Local.
std::vector<std::int64_t> bin_activity(const std::vector<std::int64_t>& activity, std::int64_t bin);

struct Avalanches {
    std::vector<std::int64_t> start;    ///< index (in the series) of the first step
    std::vector<std::int64_t> duration; ///< T: steps with a(t) > θ
    std::vector<std::int64_t> size;     ///< S = Σ (a(t) - θ), or Σ a(t) (AvalancheSize::Total)
    std::int64_t truncated = 0;         ///< runs cut by the window edges, not in the lists
};

/// The complete avalanches of `activity` above `threshold`. Local.
Avalanches find_avalanches(const std::vector<std::int64_t>& activity, std::int64_t threshold,
                           AvalancheSize size = AvalancheSize::AboveThreshold);

} // namespace sorn::analysis
