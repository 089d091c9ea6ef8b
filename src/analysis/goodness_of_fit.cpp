#include "sorn/analysis/goodness_of_fit.hpp"

#include <algorithm>
#include <cmath>

#include "sorn/error.hpp"

namespace sorn::analysis {

std::int64_t ValueCounts::total() const {
    std::int64_t n = 0;
    for (std::int64_t c : counts) n += c;
    return n;
}

ValueCounts count_values(std::vector<std::int64_t> samples) {
    std::sort(samples.begin(), samples.end());
    ValueCounts vc;
    for (std::int64_t s : samples) {
        if (vc.values.empty() || vc.values.back() != s) {
            vc.values.push_back(s);
            vc.counts.push_back(0);
        }
        ++vc.counts.back();
    }
    return vc;
}

double ks_distance_discrete(const ValueCounts& sample, const std::vector<double>& cdf_at,
                            const std::vector<double>& cdf_below) {
    SORN_ASSERT(cdf_at.size() == sample.values.size() && cdf_below.size() == cdf_at.size());
    const double n = static_cast<double>(sample.total());
    double d = 0.0;
    std::int64_t below = 0; // samples < values[j]
    for (std::size_t j = 0; j < sample.values.size(); ++j) {
        // Just below values[j] the empirical CDF is below/n; at values[j] it jumps up.
        d = std::max(d, std::abs(cdf_below[j] - static_cast<double>(below) / n));
        below += sample.counts[j];
        d = std::max(d, std::abs(static_cast<double>(below) / n - cdf_at[j]));
    }
    return d;
}

double ks_distance_continuous(const std::vector<double>& cdf) {
    const double n = static_cast<double>(cdf.size());
    double d = 0.0;
    for (std::size_t i = 0; i < cdf.size(); ++i) {
        d = std::max(d, static_cast<double>(i + 1) / n - cdf[i]);
        d = std::max(d, cdf[i] - static_cast<double>(i) / n);
    }
    return d;
}

} // namespace sorn::analysis
