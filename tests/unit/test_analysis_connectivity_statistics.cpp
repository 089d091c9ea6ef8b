// The connectivity statistics (analysis/connectivity_statistics.hpp) called directly: counts,
// degrees and weights given by hand, parameters as plain structs, no command line and no
// file (the degrees' reduction runs on MPI_COMM_SELF).
#include "sorn/analysis/connectivity_statistics.hpp"

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

template <class T> const std::vector<T>& array(const an::Group& g, const std::string& name) {
    const an::Array* a = g.find_array(name);
    if (!a) throw sorn::InternalError("no array " + g.name + "/" + name);
    return std::get<std::vector<T>>(a->data);
}

std::string text(const an::Group& g, const std::string& name) {
    return std::get<std::string>(g.find(name)->value);
}

} // namespace

TEST(ConnectionsGroup, HandCounts) {
    an::ConnectionCounts c;
    c.window = {5, 8};
    c.series = {{"ee", "/recordings/EEConnectionCounts", {10, 12, 11, 9}},
                {"ei", "/recordings/EIConnectionCounts", {4, 4, 4, 4}}};
    const an::Group g = an::connections_group(c);
    EXPECT_EQ(g.name, "connections");
    EXPECT_EQ(g.number("first_step"), 5);
    EXPECT_EQ(g.number("last_step"), 8);
    EXPECT_EQ(g.number("ee_first"), 10);
    EXPECT_EQ(g.number("ee_last"), 9);
    EXPECT_EQ(g.number("ee_mean"), 10.5);
    EXPECT_EQ(g.number("ee_min"), 9);
    EXPECT_EQ(g.number("ee_max"), 12);
    EXPECT_EQ(g.number("ei_mean"), 4.0);
    EXPECT_EQ(array<std::int64_t>(g, "ee_count"), (I64{10, 12, 11, 9}));
    const an::Array* a = g.find_array("ei_count");
    ASSERT_EQ(a->attributes.size(), 1u);
    EXPECT_EQ(a->attributes[0].name, "first_step");
    EXPECT_TRUE(a->attributes[0].value == an::ScalarValue(std::int64_t{5}));
    EXPECT_NE(a->meaning.find("/recordings/EIConnectionCounts"), std::string::npos);
}

TEST(DegreesGroup, HandSynapses) {
    // Rows (postsynaptic) 0: from 1, 2; 1: from 0; 3: from 0, 1, 2.
    an::SynapseBlock block;
    block.row = {0, 0, 1, 3, 3, 3};
    block.col = {1, 2, 0, 0, 1, 2};
    block.weight = {0.5, 0.5, 1.0, 0.2, 0.3, 0.5};
    const an::Degrees d = an::count_degrees(MPI_COMM_SELF, block, 4);
    EXPECT_EQ(d.in, (I64{2, 1, 0, 3}));
    EXPECT_EQ(d.out, (I64{2, 2, 2, 0}));
    const an::Group g = an::degrees_group(d, "/state/W_ee (step 7)");
    EXPECT_EQ(g.name, "degrees");
    EXPECT_EQ(text(g, "source"), "/state/W_ee (step 7)");
    EXPECT_EQ(g.number("units"), 4);
    EXPECT_EQ(g.number("synapses"), 6);
    EXPECT_EQ(g.number("mean_in_degree"), 1.5);
    EXPECT_EQ(g.number("std_in_degree"), std::sqrt(1.25));
    EXPECT_EQ(g.number("max_in_degree"), 3);
    EXPECT_EQ(g.number("mean_out_degree"), 1.5);
    EXPECT_EQ(g.number("max_out_degree"), 2);
    EXPECT_EQ(array<std::int64_t>(g, "in_degree"), (I64{2, 1, 0, 3}));
    EXPECT_EQ(array<std::int64_t>(g, "in_degree_histogram"), (I64{1, 1, 1, 1}));
    EXPECT_EQ(array<std::int64_t>(g, "out_degree_histogram"), (I64{1, 0, 3}));
}

TEST(WeightsGroup, HandWeightsWithTheirOwnBins) {
    // ln w = -2, -1, 0: mu = -1, sigma² = 2/3.
    const F64 w = {1.0, std::exp(-2.0), std::exp(-1.0)};
    an::WeightsParams p;
    p.histogram_bins = 4;
    const an::Group g = an::weights_group(w, "/recordings/WEE snapshot 3", p);
    EXPECT_EQ(g.name, "weights");
    EXPECT_EQ(text(g, "source"), "/recordings/WEE snapshot 3");
    EXPECT_EQ(g.number("count"), 3);
    EXPECT_NEAR(g.number("mean"), (1.0 + std::exp(-2.0) + std::exp(-1.0)) / 3.0, 1e-14);
    EXPECT_EQ(g.number("min"), std::exp(-2.0));
    EXPECT_EQ(g.number("median"), std::exp(-1.0));
    EXPECT_EQ(g.number("max"), 1.0);
    EXPECT_EQ(g.number("nonpositive"), 0);
    EXPECT_NEAR(g.number("lognormal_mu"), -1.0, 1e-14);
    EXPECT_NEAR(g.number("lognormal_sigma"), std::sqrt(2.0 / 3.0), 1e-14);
    EXPECT_NEAR(g.number("lognormal_median"), std::exp(-1.0), 1e-14);
    EXPECT_NEAR(g.number("lognormal_mode"), std::exp(-1.0 - 2.0 / 3.0), 1e-14);
    // 4 log-spaced bins over [e^-2, 1]: e^-2 in the first, e^-1 in the third, 1 in the last.
    const F64& edges = array<double>(g, "histogram_edges");
    ASSERT_EQ(edges.size(), 5u);
    EXPECT_NEAR(edges.front(), std::exp(-2.0), 1e-14);
    EXPECT_NEAR(edges.back(), 1.0, 1e-14);
    EXPECT_NEAR(edges[2], std::exp(-1.0), 1e-14);
    I64 counts = array<std::int64_t>(g, "histogram_counts");
    ASSERT_EQ(counts.size(), 4u);
    EXPECT_EQ(counts[0], 1);
    EXPECT_EQ(counts[1] + counts[2], 1); // e^-1 sits on the middle edge
    EXPECT_EQ(counts[3], 1);
}

TEST(WeightsGroup, GatheredOnOneRankWithDefaultBins) {
    an::SynapseBlock block;
    block.weight = {0.25, 0.5};
    const F64 w = an::gather_weights(MPI_COMM_SELF, block);
    EXPECT_EQ(w, (F64{0.25, 0.5}));
    const an::Group g = an::weights_group(w, "x");
    EXPECT_EQ(g.number("count"), 2);
    EXPECT_EQ(array<std::int64_t>(g, "histogram_counts").size(), 50u); // default bins
}
