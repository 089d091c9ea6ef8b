#include "sorn/analysis/correlation.hpp"

#include <cmath>
#include <limits>

#include "sorn/error.hpp"

namespace sorn::analysis {

std::vector<UnitPair> all_pairs(Index n) {
    std::vector<UnitPair> pairs;
    if (n >= 2) pairs.reserve(static_cast<std::size_t>(n) * (n - 1) / 2);
    for (Index a = 0; a < n; ++a)
        for (Index b = a + 1; b < n; ++b) pairs.push_back({a, b});
    return pairs;
}

std::vector<UnitPair> sample_pairs(Index n, std::int64_t count, std::uint64_t seed) {
    SORN_ASSERT(n >= 2 && count >= 0);
    const auto un = static_cast<std::uint64_t>(n);
    std::vector<UnitPair> pairs(static_cast<std::size_t>(count));
    for (std::int64_t k = 0; k < count; ++k) {
        const auto key = static_cast<std::uint64_t>(k);
        // First unit uniform over n, second uniform over the n - 1 others: every unordered
        // pair has probability 2 / (n (n - 1)).
        const auto i = static_cast<Index>(rng::below(un, seed, pair_sample_stream, key, 0, 0));
        auto j = static_cast<Index>(rng::below(un - 1, seed, pair_sample_stream, key, 0, 1));
        if (j >= i) ++j;
        pairs[k] = i < j ? UnitPair{i, j} : UnitPair{j, i};
    }
    return pairs;
}

double pearson_binary(std::int64_t k, std::int64_t ca, std::int64_t cb, std::int64_t n) {
    const std::int64_t va = n * ca - ca * ca, vb = n * cb - cb * cb;
    if (va <= 0 || vb <= 0) return std::numeric_limits<double>::quiet_NaN();
    const std::int64_t cov = n * k - ca * cb;
    return static_cast<double>(cov) / std::sqrt(static_cast<double>(va) * static_cast<double>(vb));
}

double pearson_binary(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
    SORN_ASSERT(a.size() == b.size());
    std::int64_t ca = 0, cb = 0, k = 0;
    for (std::size_t t = 0; t < a.size(); ++t) {
        ca += a[t] ? 1 : 0;
        cb += b[t] ? 1 : 0;
        k += (a[t] && b[t]) ? 1 : 0;
    }
    return pearson_binary(k, ca, cb, static_cast<std::int64_t>(a.size()));
}

} // namespace sorn::analysis
