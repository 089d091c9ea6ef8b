#include "sorn/analysis/avalanche.hpp"

#include <algorithm>
#include <cmath>

namespace sorn::analysis {

std::int64_t default_avalanche_threshold(const std::vector<std::int64_t>& activity) {
    return avalanche_threshold({activity}, ThresholdRule::Round);
}

std::int64_t avalanche_threshold(const std::vector<std::vector<std::int64_t>>& series,
                                 ThresholdRule rule, double percentile) {
    std::int64_t total = 0, n = 0;
    for (const auto& s : series) {
        for (std::int64_t a : s) total += a;
        n += static_cast<std::int64_t>(s.size());
    }
    if (n == 0) return 0;
    switch (rule) {
    // round(total / (2n)) = floor((total + n) / (2n)) for total >= 0: exact, no float.
    case ThresholdRule::Round: return (total + n) / (2 * n);
    case ThresholdRule::Floor: return total / (2 * n);
    case ThresholdRule::FloorPlusOne: return total / (2 * n) + 1;
    case ThresholdRule::Percentile: {
        std::vector<std::int64_t> all;
        for (const auto& s : series) all.insert(all.end(), s.begin(), s.end());
        const auto k = std::clamp<std::int64_t>(
            static_cast<std::int64_t>(std::ceil(percentile * static_cast<double>(n) / 100.0)), 1,
            n);
        std::nth_element(all.begin(), all.begin() + (k - 1), all.end());
        return all[static_cast<std::size_t>(k - 1)];
    }
    }
    return 0;
}

std::vector<std::int64_t> bin_activity(const std::vector<std::int64_t>& activity,
                                       std::int64_t bin) {
    std::vector<std::int64_t> b(activity.size() / static_cast<std::size_t>(bin), 0);
    for (std::size_t k = 0; k < b.size() * static_cast<std::size_t>(bin); ++k)
        b[k / static_cast<std::size_t>(bin)] += activity[k];
    return b;
}

Avalanches find_avalanches(const std::vector<std::int64_t>& activity, std::int64_t threshold,
                           AvalancheSize size_rule) {
    const std::int64_t subtract = size_rule == AvalancheSize::Total ? 0 : threshold;
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
        for (; t < n && activity[t] > threshold; ++t) size += activity[t] - subtract;
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
