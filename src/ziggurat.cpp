#include "sorn/ziggurat.hpp"

#include <cmath>

namespace sorn::rng {

namespace {

constexpr int layers = detail::ziggurat_layers;
constexpr double tail_start = 3.442619855899;      // R: where the base layer's tail begins
constexpr double layer_area = 9.91256303526217e-3; // V: area of every layer

// x[0] = V / f(R) stands for the base strip with its tail; below ratio[i] a point lies inside
// the curve for sure.
detail::ZigguratTables make_tables() {
    detail::ZigguratTables t{};
    double f = std::exp(-0.5 * tail_start * tail_start);
    t.x[0] = layer_area / f;
    t.x[1] = tail_start;
    t.x[layers] = 0.0;
    for (int i = 2; i < layers; ++i) {
        t.x[i] = std::sqrt(-2.0 * std::log(layer_area / t.x[i - 1] + f));
        f = std::exp(-0.5 * t.x[i] * t.x[i]);
    }
    for (int i = 0; i < layers; ++i) t.ratio[i] = t.x[i + 1] / t.x[i];
    return t;
}

// Uniform in (0, 1] from the top 53 bits.
double open_unit(std::uint64_t w) { return 1.0 - to_unit(w); }

// Marsaglia's method for the tail beyond R.
double tail(WordStream& words, bool negative) {
    double x = 0.0, y = 0.0;
    do {
        x = std::log(open_unit(words.next())) / tail_start;
        y = std::log(open_unit(words.next()));
    } while (-2.0 * y < x * x);
    return negative ? x - tail_start : tail_start - x;
}

} // namespace

namespace detail {

const ZigguratTables& ziggurat_tables() {
    static const ZigguratTables t = make_tables();
    return t;
}

double ziggurat_rest(WordStream& words, std::uint64_t w) {
    const ZigguratTables& t = ziggurat_tables();
    for (bool first = true;; first = false) {
        if (!first) w = words.next();
        const int i = static_cast<int>(w & (layers - 1)); // low 7 bits: the layer
        const double u = 2.0 * to_unit(w) - 1.0;          // top 53 bits: position in (-1, 1)
        if (!first && std::fabs(u) < t.ratio[i]) return u * t.x[i];
        if (i == 0) return tail(words, u < 0.0);
        // The wedge between the layer's rectangle and the curve.
        const double x = u * t.x[i];
        const double f0 = std::exp(-0.5 * (t.x[i] * t.x[i] - x * x));
        const double f1 = std::exp(-0.5 * (t.x[i + 1] * t.x[i + 1] - x * x));
        if (f1 + to_unit(words.next()) * (f0 - f1) < 1.0) return x;
    }
}

} // namespace detail

} // namespace sorn::rng
