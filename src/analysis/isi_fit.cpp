#include "sorn/analysis/isi_fit.hpp"

#include <cmath>
#include <limits>

#include "sorn/analysis/goodness_of_fit.hpp"

namespace sorn::analysis {

IsiFit fit_isi(const std::vector<std::int64_t>& histogram) {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    IsiFit f;
    ValueCounts vc;
    std::int64_t sum = 0;
    for (std::size_t k = 1; k < histogram.size(); ++k) {
        if (histogram[k] <= 0) continue;
        const auto v = static_cast<std::int64_t>(k);
        vc.values.push_back(v);
        vc.counts.push_back(histogram[k]);
        f.count += histogram[k];
        sum += v * histogram[k];
    }
    if (f.count == 0) {
        f.mean = f.std = f.cv = f.p = f.rate = f.ks = nan;
        return f;
    }
    const double n = static_cast<double>(f.count);
    f.mean = static_cast<double>(sum) / n;
    double sq = 0.0; // in value order: the same sum on every rank
    for (std::size_t j = 0; j < vc.values.size(); ++j) {
        const double d = static_cast<double>(vc.values[j]) - f.mean;
        sq += d * d * static_cast<double>(vc.counts[j]);
    }
    f.std = std::sqrt(sq / n);
    f.cv = f.std / f.mean;
    f.p = 1.0 / f.mean;
    f.rate = f.p < 1.0 ? -std::log1p(-f.p) : std::numeric_limits<double>::infinity();
    // Geometric CDF F(k) = 1 - (1-p)^k for k >= 0.
    std::vector<double> at(vc.values.size()), below(vc.values.size());
    for (std::size_t j = 0; j < vc.values.size(); ++j) {
        const double k = static_cast<double>(vc.values[j]);
        at[j] = 1.0 - std::pow(1.0 - f.p, k);
        below[j] = 1.0 - std::pow(1.0 - f.p, k - 1.0);
    }
    f.ks = ks_distance_discrete(vc, at, below);
    return f;
}

} // namespace sorn::analysis
