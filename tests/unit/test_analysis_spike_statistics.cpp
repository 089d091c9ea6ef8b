// The spike statistics (analysis/spike_statistics.hpp) called directly, as a library: totals
// filled by hand for a 3-unit raster, parameters as plain structs (params.hpp), no command
// line and no file. The expected numbers are computed by hand below.
#include "sorn/analysis/spike_statistics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "sorn/error.hpp"

namespace an = sorn::analysis;
using I64 = std::vector<std::int64_t>;
using F64 = std::vector<double>;

namespace {

// Steps 100..105 (W = 6) of N = 3 units:
//   unit 0: 1 0 1 0 1 0   c = 3, spikes at 0 2 4    ISIs 2 2
//   unit 1: 1 0 1 0 1 1   c = 4, spikes at 0 2 4 5  ISIs 2 2 1
//   unit 2: 0 0 0 0 0 0   c = 0
//   a(t)  : 2 0 2 0 2 1   Σa = 7
// Fano windows of F = 2 steps: unit 0 counts 1 1 1, unit 1 counts 1 1 2, unit 2 none.
// Coincidences: k_01 = 3 (steps 0, 2, 4); k_02 = k_12 = 0.
an::SpikeTotals hand_totals() {
    an::SpikeTotals t;
    t.units = 3;
    t.steps = 6;
    t.first_step = 100;
    t.unit_spikes = {3, 4, 0};
    t.step_active = {2, 0, 2, 0, 2, 1};
    t.fano_counts = {{3, 3, 3}, {3, 4, 6}, {3, 0, 0}}; // {windows, Σn, Σn²}
    t.isi_histogram = {0, 1, 4};                       // one ISI of 1 step, four of 2
    return t;
}

template <class T> const std::vector<T>& array(const an::Group& g, const std::string& name) {
    const an::Array* a = g.find_array(name);
    if (!a) throw sorn::InternalError("no array " + g.name + "/" + name);
    return std::get<std::vector<T>>(a->data);
}

std::string text(const an::Group& g, const std::string& name) {
    return std::get<std::string>(g.find(name)->value);
}

std::int64_t first_step_of(const an::Group& g, const std::string& array_name) {
    for (const an::Scalar& s : g.find_array(array_name)->attributes)
        if (s.name == "first_step") return std::get<std::int64_t>(s.value);
    return -1;
}

void expect_near(const F64& got, const F64& want) {
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t k = 0; k < got.size(); ++k) EXPECT_NEAR(got[k], want[k], 1e-15) << k;
}

// Coincidences of the hand raster for any pair.
std::int64_t hand_coincidences(const an::UnitPair& p) { return p.a == 0 && p.b == 1 ? 3 : 0; }

} // namespace

TEST(RatesGroup, HandRasterWithItsOwnParameters) {
    an::RatesParams p;
    p.bin_size = 2;
    p.histogram_bins = 3;
    const an::Group g = an::rates_group(hand_totals(), p);
    EXPECT_EQ(g.name, "rates");
    EXPECT_EQ(g.number("bin_size"), 2);
    EXPECT_EQ(g.number("total_spikes"), 7);
    EXPECT_NEAR(g.number("mean_rate"), 7.0 / 18.0, 1e-14);
    EXPECT_NEAR(g.number("rate_std"), std::sqrt(26.0) / 18.0, 1e-14);
    EXPECT_EQ(g.number("rate_min"), 0.0);
    EXPECT_EQ(g.number("rate_median"), 0.5);
    EXPECT_NEAR(g.number("rate_max"), 4.0 / 6.0, 1e-14);
    EXPECT_NEAR(g.number("mean_spikes_per_bin"), 14.0 / 18.0, 1e-14);
    EXPECT_EQ(g.number("silent_units"), 1);
    EXPECT_NEAR(g.number("mean_activity"), 7.0 / 6.0, 1e-14);
    EXPECT_NEAR(g.number("activity_std"), std::sqrt(29.0) / 6.0, 1e-14);
    EXPECT_EQ(g.number("activity_max"), 2);
    EXPECT_EQ(array<std::int64_t>(g, "spike_count"), (I64{3, 4, 0}));
    expect_near(array<double>(g, "rate"), {0.5, 4.0 / 6.0, 0.0});
    expect_near(array<double>(g, "spikes_per_bin"), {1.0, 8.0 / 6.0, 0.0});
    EXPECT_EQ(array<std::int64_t>(g, "network_activity"), (I64{2, 0, 2, 0, 2, 1}));
    expect_near(array<double>(g, "network_rate"), {2.0 / 3, 0.0, 2.0 / 3, 0.0, 2.0 / 3, 1.0 / 3});
    // Bins of 2 steps: a = 2+0, 2+0, 2+1, over B·N = 6.
    expect_near(array<double>(g, "network_rate_binned"), {1.0 / 3, 1.0 / 3, 0.5});
    for (const char* a : {"network_activity", "network_rate", "network_rate_binned"})
        EXPECT_EQ(first_step_of(g, a), 100) << a;
    // Rates 0, 1/2, 2/3 in 3 bins of [0, 2/3].
    expect_near(array<double>(g, "histogram_edges"), {0.0, 2.0 / 9, 4.0 / 9, 2.0 / 3});
    EXPECT_EQ(array<std::int64_t>(g, "histogram_counts"), (I64{1, 0, 2}));
}

TEST(RatesGroup, DefaultParametersAreTheOptionDefaults) {
    an::SpikeTotals t = hand_totals();
    t.steps = 20; // room for the default bin of 10 steps
    t.step_active.resize(20, 0);
    const an::Group g = an::rates_group(t);
    EXPECT_EQ(g.number("bin_size"), 10);
    EXPECT_EQ(array<double>(g, "network_rate_binned").size(), 2u);
    EXPECT_EQ(array<std::int64_t>(g, "histogram_counts").size(), 50u);
}

TEST(FanoGroup, HandWindowCounts) {
    an::FanoParams p;
    p.window = 2;
    p.histogram_bins = 2;
    const an::Group g = an::fano_group(hand_totals(), p);
    EXPECT_EQ(g.name, "fano");
    EXPECT_EQ(g.number("window"), 2);
    EXPECT_EQ(g.number("windows"), 3);
    // Unit 0: counts 1 1 1, FF = 0; unit 1: counts 1 1 2, FF = (3·6 - 4²)/(3·4) = 1/6.
    const F64& ff = array<double>(g, "fano_factor");
    ASSERT_EQ(ff.size(), 3u);
    EXPECT_EQ(ff[0], 0.0);
    EXPECT_NEAR(ff[1], 1.0 / 6.0, 1e-14);
    EXPECT_TRUE(std::isnan(ff[2]));
    EXPECT_NEAR(g.number("mean"), 1.0 / 12.0, 1e-14);
    EXPECT_NEAR(g.number("std"), 1.0 / 12.0, 1e-14);
    EXPECT_EQ(g.number("min"), 0.0);
    EXPECT_NEAR(g.number("median"), 1.0 / 12.0, 1e-14);
    EXPECT_NEAR(g.number("max"), 1.0 / 6.0, 1e-14);
    EXPECT_EQ(g.number("units_defined"), 2);
    EXPECT_EQ(g.number("units_undefined"), 1);
    EXPECT_EQ(array<std::int64_t>(g, "histogram_counts"), (I64{1, 1}));
}

TEST(AutocorrGroup, HandActivity) {
    an::AutocorrParams p;
    p.max_lag = 2;
    const an::Group g = an::autocorr_group(hand_totals(), p);
    EXPECT_EQ(g.name, "autocorr");
    EXPECT_EQ(g.number("max_lag"), 2);
    // Lag 1: (2 0 2 0 2) vs (0 2 0 2 1): cov -4, variances 4.8 and 4.
    // Lag 2: (2 0 2 0) vs (2 0 2 1): cov 3, variances 4 and 2.75.
    EXPECT_NEAR(g.number("lag1"), -4.0 / std::sqrt(19.2), 1e-14);
    EXPECT_EQ(array<std::int64_t>(g, "lag"), (I64{1, 2}));
    const F64& r = array<double>(g, "autocorr");
    ASSERT_EQ(r.size(), 2u);
    EXPECT_NEAR(r[0], -4.0 / std::sqrt(19.2), 1e-14);
    EXPECT_NEAR(r[1], 3.0 / std::sqrt(11.0), 1e-14);
}

TEST(IsiGroup, HandIntervals) {
    const an::Group g = an::isi_group(hand_totals());
    EXPECT_EQ(g.name, "isi");
    // Intervals 1 2 2 2 2: mean 9/5, std 0.4.
    EXPECT_EQ(g.number("count"), 5);
    EXPECT_NEAR(g.number("mean"), 1.8, 1e-14);
    EXPECT_NEAR(g.number("std"), 0.4, 1e-14);
    EXPECT_NEAR(g.number("cv"), 0.4 / 1.8, 1e-14);
    EXPECT_NEAR(g.number("geometric_p"), 5.0 / 9.0, 1e-14);
    EXPECT_NEAR(g.number("exponential_rate"), std::log(9.0 / 4.0), 1e-14);
    EXPECT_EQ(array<std::int64_t>(g, "histogram"), (I64{0, 1, 4}));
}

TEST(EntropyGroup, HandCounts) {
    const an::Group g = an::entropy_group(hand_totals());
    EXPECT_EQ(g.name, "entropy");
    const double p0 = 3.0 / 7.0, p1 = 4.0 / 7.0;
    EXPECT_NEAR(g.number("spike_source_entropy"),
                -(p0 * std::log(p0) + p1 * std::log(p1)) / std::log(3.0), 1e-15);
}

TEST(SmoothnessGroup, HandActivity) {
    const an::Group g = an::smoothness_group(hand_totals());
    EXPECT_EQ(g.name, "smoothness");
    // Δa = -2 2 -2 2 -1: mean -0.2, variance 3.36.
    EXPECT_NEAR(g.number("scale_dependent"), std::sqrt(3.36), 1e-14);
    EXPECT_NEAR(g.number("scale_independent"), std::sqrt(3.36) / (7.0 / 6.0), 1e-14);
    EXPECT_NEAR(g.number("package_scale_independent"), std::sqrt(3.36) / 0.2, 1e-12);
}

TEST(AvalanchesGroup, AutomaticThreshold) {
    const an::Group g = an::avalanches_group(hand_totals());
    EXPECT_EQ(g.name, "avalanches");
    // θ = round(7 / 12) = 1; runs of a > 1: step 0 (cut by the window), 2 and 4.
    EXPECT_EQ(g.number("threshold"), 1);
    EXPECT_EQ(text(g, "threshold_rule"), "auto: round(mean/2)");
    EXPECT_NEAR(g.number("mean_activity"), 7.0 / 6.0, 1e-14);
    EXPECT_EQ(g.number("count"), 2);
    EXPECT_EQ(g.number("truncated"), 1);
    EXPECT_EQ(g.number("mean_size"), 1.0);
    EXPECT_EQ(g.number("mean_duration"), 1.0);
    EXPECT_EQ(array<std::int64_t>(g, "start_step"), (I64{102, 104}));
    EXPECT_EQ(array<std::int64_t>(g, "size"), (I64{1, 1}));
    EXPECT_EQ(array<std::int64_t>(g, "duration"), (I64{1, 1}));
    const an::Group* fit = g.find_group("size_fit");
    ASSERT_NE(fit, nullptr);
    EXPECT_EQ(fit->number("fitted"), 0); // two samples: no fit
    EXPECT_EQ(fit->number("min_tail"), 10);
    ASSERT_NE(g.find_group("duration_fit"), nullptr);
}

TEST(AvalanchesGroup, GivenThresholdAndFitParameters) {
    an::AvalancheParams p;
    p.threshold = 0;
    p.size_fit.min_tail = p.duration_fit.min_tail = 3;
    const an::Group g = an::avalanches_group(hand_totals(), p);
    // Runs of a > 0: step 0 and steps 4..5 touch the window's edges; step 2 has S = 2.
    EXPECT_EQ(g.number("threshold"), 0);
    EXPECT_EQ(text(g, "threshold_rule"), "given");
    EXPECT_EQ(g.number("count"), 1);
    EXPECT_EQ(g.number("truncated"), 2);
    EXPECT_EQ(g.number("mean_size"), 2.0);
    EXPECT_EQ(array<std::int64_t>(g, "start_step"), (I64{102}));
    EXPECT_EQ(array<std::int64_t>(g, "size"), (I64{2}));
    EXPECT_EQ(g.find_group("duration_fit")->number("min_tail"), 3);
}

TEST(AvalanchesGroup, FixedXminFitsTheGivenSamples) {
    // Activity with complete avalanches of sizes 1, 1, 2 above θ = 0 ...
    an::SpikeTotals t;
    t.units = 2;
    t.steps = 9;
    t.step_active = {0, 1, 0, 1, 0, 2, 0, 0, 0};
    an::AvalancheParams p;
    p.threshold = 0;
    p.size_fit.xmin = 1;
    const an::Group g = an::avalanches_group(t, p);
    EXPECT_EQ(array<std::int64_t>(g, "size"), (I64{1, 1, 2}));
    // ... fitted with xmin = 1 fixed: every sample is in the tail.
    const an::Group* fit = g.find_group("size_fit");
    EXPECT_EQ(fit->number("fitted"), 1);
    EXPECT_EQ(fit->number("xmin"), 1);
    EXPECT_EQ(fit->number("n_tail"), 3);
    EXPECT_EQ(fit->number("xmin_candidates"), 1);
}

TEST(CorrelationGroup, ExactPairsAndSubsetMatrix) {
    an::CorrelationParams p;
    p.subset_first = 2;
    p.histogram_bins = 4;
    const an::CorrelationPlan plan = an::plan_correlation(3, p);
    EXPECT_TRUE(plan.exact);
    EXPECT_EQ(plan.main_pairs, 3);
    EXPECT_EQ(plan.subset, (std::vector<sorn::Index>{0, 1}));
    ASSERT_EQ(plan.pairs.size(), 4u); // (0,1) (0,2) (1,2), then the subset's (0,1)
    an::SpikeTotals t = hand_totals();
    for (const an::UnitPair& q : plan.pairs) t.coincidences.push_back(hand_coincidences(q));
    const an::Group g = an::correlation_group(t, plan, p);
    EXPECT_EQ(g.name, "correlation");
    // r_01 = (6·3 - 3·4) / sqrt((6·3 - 9)(6·4 - 16)) = 6/sqrt(72); unit 2 is silent.
    const double r = 6.0 / std::sqrt(72.0);
    EXPECT_EQ(text(g, "method"), "exact");
    EXPECT_EQ(g.number("exact_max"), 2000);
    EXPECT_EQ(text(g, "seed"), "1");
    EXPECT_EQ(g.number("pairs"), 3);
    EXPECT_EQ(g.number("pairs_used"), 1);
    EXPECT_EQ(g.number("pairs_undefined"), 2);
    EXPECT_NEAR(g.number("mean"), r, 1e-14);
    EXPECT_EQ(g.number("std"), 0.0);
    EXPECT_EQ(g.number("mean_stderr"), 0.0);
    EXPECT_EQ(array<std::int64_t>(g, "subset_units"), (I64{0, 1}));
    const an::Array* m = g.find_array("subset_matrix");
    EXPECT_EQ(m->shape, (std::vector<std::uint64_t>{2, 2}));
    expect_near(std::get<F64>(m->data), {1.0, r, r, 1.0});
    EXPECT_EQ(array<std::int64_t>(g, "histogram_counts"), (I64{0, 0, 0, 1}));
    EXPECT_EQ(g.find_array("pair_a"), nullptr); // only for a sample
}

TEST(CorrelationGroup, SampledPairsFollowTheirParameters) {
    an::CorrelationParams p;
    p.exact_max = 2; // 3 units > 2: a sample
    p.sample_size = 5;
    p.seed = 7;
    p.subset_units = {2, 0};
    const an::CorrelationPlan plan = an::plan_correlation(3, p);
    EXPECT_FALSE(plan.exact);
    EXPECT_EQ(plan.main_pairs, 5);
    const std::vector<an::UnitPair> sample = an::sample_pairs(3, 5, 7);
    ASSERT_EQ(plan.pairs.size(), 6u);
    for (std::size_t k = 0; k < 5; ++k) EXPECT_TRUE(plan.pairs[k] == sample[k]) << k;
    EXPECT_TRUE((plan.pairs[5] == an::UnitPair{0, 2}));
    an::SpikeTotals t = hand_totals();
    for (const an::UnitPair& q : plan.pairs) t.coincidences.push_back(hand_coincidences(q));
    const an::Group g = an::correlation_group(t, plan, p);
    EXPECT_EQ(text(g, "method"), "sampled");
    EXPECT_EQ(text(g, "seed"), "7");
    EXPECT_EQ(g.number("exact_max"), 2);
    EXPECT_EQ(g.number("pairs"), 5);
    EXPECT_EQ(array<std::int64_t>(g, "subset_units"), (I64{2, 0}));
    const I64& a = array<std::int64_t>(g, "pair_a");
    const I64& b = array<std::int64_t>(g, "pair_b");
    const F64& r = array<double>(g, "pair_r");
    ASSERT_EQ(a.size(), 5u);
    std::int64_t used = 0;
    for (std::size_t k = 0; k < 5; ++k) {
        EXPECT_EQ(a[k], sample[k].a);
        EXPECT_EQ(b[k], sample[k].b);
        if (a[k] == 0 && b[k] == 1) {
            EXPECT_NEAR(r[k], 6.0 / std::sqrt(72.0), 1e-14);
            ++used;
        } else {
            EXPECT_TRUE(std::isnan(r[k]));
        }
    }
    EXPECT_EQ(g.number("pairs_used"), used);
}

TEST(CorrelationGroup, SubsetUnitOutsideThePopulationIsAConfigError) {
    an::CorrelationParams p;
    p.subset_units = {0, 3};
    EXPECT_THROW(an::plan_correlation(3, p), sorn::ConfigError);
    p.subset_units.clear();
    p.subset_first = 10; // clipped to the population
    EXPECT_EQ(an::plan_correlation(3, p).subset.size(), 3u);
}

TEST(HammingGroup, HandDistances) {
    an::SpikeTotals t = hand_totals();
    t.hamming = {0, 0, 1, 2, 0, 1};
    an::HammingParams p;
    p.compare_file = "other.h5";
    const an::Group g = an::hamming_group(t, p);
    EXPECT_EQ(g.name, "hamming");
    EXPECT_EQ(text(g, "compare_file"), "other.h5");
    EXPECT_NEAR(g.number("mean"), 4.0 / 6.0, 1e-14);
    EXPECT_EQ(g.number("max"), 2);
    EXPECT_EQ(g.number("final"), 1);
    EXPECT_EQ(g.number("first_difference_step"), 102);
    EXPECT_EQ(array<std::int64_t>(g, "distance"), (I64{0, 0, 1, 2, 0, 1}));
    EXPECT_EQ(first_step_of(g, "distance"), 100);
    t.hamming.assign(6, 0);
    EXPECT_EQ(an::hamming_group(t, p).number("first_difference_step"), -1);
}
