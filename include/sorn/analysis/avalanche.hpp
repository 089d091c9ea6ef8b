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

namespace sorn::analysis {

/// round(<a>/2) for a(t) >= 0, from Σ a exactly; 0 for an empty series. Local.
std::int64_t default_avalanche_threshold(const std::vector<std::int64_t>& activity);

struct Avalanches {
    std::vector<std::int64_t> start;    ///< index (in the series) of the first step
    std::vector<std::int64_t> duration; ///< T: steps with a(t) > θ
    std::vector<std::int64_t> size;     ///< S = Σ (a(t) - θ)
    std::int64_t truncated = 0;         ///< runs cut by the window edges, not in the lists
};

/// The complete avalanches of `activity` above `threshold`. Local.
Avalanches find_avalanches(const std::vector<std::int64_t>& activity, std::int64_t threshold);

} // namespace sorn::analysis
