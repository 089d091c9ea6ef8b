#pragma once
// Spike source entropy (the package's `spike_source_entropy`): how evenly the spikes of a
// window are spread over the N units. With p_i = c_i / Σ c (c_i: spikes of unit i),
//   SSE = -Σ_i p_i ln p_i / ln N  ∈ [0, 1]
// (1: every unit fires equally often; 0: one unit fires all spikes). Units without spikes
// contribute 0 (lim p ln p = 0; the package's formula gives NaN there). Local and pure.
#include <cstdint>
#include <vector>

namespace sorn::analysis {

/// SSE of the per-unit spike counts (index order); NaN without spikes or with N < 2. Local.
double spike_source_entropy(const std::vector<std::int64_t>& counts);

} // namespace sorn::analysis
