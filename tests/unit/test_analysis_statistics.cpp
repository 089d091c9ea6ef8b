// Pure statistics of sorn-analyze on hand-computed spike trains and series, and closed-form
// checks on Bernoulli trains (rate p, Fano factor 1 - p for windows of 1 step, geometric ISIs).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "sorn/analysis/autocorr.hpp"
#include "sorn/analysis/avalanche.hpp"
#include "sorn/analysis/correlation.hpp"
#include "sorn/analysis/entropy.hpp"
#include "sorn/analysis/goodness_of_fit.hpp"
#include "sorn/analysis/histogram.hpp"
#include "sorn/analysis/isi_fit.hpp"
#include "sorn/analysis/lognormal.hpp"
#include "sorn/analysis/smoothness.hpp"
#include "sorn/analysis/spike_train.hpp"
#include "sorn/rng.hpp"

namespace an = sorn::analysis;
using I64 = std::vector<std::int64_t>;
using Train = std::vector<std::uint8_t>;

namespace {

Train bernoulli(double p, std::int64_t steps, std::uint64_t seed) {
    Train t(static_cast<std::size_t>(steps));
    for (std::int64_t k = 0; k < steps; ++k)
        t[k] = sorn::rng::uniform(seed, sorn::rng::Stream::NoiseE, 0,
                                  static_cast<std::uint64_t>(k)) < p;
    return t;
}

// ISI histogram of a train: entry k = intervals of k steps.
I64 isi_histogram(const Train& t) {
    I64 h;
    for (std::int64_t d : an::inter_spike_intervals(an::spike_times(t))) {
        if (static_cast<std::int64_t>(h.size()) <= d) h.resize(d + 1, 0);
        ++h[d];
    }
    return h;
}

} // namespace

// ---- spike trains ---------------------------------------------------------------------------

TEST(SpikeTrain, SpikeTimesAndIntervalsOfAHandTrain) {
    const Train t = {0, 1, 1, 0, 0, 1, 0, 0, 0, 1};
    EXPECT_EQ(an::spike_times(t), (I64{1, 2, 5, 9}));
    EXPECT_EQ(an::inter_spike_intervals(an::spike_times(t)), (I64{1, 3, 4}));
    EXPECT_TRUE(an::inter_spike_intervals({}).empty());
    EXPECT_TRUE(an::inter_spike_intervals({7}).empty());
}

TEST(FanoFactor, HandComputedWindows) {
    // Windows of 4: counts 3, 1, 4 (the last 2 steps form no complete window).
    const Train t = {1, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1};
    const an::WindowCounts c = an::window_counts(t, 4);
    EXPECT_EQ(c.windows, 3);
    EXPECT_EQ(c.sum, 8);
    EXPECT_EQ(c.sum_sq, 26);
    // mean 8/3, variance 26/3 - 64/9 = 14/9: F = 7/12
    EXPECT_DOUBLE_EQ(an::fano_factor(c), 7.0 / 12.0);
}

TEST(FanoFactor, ConstantCountsGiveExactlyZeroAndSilenceNaN) {
    EXPECT_EQ(an::fano_factor(an::window_counts({1, 0, 1, 0, 1, 0}, 2)), 0.0);
    EXPECT_TRUE(std::isnan(an::fano_factor(an::window_counts({0, 0, 0, 0}, 2))));
    EXPECT_TRUE(std::isnan(an::fano_factor(an::window_counts({1, 1}, 3)))); // no window
}

TEST(FanoFactor, BernoulliTrainWithUnitWindowsIsOneMinusP) {
    for (double p : {0.05, 0.2, 0.5}) {
        const Train t = bernoulli(p, 200000, 3);
        const an::WindowCounts c = an::window_counts(t, 1);
        const double rate = static_cast<double>(c.sum) / static_cast<double>(c.windows);
        EXPECT_NEAR(rate, p, 0.005);
        // With 0/1 counts F = 1 - rate exactly, and rate -> p.
        EXPECT_NEAR(an::fano_factor(c), 1.0 - rate, 1e-12);
        EXPECT_NEAR(an::fano_factor(c), 1.0 - p, 0.005);
    }
}

TEST(FanoFactor, BernoulliTrainWithLongWindowsIsOneMinusP) {
    // Window counts ~ Binomial(w, p): variance/mean = 1 - p for any w.
    const Train t = bernoulli(0.1, 400000, 4);
    EXPECT_NEAR(an::fano_factor(an::window_counts(t, 20)), 0.9, 0.03);
}

// ---- ISIs -----------------------------------------------------------------------------------

TEST(IsiFit, HandComputedHistogram) {
    // Intervals 1, 1, 3, 3: mean 2, std 1, p = 1/2.
    const an::IsiFit f = an::fit_isi({0, 2, 0, 2});
    EXPECT_EQ(f.count, 4);
    EXPECT_DOUBLE_EQ(f.mean, 2.0);
    EXPECT_DOUBLE_EQ(f.std, 1.0);
    EXPECT_DOUBLE_EQ(f.cv, 0.5);
    EXPECT_DOUBLE_EQ(f.p, 0.5);
    EXPECT_DOUBLE_EQ(f.rate, std::log(2.0));
    // Geometric CDF 1/2, 3/4, 7/8 at 1, 2, 3; empirical 1/2, 1/2, 1: largest gap at 2.
    EXPECT_DOUBLE_EQ(f.ks, 0.25);
}

TEST(IsiFit, NoIntervalsIsNaN) {
    const an::IsiFit f = an::fit_isi({});
    EXPECT_EQ(f.count, 0);
    EXPECT_TRUE(std::isnan(f.mean));
    EXPECT_TRUE(std::isnan(f.p));
}

TEST(IsiFit, BernoulliTrainHasGeometricIntervals) {
    const double p = 0.1;
    const an::IsiFit f = an::fit_isi(isi_histogram(bernoulli(p, 300000, 5)));
    EXPECT_NEAR(f.p, p, 0.003);
    EXPECT_NEAR(f.rate, -std::log(1.0 - p), 0.004);
    EXPECT_NEAR(f.cv, std::sqrt(1.0 - p), 0.01);
    EXPECT_LT(f.ks, 0.01);
}

TEST(IsiFit, PeriodicTrainIsNotGeometric) {
    Train t(1000, 0);
    for (std::size_t k = 0; k < t.size(); k += 10) t[k] = 1;
    const an::IsiFit f = an::fit_isi(isi_histogram(t));
    EXPECT_DOUBLE_EQ(f.mean, 10.0);
    EXPECT_DOUBLE_EQ(f.std, 0.0);
    EXPECT_GT(f.ks, 0.3);
}

// ---- rate series ----------------------------------------------------------------------------

TEST(Autocorr, PackageDocstringExample) {
    // np.corrcoef([1, 1, 5, 6], [5, 6, 3, 7]): deviations sum to -0.25, squares 20.75, 8.75.
    const std::vector<double> s = {1, 1, 5, 6, 3, 7};
    EXPECT_NEAR(an::autocorr(s, 2), -0.25 / std::sqrt(20.75 * 8.75), 1e-15);
}

TEST(Autocorr, LinesAlternationAndConstants) {
    EXPECT_NEAR(an::autocorr({1, 2, 3, 4, 5}, 1), 1.0, 1e-15);
    EXPECT_NEAR(an::autocorr({1, -1, 1, -1, 1, -1}, 1), -1.0, 1e-15);
    EXPECT_NEAR(an::autocorr({1, -1, 1, -1, 1, -1}, 2), 1.0, 1e-15);
    EXPECT_TRUE(std::isnan(an::autocorr({2, 2, 2, 2}, 1)));
    EXPECT_TRUE(std::isnan(an::autocorr({1, 2, 3}, 2))); // one point per segment
    const std::vector<double> r = an::autocorr_lags({1, 2, 3, 4, 5}, 3);
    ASSERT_EQ(r.size(), 3u);
    EXPECT_NEAR(r[2], 1.0, 1e-15);
}

TEST(Smoothness, HandComputedSeries) {
    // Differences 2, -1, 2: mean 1, std sqrt(2); mean of the series 1.5.
    const std::vector<double> s = {0, 2, 1, 3};
    EXPECT_NEAR(an::scale_dependent_smoothness(s), std::sqrt(2.0), 1e-15);
    EXPECT_NEAR(an::scale_independent_smoothness(s), std::sqrt(2.0) / 1.5, 1e-15);
    EXPECT_NEAR(an::package_scale_independent_smoothness(s), std::sqrt(2.0), 1e-15);
    EXPECT_TRUE(std::isinf(an::package_scale_independent_smoothness({1, 2, 1})));
    EXPECT_TRUE(std::isnan(an::scale_dependent_smoothness({1})));
}

TEST(Smoothness, ScaleIndependentIgnoresScale) {
    const std::vector<double> s = {3, 5, 4, 8, 6}, t = {30, 50, 40, 80, 60};
    EXPECT_NEAR(an::scale_dependent_smoothness(t), 10 * an::scale_dependent_smoothness(s), 1e-12);
    EXPECT_NEAR(an::scale_independent_smoothness(t), an::scale_independent_smoothness(s), 1e-15);
}

TEST(SpikeSourceEntropy, HandComputedCounts) {
    EXPECT_NEAR(an::spike_source_entropy({5, 5, 5, 5}), 1.0, 1e-15);
    EXPECT_EQ(an::spike_source_entropy({4, 0, 0, 0}), 0.0);
    // p = 1/2, 1/4, 1/4: H = 1.5 ln 2, over ln 3
    EXPECT_NEAR(an::spike_source_entropy({2, 1, 1}), 1.5 * std::log(2.0) / std::log(3.0), 1e-15);
    EXPECT_TRUE(std::isnan(an::spike_source_entropy({0, 0, 0})));
}

// ---- avalanches -----------------------------------------------------------------------------

TEST(Avalanches, HandComputedSeries) {
    // θ = 2: runs above it at 0 (cut by the start), 2-3, 6-7, 10 (cut by the end).
    const an::Avalanches a = an::find_avalanches({5, 0, 3, 4, 1, 0, 6, 6, 0, 2, 7}, 2);
    EXPECT_EQ(a.start, (I64{2, 6}));
    EXPECT_EQ(a.duration, (I64{2, 2}));
    EXPECT_EQ(a.size, (I64{1 + 2, 4 + 4}));
    EXPECT_EQ(a.truncated, 2);
}

TEST(Avalanches, DefaultThresholdIsHalfTheMeanRounded) {
    EXPECT_EQ(an::default_avalanche_threshold({1, 2, 3}), 1);    // 2/2 = 1
    EXPECT_EQ(an::default_avalanche_threshold({1, 2}), 1);       // 0.75 -> 1
    EXPECT_EQ(an::default_avalanche_threshold({1, 0, 0, 0}), 0); // 0.125 -> 0
    EXPECT_EQ(an::default_avalanche_threshold({3}), 2);          // 1.5: ties round up
    EXPECT_EQ(an::default_avalanche_threshold({19, 20}), 10);    // 9.75 -> 10
    EXPECT_EQ(an::default_avalanche_threshold({}), 0);
}

TEST(Avalanches, NothingAboveThreshold) {
    const an::Avalanches a = an::find_avalanches({1, 2, 1}, 5);
    EXPECT_TRUE(a.size.empty());
    EXPECT_EQ(a.truncated, 0);
}

// ---- correlation ----------------------------------------------------------------------------

TEST(Correlation, HandComputedPairs) {
    EXPECT_NEAR(an::pearson_binary(Train{1, 1, 0, 0}, Train{1, 0, 1, 0}), 0.0, 1e-15);
    EXPECT_NEAR(an::pearson_binary(Train{1, 0, 1, 0}, Train{1, 0, 1, 0}), 1.0, 1e-15);
    EXPECT_NEAR(an::pearson_binary(Train{1, 0, 1, 0}, Train{0, 1, 0, 1}), -1.0, 1e-15);
    // n = 4, c = 3 and 2, k = 2: (8 - 6) / sqrt(3 * 4)
    EXPECT_NEAR(an::pearson_binary(Train{1, 1, 1, 0}, Train{1, 1, 0, 0}), 2.0 / std::sqrt(12.0),
                1e-15);
    EXPECT_TRUE(std::isnan(an::pearson_binary(Train{0, 0, 0, 0}, Train{1, 0, 1, 0})));
    EXPECT_TRUE(std::isnan(an::pearson_binary(Train{1, 1, 1, 1}, Train{1, 0, 1, 0})));
}

TEST(Correlation, CountsFormulaEqualsTwoPassPearson) {
    const Train a = bernoulli(0.3, 997, 6), b = bernoulli(0.2, 997, 7);
    double ma = 0, mb = 0;
    for (std::size_t t = 0; t < a.size(); ++t) {
        ma += a[t];
        mb += b[t];
    }
    ma /= a.size();
    mb /= b.size();
    double ab = 0, aa = 0, bb = 0;
    for (std::size_t t = 0; t < a.size(); ++t) {
        ab += (a[t] - ma) * (b[t] - mb);
        aa += (a[t] - ma) * (a[t] - ma);
        bb += (b[t] - mb) * (b[t] - mb);
    }
    EXPECT_NEAR(an::pearson_binary(a, b), ab / std::sqrt(aa * bb), 1e-13);
}

TEST(Correlation, AllPairsInLexicographicOrder) {
    const std::vector<an::UnitPair> p = an::all_pairs(4);
    ASSERT_EQ(p.size(), 6u);
    EXPECT_EQ(p.front(), (an::UnitPair{0, 1}));
    EXPECT_EQ(p[3], (an::UnitPair{1, 2}));
    EXPECT_EQ(p.back(), (an::UnitPair{2, 3}));
    EXPECT_TRUE(an::all_pairs(1).empty());
}

TEST(Correlation, SampledPairsAreSeededDistinctAndUniform) {
    const std::vector<an::UnitPair> p = an::sample_pairs(5, 100000, 42);
    EXPECT_EQ(p, an::sample_pairs(5, 100000, 42));
    EXPECT_NE(p, an::sample_pairs(5, 100000, 43));
    std::vector<int> hits(25, 0);
    for (const an::UnitPair& q : p) {
        ASSERT_TRUE(q.a >= 0 && q.a < q.b && q.b < 5);
        ++hits[q.a * 5 + q.b];
    }
    for (int a = 0; a < 5; ++a)
        for (int b = a + 1; b < 5; ++b) EXPECT_NEAR(hits[a * 5 + b], 10000, 400); // 10 pairs
    // A prefix of a longer sample is the shorter sample: pair k depends on k only.
    const std::vector<an::UnitPair> q = an::sample_pairs(5, 10, 42);
    EXPECT_TRUE(std::equal(q.begin(), q.end(), p.begin()));
}

// ---- lognormal, histograms, KS --------------------------------------------------------------

TEST(Lognormal, HandComputedSample) {
    const an::LognormalFit f = an::fit_lognormal({std::exp(1.0), std::exp(-1.0), 1.0, 0.0, -2.0});
    EXPECT_EQ(f.n, 3);
    EXPECT_EQ(f.nonpositive, 2);
    EXPECT_NEAR(f.mu, 0.0, 1e-15);
    const double sigma = std::sqrt(2.0 / 3.0);
    EXPECT_NEAR(f.sigma, sigma, 1e-15);
    EXPECT_NEAR(f.median, 1.0, 1e-15);
    EXPECT_NEAR(f.mode, std::exp(-sigma * sigma), 1e-15);
    // CDF at the samples: Φ(-1/σ), 1/2, Φ(1/σ); the largest gap is 1/3 - Φ(-1/σ).
    const double lower = 0.5 * std::erfc(1.0 / sigma / std::sqrt(2.0));
    EXPECT_NEAR(f.ks, 1.0 / 3.0 - lower, 1e-15);
}

TEST(Lognormal, RecoversParametersOfALognormalSample) {
    std::vector<double> w;
    for (std::uint64_t k = 0; k < 50000; ++k)
        w.push_back(std::exp(-3.0 + 0.8 * sorn::rng::normal(9, sorn::rng::Stream::WeightEE, k, 0)));
    const an::LognormalFit f = an::fit_lognormal(w);
    EXPECT_NEAR(f.mu, -3.0, 0.01);
    EXPECT_NEAR(f.sigma, 0.8, 0.01);
    EXPECT_LT(f.ks, 0.01);
    std::vector<double> reversed(w.rbegin(), w.rend());
    EXPECT_EQ(an::fit_lognormal(reversed).mu, f.mu); // sorted first: order does not matter
}

TEST(Histogram, UniformBinsIncludeTheRightEdge) {
    const an::Histogram h = an::uniform_histogram({0.0, 0.5, 1.0, 2.0, std::nan("")}, 2, 0.0, 1.0);
    EXPECT_EQ(h.edges, (std::vector<double>{0.0, 0.5, 1.0}));
    EXPECT_EQ(h.counts, (I64{1, 2}));
    EXPECT_EQ(an::histogram_from_zero({0.0, 0.0}, 4).edges.back(), 1.0);
}

TEST(Histogram, LogBinsSpanTheValues) {
    const an::Histogram h = an::log_histogram({0.001, 0.01, 0.1, 1.0, -1.0}, 3);
    ASSERT_EQ(h.edges.size(), 4u);
    EXPECT_NEAR(h.edges.front(), 0.001, 1e-15);
    EXPECT_NEAR(h.edges.back(), 1.0, 1e-12);
    EXPECT_EQ(h.counts, (I64{1, 1, 2}));
    EXPECT_TRUE(an::log_histogram({0.0}, 3).edges.empty());
}

TEST(Histogram, ValueCountsAndSummary) {
    EXPECT_EQ(an::value_counts({0, 2, 2, 5}), (I64{1, 0, 2, 0, 0, 1}));
    EXPECT_TRUE(an::value_counts({}).empty());
    const an::Summary s = an::summarize({4.0, 1.0, std::nan(""), 3.0, 2.0});
    EXPECT_EQ(s.count, 4);
    EXPECT_EQ(s.nonfinite, 1);
    EXPECT_DOUBLE_EQ(s.mean, 2.5);
    EXPECT_DOUBLE_EQ(s.median, 2.5);
    EXPECT_DOUBLE_EQ(s.std, std::sqrt(1.25));
    EXPECT_EQ(s.min, 1.0);
    EXPECT_EQ(s.max, 4.0);
    EXPECT_TRUE(std::isnan(an::summarize({}).mean));
}

TEST(KolmogorovSmirnov, DiscreteDistanceChecksBetweenSampleValues) {
    // Samples {1, 3}; a model with all its mass on 2 disagrees most just below 3.
    const an::ValueCounts vc = an::count_values({3, 1});
    EXPECT_EQ(vc.values, (I64{1, 3}));
    EXPECT_DOUBLE_EQ(an::ks_distance_discrete(vc, {0.0, 1.0}, {0.0, 1.0}), 0.5);
    EXPECT_DOUBLE_EQ(an::ks_distance_continuous({0.5}), 0.5);
}
