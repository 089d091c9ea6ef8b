// The ziggurat normals: moments and distribution of many draws, and purity of the stream.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sorn/ziggurat.hpp"

using namespace sorn;

namespace {

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

std::vector<double> draws(std::size_t n) {
    std::vector<double> z;
    for (std::uint64_t index = 0; z.size() < n; ++index) {
        rng::WordStream words(7, rng::Stream::NoiseE, index, 3);
        for (int k = 0; k < 4; ++k) z.push_back(rng::ziggurat_normal(words));
    }
    return z;
}

} // namespace

TEST(Ziggurat, MomentsOfAStandardNormal) {
    const std::vector<double> z = draws(400000);
    double sum = 0.0, sq = 0.0, fourth = 0.0;
    for (double v : z) {
        sum += v;
        sq += v * v;
        fourth += v * v * v * v;
    }
    const double n = static_cast<double>(z.size());
    EXPECT_NEAR(sum / n, 0.0, 0.01);    // standard error 0.0016
    EXPECT_NEAR(sq / n, 1.0, 0.01);     // standard error 0.0022
    EXPECT_NEAR(fourth / n, 3.0, 0.05); // standard error 0.016
}

TEST(Ziggurat, DistributionMatchesTheNormalCdfIncludingTheTails) {
    std::vector<double> z = draws(200000);
    std::sort(z.begin(), z.end());
    double ks = 0.0;
    const double n = static_cast<double>(z.size());
    for (std::size_t k = 0; k < z.size(); ++k) {
        const double F = normal_cdf(z[k]);
        ks = std::max({ks, std::fabs(F - k / n), std::fabs(F - (k + 1) / n)});
    }
    EXPECT_LT(ks, 1.63 / std::sqrt(n)); // KS critical value at the 1 % level
    // Beyond the base strip's edge R = 3.4426: P(|Z| > R) = 5.76e-4.
    const auto beyond =
        std::count_if(z.begin(), z.end(), [](double v) { return std::fabs(v) > 3.4426; });
    EXPECT_NEAR(beyond / n, 5.76e-4, 2.5e-4);
}

TEST(Ziggurat, SameKeySameNumbers) {
    rng::WordStream a(1, rng::Stream::NoiseI, 42, 9), b(1, rng::Stream::NoiseI, 42, 9);
    for (int k = 0; k < 100; ++k) EXPECT_EQ(rng::ziggurat_normal(a), rng::ziggurat_normal(b));
}
