// The external input g * u(t) of model::Input: the uniform source's values, their keys and
// their independence of the partition.
#include <gtest/gtest.h>

#include <set>

#include "../common/gather.hpp"
#include "sorn/model/input.hpp"
#include "sorn/rng.hpp"

using namespace sorn;

namespace {

// g * u(t) of every E unit at `step`, gathered in global order. Collective.
std::vector<Real> drive_at(MPI_Comm comm, const model::InputParams& p, Index N_u, Index N_e,
                           std::uint64_t seed, Index step) {
    const model::Partition e(comm, N_e);
    const model::Input input(p, N_u, e, seed);
    std::vector<Real> drive(e.local().size(), 0.0);
    input.add_drive(step, 0, drive);
    return test::all_gather(comm, drive);
}

} // namespace

// Feature mapping: E unit k < N_u gets g * U[0, 1) keyed by (seed, InputUniform, k, step), the
// others nothing; the values differ between units and steps, and repeat for the same key.
TEST(Input, UniformSourceDrawsEveryInputUnitEachStep) {
    model::InputParams p;
    p.source = model::InputSource::Uniform;
    p.gain = 2.0;
    const Index N_u = 10, N_e = 30;
    const std::uint64_t seed = 5;
    std::set<double> seen;
    for (Index step : {0, 1, 2, 1000}) {
        const std::vector<Real> d = drive_at(PETSC_COMM_WORLD, p, N_u, N_e, seed, step);
        ASSERT_EQ(d.size(), static_cast<std::size_t>(N_e));
        for (Index k = 0; k < N_e; ++k) {
            if (k >= N_u) {
                EXPECT_EQ(d[k], 0.0) << "unit " << k << " is not an input unit";
                continue;
            }
            const double u = rng::uniform(seed, rng::Stream::InputUniform, k, step);
            EXPECT_EQ(d[k], 2.0 * u);
            EXPECT_GE(d[k], 0.0);
            EXPECT_LT(d[k], 2.0);
            seen.insert(d[k]);
        }
        EXPECT_TRUE(d == drive_at(PETSC_COMM_WORLD, p, N_u, N_e, seed, step)); // deterministic
        EXPECT_TRUE(d == drive_at(PETSC_COMM_SELF, p, N_u, N_e, seed, step));  // any partition
    }
    EXPECT_EQ(seen.size(), 4u * N_u) << "values repeat across units or steps";
    // Other seed, other values.
    EXPECT_FALSE(drive_at(PETSC_COMM_WORLD, p, N_u, N_e, seed, 3) ==
                 drive_at(PETSC_COMM_WORLD, p, N_u, N_e, seed + 1, 3));
}

// Pool mapping: every E unit of input k's pool gets the same u_k(t); N_u * pool_size units are
// driven, the others not.
TEST(Input, UniformSourceDrivesAPoolWithOneValue) {
    model::InputParams p;
    p.source = model::InputSource::Uniform;
    p.mapping = model::InputMapping::Pool;
    p.pool_size = 4;
    const Index N_u = 5, N_e = 43;
    const std::uint64_t seed = 9;
    const Index step = 17;
    const std::vector<Real> d = drive_at(PETSC_COMM_WORLD, p, N_u, N_e, seed, step);
    std::multiset<double> values(d.begin(), d.end());
    EXPECT_EQ(values.count(0.0), static_cast<std::size_t>(N_e - N_u * p.pool_size));
    for (Index k = 0; k < N_u; ++k)
        EXPECT_EQ(values.count(rng::uniform(seed, rng::Stream::InputUniform, k, step)),
                  static_cast<std::size_t>(p.pool_size))
            << "input unit " << k;
    EXPECT_TRUE(d == drive_at(PETSC_COMM_SELF, p, N_u, N_e, seed, step));
}
