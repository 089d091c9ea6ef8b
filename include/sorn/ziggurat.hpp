#pragma once
// Standard normal numbers by the ziggurat method (Marsaglia & Tsang 2000, with Doornik's
// 128-layer floating-point tables), fed from a counter-based stream so that a draw is a
// pure function of (seed, stream, index, step). About 99 % of draws cost one 64-bit word
// and a multiplication; Box-Muller needs a log and a sincos for every two numbers.
#include <cstdint>

#include "sorn/rng.hpp"

namespace sorn::rng {

/// The 64-bit words of (seed, stream, index, step, k = 0, 1, 2, ...), in order. Local.
class WordStream {
public:
    WordStream(std::uint64_t seed, Stream stream, std::uint64_t index, std::uint64_t step)
        : seed_(seed), stream_(stream), index_(index), step_(step) {}
    std::uint64_t next() {
        if (used_ == 4) {
            words_ = bits(seed_, stream_, index_, step_, k_++);
            used_ = 0;
        }
        return words_[used_++];
    }

private:
    std::uint64_t seed_;
    Stream stream_;
    std::uint64_t index_, step_, k_ = 0;
    r123::Philox4x64::ctr_type words_{};
    int used_ = 4;
};

/// A standard normal number from `words`. Local.
double ziggurat_normal(WordStream& words);

} // namespace sorn::rng
