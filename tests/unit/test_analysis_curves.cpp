// The curves the figures draw (curves.hpp) and the snapshot statistics
// (snapshot_statistics.hpp) on hand-computed inputs.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "sorn/analysis/curves.hpp"
#include "sorn/analysis/snapshot_statistics.hpp"

namespace an = sorn::analysis;
using I64 = std::vector<std::int64_t>;
using D = std::vector<double>;

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();
const double pi2_6 = M_PI * M_PI / 6.0; // ζ(2, 1)

template <class T> const std::vector<T>& array(const an::Group& g, const std::string& name) {
    const an::Array* a = g.find_array(name);
    EXPECT_NE(a, nullptr) << name;
    return std::get<std::vector<T>>(a->data);
}

void expect_doubles(const D& got, const D& want, double tol = 0.0) {
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t k = 0; k < want.size(); ++k) {
        if (std::isnan(want[k]))
            EXPECT_TRUE(std::isnan(got[k])) << "entry " << k;
        else
            EXPECT_NEAR(got[k], want[k], tol) << "entry " << k;
    }
}

} // namespace

TEST(AnalysisCurves, EmpiricalCcdfOfDistinctValues) {
    const an::Ccdf c = an::empirical_ccdf({3, 1, 0, 3, 2, -1}); // samples >= 1: 1 2 3 3
    EXPECT_EQ(c.values, (I64{1, 2, 3}));
    expect_doubles(c.ccdf, {1.0, 0.75, 0.5});
    EXPECT_TRUE(an::empirical_ccdf({0, -2}).values.empty());
}

TEST(AnalysisCurves, PowerLawCcdfIsTheScaledHurwitzZetaRatio) {
    // ζ(2, 2) = π²/6 - 1, ζ(2, 3) = π²/6 - 1 - 1/4, ζ(2, 4) = π²/6 - 1 - 1/4 - 1/9
    const D c = an::power_law_ccdf(2.0, 2, 0.5, {1, 2, 3, 4});
    expect_doubles(c,
                   {NaN, 0.5, 0.5 * (pi2_6 - 1.25) / (pi2_6 - 1.0),
                    0.5 * (pi2_6 - 1.25 - 1.0 / 9.0) / (pi2_6 - 1.0)},
                   1e-14);
}

TEST(AnalysisCurves, GeometricExpectedCounts) {
    expect_doubles(an::geometric_expected(10, 0.5, 4), {0.0, 5.0, 2.5, 1.25});
    expect_doubles(an::geometric_expected(3, 1.0, 3), {0.0, 3.0, 0.0});
    expect_doubles(an::geometric_expected(3, NaN, 2), {NaN, NaN});
}

TEST(AnalysisCurves, LognormalExpectedCountsPerBin) {
    // Bins [e^-1, 1], [1, e]: with mu = 0, sigma = 1 each holds Φ(1) - Φ(0) of the mass.
    const double third = 0.3413447460685429; // Φ(1) - 1/2
    expect_doubles(an::lognormal_expected({std::exp(-1.0), 1.0, std::exp(1.0)}, 0.0, 1.0, 100),
                   {100 * third, 100 * third}, 1e-12);
    expect_doubles(an::lognormal_expected({1.0, 2.0}, 0.0, 0.0, 5), {NaN});
}

TEST(AnalysisCurves, QuantilesInterpolateLinearlyAsNumpy) {
    // np.percentile([1, 2, 3, 4], [0, 25, 50, 95, 100]) = [1, 1.75, 2.5, 3.85, 4]
    expect_doubles(an::quantiles({4, 1, NaN, 3, 2}, {0.0, 0.25, 0.5, 0.95, 1.0}),
                   {1.0, 1.75, 2.5, 3.85, 4.0}, 1e-15);
    expect_doubles(an::quantiles({}, {0.5}), {NaN});
    EXPECT_EQ(an::quantile_levels(), (D{0.05, 0.25, 0.5, 0.75, 0.95}));
}

TEST(AnalysisCurves, AvalancheCurvesFromTheGroupsOwnSamplesAndFits) {
    an::Group g{"avalanches", "", {}, {}, {}};
    g.array("size", I64{1, 1, 2, 4}, "");
    g.array("duration", I64{1, 1, 1, 2}, "");
    an::Group size{"size_fit", "", {}, {}, {}};
    size.scalar("fitted", std::int64_t{1}, "")
        .scalar("alpha", 2.0, "")
        .scalar("xmin", std::int64_t{2}, "")
        .scalar("n", std::int64_t{4}, "")
        .scalar("n_tail", std::int64_t{2}, "");
    an::Group duration{"duration_fit", "", {}, {}, {}};
    duration.scalar("fitted", std::int64_t{0}, "").scalar("alpha", NaN, "");
    g.groups = {size, duration};
    an::add_avalanche_curves(g);
    const an::Group& s = g.groups[0];
    EXPECT_EQ(array<std::int64_t>(s, "ccdf_value"), (I64{1, 2, 4}));
    expect_doubles(array<double>(s, "ccdf"), {1.0, 0.5, 0.25});
    expect_doubles(array<double>(s, "fit_ccdf"),
                   {NaN, 0.5, 0.5 * (pi2_6 - 1.25 - 1.0 / 9.0) / (pi2_6 - 1.0)}, 1e-14);
    const an::Group& d = g.groups[1];
    EXPECT_EQ(array<std::int64_t>(d, "ccdf_value"), (I64{1, 2}));
    expect_doubles(array<double>(d, "ccdf"), {1.0, 0.25});
    expect_doubles(array<double>(d, "fit_ccdf"), {NaN, NaN});
}

TEST(AnalysisCurves, IsiAndWeightCurves) {
    an::Group isi{"isi", "", {}, {}, {}};
    isi.scalar("count", std::int64_t{4}, "").scalar("geometric_p", 0.5, "");
    isi.array("histogram", I64{0, 2, 1, 1}, "");
    an::add_isi_curve(isi);
    expect_doubles(array<double>(isi, "fit_expected"), {0.0, 2.0, 1.0, 0.5});

    an::Group w{"weights", "", {}, {}, {}};
    w.scalar("count", std::int64_t{3}, "")
        .scalar("nonpositive", std::int64_t{0}, "")
        .scalar("lognormal_mu", 0.0, "")
        .scalar("lognormal_sigma", 1.0, "");
    w.array("histogram_edges", D{std::exp(-1.0), 1.0}, "");
    an::add_weight_curves(w, {0.1, 0.1, 0.4}, 2);
    expect_doubles(array<double>(w, "lognormal_expected"), {3 * 0.3413447460685429}, 1e-12);
    expect_doubles(array<double>(w, "linear_histogram_edges"), {0.0, 0.2, 0.4});
    EXPECT_EQ(array<std::int64_t>(w, "linear_histogram_counts"), (I64{2, 1}));
}

TEST(AnalysisSnapshots, SummaryOfOneSnapshot) {
    const an::SnapshotSummary s = an::summarize_snapshot(7, {0.2, 0.4, NaN});
    EXPECT_EQ(s.step, 7);
    EXPECT_EQ(s.count, 2);
    EXPECT_DOUBLE_EQ(s.mean, 0.30000000000000004); // (0.2 + 0.4) / 2 in doubles
    EXPECT_EQ(s.min, 0.2);
    EXPECT_EQ(s.max, 0.4);
    expect_doubles(s.quantiles, {0.21, 0.25, 0.3, 0.35, 0.39}, 1e-15);
}

TEST(AnalysisSnapshots, WeightSnapshotsShareLogBins) {
    // Bins between 0.1 and 1: [0.1, 10^-0.5), [10^-0.5, 1].
    const an::Group g = an::weight_snapshots_group({10, 20}, {{0.1, 0.1}, {0.1, 1.0}}, 2);
    EXPECT_EQ(g.number("snapshots"), 2);
    EXPECT_EQ(array<std::int64_t>(g, "snapshot_step"), (I64{10, 20}));
    EXPECT_EQ(array<std::int64_t>(g, "snapshot_count"), (I64{2, 2}));
    expect_doubles(array<double>(g, "snapshot_mean"), {0.1, 0.55}, 1e-16);
    expect_doubles(array<double>(g, "histogram_edges"), {0.1, std::pow(10.0, -0.5), 1.0}, 1e-16);
    EXPECT_EQ(array<std::int64_t>(g, "histogram_counts"), (I64{2, 0, 1, 1}));
    EXPECT_EQ(g.find_array("histogram_counts")->shape, (std::vector<std::uint64_t>{2, 2}));
    const D& q = array<double>(g, "snapshot_quantiles"); // row 1: 0.1 + 0.9 q
    expect_doubles(D(q.begin() + 5, q.end()), {0.145, 0.325, 0.55, 0.775, 0.955}, 1e-15);
}

TEST(AnalysisSnapshots, ThresholdsOverSnapshotsAndAtTheEnd) {
    const std::vector<an::SnapshotSummary> s = {an::summarize_snapshot(100, {0.1, 0.3}),
                                                an::summarize_snapshot(200, {0.5, 0.5})};
    const an::Group g = an::thresholds_group(s, D{0.5, 1.5, 1.0}, 200, 2);
    EXPECT_EQ(g.number("snapshots"), 2);
    EXPECT_EQ(array<std::int64_t>(g, "snapshot_step"), (I64{100, 200}));
    expect_doubles(array<double>(g, "snapshot_mean"), {0.2, 0.5}, 1e-16);
    EXPECT_EQ(g.number("final_step"), 200);
    EXPECT_EQ(g.number("final_mean"), 1.0);
    EXPECT_EQ(g.number("final_median"), 1.0);
    expect_doubles(array<double>(g, "final_histogram_edges"), {0.5, 1.0, 1.5});
    EXPECT_EQ(array<std::int64_t>(g, "final_histogram_counts"), (I64{1, 2}));
    // Without snapshots only the final distribution is there.
    const an::Group f = an::thresholds_group({}, D{2.0}, -1, 1);
    EXPECT_EQ(f.find_array("snapshot_quantiles"), nullptr);
    EXPECT_EQ(array<std::int64_t>(f, "final_histogram_counts"), (I64{1}));
}
