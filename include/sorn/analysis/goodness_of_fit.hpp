#pragma once
// Kolmogorov-Smirnov distances between a sample and a fitted model distribution.
// Local and pure.
#include <cstdint>
#include <vector>

namespace sorn::analysis {

/// Integer samples as sorted distinct values with their multiplicities.
struct ValueCounts {
    std::vector<std::int64_t> values; ///< strictly increasing
    std::vector<std::int64_t> counts; ///< > 0, same length
    std::int64_t total() const;
};

/// Distinct values and multiplicities of integer samples (any order). Local.
ValueCounts count_values(std::vector<std::int64_t> samples);

/// KS distance sup_x |F_n(x) - F(x)| over all integers x for integer samples, where
/// cdf_at[j] = F(values[j]) = P(X <= values[j]) and cdf_below[j] = F(values[j] - 1).
/// Checking both sides of every jump covers the integers between the sample values. Local.
double ks_distance_discrete(const ValueCounts& sample, const std::vector<double>& cdf_at,
                            const std::vector<double>& cdf_below);

/// KS distance for a continuous model: sorted samples x_(1..n) and cdf[i] = F(x_(i)). Local.
double ks_distance_continuous(const std::vector<double>& cdf_of_sorted_samples);

} // namespace sorn::analysis
