// Whole-network tests: rank invariance, MODEL.md invariants after thousands of steps,
// frozen rules, and self-organization of the mean rate towards h_ip.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

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

Snapshot run(MPI_Comm comm, const model::ModelParams& p, Index steps,
             Index column_view_limit = model::default_column_view_limit) {
    sim::Simulation s(comm, p, {}, {}, column_view_limit);
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

// Without column views (what a large network does: the drive then sums by a pass over the
// rows, and the row passes run) every spike, weight and threshold is the same, through two merges
// of new synapses, on any number of ranks.
TEST(Simulation, DriveByRowsIsBitIdenticalToTheColumnWalk) {
    model::ModelParams p = small_network();
    p.network.initial_activity = model::InitialActivity::Random;
    const Snapshot walked = run(PETSC_COMM_WORLD, p, 2100);
    const Snapshot streamed = run(PETSC_COMM_WORLD, p, 2100, 0);
    expect_identical(walked, streamed);
    EXPECT_FALSE(walked.x_history.back().empty()); // the network is still spiking
}

// The row passes (no column view of W_ee: STDP, SN and the next drive in one pass, the rows
// SP may change deferred; none of W_ei: iSTDP, SN and the next drive) give the bits of the
// rules run one by one, whichever rules are frozen, with --stdp-prune-below, with pair
// sampling (which has no E->E row pass), with iSTDP's bounds and with iSTDP pruning.
TEST(Simulation, RowPassIsBitIdenticalForEveryFrozenRuleAndSwitch) {
    model::ModelParams base = small_network();
    base.network.initial_activity = model::InitialActivity::Random;
    base.plasticity.sp.prob = 2.5; // several deferred rows in most steps
    std::vector<model::ModelParams> cases;
    for (auto r : {model::Rule::Stdp, model::Rule::Sp, model::Rule::Istdp, model::Rule::Sn}) {
        cases.push_back(base);
        cases.back().plasticity.freeze(r);
    }
    cases.push_back(base);
    cases.back().plasticity.stdp.prune_below = 0.05;
    cases.push_back(base);
    cases.back().plasticity.sp.sampling = model::SpSampling::Pair;
    cases.push_back(base);
    cases.back().plasticity.freeze_all();
    cases.push_back(base);
    cases.back().plasticity.istdp.w_min = 0.001; // clip to [w_min, 1]
    cases.push_back(cases.back());
    cases.back().plasticity.istdp.bound = model::IstdpBound::Reset;
    cases.push_back(base);
    cases.back().plasticity.istdp.eta = 0.05; // I->E weights reach 0 and are pruned
    for (std::size_t k = 0; k < cases.size(); ++k) {
        SCOPED_TRACE("case " + std::to_string(k));
        expect_identical(run(PETSC_COMM_WORLD, cases[k], 1100),
                         run(PETSC_COMM_WORLD, cases[k], 1100, 0));
    }
}

TEST(Simulation, PackageDegreeModeIsRankInvariant) {
    model::ModelParams p = small_network();
    p.network.ee_degree = model::EeDegree::Package;
    p.network.ei_degree = model::EiDegree::Package;
    p.plasticity.sp.sampling = model::SpSampling::Pair;
    p.plasticity.sp.prob = 2.5;
    p.input.mapping = model::InputMapping::Pool;
    p.input.pool_size = 3;
    expect_identical(run(PETSC_COMM_WORLD, p, 100), run(PETSC_COMM_SELF, p, 100));
}

// --ip-target package: IP moves T_e towards 2 N_u / N_e, iSTDP still uses h_ip = mu-ip.
TEST(Simulation, PackageIpTargetIsTwoNuOverNeForIpOnly) {
    model::ModelParams p = small_network();
    p.network.N_u = 6; // 2 * 6 / 60 = 0.2, mu-ip = 0.1
    p.plasticity.ip.target = model::IpTarget::Package;

    model::ModelParams ip_only = p;
    for (auto r : {model::Rule::Stdp, model::Rule::Sp, model::Rule::Istdp, model::Rule::Sn})
        ip_only.plasticity.freeze(r);
    sim::Simulation s(PETSC_COMM_WORLD, ip_only);
    for (Index t = 0; t < 20; ++t) {
        const std::vector<Real> before = test::all_gather(PETSC_COMM_WORLD, s.network().T_e);
        s.step();
        const std::vector<Real> after = test::all_gather(PETSC_COMM_WORLD, s.network().T_e);
        for (Index i = 0; i < p.network.N_e; ++i)
            EXPECT_EQ(after[i], before[i] + p.plasticity.ip.eta * (double(s.network().x[i]) - 0.2));
    }

    // iSTDP's target does not depend on --ip-target; IP's does.
    model::ModelParams no_ip = p, no_ip_mu = p, mu = p;
    no_ip.plasticity.freeze(model::Rule::Ip);
    no_ip_mu.plasticity.freeze(model::Rule::Ip);
    no_ip_mu.plasticity.ip.target = model::IpTarget::Mu;
    mu.plasticity.ip.target = model::IpTarget::Mu;
    expect_identical(run(PETSC_COMM_WORLD, no_ip, 300), run(PETSC_COMM_WORLD, no_ip_mu, 300));
    EXPECT_FALSE(run(PETSC_COMM_WORLD, p, 300).T_e == run(PETSC_COMM_WORLD, mu, 300).T_e);
    expect_identical(run(PETSC_COMM_WORLD, p, 300), run(PETSC_COMM_SELF, p, 300));

    // The package's defaults (N_u = 10, N_e = 200): 2 * 10 / 200 is the double 0.1 = mu-ip.
    model::ModelParams defaults;
    defaults.network.N_e = 200;
    model::ModelParams package = defaults;
    package.plasticity.ip.target = model::IpTarget::Package;
    EXPECT_EQ(model::package_ip_target(package.network), 0.1);
    expect_identical(run(PETSC_COMM_WORLD, package, 100), run(PETSC_COMM_WORLD, defaults, 100));
}

// --count-timing before: the counts of step t are those at its start, i.e. after step t - 1
// (the initial network for the first step).
TEST(Simulation, CountsBeforeAStepAreTheCountsAfterThePreviousOne) {
    model::ModelParams p = small_network();
    p.plasticity.sp.prob = 2.0; // growth and pruning both busy
    p.recording.count_timing = model::CountTiming::Before;
    sim::Simulation s(PETSC_COMM_WORLD, p);
    Index ee = s.network().W_ee.local_synapses(), ei = s.network().W_ei.local_synapses();
    Index changed = 0;
    for (Index t = 0; t < 500; ++t) {
        s.step();
        EXPECT_EQ(s.ee_synapses_before(), ee) << "step " << t + 1;
        EXPECT_EQ(s.ei_synapses_before(), ei) << "step " << t + 1;
        changed += s.network().W_ee.local_synapses() != ee;
        ee = s.network().W_ee.local_synapses();
        ei = s.network().W_ei.local_synapses();
    }
    Index any_changed = 0;
    MPI_Allreduce(&changed, &any_changed, 1, MPIU_INT, MPI_SUM, PETSC_COMM_WORLD);
    EXPECT_GT(any_changed, 0) << "no count changed: the test shows nothing";
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
