// Whole-network tests: rank invariance, MODEL.md invariants after thousands of steps,
// frozen rules, and self-organization of the mean rate towards h_ip.
#include <gtest/gtest.h>

#include <cmath>

#include "../common/gather.hpp"
#include "sorn/sim/simulation.hpp"

using namespace sorn;
using test::Entry;
using test::gather_entries;

namespace {

model::ModelParams small_network() {
    model::ModelParams p;
    p.seed = 42;
    p.network.N_e = 60;
    p.network.lambda_ee = 10;
    p.network.lambda_ei = 20;
    p.network.type_ie = model::ConnectionType::Sparse;
    p.network.lambda_ie = 8;
    p.input.source = model::InputSource::Random;
    p.plasticity.sp.prob = 0.5;
    return p;
}

struct Snapshot {
    std::vector<Entry> W_ee, W_ei, W_ie;
    std::vector<Real> T_e, T_i;
    std::vector<std::vector<Index>> x_history, y_history;
};

Snapshot run(MPI_Comm comm, const model::ModelParams& p, Index steps) {
    sim::Simulation s(comm, p);
    Snapshot out;
    for (Index t = 0; t < steps; ++t) {
        s.step();
        out.x_history.push_back(s.network().x.active());
        out.y_history.push_back(s.network().y.active());
    }
    const model::Network& n = s.network();
    out.W_ee = gather_entries(comm, n.W_ee, false);
    out.W_ei = gather_entries(comm, n.W_ei, false);
    out.W_ie = gather_entries(comm, n.W_ie, false);
    out.T_e = test::all_gather(comm, n.T_e);
    out.T_i = test::all_gather(comm, n.T_i);
    return out;
}

void expect_identical(const Snapshot& a, const Snapshot& b) {
    EXPECT_TRUE(a.W_ee == b.W_ee);
    EXPECT_TRUE(a.W_ei == b.W_ei);
    EXPECT_TRUE(a.W_ie == b.W_ie);
    EXPECT_TRUE(a.T_e == b.T_e); // exact: no tolerance
    EXPECT_TRUE(a.T_i == b.T_i);
    EXPECT_TRUE(a.x_history == b.x_history);
    EXPECT_TRUE(a.y_history == b.y_history);
}

// Row sums of the gathered entries (synapses only), in global column order.
std::vector<double> row_sums(const std::vector<Entry>& entries, Index rows) {
    std::vector<double> s(rows, 0.0);
    for (const Entry& e : entries) s[e.row] += e.w;
    return s;
}

} // namespace

TEST(Simulation, BitIdenticalToOneRank) {
    model::ModelParams p = small_network();
    for (bool fast : {false, true}) {
        p.network.fast_inhibition = fast;
        p.network.initial_activity =
            fast ? model::InitialActivity::Random : model::InitialActivity::Zero;
        const Snapshot distributed = run(PETSC_COMM_WORLD, p, 300);
        const Snapshot serial = run(PETSC_COMM_SELF, p, 300); // every rank alone
        expect_identical(distributed, serial);
    }
}

TEST(Simulation, PackageDegreeModeIsRankInvariant) {
    model::ModelParams p = small_network();
    p.network.ee_degree = model::EeDegree::Package;
    p.input.mapping = model::InputMapping::Pool;
    p.input.pool_size = 3;
    expect_identical(run(PETSC_COMM_WORLD, p, 100), run(PETSC_COMM_SELF, p, 100));
}

TEST(Simulation, SynapseCountsFollowPruningAndGrowth) {
    model::ModelParams p = small_network();
    p.plasticity.sp.prob = 2.0; // growth and pruning both busy
    sim::Simulation s(PETSC_COMM_WORLD, p);
    for (Index t = 0; t < 2000; ++t) {
        s.step();
        if (t % 250 == 0) {
            EXPECT_EQ(s.network().W_ee.local_synapses(), s.network().W_ee.count_synapses());
            EXPECT_EQ(s.network().W_ei.local_synapses(), s.network().W_ei.count_synapses());
        }
    }
}

TEST(Simulation, InvariantsHoldAfterThousandsOfSteps) {
    model::ModelParams p = small_network();
    const Snapshot s = run(PETSC_COMM_WORLD, p, 3000);
    for (const auto* W : {&s.W_ee, &s.W_ei, &s.W_ie})
        for (const Entry& e : *W) {
            EXPECT_GE(e.w, 0.0);
            EXPECT_LE(e.w, 1.0);
        }
    for (const Entry& e : s.W_ee) EXPECT_NE(e.row, e.col) << "self-synapse";
    for (const auto* W : {&s.W_ee, &s.W_ei})
        for (double sum : row_sums(*W, p.network.N_e)) EXPECT_NEAR(sum, 1.0, 1e-12);
}

TEST(Simulation, FrozenRuleLeavesItsQuantityUnchanged) {
    model::ModelParams p = small_network();
    const Snapshot initial = run(PETSC_COMM_WORLD, p, 0);

    model::ModelParams frozen_ip = p;
    frozen_ip.plasticity.freeze(model::Rule::Ip);
    EXPECT_TRUE(run(PETSC_COMM_WORLD, frozen_ip, 500).T_e == initial.T_e);

    // W_ee changes through STDP, SP and SN; W_ei through iSTDP and SN.
    model::ModelParams frozen_ee = p;
    for (auto r : {model::Rule::Stdp, model::Rule::Sp, model::Rule::Sn})
        frozen_ee.plasticity.freeze(r);
    const Snapshot a = run(PETSC_COMM_WORLD, frozen_ee, 500);
    EXPECT_TRUE(a.W_ee == initial.W_ee);
    EXPECT_FALSE(a.W_ei == initial.W_ei); // iSTDP still learns
    EXPECT_FALSE(a.T_e == initial.T_e);   // IP still learns

    model::ModelParams frozen_ei = p;
    frozen_ei.plasticity.freeze(model::Rule::Istdp);
    frozen_ei.plasticity.freeze(model::Rule::Sn);
    const Snapshot b = run(PETSC_COMM_WORLD, frozen_ei, 500);
    EXPECT_TRUE(b.W_ei == initial.W_ei);

    model::ModelParams training = p;
    training.plasticity.freeze_all();
    const Snapshot c = run(PETSC_COMM_WORLD, training, 500);
    EXPECT_TRUE(c.W_ee == initial.W_ee);
    EXPECT_TRUE(c.W_ei == initial.W_ei);
    EXPECT_TRUE(c.W_ie == initial.W_ie);
    EXPECT_TRUE(c.T_e == initial.T_e);
    EXPECT_TRUE(c.T_i == initial.T_i);
}

TEST(Simulation, DefaultNetworkSelfOrganizesToTargetRate) {
    model::ModelParams p; // the package's defaults: 200 E units, noise on
    p.seed = 3;
    sim::Simulation s(PETSC_COMM_WORLD, p);
    double spikes = 0.0;
    const Index steps = 5000, window = 1000;
    for (Index t = 0; t < steps; ++t) {
        s.step();
        if (t >= steps - window) spikes += static_cast<double>(s.network().x.count());
    }
    const double rate = spikes / (static_cast<double>(window) * p.network.N_e);
    EXPECT_NEAR(rate, p.plasticity.ip.mu, 0.02);
}
