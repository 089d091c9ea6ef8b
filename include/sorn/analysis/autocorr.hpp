#pragma once
// Autocorrelation of a series at integer lags (the package's `autocorr`).
//
// r(τ) = Pearson correlation of (s_0 .. s_{n-1-τ}) with (s_τ .. s_{n-1}), each segment
// centred on its own mean: the off-diagonal entry of the package's
// np.corrcoef([s[:n-τ], s[τ:]]). Local and pure.
#include <cstdint>
#include <vector>

namespace sorn::analysis {

/// r(lag); NaN when a segment has fewer than 2 points or zero variance. Local.
double autocorr(const std::vector<double>& series, std::int64_t lag);

/// r(1) .. r(max_lag). Local.
std::vector<double> autocorr_lags(const std::vector<double>& series, std::int64_t max_lag);

} // namespace sorn::analysis
