#include "sorn/ziggurat.hpp"

#include <array>
#include <cmath>

namespace sorn::rng {

namespace {

constexpr int layers = 128;
constexpr double tail_start = 3.442619855899;      // R: where the base layer's tail begins
constexpr double layer_area = 9.91256303526217e-3; // V: area of every layer

// x[i]: right edge of layer i (x[0] = V / f(R) stands for the base strip with its tail);
// ratio[i] = x[i+1] / x[i]: below it a point lies inside the curve for sure.
struct Tables {
    std::array<double, layers + 1> x{};
    std::array<double, layers> ratio{};
    Tables() {
        double f = std::exp(-0.5 * tail_start * tail_start);
        x[0] = layer_area / f;
        x[1] = tail_start;
        x[layers] = 0.0;
        for (int i = 2; i < layers; ++i) {
            x[i] = std::sqrt(-2.0 * std::log(layer_area / x[i - 1] + f));
            f = std::exp(-0.5 * x[i] * x[i]);
        }
        for (int i = 0; i < layers; ++i) ratio[i] = x[i + 1] / x[i];
    }
};

const Tables& tables() {
    static const Tables t;
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

double ziggurat_normal(WordStream& words) {
    const Tables& t = tables();
    for (;;) {
        const std::uint64_t w = words.next();
        const int i = static_cast<int>(w & (layers - 1)); // low 7 bits: the layer
        const double u = 2.0 * to_unit(w) - 1.0;          // top 53 bits: position in (-1, 1)
        if (std::fabs(u) < t.ratio[i]) return u * t.x[i];
        if (i == 0) return tail(words, u < 0.0);
        // The wedge between the layer's rectangle and the curve.
        const double x = u * t.x[i];
        const double f0 = std::exp(-0.5 * (t.x[i] * t.x[i] - x * x));
        const double f1 = std::exp(-0.5 * (t.x[i + 1] * t.x[i + 1] - x * x));
        if (f1 + to_unit(words.next()) * (f0 - f1) < 1.0) return x;
    }
}

} // namespace sorn::rng
