// Synapse turnover (analysis/turnover.hpp): lifetimes, censoring, weight changes per weight
// bin and the connection fraction of four hand-made snapshots of a 3-unit network.
#include "sorn/analysis/turnover.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "sorn/error.hpp"

namespace an = sorn::analysis;
using I64 = std::vector<std::int64_t>;
using Ix = std::vector<sorn::Index>;

namespace {

template <class T> const std::vector<T>& array(const an::Group& g, const std::string& name) {
    const an::Array* a = g.find_array(name);
    if (!a) throw sorn::InternalError("no array " + g.name + "/" + name);
    return std::get<std::vector<T>>(a->data);
}

} // namespace

TEST(Turnover, HandMadeSnapshots) {
    an::TurnoverParams p;
    p.histogram_bins = 2;
    p.weight_floor = 0.01; // bins [0.01, 0.1), [0.1, 1] (and bin 0 below 0.01)
    an::TurnoverAccumulator acc(3, p);
    // (row, col) = (post, pre). Step 10: 0<-1 0.5, 1<-2 0.2, 2<-0 0.015.
    acc.add(10, Ix{0, 1, 2}, Ix{1, 2, 0}, {0.5, 0.2, 0.015});
    // Step 20: 1<-2 pruned (present from the start: censored), 1<-0 created; changes
    // 0<-1 +0.1 (from 0.5), 2<-0 +0.01 (from 0.015). Any entry order.
    acc.add(20, Ix{1, 2, 0}, Ix{0, 0, 1}, {0.3, 0.025, 0.6});
    // Step 30: 2<-0 pruned (censored), 1<-0 pruned after 1 interval (10 steps), 2<-1 created;
    // 0<-1 -0.2 (from 0.6).
    acc.add(30, Ix{0, 2}, Ix{1, 1}, {0.4, 0.12});
    // Step 50: 1<-2 created again; 0<-1 0 (from 0.4), 2<-1 +0.05 (from 0.12).
    acc.add(50, Ix{0, 2, 1}, Ix{1, 1, 2}, {0.4, 0.17, 0.9});
    const an::Group g = acc.finish();
    EXPECT_EQ(g.name, "turnover");
    EXPECT_EQ(g.number("snapshots"), 4);
    EXPECT_EQ(g.number("first_snapshot_step"), 10);
    EXPECT_EQ(g.number("last_snapshot_step"), 50);
    EXPECT_EQ(g.number("created"), 3);
    EXPECT_EQ(g.number("pruned"), 3);
    EXPECT_EQ(g.number("pruned_censored"), 2);
    EXPECT_EQ(g.number("lifetimes"), 1);
    EXPECT_EQ(array<std::int64_t>(g, "lifetime"), (I64{1}));
    EXPECT_EQ(array<std::int64_t>(g, "lifetime_steps"), (I64{10}));
    EXPECT_EQ(g.number("alive_at_end"), 2);     // 2<-1 and 1<-2
    EXPECT_EQ(g.number("alive_throughout"), 1); // 0<-1
    EXPECT_EQ(array<std::int64_t>(g, "synapses"), (I64{3, 3, 2, 3}));
    EXPECT_EQ(array<std::int64_t>(g, "snapshot_step"), (I64{10, 20, 30, 50}));
    const auto& f = array<double>(g, "fraction");
    EXPECT_EQ(f, (std::vector<double>{0.5, 0.5, 2.0 / 6.0, 0.5}));
    EXPECT_EQ(g.number("fraction_last"), 0.5);
    // Changes +0.1, +0.01, -0.2, 0, +0.05.
    EXPECT_EQ(g.number("weight_changes"), 5);
    EXPECT_NEAR(g.number("weight_change_mean"), -0.04 / 5, 1e-15);
    const double var = (0.01 + 0.0001 + 0.04 + 0.0025) / 5 - 0.008 * 0.008;
    EXPECT_NEAR(g.number("weight_change_std"), std::sqrt(var), 1e-14);
    const auto& edges = array<double>(g, "weight_bin_edges");
    ASSERT_EQ(edges.size(), 3u);
    EXPECT_NEAR(edges[0], 0.01, 1e-17);
    EXPECT_NEAR(edges[1], 0.1, 1e-16);
    EXPECT_EQ(edges[2], 1.0);
    EXPECT_EQ(array<std::int64_t>(g, "change_count"), (I64{0, 1, 4}));
    const auto& mean = array<double>(g, "change_mean");
    EXPECT_TRUE(std::isnan(mean[0]));
    EXPECT_NEAR(mean[1], 0.01, 1e-15);
    EXPECT_NEAR(mean[2], -0.05 / 4, 1e-15);
    const auto& sd = array<double>(g, "change_std");
    EXPECT_NEAR(sd[1], 0.0, 1e-9);
    EXPECT_NEAR(sd[2], std::sqrt((0.01 + 0.04 + 0.0025) / 4 - 0.0125 * 0.0125), 1e-14);
    ASSERT_NE(g.find_group("lifetime_fit"), nullptr);
    EXPECT_EQ(g.find_group("lifetime_fit")->number("fitted"), 0); // one lifetime: no fit
}
