#pragma once
// Standard normal numbers by the ziggurat method (Marsaglia & Tsang 2000, with Doornik's
// 128-layer floating-point tables), fed from a counter-based stream so that a draw is a
// pure function of (seed, stream, index, step). About 99 % of draws cost one 64-bit word
// and a multiplication; Box-Muller needs a log and a sincos for every two numbers.
#include <cmath>
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

namespace detail {
constexpr int ziggurat_layers = 128;
/// x[i]: right edge of layer i; ratio[i] = x[i+1] / x[i] (src/ziggurat.cpp).
struct ZigguratTables {
    double x[ziggurat_layers + 1];
    double ratio[ziggurat_layers];
};
const ZigguratTables& ziggurat_tables();
/// The rest of a draw whose first word w fell outside its layer's rectangle.
double ziggurat_rest(WordStream& words, std::uint64_t w);
} // namespace detail

/// A standard normal number from `words`. Local. The common case (~99 %: the point lies in
/// its layer's rectangle) is inline; the rest is in src/ziggurat.cpp.
inline double ziggurat_normal(WordStream& words) {
    const detail::ZigguratTables& t = detail::ziggurat_tables();
    const std::uint64_t w = words.next();
    const int i = static_cast<int>(w & (detail::ziggurat_layers - 1)); // low 7 bits: the layer
    const double u = 2.0 * to_unit(w) - 1.0; // top 53 bits: position in (-1, 1)
    if (std::fabs(u) < t.ratio[i]) return u * t.x[i];
    return detail::ziggurat_rest(words, w);
}

} // namespace sorn::rng
