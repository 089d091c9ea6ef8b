// Discrete power-law fits (analysis/power_law.hpp): the Hurwitz zeta against closed forms,
// and the MLE + KS-chosen xmin on synthetic samples of known exponent, drawn by exact
// inverse-transform sampling from a seeded counter-based generator.
#include "sorn/analysis/power_law.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "sorn/rng.hpp"

namespace an = sorn::analysis;

namespace {

constexpr double pi = 3.14159265358979323846;

// P(X >= x) of the discrete power law with exponent alpha above xmin.
double survival(double alpha, std::int64_t xmin, std::int64_t x) {
    return an::hurwitz_zeta(alpha, static_cast<double>(x)) /
           an::hurwitz_zeta(alpha, static_cast<double>(xmin));
}

// Exact inverse transform: the smallest x >= xmin with P(X > x) < u, u in (0, 1].
std::int64_t draw(double alpha, std::int64_t xmin, double u) {
    std::int64_t lo = xmin, hi = xmin;
    while (survival(alpha, xmin, hi + 1) >= u && hi < (std::int64_t{1} << 61)) hi = 2 * hi + 1;
    while (lo < hi) { // invariant: the answer lies in [lo, hi]
        const std::int64_t mid = lo + (hi - lo) / 2;
        if (survival(alpha, xmin, mid + 1) < u)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

std::vector<std::int64_t> samples(double alpha, std::int64_t xmin, std::int64_t n,
                                  std::uint64_t seed) {
    std::vector<std::int64_t> x(static_cast<std::size_t>(n));
    for (std::int64_t k = 0; k < n; ++k)
        x[k] = draw(alpha, xmin,
                    sorn::rng::uniform_open_closed(seed, sorn::rng::Stream::NoiseE,
                                                   static_cast<std::uint64_t>(k), 0));
    return x;
}

} // namespace

TEST(HurwitzZeta, MatchesClosedForms) {
    EXPECT_NEAR(an::hurwitz_zeta(2.0, 1.0), pi * pi / 6.0, 1e-14);
    EXPECT_NEAR(an::hurwitz_zeta(4.0, 1.0), std::pow(pi, 4) / 90.0, 1e-14);
    EXPECT_NEAR(an::hurwitz_zeta(3.0, 1.0), 1.2020569031595942, 1e-14);
    // ζ(s, 1/2) = (2^s - 1) ζ(s)
    EXPECT_NEAR(an::hurwitz_zeta(2.0, 0.5), 3.0 * pi * pi / 6.0, 1e-13);
    // ζ(s, q) = q^-s + ζ(s, q + 1)
    for (double s : {1.01, 1.5, 2.5, 7.0})
        for (double q : {1.0, 3.0, 11.5, 40.0, 1e6})
            EXPECT_NEAR(an::hurwitz_zeta(s, q), std::pow(q, -s) + an::hurwitz_zeta(s, q + 1.0),
                        1e-14 * an::hurwitz_zeta(s, q));
}

TEST(HurwitzZeta, MatchesDirectSumForSteepExponent) {
    double direct = 0.0;
    for (int k = 200000; k >= 0; --k) direct += std::pow(5.0 + k, -6.0);
    EXPECT_NEAR(an::hurwitz_zeta(6.0, 5.0), direct, 1e-15);
}

TEST(PowerLawFit, RecoversExponentOnePointFive) {
    const an::PowerLawFit f = an::fit_power_law(samples(1.5, 1, 20000, 11));
    ASSERT_TRUE(f.ok);
    EXPECT_NEAR(f.alpha, 1.5, 0.05);
    EXPECT_EQ(f.n, 20000);
    EXPECT_GE(f.n_tail, 10);
    EXPECT_LT(f.ks, 0.05);
}

TEST(PowerLawFit, RecoversExponentTwo) {
    const an::PowerLawFit f = an::fit_power_law(samples(2.0, 1, 20000, 12));
    ASSERT_TRUE(f.ok);
    EXPECT_NEAR(f.alpha, 2.0, 0.05);
    EXPECT_LT(f.ks, 0.05);
}

TEST(PowerLawFit, FixedXminUsesTheWholeTail) {
    const std::vector<std::int64_t> x = samples(2.0, 1, 20000, 13);
    an::PowerLawParams o;
    o.xmin = 1;
    const an::PowerLawFit f = an::fit_power_law(x, o);
    ASSERT_TRUE(f.ok);
    EXPECT_EQ(f.xmin, 1);
    EXPECT_EQ(f.n_tail, 20000);
    EXPECT_EQ(f.candidates, 1);
    EXPECT_NEAR(f.alpha, 2.0, 0.03); // stderr (α-1)/sqrt(n) = 0.007
    EXPECT_NEAR(f.alpha_stderr, (f.alpha - 1.0) / std::sqrt(20000.0), 1e-15);
}

TEST(PowerLawFit, FindsXminAboveANonPowerLawHead) {
    // Power law above 20, uniform noise below it: xmin should come out near 20.
    std::vector<std::int64_t> x = samples(2.5, 20, 10000, 14);
    for (std::int64_t k = 0; k < 3000; ++k)
        x.push_back(1 + static_cast<std::int64_t>(sorn::rng::below(
                            19, 15, sorn::rng::Stream::NoiseI, static_cast<std::uint64_t>(k), 0)));
    const an::PowerLawFit f = an::fit_power_law(x);
    ASSERT_TRUE(f.ok);
    EXPECT_GE(f.xmin, 15);
    EXPECT_LE(f.xmin, 40);
    EXPECT_NEAR(f.alpha, 2.5, 0.1);
}

TEST(PowerLawFit, MaximizesTheDiscreteLikelihood) {
    // At the MLE, d/dα [-ln ζ(α, xmin) - α mean(ln x)] = 0: check by finite differences.
    const std::vector<std::int64_t> x = {1, 1, 1, 2, 2, 3, 5, 8, 13, 40};
    double sum_log = 0.0;
    for (auto v : x) sum_log += std::log(static_cast<double>(v));
    const double a = an::discrete_power_law_alpha(10, sum_log, 1);
    const auto ll = [&](double s) {
        return -10 * std::log(an::hurwitz_zeta(s, 1.0)) - s * sum_log;
    };
    EXPECT_GT(ll(a), ll(a - 1e-4));
    EXPECT_GT(ll(a), ll(a + 1e-4));
}

TEST(PowerLawFit, TooFewSamplesIsNotAFit) {
    const an::PowerLawFit f = an::fit_power_law({3, 4, 5});
    EXPECT_FALSE(f.ok);
    EXPECT_TRUE(std::isnan(f.alpha));
    EXPECT_EQ(f.n, 3);
    const an::PowerLawFit g = an::fit_power_law({});
    EXPECT_FALSE(g.ok);
    EXPECT_EQ(g.n, 0);
}

TEST(PowerLawFit, IgnoresValuesBelowOne) {
    std::vector<std::int64_t> x = samples(2.0, 1, 2000, 16);
    const an::PowerLawFit a = an::fit_power_law(x);
    x.push_back(0);
    x.push_back(-3);
    const an::PowerLawFit b = an::fit_power_law(x);
    EXPECT_EQ(a.n, b.n);
    EXPECT_EQ(a.alpha, b.alpha);
    EXPECT_EQ(a.xmin, b.xmin);
}
