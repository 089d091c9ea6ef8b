#include "sorn/analysis/spike_train.hpp"

#include <limits>

#include "sorn/error.hpp"

namespace sorn::analysis {

std::vector<std::int64_t> spike_times(const std::vector<std::uint8_t>& train) {
    std::vector<std::int64_t> t;
    for (std::size_t k = 0; k < train.size(); ++k)
        if (train[k]) t.push_back(static_cast<std::int64_t>(k));
    return t;
}

std::vector<std::int64_t> inter_spike_intervals(const std::vector<std::int64_t>& times) {
    std::vector<std::int64_t> isi;
    for (std::size_t k = 1; k < times.size(); ++k) isi.push_back(times[k] - times[k - 1]);
    return isi;
}

WindowCounts window_counts(const std::vector<std::uint8_t>& train, std::int64_t window) {
    SORN_ASSERT(window >= 1);
    WindowCounts c;
    c.windows = static_cast<std::int64_t>(train.size()) / window;
    for (std::int64_t k = 0; k < c.windows; ++k) {
        std::int64_t n = 0;
        for (std::int64_t t = k * window; t < (k + 1) * window; ++t) n += train[t] ? 1 : 0;
        c.sum += n;
        c.sum_sq += n * n;
    }
    return c;
}

double fano_factor(const WindowCounts& c) {
    if (c.windows == 0 || c.sum == 0) return std::numeric_limits<double>::quiet_NaN();
    // Integers first: K*S2 - S1^2 >= 0 exactly, so a constant train gives exactly 0.
    const std::int64_t numerator = c.windows * c.sum_sq - c.sum * c.sum;
    return static_cast<double>(numerator) / (static_cast<double>(c.windows) * c.sum);
}

} // namespace sorn::analysis
