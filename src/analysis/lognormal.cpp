#include "sorn/analysis/lognormal.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sorn/analysis/goodness_of_fit.hpp"

namespace sorn::analysis {

LognormalFit fit_lognormal(const std::vector<double>& values) {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    LognormalFit f;
    std::vector<double> w;
    w.reserve(values.size());
    for (double v : values) {
        if (v > 0.0 && std::isfinite(v))
            w.push_back(v);
        else
            ++f.nonpositive;
    }
    f.n = static_cast<std::int64_t>(w.size());
    if (w.empty()) {
        f.mu = f.sigma = f.ks = f.median = f.mean = f.mode = nan;
        return f;
    }
    // Sorted first: the sums below then do not depend on the order the values arrived in.
    std::sort(w.begin(), w.end());
    const double n = static_cast<double>(f.n);
    double sum = 0.0;
    for (double v : w) sum += std::log(v);
    f.mu = sum / n;
    double sq = 0.0;
    for (double v : w) sq += (std::log(v) - f.mu) * (std::log(v) - f.mu);
    f.sigma = std::sqrt(sq / n);
    f.median = std::exp(f.mu);
    f.mean = std::exp(f.mu + 0.5 * f.sigma * f.sigma);
    f.mode = std::exp(f.mu - f.sigma * f.sigma);
    if (f.sigma == 0.0) {
        f.ks = nan;
        return f;
    }
    std::vector<double> cdf(w.size());
    for (std::size_t i = 0; i < w.size(); ++i)
        cdf[i] = 0.5 * std::erfc(-(std::log(w[i]) - f.mu) / (f.sigma * std::sqrt(2.0)));
    f.ks = ks_distance_continuous(cdf);
    return f;
}

} // namespace sorn::analysis
