#pragma once
// Pairwise Pearson correlation of binary spike trains (the package's `avg_corr_coeff`).
//
// For units a, b over n steps with spike counts c_a, c_b and coincidences k = #{t: both spike}:
//   r = (n k - c_a c_b) / sqrt((n c_a - c_a²)(n c_b - c_b²))
// which is np.corrcoef of the two 0/1 trains. Numerator and both factors are exact integers,
// so r does not depend on how the counting was split. r is undefined (NaN) for a unit that
// never or always spikes; such pairs are left out of the average and counted. The package
// divides the sum of the full matrix, diagonal included, by a hard-coded 200 twice, which is
// the mean over ordered pairs plus 1/N only when N = 200 and no unit is silent; we average
// over distinct pairs a < b. Local and pure.
#include <cstdint>
#include <vector>

#include "sorn/rng.hpp"
#include "sorn/types.hpp"

namespace sorn::analysis {

/// The stream of the pair sampling: outside rng::Stream's simulation streams, so a
/// correlation seed equal to the simulation seed draws unrelated numbers.
inline constexpr rng::Stream pair_sample_stream = static_cast<rng::Stream>(0x5041495253ULL);

/// Two distinct units, a < b.
struct UnitPair {
    Index a = 0, b = 0;
    bool operator==(const UnitPair& o) const { return a == o.a && b == o.b; }
};

/// Every pair a < b of n units, in lexicographic order. Local.
std::vector<UnitPair> all_pairs(Index n);

/// `count` pairs drawn uniformly (with replacement) among the n(n-1)/2 pairs of n >= 2 units;
/// pair k depends only on (seed, k), never on the rank that draws it. Local, pure.
std::vector<UnitPair> sample_pairs(Index n, std::int64_t count, std::uint64_t seed);

/// r from exact counts (see above); NaN if either unit has zero variance. Local.
double pearson_binary(std::int64_t coincidences, std::int64_t count_a, std::int64_t count_b,
                      std::int64_t steps);

/// r of two 0/1 trains of equal length (reference for the tests). Local.
double pearson_binary(const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b);

} // namespace sorn::analysis
