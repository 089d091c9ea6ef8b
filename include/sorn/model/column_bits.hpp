#pragma once
// One bit per column of a block, set and cleared in O(bits set): the row sums test whether
// each entry's presynaptic unit fired by 1/8 of the bytes of a code table, so that the bits
// of 10^6 columns (125 KiB) stay in L2 (a row sum over 10^6 columns, two ranks at once: 2.17
// ns per entry with a byte per column, 1.15-1.70 with a bit; docs/PERFORMANCE.md).
#include <cstdint>
#include <vector>

#include "sorn/types.hpp"

namespace sorn::model {

class ColumnBits {
public:
    /// n columns, every bit 0. Local.
    void reset(Index n) {
        words_.assign(static_cast<std::size_t>(n + 63) / 64, 0);
        set_words_.clear();
    }
    /// Every bit 0, in O(bits set since the last clear). Local.
    void clear() {
        for (Index w : set_words_) words_[w] = 0;
        set_words_.clear();
    }
    /// Sets the bit of column c (0 <= c < n). Local.
    void set(Index c) {
        words_[c >> 6] |= std::uint64_t(1) << (c & 63);
        set_words_.push_back(c >> 6);
    }
    /// The bit of column c: 0 or 1. Local.
    unsigned get(Index c) const { return unsigned(words_[c >> 6] >> (c & 63)) & 1u; }

private:
    std::vector<std::uint64_t> words_;
    std::vector<Index> set_words_; // the words with a bit set (repeats allowed)
};

} // namespace sorn::model
