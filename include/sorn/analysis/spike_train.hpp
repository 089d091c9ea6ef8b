#pragma once
// Single spike trains as plain 0/1 vectors (index = time step): the reference definitions of
// the per-unit statistics. The distributed pass (spike_pass.hpp) computes the same numbers
// from bit-packed recordings; the unit tests compare both on hand-computed trains.
#include <cstdint>
#include <vector>

namespace sorn::analysis {

/// Indices t with train[t] != 0, ascending (the package's `spike_times` of one unit). Local.
std::vector<std::int64_t> spike_times(const std::vector<std::uint8_t>& train);

/// t[k+1] - t[k] for consecutive spike times (the package's `spike_time_intervals`). Local.
std::vector<std::int64_t> inter_spike_intervals(const std::vector<std::int64_t>& times);

/// Spike counts in the complete windows [k*w, (k+1)*w) of a train: their number and the
/// sums of the counts and of their squares (exact integers).
struct WindowCounts {
    std::int64_t windows = 0, sum = 0, sum_sq = 0;
};

/// Counts of the floor(T / window) complete windows of a train; window >= 1. Local.
WindowCounts window_counts(const std::vector<std::uint8_t>& train, std::int64_t window);

/// Fano factor var/mean of the window counts, population variance (ddof = 0):
/// (K*S2 - S1^2) / (K*S1) from exact integers. NaN without windows or without spikes. Local.
double fano_factor(const WindowCounts& c);

} // namespace sorn::analysis
