#include "sorn/analysis/entropy.hpp"

#include <cmath>
#include <limits>

namespace sorn::analysis {

double spike_source_entropy(const std::vector<std::int64_t>& counts) {
    std::int64_t total = 0;
    for (std::int64_t c : counts) total += c;
    if (total == 0 || counts.size() < 2) return std::numeric_limits<double>::quiet_NaN();
    double h = 0.0;
    for (std::int64_t c : counts) {
        if (c == 0) continue;
        const double p = static_cast<double>(c) / static_cast<double>(total);
        h -= p * std::log(p);
    }
    return h / std::log(static_cast<double>(counts.size()));
}

} // namespace sorn::analysis
