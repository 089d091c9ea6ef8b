#include "sorn/analysis/avalanche.hpp"

namespace sorn::analysis {

std::int64_t default_avalanche_threshold(const std::vector<std::int64_t>& activity) {
    if (activity.empty()) return 0;
    std::int64_t total = 0;
    for (std::int64_t a : activity) total += a;
    // round(total / (2n)) = floor((total + n) / (2n)) for total >= 0: exact, no float.
    const auto n = static_cast<std::int64_t>(activity.size());
    return (total + n) / (2 * n);
}

Avalanches find_avalanches(const std::vector<std::int64_t>& activity, std::int64_t threshold) {
    Avalanches av;
    const auto n = static_cast<std::int64_t>(activity.size());
    std::int64_t t = 0;
    while (t < n) {
        if (activity[t] <= threshold) {
            ++t;
            continue;
        }
        const std::int64_t begin = t;
        std::int64_t size = 0;
        for (; t < n && activity[t] > threshold; ++t) size += activity[t] - threshold;
        if (begin == 0 || t == n) { // the window cut it: its true size is unknown
            ++av.truncated;
            continue;
        }
        av.start.push_back(begin);
        av.duration.push_back(t - begin);
        av.size.push_back(size);
    }
    return av;
}

} // namespace sorn::analysis
