// sorn-analyze's snapshot statistics end to end (analysis/snapshot_statistics.hpp): the
// thresholds over /recordings/TE and at /state/T_e, and the E->E weights over the
// /recordings/WEE snapshots, on a hand-written result file; every run on the whole
// communicator equals the same run on MPI_COMM_SELF bit for bit; a weight outside (0, 1] in a
// snapshot is refused before the output exists. Every test is collective.
#include <gtest/gtest.h>
#include <mpi.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "sorn/analysis/analyze.hpp"
#include "sorn/analysis/options.hpp"
#include "sorn/analysis/report.hpp"
#include "sorn/error.hpp"
#include "sorn/format/names.hpp"
#include "sorn/h5/dataset.hpp"
#include "sorn/h5/file.hpp"
#include "sorn/mpi.hpp"

namespace an = sorn::analysis;
namespace h5 = sorn::h5;
using I64 = std::vector<std::int64_t>;
using D = std::vector<double>;

namespace {

MPI_Comm world() { return MPI_COMM_WORLD; }
bool root() { return sorn::mpi::rank(world()) == 0; }

std::string temp_path(const std::string& name) {
    char text[256] = {};
    if (root())
        std::snprintf(text, sizeof text, "/tmp/sorn_test_snapshots_%d_%s",
                      static_cast<int>(getpid()), name.c_str());
    MPI_Bcast(text, sizeof text, MPI_CHAR, 0, world());
    return text;
}

void remove_file(const std::string& p) {
    MPI_Barrier(world());
    if (root()) std::remove(p.c_str());
    MPI_Barrier(world());
}

template <class T> void write_all(hid_t parent, const std::string& name, const std::vector<T>& v) {
    h5::write_vector<T>(parent, name, v.size(), 0, v.data(), root() ? v.size() : 0);
}

// TE snapshots {0.1, 0.2, 0.6}, {0.3, 0.3, 0.9} at steps 50, 100; final T_e {0.5, 1.5, 1.0}
// at step 100; WEE snapshots {0.1, 0.1}, {0.1, w}.
void write_file(const std::string& path, double w) {
    namespace F = sorn::format;
    h5::File f = h5::File::create(world(), path);
    h5::write_attribute(f.get(), F::root::format, std::string(F::result_format));
    h5::write_attribute(f.get(), F::root::format_version, F::version);
    h5::Handle params = h5::create_group(f.get(), F::group::parameters);
    h5::write_attribute(params.get(), "ne", std::int64_t{3});
    h5::Handle rec = h5::create_group(f.get(), F::group::recordings);
    h5::write_attribute(rec.get(), F::recordings::first_step, std::int64_t{1});
    write_all(rec.get(), F::recordings::snapshot_steps, I64{50, 100});
    const D te = {0.1, 0.2, 0.6, 0.3, 0.3, 0.9};
    h5::Table2D<double> t(rec.get(), "TE", 2, 3);
    t.write_block(0, root() ? 2 : 0, 0, root() ? 3 : 0, te.data());
    h5::Handle wee = h5::create_group(rec.get(), "WEE");
    write_all(wee.get(), F::sparse_series::offset, I64{0, 2, 4});
    write_all(wee.get(), F::sparse_series::row, I64{0, 1, 0, 1});
    write_all(wee.get(), F::sparse_series::col, I64{1, 0, 1, 0});
    write_all(wee.get(), F::sparse_series::weight, D{0.1, 0.1, 0.1, w});
    h5::Handle state = h5::create_group(f.get(), F::group::state);
    h5::write_attribute(state.get(), F::state::step, std::int64_t{100});
    write_all(state.get(), F::state::T_e, D{0.5, 1.5, 1.0});
    f.close();
}

an::AnalysisOptions options(const std::string& input) {
    an::AnalysisOptions o;
    o.input = input;
    o.stats = {an::Statistic::Thresholds, an::Statistic::WeightSnapshots};
    o.histogram_bins = 2;
    return o;
}

template <class T> const std::vector<T>& array(const an::Group& g, const std::string& name) {
    const an::Array* a = g.find_array(name);
    if (!a) throw sorn::InternalError("no array " + g.name + "/" + name);
    return std::get<std::vector<T>>(a->data);
}

void expect_near(const D& got, const D& want, double tol) {
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t k = 0; k < want.size(); ++k) EXPECT_NEAR(got[k], want[k], tol) << k;
}

} // namespace

TEST(AnalyzeSnapshots, ThresholdsAndWeightsOverTheSnapshotsOnAnyRanks) {
    const std::string path = temp_path("snap.h5");
    write_file(path, 1.0);
    const an::Results all = an::analyze(world(), options(path));
    const an::Results one = an::analyze(MPI_COMM_SELF, options(path));
    EXPECT_EQ(an::results_json(all), an::results_json(one));
    for (const char* name : {"thresholds", "weight_snapshots"}) {
        const an::Group *a = all.find(name), *b = one.find(name);
        ASSERT_TRUE(a && b) << name;
        ASSERT_EQ(a->arrays.size(), b->arrays.size());
        for (std::size_t k = 0; k < a->arrays.size(); ++k)
            EXPECT_TRUE(a->arrays[k].data == b->arrays[k].data) << name << a->arrays[k].name;
    }

    const an::Group& t = *all.find("thresholds");
    EXPECT_EQ(t.number("snapshots"), 2);
    EXPECT_EQ(array<std::int64_t>(t, "snapshot_step"), (I64{50, 100}));
    EXPECT_EQ(array<std::int64_t>(t, "snapshot_count"), (I64{3, 3}));
    expect_near(array<double>(t, "snapshot_mean"), {0.3, 0.5}, 1e-15);
    // row 0 sorted 0.1 0.2 0.6, positions 2q: 0.1, 0.5, 1, 1.5, 1.9
    const D& q = array<double>(t, "snapshot_quantiles");
    expect_near(D(q.begin(), q.begin() + 5), {0.11, 0.15, 0.2, 0.4, 0.56}, 1e-15);
    expect_near(D(q.begin() + 5, q.end()), {0.3, 0.3, 0.3, 0.6, 0.84}, 1e-15);
    EXPECT_EQ(t.number("final_step"), 100);
    EXPECT_EQ(t.number("final_mean"), 1.0);
    EXPECT_EQ(t.number("final_median"), 1.0);
    EXPECT_EQ(array<std::int64_t>(t, "final_histogram_counts"), (I64{1, 2}));

    const an::Group& w = *all.find("weight_snapshots");
    EXPECT_EQ(array<std::int64_t>(w, "snapshot_count"), (I64{2, 2}));
    expect_near(array<double>(w, "snapshot_mean"), {0.1, 0.55}, 1e-16);
    expect_near(array<double>(w, "histogram_edges"), {0.1, std::pow(10.0, -0.5), 1.0}, 1e-16);
    EXPECT_EQ(array<std::int64_t>(w, "histogram_counts"), (I64{2, 0, 1, 1}));
    remove_file(path);
}

TEST(AnalyzeSnapshots, SnapshotWeightOutsideZeroOneIsRefusedBeforeTheOutput) {
    const std::string path = temp_path("bad.h5"), out = temp_path("bad_out.h5");
    write_file(path, 1.5);
    an::AnalysisOptions o = options(path);
    o.output = out;
    try {
        an::analyze(world(), o);
        ADD_FAILURE() << "no ConfigError";
    } catch (const sorn::ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find(
                      "/recordings/WEE/weight: weight 1.5 at entry 3 not in (0, 1]"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_FALSE(std::filesystem::exists(out));
    remove_file(path);
}
