#include "sorn/analysis/histogram.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sorn/error.hpp"

namespace sorn::analysis {

namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Bin of v in `bins` equal bins of [lo, hi]; the right edge belongs to the last bin.
int bin_of(double v, int bins, double lo, double hi) {
    const int b = static_cast<int>((v - lo) / (hi - lo) * bins);
    return std::clamp(b, 0, bins - 1);
}
} // namespace

Histogram uniform_histogram(const std::vector<double>& values, int bins, double lo, double hi) {
    SORN_ASSERT(bins >= 1 && lo < hi);
    Histogram h;
    h.edges.resize(bins + 1);
    for (int b = 0; b <= bins; ++b) h.edges[b] = lo + (hi - lo) * b / bins;
    h.counts.assign(bins, 0);
    for (double v : values)
        if (v >= lo && v <= hi) ++h.counts[bin_of(v, bins, lo, hi)];
    return h;
}

Histogram histogram_from_zero(const std::vector<double>& values, int bins) {
    double hi = 0.0;
    for (double v : values)
        if (std::isfinite(v)) hi = std::max(hi, v);
    return uniform_histogram(values, bins, 0.0, hi > 0.0 ? hi : 1.0);
}

Histogram log_histogram(const std::vector<double>& values, int bins) {
    SORN_ASSERT(bins >= 1);
    double lo = std::numeric_limits<double>::infinity(), hi = 0.0;
    for (double v : values)
        if (v > 0.0 && std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    if (hi == 0.0) return {};
    double llo = std::log10(lo), lhi = std::log10(hi);
    if (llo == lhi) {
        llo -= 0.5;
        lhi += 0.5;
    }
    std::vector<double> logs;
    logs.reserve(values.size());
    for (double v : values) logs.push_back(v > 0.0 ? std::log10(v) : nan);
    Histogram h = uniform_histogram(logs, bins, llo, lhi);
    for (double& e : h.edges) e = std::pow(10.0, e);
    return h;
}

std::vector<std::int64_t> value_counts(const std::vector<std::int64_t>& values) {
    std::int64_t top = -1;
    for (std::int64_t v : values) top = std::max(top, v);
    std::vector<std::int64_t> counts(static_cast<std::size_t>(top + 1), 0);
    for (std::int64_t v : values)
        if (v >= 0) ++counts[v];
    return counts;
}

Summary summarize(const std::vector<double>& values) {
    Summary s;
    std::vector<double> finite;
    finite.reserve(values.size());
    for (double v : values) {
        if (std::isfinite(v))
            finite.push_back(v);
        else
            ++s.nonfinite;
    }
    s.count = static_cast<std::int64_t>(finite.size());
    if (finite.empty()) {
        s.mean = s.std = s.min = s.median = s.max = nan;
        return s;
    }
    double sum = 0.0;
    for (double v : finite) sum += v;
    s.mean = sum / static_cast<double>(s.count);
    double sq = 0.0;
    for (double v : finite) sq += (v - s.mean) * (v - s.mean);
    s.std = std::sqrt(sq / static_cast<double>(s.count));
    std::sort(finite.begin(), finite.end());
    s.min = finite.front();
    s.max = finite.back();
    const std::size_t n = finite.size();
    s.median = n % 2 ? finite[n / 2] : 0.5 * (finite[n / 2 - 1] + finite[n / 2]);
    return s;
}

} // namespace sorn::analysis
