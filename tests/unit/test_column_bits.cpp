// ColumnBits, the row sums' bit per column: set, read back and cleared in O(bits set).
#include "sorn/model/column_bits.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace sorn::model {
namespace {

// The bits read back as set, on both sides of the 64-bit word boundaries, and clear() makes
// every one 0 again (also one set twice), so a new load starts from nothing.
TEST(ColumnBits, SetBitsReadBackAndClearResetsThemAll) {
    ColumnBits bits;
    const Index n = 200;
    bits.reset(n);
    const std::vector<Index> on = {0, 1, 63, 64, 65, 127, 128, 199, 64};
    for (Index c : on) bits.set(c);
    for (Index c = 0; c < n; ++c) {
        const bool expected = std::find(on.begin(), on.end(), c) != on.end();
        EXPECT_EQ(bits.get(c), expected ? 1u : 0u) << "column " << c;
    }
    bits.clear();
    for (Index c = 0; c < n; ++c) EXPECT_EQ(bits.get(c), 0u) << "column " << c;
    bits.set(130);
    EXPECT_EQ(bits.get(130), 1u);
    EXPECT_EQ(bits.get(129), 0u);
    EXPECT_EQ(bits.get(131), 0u);
    bits.reset(n); // a new size (or the same) starts with every bit 0
    EXPECT_EQ(bits.get(130), 0u);
}

} // namespace
} // namespace sorn::model
