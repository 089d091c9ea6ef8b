// The ridge readout of the counting task (examples/lazar2009/ridge_readout.hpp): a hand-computed
// case (its integer normal equations and the exact solution), bit-identical weights on any
// number of ranks (the distributed solve against the same samples solved on MPI_COMM_SELF), and
// the singular case. Every test is collective; only EXPECT_* before collective calls.
#include "../../examples/lazar2009/ridge_readout.hpp" // the unit under test first

#include <gtest/gtest.h>
#include <mpi.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "sorn/error.hpp"
#include "sorn/mpi.hpp"

using sorn::Index;
using sorn::lazar2009::ReadoutWeights;
using sorn::lazar2009::RidgeReadout;

namespace {

// Rank r of P owns [r N / P, (r+1) N / P): empty ranges included, unlike model::Partition.
sorn::model::Range share(MPI_Comm comm, Index N) {
    const Index r = sorn::mpi::rank(comm), P = sorn::mpi::size(comm);
    return {r * N / P, (r + 1) * N / P};
}

RidgeReadout readout_on(MPI_Comm comm, Index N, Index K) {
    return RidgeReadout(N, K, share(comm, N), sorn::mpi::rank(comm) == sorn::mpi::size(comm) - 1);
}

} // namespace

// Features (x0, x1, 1), samples (1,0)->0, (0,1)->1, (1,1)->0, (0,0)->1, lambda = 1:
// G = [[2,1,2],[1,2,2],[2,2,4]], B = [[2,0],[1,1],[2,2]], (G + diag(1,1,0)) W = B has the exact
// solution W[:,0] = (1/2, 0, 1/4), W[:,1] = (-1/2, 0, 3/4), which predicts every sample.
TEST(CountingReadout, HandComputedCase) {
    const MPI_Comm comm = MPI_COMM_WORLD;
    RidgeReadout r = readout_on(comm, 2, 2);
    const std::vector<std::vector<Index>> x{{0}, {1}, {0, 1}, {}};
    const std::vector<Index> y{0, 1, 0, 1};
    for (std::size_t t = 0; t < x.size(); ++t) r.add(x[t], y[t]);
    EXPECT_EQ(r.samples(), 4);

    std::vector<std::int64_t> G, B;
    r.gather(comm, G, B);
    EXPECT_EQ(G, (std::vector<std::int64_t>{2, 1, 2, 1, 2, 2, 2, 2, 4}));
    EXPECT_EQ(B, (std::vector<std::int64_t>{2, 0, 1, 1, 2, 2}));

    const ReadoutWeights w = r.solve(comm, 1.0);
    const std::vector<double> exact{0.5, -0.5, 0.0, 0.0, 0.25, 0.75}; // rows x0, x1, bias
    ASSERT_EQ(w.w.size(), exact.size());
    for (std::size_t i = 0; i < exact.size(); ++i) EXPECT_NEAR(w.w[i], exact[i], 1e-14) << i;
    for (std::size_t t = 0; t < x.size(); ++t) EXPECT_EQ(w.predict(x[t]), y[t]) << t;
}

// A tie predicts the lowest class: with all weights 0 every score is equal.
TEST(CountingReadout, TiesPredictTheLowestClass) {
    ReadoutWeights w;
    w.N = 2;
    w.K = 3;
    w.w.assign(9, 0.0);
    EXPECT_EQ(w.predict({0, 1}), 0);
    w.w[1 * 3 + 2] = 1.0; // unit 1 votes for class 2
    EXPECT_EQ(w.predict({1}), 2);
    EXPECT_EQ(w.predict({0}), 0);
}

// 400 pseudo-random binary states of 37 units, 5 classes: the weights solved from rows owned
// by every rank are bit-identical to those of one rank holding every row, on every rank.
TEST(CountingReadout, BitIdenticalOnAnyNumberOfRanks) {
    const MPI_Comm comm = MPI_COMM_WORLD;
    const Index N = 37, K = 5;
    RidgeReadout shared = readout_on(comm, N, K);
    RidgeReadout alone(N, K, {0, N}, true);
    std::uint64_t s = 12345;
    auto next = [&s] { return (s = s * 6364136223846793005ull + 1442695040888963407ull) >> 33; };
    for (int t = 0; t < 400; ++t) {
        std::vector<Index> active;
        for (Index i = 0; i < N; ++i)
            if (next() % 5 == 0) active.push_back(i);
        const Index y = static_cast<Index>(next() % K);
        shared.add(active, y);
        alone.add(active, y);
    }
    const ReadoutWeights a = shared.solve(comm, 0.01);
    const ReadoutWeights b = alone.solve(MPI_COMM_SELF, 0.01);
    ASSERT_EQ(a.w.size(), b.w.size());
    EXPECT_EQ(std::memcmp(a.w.data(), b.w.data(), a.w.size() * sizeof(double)), 0);
    std::vector<double> root = a.w;
    MPI_Bcast(root.data(), static_cast<int>(root.size()), MPI_DOUBLE, 0, comm);
    EXPECT_EQ(std::memcmp(a.w.data(), root.data(), root.size() * sizeof(double)), 0);
    // The solution solves the regularized normal equations it came from.
    std::vector<std::int64_t> G, B;
    alone.gather(MPI_COMM_SELF, G, B);
    for (Index i = 0; i <= N; ++i)
        for (Index k = 0; k < K; ++k) {
            double lhs = (i < N ? 0.01 : 0.0) * a.w[i * K + k];
            for (Index j = 0; j <= N; ++j) lhs += double(G[i * (N + 1) + j]) * a.w[j * K + k];
            EXPECT_NEAR(lhs, double(B[i * K + k]), 1e-9) << i << ',' << k;
        }
}

// A unit never active leaves the unpenalized system singular: a ConfigError on every rank,
// and with a ridge > 0 its weights are 0.
TEST(CountingReadout, NeverActiveUnit) {
    const MPI_Comm comm = MPI_COMM_WORLD;
    RidgeReadout r = readout_on(comm, 3, 2);
    r.add({0}, 0);
    r.add({1}, 1);
    r.add({0, 1}, 1);
    EXPECT_THROW(r.solve(comm, 0.0), sorn::ConfigError);
    const ReadoutWeights w = r.solve(comm, 0.5);
    EXPECT_EQ(w.w[2 * 2 + 0], 0.0);
    EXPECT_EQ(w.w[2 * 2 + 1], 0.0);
}
