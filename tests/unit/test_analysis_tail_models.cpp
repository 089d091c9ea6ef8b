// Heavy-tail models and their comparison (analysis/tail_models.hpp), the avalanche rules
// (avalanche.hpp) and the avalanche statistic of pooled runs (avalanche_statistics.hpp):
// normalizations against direct sums, maximum-likelihood fits on synthetic samples of known
// parameters, the sign of the likelihood ratios on data drawn from either model, the bootstrap
// p-value, and hand-counted avalanches of tiny rasters.
#include "sorn/analysis/tail_models.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "sorn/analysis/avalanche.hpp"
#include "sorn/analysis/avalanche_statistics.hpp"
#include "sorn/error.hpp"
#include "sorn/rng.hpp"

namespace an = sorn::analysis;
using I64 = std::vector<std::int64_t>;

namespace {

double uniform(std::uint64_t seed, std::int64_t k) {
    return sorn::rng::uniform_open_closed(seed, sorn::rng::Stream::NoiseI,
                                          static_cast<std::uint64_t>(k), 7);
}

// Geometric (discrete exponential) samples from xmin: P(x) ∝ e^(-λx).
I64 exponential_samples(double lambda, std::int64_t xmin, std::int64_t n, std::uint64_t seed) {
    I64 x;
    for (std::int64_t k = 0; k < n; ++k)
        x.push_back(xmin +
                    static_cast<std::int64_t>(std::floor(-std::log(uniform(seed, k)) / lambda)));
    return x;
}

// Samples of a discrete model on a narrow support by inverse transform of its exact CDF.
I64 model_samples(const an::ModelFit& m, const an::Support& s, std::int64_t n, std::uint64_t seed) {
    std::vector<double> cdf;
    double c = 0.0;
    for (std::int64_t x = s.xmin; x <= s.xmax; ++x)
        cdf.push_back(c += std::exp(an::log_pmf(m, s, x)));
    I64 out;
    for (std::int64_t k = 0; k < n; ++k) {
        const double u = uniform(seed, k) * c;
        std::size_t j = 0;
        while (j + 1 < cdf.size() && cdf[j] < u) ++j;
        out.push_back(s.xmin + static_cast<std::int64_t>(j));
    }
    return out;
}

// Σ_x P(x) over [xmin, last].
double total_mass(const an::ModelFit& m, const an::Support& s, std::int64_t last) {
    double sum = 0.0;
    for (std::int64_t x = last; x >= s.xmin; --x) sum += std::exp(an::log_pmf(m, s, x));
    return sum;
}

template <class T> const std::vector<T>& array(const an::Group& g, const std::string& name) {
    const an::Array* a = g.find_array(name);
    if (!a) throw sorn::InternalError("no array " + g.name + "/" + name);
    return std::get<std::vector<T>>(a->data);
}

} // namespace

TEST(TailModels, EveryModelSumsToOne) {
    using M = an::TailModel;
    struct Case {
        M model;
        double a, b;
        an::Support s;
        std::int64_t last; // where the direct sum stops (the rest is below 1e-12)
    };
    const Case cases[] = {
        {M::PowerLaw, 3.5, 0.0, {3, 0}, 2000000},
        {M::PowerLaw, 1.5, 0.0, {10, 1500}, 1500},
        {M::PowerLaw, 0.7, 0.0, {6, 60}, 60},
        {M::TruncatedPowerLaw, 1.2, 1e-3, {1, 0}, 60000},    // Euler-Maclaurin tail
        {M::TruncatedPowerLaw, 0.5, 2e-3, {4, 0}, 30000},    // α < 1
        {M::TruncatedPowerLaw, 1.7, 0.3, {2, 0}, 400},       // direct sum converges
        {M::TruncatedPowerLaw, 1.5, 0.01, {10, 1500}, 1500}, // window
        {M::Exponential, 0.3, 0.0, {2, 0}, 400},
        {M::Exponential, 0.05, 0.0, {6, 60}, 60},
        {M::Lognormal, 1.0, 0.8, {1, 0}, 1000000},
        {M::Lognormal, 3.0, 1.5, {5, 100}, 100},
        {M::Lognormal, -2000.0, 80.0, {1, 10000}, 10000}, // far in the upper tail
        {M::Lognormal, 40.0, 2.0, {1, 1000}, 1000},       // far in the lower tail
    };
    for (const Case& c : cases) {
        const an::ModelFit m = an::make_model(c.model, c.a, c.b, c.s);
        ASSERT_TRUE(m.ok);
        EXPECT_NEAR(total_mass(m, c.s, c.last), 1.0, 1e-9)
            << static_cast<int>(c.model) << " " << c.a << " " << c.b;
    }
    // λ = 0 is the pure power law: the Euler-Maclaurin tail against the Hurwitz zeta.
    const an::Support s{5, 0};
    EXPECT_NEAR(an::make_model(an::TailModel::TruncatedPowerLaw, 1.8, 0.0, s).log_norm,
                std::log(an::hurwitz_zeta(1.8, 5.0)), 1e-12);
    EXPECT_FALSE(an::make_model(an::TailModel::PowerLaw, 0.9, 0.0, s).ok); // diverges
}

TEST(TailModels, ExponentialFitRecoversTheRate) {
    const I64 x = exponential_samples(0.2, 1, 20000, 3);
    const an::Support s{1, 0};
    const an::ModelFit f = an::fit_model(an::TailModel::Exponential, an::count_values(x), s);
    ASSERT_TRUE(f.ok);
    // The MLE of the unbounded geometric law has the closed form ln(1 + 1/(mean - xmin)).
    double mean = 0.0;
    for (std::int64_t v : x) mean += static_cast<double>(v);
    mean /= static_cast<double>(x.size());
    EXPECT_NEAR(f.a, std::log1p(1.0 / (mean - 1.0)), 1e-8);
    EXPECT_NEAR(f.a, 0.2, 0.01);
}

TEST(TailModels, FitsRecoverTheirParametersOnAWindow) {
    const an::Support s{10, 1500};
    const an::ModelFit pl = an::make_model(an::TailModel::PowerLaw, 1.5, 0.0, s);
    const an::ValueCounts x = an::count_values(model_samples(pl, s, 20000, 5));
    const an::ModelFit f = an::fit_model(an::TailModel::PowerLaw, x, s);
    EXPECT_NEAR(f.a, 1.5, 0.03);
    const an::ModelFit tpl = an::make_model(an::TailModel::TruncatedPowerLaw, 1.3, 0.01, s);
    const an::ValueCounts y = an::count_values(model_samples(tpl, s, 20000, 6));
    const an::ModelFit g = an::fit_model(an::TailModel::TruncatedPowerLaw, y, s);
    EXPECT_NEAR(g.a, 1.3, 0.05);
    EXPECT_NEAR(g.b, 0.01, 0.001);
    const an::ModelFit ln = an::make_model(an::TailModel::Lognormal, 3.0, 1.0, s);
    const an::ValueCounts z = an::count_values(model_samples(ln, s, 20000, 7));
    const an::ModelFit h = an::fit_model(an::TailModel::Lognormal, z, s);
    EXPECT_NEAR(h.a, 3.0, 0.05);
    EXPECT_NEAR(h.b, 1.0, 0.03);
    // The truncated power law nests the power law: its likelihood is never lower.
    const an::ModelFit t = an::fit_model(an::TailModel::TruncatedPowerLaw, x, s);
    EXPECT_GE(t.log_likelihood, f.log_likelihood - 1e-9);
}

TEST(TailModels, LikelihoodRatioFavoursTheModelTheDataCameFrom) {
    // Power-law data (α = 2 from xmin = 1): the power law beats the exponential.
    const an::Support s{1, 0};
    const an::ValueCounts pl_data = an::count_values(an::draw_power_law(2.0, s, 5000, 11, 0));
    const an::ModelFit pl = an::fit_model(an::TailModel::PowerLaw, pl_data, s);
    EXPECT_NEAR(pl.a, 2.0, 0.05);
    const an::LikelihoodRatio a = an::compare_fits(
        pl, an::fit_model(an::TailModel::Exponential, pl_data, s), pl_data, s, false);
    EXPECT_GT(a.ratio, 0.0);
    EXPECT_GT(a.normalized, 3.0);
    EXPECT_LT(a.p, 0.01);
    // ... and the lognormal, which approaches it only as μ -> -∞, is not significantly better.
    const an::LikelihoodRatio a2 = an::compare_fits(
        pl, an::fit_model(an::TailModel::Lognormal, pl_data, s), pl_data, s, false);
    EXPECT_FALSE(a2.ratio < 0.0 && a2.p < 0.1) << a2.ratio << " " << a2.p;
    // Exponential data: the exponential beats the power law.
    const an::ValueCounts ex_data = an::count_values(exponential_samples(0.3, 1, 5000, 12));
    const an::ModelFit pl2 = an::fit_model(an::TailModel::PowerLaw, ex_data, s);
    const an::LikelihoodRatio b = an::compare_fits(
        pl2, an::fit_model(an::TailModel::Exponential, ex_data, s), ex_data, s, false);
    EXPECT_LT(b.ratio, 0.0);
    EXPECT_LT(b.normalized, -3.0);
    EXPECT_LT(b.p, 0.01);
    // Lognormal data on a window: the lognormal beats the power law.
    const an::Support w{1, 2000};
    const an::ValueCounts ln_data = an::count_values(
        model_samples(an::make_model(an::TailModel::Lognormal, 2.0, 0.7, w), w, 5000, 13));
    const an::LikelihoodRatio c =
        an::compare_fits(an::fit_model(an::TailModel::PowerLaw, ln_data, w),
                         an::fit_model(an::TailModel::Lognormal, ln_data, w), ln_data, w, false);
    EXPECT_LT(c.ratio, 0.0);
    EXPECT_LT(c.p, 0.01);
    // Truncated power-law data: the nested test rejects the pure power law.
    const an::ValueCounts t_data = an::count_values(
        model_samples(an::make_model(an::TailModel::TruncatedPowerLaw, 1.2, 0.02, w), w, 5000, 14));
    const an::LikelihoodRatio d = an::compare_fits(
        an::fit_model(an::TailModel::PowerLaw, t_data, w),
        an::fit_model(an::TailModel::TruncatedPowerLaw, t_data, w), t_data, w, true);
    EXPECT_LT(d.ratio, 0.0);
    EXPECT_NEAR(d.p, std::erfc(std::sqrt(-d.ratio)), 1e-15);
    EXPECT_LT(d.p, 0.01);
}

TEST(TailModels, LikelihoodRatioByHand) {
    // Two exponentials on [0, ∞) with λ = ln 2 and ln 4: ln P = -λx + ln(1 - e^-λ).
    // Samples 0, 0, 1: d(x) = ln(1/2) - ln(3/4) + x ln 2 = ln(2/3) + x ln 2.
    const an::Support s{0, 0};
    const an::ValueCounts x = an::count_values({0, 0, 1});
    const an::ModelFit p = an::make_model(an::TailModel::Exponential, std::log(2.0), 0.0, s);
    const an::ModelFit q = an::make_model(an::TailModel::Exponential, std::log(4.0), 0.0, s);
    const an::LikelihoodRatio lr = an::compare_fits(p, q, x, s, false);
    const double d0 = std::log(2.0 / 3.0), d1 = d0 + std::log(2.0);
    const double r = 2 * d0 + d1, mean = r / 3;
    const double var = (2 * (d0 - mean) * (d0 - mean) + (d1 - mean) * (d1 - mean)) / 3;
    EXPECT_NEAR(lr.ratio, r, 1e-14);
    EXPECT_NEAR(lr.normalized, r / std::sqrt(3 * var), 1e-13);
    EXPECT_NEAR(lr.p, std::erfc(std::abs(lr.normalized) / std::sqrt(2.0)), 1e-14);
}

TEST(TailModels, BoundedPowerLawFitOnTheWindowOfDelPapa) {
    const an::Support s{10, 1500};
    I64 x = an::draw_power_law(1.6, s, 20000, 21, 0);
    // Values outside the window are left out of the fit.
    x.push_back(3);
    x.push_back(5000);
    an::PowerLawParams p;
    p.xmin = 10;
    p.xmax = 1500;
    const an::PowerLawFit f = an::fit_power_law(x, p);
    ASSERT_TRUE(f.ok);
    EXPECT_EQ(f.n, 20002);
    EXPECT_EQ(f.n_tail, 20000);
    EXPECT_EQ(f.xmin, 10);
    EXPECT_NEAR(f.alpha, 1.6, 0.03);
    EXPECT_LT(f.ks, 0.02);
    EXPECT_GT(f.alpha_stderr, 0.0);
    EXPECT_LT(f.alpha_stderr, 0.02);
    // α below 1 is a proper law on a window.
    const I64 y = an::draw_power_law(0.6, an::Support{6, 60}, 20000, 22, 0);
    an::PowerLawParams q;
    q.xmin = 6;
    q.xmax = 60;
    EXPECT_NEAR(an::fit_power_law(y, q).alpha, 0.6, 0.05);
}

TEST(TailModels, BootstrapAcceptsAPowerLawAndRejectsAnExponential) {
    an::PowerLawParams p;
    p.xmin = 1;
    const I64 pl = an::draw_power_law(2.2, an::Support{1, 0}, 1000, 31, 0);
    const an::PowerLawFit f = an::fit_power_law(pl, p);
    const an::BootstrapResult a = an::power_law_bootstrap(MPI_COMM_SELF, pl, p, f, 100, 5);
    EXPECT_EQ(a.replicates, 100);
    EXPECT_GT(a.p, 0.1);
    // Reproducible: the same seed gives the same replicates.
    EXPECT_EQ(an::power_law_bootstrap(MPI_COMM_SELF, pl, p, f, 100, 5).at_least_as_far,
              a.at_least_as_far);
    const I64 ex = exponential_samples(0.5, 1, 1000, 32);
    const an::PowerLawFit g = an::fit_power_law(ex, p);
    EXPECT_LT(an::power_law_bootstrap(MPI_COMM_SELF, ex, p, g, 100, 5).p, 0.05);
    // With xmin chosen by the KS distance (semi-parametric replicates).
    an::PowerLawParams scan;
    const an::PowerLawFit h = an::fit_power_law(pl, scan);
    const an::BootstrapResult c = an::power_law_bootstrap(MPI_COMM_SELF, pl, scan, h, 30, 5);
    EXPECT_GT(c.p, 0.1);
    EXPECT_TRUE(std::isnan(an::power_law_bootstrap(MPI_COMM_SELF, pl, p, f, 0, 5).p));
}

TEST(AvalancheRules, ThresholdRulesByHand) {
    // a = 0 3 5 0 2 1 4 0: Σ = 15 over 8 steps, <a>/2 = 0.9375.
    const I64 a = {0, 3, 5, 0, 2, 1, 4, 0};
    using R = an::ThresholdRule;
    EXPECT_EQ(an::avalanche_threshold({a}, R::Round), 1);
    EXPECT_EQ(an::avalanche_threshold({a}, R::Floor), 0);
    EXPECT_EQ(an::avalanche_threshold({a}, R::FloorPlusOne), 1);
    // Sorted 0 0 0 1 2 3 4 5: the k-th smallest, k = ceil(P n / 100).
    EXPECT_EQ(an::avalanche_threshold({a}, R::Percentile, 50.0), 1);  // k = 4
    EXPECT_EQ(an::avalanche_threshold({a}, R::Percentile, 75.0), 3);  // k = 6
    EXPECT_EQ(an::avalanche_threshold({a}, R::Percentile, 0.0), 0);   // k = 1
    EXPECT_EQ(an::avalanche_threshold({a}, R::Percentile, 100.0), 5); // k = 8
    EXPECT_EQ(an::avalanche_threshold({a}, R::Percentile, 12.6), 0);  // k = 2
    // θ = 1: runs 3 5 | 2 | 4, sizes above θ 2+4, 1, 3; total sizes 8, 2, 4.
    const an::Avalanches above = an::find_avalanches(a, 1);
    EXPECT_EQ(above.size, (I64{6, 1, 3}));
    EXPECT_EQ(above.duration, (I64{2, 1, 1}));
    EXPECT_EQ(above.start, (I64{1, 4, 6}));
    const an::Avalanches total = an::find_avalanches(a, 1, an::AvalancheSize::Total);
    EXPECT_EQ(total.size, (I64{8, 2, 4}));
    EXPECT_EQ(total.duration, above.duration);
    // Bins of 3: 8 3 | (4 0 dropped: incomplete) -> 8, 3.
    EXPECT_EQ(an::bin_activity(a, 3), (I64{8, 3}));
    EXPECT_EQ(an::bin_activity(a, 2), (I64{3, 5, 3, 4}));
}

TEST(AvalancheRules, BinnedAvalanchesAreCountedInBins) {
    // a = 0 0 3 5 0 0 2 1 4 0 0 0; bins of 2: 0 8 0 3 4 0 (Σ 15 over 6 bins, <a>/2 = 1.25).
    an::ActivityRun run{100, {0, 0, 3, 5, 0, 0, 2, 1, 4, 0, 0, 0}};
    an::AvalancheParams p;
    p.bin_steps = 2;
    p.rule = an::ThresholdRule::Floor;
    const an::Group g = an::avalanches_group({run}, p);
    EXPECT_EQ(g.number("threshold"), 1);
    EXPECT_EQ(g.number("bin_steps"), 2);
    EXPECT_NEAR(g.number("mean_activity"), 2.5, 1e-15);
    // Bins above 1: bin 1 (8) and bins 3..4 (3, 4); sizes above θ 7 and 2 + 3.
    EXPECT_EQ(array<std::int64_t>(g, "start_step"), (I64{102, 106}));
    EXPECT_EQ(array<std::int64_t>(g, "duration"), (I64{1, 2}));
    EXPECT_EQ(array<std::int64_t>(g, "size"), (I64{7, 5}));
    EXPECT_EQ(g.find_array("run"), nullptr);
    EXPECT_EQ(std::get<std::string>(g.find("threshold_rule")->value), "floor(mean/2)");
}

TEST(AvalancheRules, PooledRunsShareOneThreshold) {
    // Run A alone: <a>/2 = 0.75 -> θ = 1; run B alone: 5/24 -> 0; pooled 11/32 -> 0.
    const an::ActivityRun a{1, {0, 6, 0, 0}};
    const an::ActivityRun b{1, {0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0}};
    EXPECT_EQ(an::avalanches_group({a}).number("threshold"), 1);
    const an::Group g = an::avalanches_group({a, b});
    EXPECT_EQ(g.number("threshold"), 0);
    EXPECT_EQ(g.number("runs"), 2);
    EXPECT_EQ(g.number("count"), 6);
    EXPECT_EQ(array<std::int64_t>(g, "size"), (I64{6, 1, 1, 1, 1, 1}));
    EXPECT_EQ(array<std::int64_t>(g, "run"), (I64{0, 1, 1, 1, 1, 1}));
    EXPECT_EQ(array<std::int64_t>(g, "start_step"), (I64{2, 2, 4, 6, 8, 10}));
    EXPECT_NEAR(g.number("mean_activity"), 11.0 / 16.0, 1e-15);
}

TEST(AvalancheScaling, SlopeOfMeanSizeAgainstDuration) {
    // <S>(1) = 1, <S>(2) = (3 + 5)/2 = 4, <S>(4) = 16: S = T^2 exactly.
    const an::SizeDurationScaling s =
        an::size_duration_scaling({1, 3, 5, 16, 99}, {1, 2, 2, 4, 9}, 1, 4);
    ASSERT_TRUE(s.ok);
    EXPECT_NEAR(s.gamma, 2.0, 1e-14);
    EXPECT_NEAR(s.gamma_stderr, 0.0, 1e-7);
    EXPECT_EQ(s.durations, (I64{1, 2, 4}));
    EXPECT_EQ(s.mean_size, (std::vector<double>{1.0, 4.0, 16.0}));
    // Two points: a slope without an error.
    const an::SizeDurationScaling t = an::size_duration_scaling({2, 6}, {1, 3}, 1, 0);
    EXPECT_NEAR(t.gamma, std::log(3.0) / std::log(3.0), 1e-14);
    EXPECT_TRUE(std::isnan(t.gamma_stderr));
    EXPECT_FALSE(an::size_duration_scaling({2}, {1}, 1, 0).ok);
}

TEST(AvalancheScaling, CracklingPredictionInTheGroup) {
    an::ActivityRun run{0, {}};
    // Avalanches of durations 1..6 and sizes T^1.5 rounded, each many times, over θ = 0.
    for (int rep = 0; rep < 12; ++rep)
        for (int t = 1; t <= 6; ++t) {
            run.activity.push_back(0);
            const auto s = static_cast<std::int64_t>(std::lround(std::pow(t, 1.5)));
            for (int k = 0; k < t; ++k) run.activity.push_back(k == 0 ? s - (t - 1) : 1);
        }
    run.activity.push_back(0);
    an::AvalancheParams p;
    p.threshold = 0;
    p.size_fit.xmin = p.duration_fit.xmin = 1;
    const an::Group g = an::avalanches_group({run}, p);
    EXPECT_EQ(g.number("count"), 72);
    const an::Group* sc = g.find_group("scaling");
    ASSERT_NE(sc, nullptr);
    EXPECT_EQ(sc->number("durations_used"), 6);
    EXPECT_NEAR(sc->number("gamma"), 1.5, 0.02);
    const double alpha_t = g.find_group("duration_fit")->number("alpha");
    const double alpha_s = g.find_group("size_fit")->number("alpha");
    EXPECT_NEAR(sc->number("crackling_prediction"), (alpha_t - 1.0) / (alpha_s - 1.0), 1e-15);
}
