// api::Network, the library's front door: a step with the caller's u(t) is the file source's
// step; frozen rules leave the network alone and unfreezing one rule resumes only it; the
// gathered state is the same on every partition.
#include <gtest/gtest.h>

#include <vector>

#include "../common/gather.hpp"
#include "sorn/api/gather.hpp"
#include "sorn/api/network.hpp"
#include "sorn/rng.hpp"

using namespace sorn;

namespace {

model::ModelParams small_network() {
    model::ModelParams p;
    p.seed = 9;
    p.network.N_e = 60;
    p.network.N_u = 5;
    p.network.lambda_ee = 8;
    p.network.noise_sigma = 0.05;
    p.plasticity.sp.prob = 1.0;
    return p;
}

// u_k(t) of a made-up input: the same numbers on every rank.
std::vector<double> made_up_input(Index steps, Index N_u) {
    std::vector<double> u(static_cast<std::size_t>(steps * N_u));
    for (std::size_t i = 0; i < u.size(); ++i)
        u[i] = rng::uniform(77, rng::Stream::InputUniform, i, 0);
    return u;
}

struct Whole {
    std::vector<test::Entry> W_ee, W_ei;
    std::vector<double> T_e;
    std::vector<Index> x;
    bool operator==(const Whole& o) const {
        return W_ee == o.W_ee && W_ei == o.W_ei && T_e == o.T_e && x == o.x;
    }
};

Whole whole(MPI_Comm comm, const model::Network& n) {
    return {test::gather_entries(comm, n.W_ee), test::gather_entries(comm, n.W_ei),
            api::gather_vector(comm, n.T_e, n.layout.e), n.x.active()};
}

} // namespace

// step(u) with u(t) given = a Simulation whose file source holds the same columns.
TEST(Api, StepWithGivenInputIsTheFileSourcesStep) {
    const Index steps = 120;
    model::ModelParams p = small_network();
    const std::vector<double> u = made_up_input(steps, p.network.N_u);
    api::Network given(PETSC_COMM_WORLD, p);
    for (Index t = 0; t < steps; ++t) given.step(u.data() + t * p.network.N_u);

    model::ModelParams f = p;
    f.input.source = model::InputSource::File;
    sim::Simulation file(PETSC_COMM_WORLD, f, u);
    for (Index t = 0; t < steps; ++t) file.step();
    EXPECT_TRUE(whole(PETSC_COMM_WORLD, given.state()) == whole(PETSC_COMM_WORLD, file.network()));
    EXPECT_EQ(given.step_count(), steps);

    // The input mattered: without it the network is another.
    api::Network none(PETSC_COMM_WORLD, p);
    for (Index t = 0; t < steps; ++t) none.step();
    EXPECT_FALSE(whole(PETSC_COMM_WORLD, given.state()) == whole(PETSC_COMM_WORLD, none.state()));
}

// All frozen: weights and thresholds stay bit-identical while the activity goes on. Then only
// IP unfrozen: the thresholds move, the weights still do not.
TEST(Api, FrozenRulesLeaveTheNetworkAlone) {
    model::ModelParams p = small_network();
    p.input.source = model::InputSource::Uniform;
    api::Network net(PETSC_COMM_WORLD, p);
    for (int t = 0; t < 50; ++t) net.step();
    const Whole before = whole(PETSC_COMM_WORLD, net.state());
    net.set_frozen({true, true, true, true, true});
    EXPECT_TRUE(net.frozen()[static_cast<int>(model::Rule::Sp)]);
    EXPECT_TRUE(net.setup().config.run.phase == io::Phase::Training);
    Index spikes = 0;
    for (int t = 0; t < 50; ++t) {
        net.step();
        spikes += net.state().x.count();
    }
    const Whole frozen = whole(PETSC_COMM_WORLD, net.state());
    EXPECT_TRUE(frozen.W_ee == before.W_ee && frozen.W_ei == before.W_ei);
    EXPECT_EQ(frozen.T_e, before.T_e);
    EXPECT_GT(spikes, 0);

    model::RuleFlags only_ip{true, true, true, true, true};
    only_ip[static_cast<int>(model::Rule::Ip)] = false;
    net.set_frozen(only_ip);
    EXPECT_TRUE(net.setup().config.run.phase == io::Phase::Plasticity);
    for (int t = 0; t < 20; ++t) net.step();
    const Whole ip = whole(PETSC_COMM_WORLD, net.state());
    EXPECT_TRUE(ip.W_ee == before.W_ee && ip.W_ei == before.W_ei);
    EXPECT_NE(ip.T_e, before.T_e);
}

// gather_matrix: the CSR of every row, the same on every partition, pruned slots left out.
TEST(Api, GatheredMatrixIsTheWholeMatrixOnAnyPartition) {
    model::ModelParams p = small_network();
    p.input.source = model::InputSource::Uniform;
    api::Network world(PETSC_COMM_WORLD, p), self(PETSC_COMM_SELF, p);
    for (int t = 0; t < 80; ++t) {
        world.step();
        self.step();
    }
    const api::GatheredMatrix a = api::gather_matrix(world.state().W_ee, world.state().layout.e);
    const api::GatheredMatrix b = api::gather_matrix(self.state().W_ee, self.state().layout.e);
    EXPECT_EQ(a.rows, 60);
    EXPECT_EQ(a.cols, 60);
    EXPECT_EQ(a.indptr, b.indptr);
    EXPECT_EQ(a.indices, b.indices);
    EXPECT_EQ(a.data, b.data);
    ASSERT_EQ(a.indptr.size(), 61u);
    const std::vector<test::Entry> entries =
        test::gather_entries(PETSC_COMM_WORLD, world.state().W_ee);
    ASSERT_EQ(static_cast<std::size_t>(a.indptr.back()), entries.size());
    for (std::size_t k = 0; k < entries.size(); ++k) {
        EXPECT_EQ(a.indices[k], entries[k].col);
        EXPECT_EQ(a.data[k], entries[k].w);
        EXPECT_GT(a.data[k], 0.0);
    }
}
