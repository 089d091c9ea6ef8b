#pragma once
// Lognormal fit of positive values (the E->E weight distribution; Zheng et al. 2013).
//
// Maximum likelihood: μ = mean(ln w), σ = std(ln w) (population, ddof = 0), the same
// numbers as the package's linear_lognormal_fit; goodness of fit: KS distance between the
// sample and the CDF Φ((ln w - μ)/σ). Local and pure.
#include <cstdint>
#include <vector>

namespace sorn::analysis {

struct LognormalFit {
    std::int64_t n = 0;           ///< positive values fitted
    std::int64_t nonpositive = 0; ///< values <= 0 (or not finite), left out
    double mu = 0.0;              ///< mean of ln w
    double sigma = 0.0;           ///< standard deviation of ln w
    double ks = 0.0;              ///< KS distance; NaN when sigma == 0 or n == 0
    double median = 0.0;          ///< e^μ
    double mean = 0.0;            ///< e^(μ + σ²/2), the mean of the fitted law
    double mode = 0.0;            ///< e^(μ - σ²)
};

/// Fit of the positive entries (sorted internally, so the input order does not matter).
/// Local.
LognormalFit fit_lognormal(const std::vector<double>& values);

} // namespace sorn::analysis
