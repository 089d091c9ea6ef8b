// sorn-analyze end to end (analysis/analyze.hpp) on result files written here with the h5
// helpers in the format of sorn-simulate: every statistic on a hand-computed raster, the
// closed forms of Bernoulli trains, bit-identical results for any number of ranks (each run
// on the whole communicator is compared with the same run on MPI_COMM_SELF), the analysis
// file, and bad input. Every test is collective; only EXPECT_* before collective calls.
#include "sorn/analysis/analyze.hpp" // the unit under test first

#include <gtest/gtest.h>
#include <mpi.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "sorn/analysis/autocorr.hpp"
#include "sorn/analysis/correlation.hpp"
#include "sorn/analysis/report.hpp"
#include "sorn/analysis/smoothness.hpp"
#include "sorn/analysis/tail_models.hpp"
#include "sorn/error.hpp"
#include "sorn/format/names.hpp"
#include "sorn/h5/dataset.hpp"
#include "sorn/h5/file.hpp"
#include "sorn/io/state.hpp"
#include "sorn/mpi.hpp"
#include "sorn/rng.hpp"

namespace an = sorn::analysis;
namespace h5 = sorn::h5;
using I64 = std::vector<std::int64_t>;
using sorn::Index;
using Train = std::vector<std::uint8_t>;

namespace {

MPI_Comm world() { return MPI_COMM_WORLD; }
bool root() { return sorn::mpi::rank(world()) == 0; }

// A path in /tmp named by rank 0, the same on every rank.
std::string temp_path(const std::string& name) {
    char text[256] = {};
    if (root())
        std::snprintf(text, sizeof text, "/tmp/sorn_test_analysis_%d_%s",
                      static_cast<int>(getpid()), name.c_str());
    MPI_Bcast(text, sizeof text, MPI_CHAR, 0, world());
    return text;
}

// The temporary files "<path>.<hex>.partial" of path (io/partial_file.hpp). Local.
std::vector<std::string> partials_of(const std::string& path) {
    const std::filesystem::path p(path);
    const std::string prefix = p.filename().string() + ".";
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::directory_iterator(p.parent_path())) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(prefix, 0) == 0 && name.size() > prefix.size() + 8 &&
            name.compare(name.size() - 8, 8, ".partial") == 0)
            found.push_back(entry.path().string());
    }
    return found;
}

bool partial_left(const std::string& path) { return !partials_of(path).empty(); }

void remove_file(const std::string& path) {
    MPI_Barrier(world());
    if (root()) {
        std::remove(path.c_str());
        for (const std::string& partial : partials_of(path)) std::remove(partial.c_str());
    }
    MPI_Barrier(world());
}

// Spikes as unit trains: trains[u][k] = 1 if unit u spikes at row k.
struct Raster {
    std::vector<Train> trains;
    Index steps() const { return trains.empty() ? 0 : static_cast<Index>(trains[0].size()); }
    Index units() const { return static_cast<Index>(trains.size()); }
};

struct Csr {
    I64 indptr, indices;
    std::vector<double> data;
};

struct FileSpec {
    std::string format = "sorn"; // empty: no format attribute
    std::optional<Raster> e, i;
    std::int64_t first_step = 1;
    bool padding_bits = true; // set the unused bits of the last byte (readers must mask them)
    I64 ee_counts, ei_counts;
    std::optional<Csr> w_ee;
};

void write_attr_dataset(hid_t parent, const std::string& name, Index units,
                        std::int64_t first_step) {
    h5::Handle d(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose, "open " + name);
    h5::write_attribute(d.get(), "units", static_cast<std::int64_t>(units));
    h5::write_attribute(d.get(), "first_step", first_step);
}

void write_raster(hid_t rec, const std::string& name, const Raster& r, std::int64_t first_step,
                  bool padding) {
    const Index bytes = (r.units() + 7) / 8;
    std::vector<std::uint8_t> packed(static_cast<std::size_t>(r.steps() * bytes), 0);
    for (Index k = 0; k < r.steps(); ++k) {
        for (Index u = 0; u < r.units(); ++u)
            if (r.trains[u][k])
                packed[k * bytes + u / 8] |= static_cast<std::uint8_t>(1u << (u % 8));
        if (padding && r.units() % 8)
            packed[k * bytes + bytes - 1] |= static_cast<std::uint8_t>(0xFFu << (r.units() % 8));
    }
    h5::Table2D<std::uint8_t> t(rec, name, static_cast<std::uint64_t>(r.steps()),
                                static_cast<std::uint64_t>(bytes));
    t.write_block(0, root() ? r.steps() : 0, 0, root() ? bytes : 0, packed.data());
    write_attr_dataset(rec, name, r.units(), first_step);
}

template <class T> void write_all(hid_t parent, const std::string& name, const std::vector<T>& v) {
    h5::write_vector<T>(parent, name, v.size(), 0, v.data(), root() ? v.size() : 0);
}

// Written collectively; rank 0 supplies every value.
void write_result_file(const std::string& path, const FileSpec& s) {
    h5::File f = h5::File::create(world(), path);
    if (!s.format.empty()) h5::write_attribute(f.get(), "format", s.format);
    if (!s.format.empty()) h5::write_attribute(f.get(), "format_version", sorn::format::version);
    h5::Handle params = h5::create_group(f.get(), "parameters");
    if (s.e) h5::write_attribute(params.get(), "ne", static_cast<std::int64_t>(s.e->units()));
    h5::Handle rec = h5::create_group(f.get(), "recordings");
    h5::write_attribute(rec.get(), "first_step", s.first_step);
    if (s.e) write_raster(rec.get(), "ExcitatoryActivation", *s.e, s.first_step, s.padding_bits);
    if (s.i) write_raster(rec.get(), "InhibitoryActivation", *s.i, s.first_step, s.padding_bits);
    if (!s.ee_counts.empty()) write_all(rec.get(), "EEConnectionCounts", s.ee_counts);
    if (!s.ei_counts.empty()) write_all(rec.get(), "EIConnectionCounts", s.ei_counts);
    if (s.w_ee) {
        h5::Handle state = h5::create_group(f.get(), "state");
        h5::write_attribute(state.get(), "step", std::int64_t{99});
        h5::Handle w = h5::create_group(state.get(), "W_ee");
        const auto n = static_cast<std::int64_t>(s.w_ee->indptr.size()) - 1;
        h5::write_attribute(w.get(), "rows", n);
        h5::write_attribute(w.get(), "cols", n);
        write_all(w.get(), "indptr", s.w_ee->indptr);
        write_all(w.get(), "indices", s.w_ee->indices);
        write_all(w.get(), "data", s.w_ee->data);
    }
    f.close();
}

Train train(const char* bits) {
    Train t;
    for (const char* c = bits; *c; ++c) t.push_back(*c == '1');
    return t;
}

// The hand raster: 11 units (the last byte is partial), 12 steps from step 5.
//   u0  101010101010   u1 110011001100   u3 111111111111   u9 000100000001   u10 100000000000
// Active units per step: 4 2 2 2 3 2 2 1 3 2 2 2 (27 spikes).
Raster hand_raster() {
    Raster r;
    r.trains.assign(11, Train(12, 0));
    r.trains[0] = train("101010101010");
    r.trains[1] = train("110011001100");
    r.trains[3] = train("111111111111");
    r.trains[9] = train("000100000001");
    r.trains[10] = train("100000000000");
    return r;
}
const I64 hand_activity = {4, 2, 2, 2, 3, 2, 2, 1, 3, 2, 2, 2};

FileSpec hand_spec() {
    FileSpec s;
    s.e = hand_raster();
    s.first_step = 5;
    for (std::int64_t k = 0; k < 12; ++k) {
        s.ee_counts.push_back(100 + k);
        s.ei_counts.push_back(50);
    }
    // Rows (postsynaptic) 0: from 1, 2; 1: from 0; 3: from 0, 1, 2.
    s.w_ee = Csr{
        {0, 2, 3, 3, 6, 6, 6, 6, 6, 6, 6, 6}, {1, 2, 0, 0, 1, 2}, {0.5, 0.5, 1.0, 0.2, 0.3, 0.5}};
    return s;
}

an::AnalysisOptions options_for(const std::string& input) {
    an::AnalysisOptions o;
    o.input = input;
    return o;
}

// Bitwise equality; NaN equals NaN.
bool same_double(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

void expect_same(const an::Scalar& a, const an::Scalar& b, const std::string& where) {
    EXPECT_EQ(a.name, b.name) << where;
    if (const auto* x = std::get_if<double>(&a.value)) {
        const auto* y = std::get_if<double>(&b.value);
        EXPECT_TRUE(y && same_double(*x, *y)) << where << "/" << a.name;
    } else {
        EXPECT_TRUE(a.value == b.value) << where << "/" << a.name;
    }
}

void expect_same(const an::Group& a, const an::Group& b, const std::string& where) {
    const std::string here = where + "/" + a.name;
    EXPECT_EQ(a.name, b.name) << here;
    ASSERT_EQ(a.scalars.size(), b.scalars.size()) << here;
    for (std::size_t k = 0; k < a.scalars.size(); ++k)
        expect_same(a.scalars[k], b.scalars[k], here);
    ASSERT_EQ(a.arrays.size(), b.arrays.size()) << here;
    for (std::size_t k = 0; k < a.arrays.size(); ++k) {
        EXPECT_EQ(a.arrays[k].name, b.arrays[k].name) << here;
        EXPECT_EQ(a.arrays[k].shape, b.arrays[k].shape) << here;
        if (const auto* x = std::get_if<I64>(&a.arrays[k].data)) {
            EXPECT_EQ(*x, std::get<I64>(b.arrays[k].data)) << here << "/" << a.arrays[k].name;
        } else {
            const auto& dx = std::get<std::vector<double>>(a.arrays[k].data);
            const auto& dy = std::get<std::vector<double>>(b.arrays[k].data);
            ASSERT_EQ(dx.size(), dy.size()) << here << "/" << a.arrays[k].name;
            EXPECT_TRUE(dx.empty() ||
                        std::memcmp(dx.data(), dy.data(), dx.size() * sizeof(double)) == 0)
                << here << "/" << a.arrays[k].name;
        }
    }
    ASSERT_EQ(a.groups.size(), b.groups.size()) << here;
    for (std::size_t k = 0; k < a.groups.size(); ++k) expect_same(a.groups[k], b.groups[k], here);
}

void expect_same(const an::Results& a, const an::Results& b) {
    ASSERT_EQ(a.header.size(), b.header.size());
    for (std::size_t k = 0; k < a.header.size(); ++k) expect_same(a.header[k], b.header[k], "");
    ASSERT_EQ(a.groups.size(), b.groups.size());
    for (std::size_t k = 0; k < a.groups.size(); ++k) expect_same(a.groups[k], b.groups[k], "");
    EXPECT_EQ(a.skipped, b.skipped);
    EXPECT_EQ(an::results_json(a), an::results_json(b));
}

const an::Group& group(const an::Results& r, const std::string& name) {
    const an::Group* g = r.find(name);
    if (!g) throw sorn::InternalError("no group " + name);
    return *g;
}

template <class T> const std::vector<T>& array(const an::Group& g, const std::string& name) {
    const an::Array* a = g.find_array(name);
    if (!a) throw sorn::InternalError("no array " + g.name + "/" + name);
    return std::get<std::vector<T>>(a->data);
}

std::string text(const an::Group& g, const std::string& name) {
    return std::get<std::string>(g.find(name)->value);
}

// Runs o on the whole communicator and on MPI_COMM_SELF (every rank alone): they must agree
// bit for bit. Returns the whole-communicator results.
an::Results analyze_everywhere(const an::AnalysisOptions& o) {
    const an::Results all = an::analyze(world(), o);
    an::AnalysisOptions alone = o;
    alone.output.clear();  // every rank would write the same file
    alone.chunk_steps = 0; // another chunking: the results may not depend on it either
    const an::Results one = an::analyze(MPI_COMM_SELF, alone);
    expect_same(all, one);
    return all;
}

} // namespace

// ---- every statistic on the hand raster -------------------------------------------------------

class AnalyzeHandRaster : public ::testing::Test {
protected:
    void SetUp() override {
        path_ = temp_path("hand.h5");
        write_result_file(path_, hand_spec());
    }
    void TearDown() override { remove_file(path_); }
    std::string path_;
};

TEST_F(AnalyzeHandRaster, RatesAndNetworkActivity) {
    an::AnalysisOptions o = options_for(path_);
    o.bin_size = 3;
    const an::Results r = analyze_everywhere(o);
    EXPECT_EQ(r.header[4].name, "units");
    EXPECT_TRUE(r.header[4].value == an::ScalarValue(std::int64_t{11}));
    const an::Group& g = group(r, "rates");
    EXPECT_EQ(g.number("total_spikes"), 27);
    EXPECT_DOUBLE_EQ(g.number("mean_rate"), 27.0 / 132.0);
    EXPECT_EQ(g.number("silent_units"), 6);
    EXPECT_DOUBLE_EQ(g.number("mean_activity"), 27.0 / 12.0);
    EXPECT_EQ(g.number("activity_max"), 4);
    EXPECT_EQ(array<std::int64_t>(g, "spike_count"), (I64{6, 6, 0, 12, 0, 0, 0, 0, 0, 2, 1}));
    EXPECT_EQ(array<std::int64_t>(g, "network_activity"), hand_activity);
    EXPECT_DOUBLE_EQ(array<double>(g, "rate")[0], 0.5);
    EXPECT_DOUBLE_EQ(array<double>(g, "spikes_per_bin")[0], 1.5); // the package: 6 * 3 / 12
    const std::vector<double>& binned = array<double>(g, "network_rate_binned");
    ASSERT_EQ(binned.size(), 4u); // sums 8, 7, 6, 6 over 3 steps x 11 units
    EXPECT_DOUBLE_EQ(binned[0], 8.0 / 33.0);
    EXPECT_DOUBLE_EQ(binned[3], 6.0 / 33.0);
}

TEST_F(AnalyzeHandRaster, FanoFactors) {
    an::AnalysisOptions o = options_for(path_);
    o.fano_window = 4;
    const an::Results g_results = analyze_everywhere(o);
    const an::Group& g = group(g_results, "fano");
    const std::vector<double>& ff = array<double>(g, "fano_factor");
    // Window counts: u0, u1 (2, 2, 2) and u3 (4, 4, 4) are constant; u9 (1, 0, 1); u10 (1, 0, 0).
    EXPECT_EQ(ff[0], 0.0);
    EXPECT_EQ(ff[1], 0.0);
    EXPECT_EQ(ff[3], 0.0);
    EXPECT_DOUBLE_EQ(ff[9], 1.0 / 3.0);
    EXPECT_DOUBLE_EQ(ff[10], 2.0 / 3.0);
    EXPECT_TRUE(std::isnan(ff[2]));
    EXPECT_EQ(g.number("windows"), 3);
    EXPECT_EQ(g.number("units_defined"), 5);
    EXPECT_EQ(g.number("units_undefined"), 6);
    EXPECT_NEAR(g.number("mean"), 0.2, 1e-15);
}

TEST_F(AnalyzeHandRaster, IntervalsEntropyAutocorrSmoothness) {
    an::AnalysisOptions o = options_for(path_);
    o.autocorr_lags = 3;
    const an::Results r = analyze_everywhere(o);
    // u0: five 2s; u1: 1 3 1 3 1; u3: eleven 1s; u9: one 8.
    const an::Group& isi = group(r, "isi");
    EXPECT_EQ(array<std::int64_t>(isi, "histogram"), (I64{0, 14, 5, 2, 0, 0, 0, 0, 1}));
    EXPECT_EQ(isi.number("count"), 22);
    EXPECT_DOUBLE_EQ(isi.number("mean"), 38.0 / 22.0);
    EXPECT_DOUBLE_EQ(isi.number("geometric_p"), 22.0 / 38.0);

    double h = 0.0;
    for (double c : {6.0, 6.0, 12.0, 2.0, 1.0}) h -= c / 27.0 * std::log(c / 27.0);
    EXPECT_NEAR(group(r, "entropy").number("spike_source_entropy"), h / std::log(11.0), 1e-15);

    const std::vector<double> a(hand_activity.begin(), hand_activity.end());
    EXPECT_EQ(array<double>(group(r, "autocorr"), "autocorr"), an::autocorr_lags(a, 3));
    const an::Group& s = group(r, "smoothness");
    EXPECT_EQ(s.number("scale_dependent"), an::scale_dependent_smoothness(a));
    EXPECT_EQ(s.number("scale_independent"), an::scale_independent_smoothness(a));
}

TEST_F(AnalyzeHandRaster, Avalanches) {
    an::AnalysisOptions o = options_for(path_);
    // Default θ = round(27 / 12 / 2) = 1: one run above it from step 0 to 6 (cut by the start)
    // and one from 8 to 11 (cut by the end).
    const an::Results d_results = analyze_everywhere(o);
    const an::Group& d = group(d_results, "avalanches");
    EXPECT_EQ(d.number("threshold"), 1);
    EXPECT_EQ(d.number("count"), 0);
    EXPECT_EQ(d.number("truncated"), 2);
    // θ = 2: complete avalanches at rows 4 and 8 (a = 3), each of size 1 and duration 1.
    o.avalanche_threshold = 2;
    const an::Results g_results = analyze_everywhere(o);
    const an::Group& g = group(g_results, "avalanches");
    EXPECT_EQ(text(g, "threshold_rule"), "given");
    EXPECT_EQ(array<std::int64_t>(g, "start_step"), (I64{9, 13}));
    EXPECT_EQ(array<std::int64_t>(g, "size"), (I64{1, 1}));
    EXPECT_EQ(array<std::int64_t>(g, "duration"), (I64{1, 1}));
    EXPECT_EQ(g.number("truncated"), 1);
    EXPECT_EQ(g.find_group("size_fit")->number("fitted"), 0); // two samples: no fit
}

TEST_F(AnalyzeHandRaster, Correlations) {
    const Raster h = hand_raster();
    const an::Results g_results = analyze_everywhere(options_for(path_));
    const an::Group& g = group(g_results, "correlation");
    EXPECT_EQ(text(g, "method"), "exact");
    EXPECT_EQ(g.number("pairs"), 55);
    EXPECT_EQ(g.number("pairs_used"), 6); // among u0, u1, u9, u10 (u3 never rests)
    EXPECT_EQ(g.number("pairs_undefined"), 49);
    double sum = 0.0;
    for (auto [a, b] : {std::pair{0, 1}, {0, 9}, {0, 10}, {1, 9}, {1, 10}, {9, 10}})
        sum += an::pearson_binary(h.trains[a], h.trains[b]);
    EXPECT_DOUBLE_EQ(g.number("mean"), sum / 6.0);
    const std::vector<double>& m = array<double>(g, "subset_matrix");
    ASSERT_EQ(m.size(), 121u);     // the default 50 first units, clipped to 11
    EXPECT_EQ(m[0 * 11 + 1], 0.0); // u0, u1: 3 coincidences = 6 * 6 / 12
    EXPECT_EQ(m[10 * 11 + 0], an::pearson_binary(h.trains[0], h.trains[10]));
    EXPECT_EQ(m[0], 1.0);
    EXPECT_TRUE(std::isnan(m[2 * 11 + 2]));
    EXPECT_TRUE(std::isnan(m[3 * 11 + 0]));
}

TEST_F(AnalyzeHandRaster, HammingDistanceToAPerturbedRun) {
    FileSpec s = hand_spec();
    s.e->trains[0][3] = 1;   // step 8
    s.e->trains[10][11] = 1; // step 16
    s.padding_bits = false;  // differs from the first file, but is not a unit
    const std::string other = temp_path("perturbed.h5");
    write_result_file(other, s);
    an::AnalysisOptions o = options_for(path_);
    o.compare = other;
    const an::Results g_results = analyze_everywhere(o);
    const an::Group& g = group(g_results, "hamming");
    EXPECT_EQ(array<std::int64_t>(g, "distance"), (I64{0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1}));
    EXPECT_EQ(g.number("first_difference_step"), 8);
    EXPECT_EQ(g.number("final"), 1);
    EXPECT_DOUBLE_EQ(g.number("mean"), 2.0 / 12.0);
    remove_file(other);
}

TEST_F(AnalyzeHandRaster, ConnectivityDegreesAndWeights) {
    const an::Results r = analyze_everywhere(options_for(path_));
    const an::Group& c = group(r, "connections");
    EXPECT_EQ(array<std::int64_t>(c, "ee_count").front(), 100);
    EXPECT_EQ(c.number("ee_last"), 111);
    EXPECT_EQ(c.number("ei_mean"), 50);
    const an::Group& d = group(r, "degrees");
    EXPECT_EQ(d.number("synapses"), 6);
    EXPECT_EQ(array<std::int64_t>(d, "in_degree"), (I64{2, 1, 0, 3, 0, 0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(array<std::int64_t>(d, "out_degree"), (I64{2, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(array<std::int64_t>(d, "in_degree_histogram"), (I64{8, 1, 1, 1}));
    const an::Group& w = group(r, "weights");
    double mu = 0.0;
    for (double v : {0.2, 0.3, 0.5, 0.5, 0.5, 1.0}) mu += std::log(v);
    EXPECT_NEAR(w.number("lognormal_mu"), mu / 6.0, 1e-15);
    EXPECT_EQ(w.number("count"), 6);
    EXPECT_EQ(text(w, "source"), "/state/W_ee (step 99)");
}

TEST_F(AnalyzeHandRaster, WindowSelectsSteps) {
    an::AnalysisOptions o = options_for(path_);
    o.from = 6;
    o.to = 13;      // rows 1..8
    o.bin_size = 2; // the default bin of 10 steps would not fit: rates would be skipped
    const an::Results r = analyze_everywhere(o);
    const an::Group& g = group(r, "rates");
    EXPECT_EQ(g.number("total_spikes"), 17);
    EXPECT_EQ(array<std::int64_t>(g, "network_activity"),
              I64(hand_activity.begin() + 1, hand_activity.begin() + 9));
    EXPECT_EQ(array<std::int64_t>(group(r, "connections"), "ee_count"),
              (I64{101, 102, 103, 104, 105, 106, 107, 108}));
}

TEST_F(AnalyzeHandRaster, AnalysisFileHoldsResultsAndSpikeTimes) {
    const std::string out = temp_path("hand_analysis.h5");
    an::AnalysisOptions o = options_for(path_);
    o.output = out;
    o.from = 6;
    analyze_everywhere(o);
    EXPECT_TRUE(std::filesystem::exists(out));
    EXPECT_FALSE(partial_left(out));
    {
        h5::File f = h5::File::open_read(world(), out);
        EXPECT_EQ(h5::read_attribute_string(f.get(), "format"), "sorn-analysis");
        EXPECT_EQ(h5::read_attribute_int64(f.get(), "from_step"), 6);
        const I64 steps = h5::read_vector<std::int64_t>(f.get(), "spike_times/step", 0, 23);
        const I64 units = h5::read_vector<std::int64_t>(f.get(), "spike_times/unit", 0, 23);
        EXPECT_EQ(h5::shape(f.get(), "spike_times/step"), (std::vector<std::uint64_t>{23}));
        // rows 1.. of the raster: step 6: u1 u3; step 7: u0 u3; step 8: u3 u9; ...
        EXPECT_EQ(I64(steps.begin(), steps.begin() + 6), (I64{6, 6, 7, 7, 8, 8}));
        EXPECT_EQ(I64(units.begin(), units.begin() + 6), (I64{1, 3, 0, 3, 3, 9}));
        EXPECT_EQ(steps.back(), 16);
        EXPECT_EQ(units.back(), 9);
        h5::Handle rates = h5::open_group(f.get(), "rates");
        EXPECT_EQ(h5::read_attribute_int64(rates.get(), "total_spikes"), 23);
        EXPECT_EQ(h5::shape(f.get(), "correlation/subset_matrix"),
                  (std::vector<std::uint64_t>{11, 11}));
        EXPECT_EQ(h5::read_attribute_double(h5::open_group(f.get(), "avalanches/size_fit").get(),
                                            "fitted"),
                  0.0);
    }
    // An existing output needs --overwrite.
    EXPECT_THROW(an::analyze(world(), o), sorn::ConfigError);
    o.overwrite = true;
    EXPECT_NO_THROW(an::analyze(world(), o));
    remove_file(out);
}

// ---- Bernoulli trains: closed forms and rank invariance ---------------------------------------

class AnalyzeBernoulli : public ::testing::Test {
protected:
    static constexpr double p = 0.1;
    void SetUp() override {
        path_ = temp_path("bernoulli.h5");
        FileSpec s;
        s.e = bernoulli(301, 2000, 21);
        s.i = bernoulli(61, 2000, 22);
        s.first_step = 1001;
        for (std::int64_t k = 0; k < 2000; ++k) s.ee_counts.push_back(6000 - k / 10);
        Csr w{{0}, {}, {}};
        for (Index r = 0; r < 301; ++r) {
            for (Index c = 0; c < 301; ++c)
                if (c != r &&
                    sorn::rng::uniform(5, sorn::rng::Stream::ConnectivityEE, r, c) < 0.05) {
                    w.indices.push_back(c);
                    // Lognormal, clipped to (0, 1] as every weight sorn-simulate writes.
                    w.data.push_back(std::min(
                        1.0,
                        std::exp(-3 + sorn::rng::normal(5, sorn::rng::Stream::WeightEE, r, c))));
                }
            w.indptr.push_back(static_cast<std::int64_t>(w.indices.size()));
        }
        s.w_ee = w;
        write_result_file(path_, s);
    }
    void TearDown() override { remove_file(path_); }

    static Raster bernoulli(Index units, Index steps, std::uint64_t seed) {
        Raster r;
        r.trains.assign(units, Train(steps, 0));
        for (Index u = 0; u < units; ++u)
            for (Index k = 0; k < steps; ++k)
                r.trains[u][k] = sorn::rng::uniform(seed, sorn::rng::Stream::NoiseE, u, k) < p;
        return r;
    }
    std::string path_;
};

TEST_F(AnalyzeBernoulli, ClosedFormsHold) {
    an::AnalysisOptions o = options_for(path_);
    o.fano_window = 1;
    o.chunk_steps = 64; // 32 chunks: windows and intervals cross chunk boundaries
    const an::Results r = analyze_everywhere(o);
    EXPECT_NEAR(group(r, "rates").number("mean_rate"), p, 0.002); // sd 0.0004
    EXPECT_NEAR(group(r, "fano").number("mean"), 1.0 - p, 0.002);
    const an::Group& isi = group(r, "isi");
    EXPECT_NEAR(isi.number("geometric_p"), p, 0.002);
    EXPECT_LT(isi.number("ks_distance"), 0.01);
    EXPECT_NEAR(group(r, "correlation").number("mean"), 0.0, 0.002);
    EXPECT_NEAR(group(r, "entropy").number("spike_source_entropy"), 1.0, 0.001);
    EXPECT_NEAR(group(r, "autocorr").number("lag1"), 0.0, 0.1);
}

TEST_F(AnalyzeBernoulli, SampledCorrelationAndInhibitoryUnitsAreRankInvariant) {
    an::AnalysisOptions o = options_for(path_);
    o.corr_exact_max = 100; // 301 units: sample pairs
    o.corr_pairs = 3000;
    o.corr_subset_units = {300, 0, 17, 8};
    o.chunk_steps = 128;
    const an::Results g_results = analyze_everywhere(o);
    const an::Group& g = group(g_results, "correlation");
    EXPECT_EQ(text(g, "method"), "sampled");
    EXPECT_EQ(g.number("pairs"), 3000);
    EXPECT_EQ(array<std::int64_t>(g, "pair_a").size(), 3000u);
    EXPECT_EQ(array<double>(g, "subset_matrix").size(), 16u);
    o.population = an::Population::I;
    o.corr_subset_units = {60, 1};
    o.from = 1500;
    o.to = 2800;
    const an::Results r = analyze_everywhere(o);
    EXPECT_EQ(group(r, "rates").find_array("spike_count")->shape.size(), 0u);
    EXPECT_EQ(std::get<I64>(group(r, "rates").find_array("spike_count")->data).size(), 61u);
}

TEST_F(AnalyzeBernoulli, DefaultRunIsRankInvariantAndWritesTheSameFile) {
    const std::string out = temp_path("bernoulli_analysis.h5");
    an::AnalysisOptions o = options_for(path_);
    o.output = out;
    o.chunk_steps = 64;
    const an::Results r = analyze_everywhere(o);
    EXPECT_NE(r.find("weights"), nullptr);
    EXPECT_NE(r.find("avalanches"), nullptr);
    // Only the snapshot statistics are skipped: the file has no snapshots nor /state/T_e.
    ASSERT_EQ(r.skipped.size(), 3u);
    EXPECT_EQ(r.skipped[0].first, "thresholds");
    EXPECT_EQ(r.skipped[1].first, "weight_snapshots");
    EXPECT_EQ(r.skipped[2].first, "turnover");
    h5::File f = h5::File::open_read(world(), out);
    const auto n = h5::shape(f.get(), "spike_times/step").at(0);
    EXPECT_EQ(static_cast<double>(n), group(r, "rates").number("total_spikes"));
    f.close();
    remove_file(out);
}

// ---- bad input: ConfigError on every rank, no output left behind ------------------------------

class AnalyzeBadInput : public AnalyzeHandRaster {};

TEST_F(AnalyzeBadInput, MissingFileOrFileOfAnotherTool) {
    EXPECT_THROW(an::analyze(world(), options_for(temp_path("missing.h5"))), sorn::ConfigError);
    const std::string other = temp_path("other.h5");
    FileSpec s = hand_spec();
    s.format = "nest";
    write_result_file(other, s);
    EXPECT_THROW(an::analyze(world(), options_for(other)), sorn::ConfigError);
    s.format = "";
    write_result_file(other, s);
    EXPECT_THROW(an::analyze(world(), options_for(other)), sorn::ConfigError);
    if (root()) {
        std::FILE* f = std::fopen(other.c_str(), "w");
        std::fputs("not hdf5", f);
        std::fclose(f);
    }
    MPI_Barrier(world());
    EXPECT_THROW(an::analyze(world(), options_for(other)), sorn::ConfigError);
    remove_file(other);
}

TEST_F(AnalyzeBadInput, WindowOutsideTheRun) {
    an::AnalysisOptions o = options_for(path_);
    o.from = 4; // the recording starts at step 5
    EXPECT_THROW(an::analyze(world(), o), sorn::ConfigError);
    o.from = 5;
    o.to = 17; // ... and ends at step 16
    EXPECT_THROW(an::analyze(world(), o), sorn::ConfigError);
    o.to = 16;
    EXPECT_NO_THROW(an::analyze(world(), o));
}

TEST_F(AnalyzeBadInput, RequestedStatisticWithoutItsDataset) {
    const std::string bare = temp_path("bare.h5");
    FileSpec s = hand_spec();
    s.w_ee.reset();
    s.ee_counts.clear();
    s.ei_counts.clear();
    write_result_file(bare, s);
    an::AnalysisOptions o = options_for(bare);
    o.stats = {an::Statistic::Weights};
    EXPECT_THROW(an::analyze(world(), o), sorn::ConfigError);
    o.stats = {an::Statistic::Connections};
    EXPECT_THROW(an::analyze(world(), o), sorn::ConfigError);
    o.stats = {an::Statistic::Rates};
    o.population = an::Population::I; // not recorded
    EXPECT_THROW(an::analyze(world(), o), sorn::ConfigError);
    // Without --stats, what is missing is skipped and named.
    const an::Results r = an::analyze(world(), options_for(bare));
    EXPECT_NE(r.find("rates"), nullptr);
    EXPECT_EQ(r.find("weights"), nullptr);
    ASSERT_EQ(r.skipped.size(), 6u);
    EXPECT_EQ(r.skipped[0].first, "connections");
    EXPECT_EQ(r.skipped[2].first, "weights");
    EXPECT_EQ(r.skipped[3].first, "thresholds");
    EXPECT_EQ(r.skipped[4].first, "weight_snapshots");
    EXPECT_EQ(r.skipped[5].first, "turnover");
    remove_file(bare);
}

TEST_F(AnalyzeBadInput, NothingToAnalyse) {
    const std::string empty = temp_path("empty.h5");
    FileSpec s;
    write_result_file(empty, s);
    EXPECT_THROW(an::analyze(world(), options_for(empty)), sorn::ConfigError);
    remove_file(empty);
}

TEST_F(AnalyzeBadInput, CompareFileMustMatch) {
    const std::string other = temp_path("narrow.h5");
    FileSpec s = hand_spec();
    s.e->trains.resize(9); // 9 units instead of 11
    write_result_file(other, s);
    an::AnalysisOptions o = options_for(path_);
    o.compare = other;
    EXPECT_THROW(an::analyze(world(), o), sorn::ConfigError);
    s = hand_spec();
    s.first_step = 6; // steps 6..17: does not cover step 5
    write_result_file(other, s);
    EXPECT_THROW(an::analyze(world(), o), sorn::ConfigError);
    remove_file(other);
}

TEST_F(AnalyzeBadInput, OutputIsNotCreatedOnBadInput) {
    const std::string out = temp_path("never.h5");
    an::AnalysisOptions o = options_for(path_);
    o.output = out;
    o.to = 100;
    EXPECT_THROW(an::analyze(world(), o), sorn::ConfigError);
    MPI_Barrier(world());
    EXPECT_FALSE(std::filesystem::exists(out));
    EXPECT_FALSE(partial_left(out));
}

namespace {

// The message of the ConfigError that analyze(o) throws ("" if none). Collective.
std::string refusal(const an::AnalysisOptions& o) {
    try {
        an::analyze(world(), o);
    } catch (const sorn::ConfigError& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST_F(AnalyzeBadInput, StepsAreNonNegativeAndFitInInt64) {
    constexpr std::int64_t max = INT64_MAX;
    const std::string file = temp_path("steps.h5");
    FileSpec s = hand_spec();
    s.first_step = max - 12; // 12 rows: the last is step max - 1, the step after it max
    write_result_file(file, s);
    an::AnalysisOptions o = options_for(file);
    const an::Results r = analyze_everywhere(o);
    const auto header = [&](const std::string& name) {
        for (const an::Scalar& h : r.header)
            if (h.name == name) return std::get<std::int64_t>(h.value);
        ADD_FAILURE() << "no header " << name;
        return std::int64_t{0};
    };
    EXPECT_EQ(header("from_step"), max - 12);
    EXPECT_EQ(header("to_step"), max - 1);
    EXPECT_EQ(header("steps"), 12);
    EXPECT_EQ(group(r, "connections").number("ee_last"), 111);
    o.from = max;
    EXPECT_NE(refusal(o).find("window 9223372036854775807..9223372036854775806"),
              std::string::npos);
    s.first_step = max - 11; // one step too far
    write_result_file(file, s);
    EXPECT_NE(refusal(options_for(file)).find("run past the largest step"), std::string::npos);
    s.first_step = -1;
    write_result_file(file, s);
    EXPECT_NE(refusal(options_for(file)).find("first_step = -1 is negative"), std::string::npos);
    remove_file(file);
}

TEST_F(AnalyzeBadInput, WeightsLieInZeroOne) {
    const std::string file = temp_path("weights.h5"), out = temp_path("weights_out.h5");
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    constexpr double inf = std::numeric_limits<double>::infinity();
    for (double bad : {nan, 1.5, 0.0, -0.25, inf}) {
        for (std::size_t entry : {0u, 5u}) { // the first rank's block, the last rank's block
            FileSpec s = hand_spec();
            s.w_ee->data[entry] = bad;
            write_result_file(file, s);
            an::AnalysisOptions o = options_for(file);
            o.output = out;
            const std::string why = refusal(o);
            EXPECT_NE(why.find("/state/W_ee/data: weight"), std::string::npos) << bad;
            EXPECT_NE(why.find("at entry " + std::to_string(entry) + " not in (0, 1]"),
                      std::string::npos)
                << why;
            MPI_Barrier(world());
            EXPECT_FALSE(std::filesystem::exists(out));
            EXPECT_FALSE(partial_left(out));
        }
    }
    remove_file(file);
}

TEST_F(AnalyzeBadInput, CountsHaveOneEntryPerRecordedStep) {
    const std::string file = temp_path("counts.h5");
    FileSpec s = hand_spec();
    s.ee_counts.pop_back(); // 11 counts, 12 rows
    write_result_file(file, s);
    EXPECT_NE(refusal(options_for(file))
                  .find("EEConnectionCounts: 11 entries, but "
                        "/recordings/ExcitatoryActivation has 12 rows"),
              std::string::npos);
    s = hand_spec();
    s.ei_counts.push_back(50); // 13
    write_result_file(file, s);
    EXPECT_NE(refusal(options_for(file)).find("EIConnectionCounts: 13 entries"), std::string::npos);
    remove_file(file);
}

TEST_F(AnalyzeBadInput, InputAndOutputAreDistinctRegularFiles) {
    const std::string dir = temp_path("dir.h5");
    if (root()) std::filesystem::create_directory(dir);
    MPI_Barrier(world());
    EXPECT_NE(refusal(options_for(dir)).find(dir + ": is a directory"), std::string::npos);
    an::AnalysisOptions o = options_for(path_);
    o.output = dir;
    o.overwrite = true;
    EXPECT_NE(refusal(o).find("--output " + dir + ": is a directory"), std::string::npos);
    o.output = "/tmp/./" + path_.substr(5); // path_ under another name
    EXPECT_NE(refusal(o).find("is the input file"), std::string::npos);
    MPI_Barrier(world());
    if (root()) std::filesystem::remove(dir);
    EXPECT_TRUE(std::filesystem::exists(path_));
}

// The bootstrap's replicates are split over the ranks (k mod size): the count, and so the
// p-value, equals the one rank alone computes, for a replicate count no rank count divides.
TEST(TailModelsMpi, BootstrapSharedByTheRanksEqualsOneRank) {
    an::PowerLawParams p;
    p.xmin = 2;
    p.xmax = 200;
    const std::vector<std::int64_t> x = an::draw_power_law(1.8, an::Support{2, 200}, 400, 9, 0);
    const an::PowerLawFit f = an::fit_power_law(x, p);
    ASSERT_TRUE(f.ok);
    const an::BootstrapResult alone = an::power_law_bootstrap(MPI_COMM_SELF, x, p, f, 37, 4);
    const an::BootstrapResult shared = an::power_law_bootstrap(world(), x, p, f, 37, 4);
    EXPECT_EQ(shared.replicates, 37);
    EXPECT_EQ(shared.at_least_as_far, alone.at_least_as_far);
    EXPECT_EQ(shared.p, alone.p);
    EXPECT_GT(alone.at_least_as_far, 0); // a p-value of 0 or 1 would not show a lost share
    EXPECT_LT(alone.at_least_as_far, 37);
}
