// Initial connectivity (model/connectivity.hpp): the package's out-degree mode of W_ei.
#include "sorn/model/connectivity.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace {

namespace model = sorn::model;
namespace rng = sorn::rng;
using sorn::Index;

// W_ei as the simulator builds it with --ei-degree package (model/network.cpp).
model::ConnectivitySpec package_ei(Index N_e, Index N_i, double lambda, std::uint64_t seed) {
    model::ConnectivitySpec s;
    s.seed = seed;
    s.connection_stream = rng::Stream::ConnectivityEIOut;
    s.weight_stream = rng::Stream::WeightEI;
    s.N_post = N_e;
    s.N_pre = N_i;
    s.lambda = lambda;
    s.degree = model::DegreeMode::PackageOut;
    return s;
}

// Out-degree of every column of the rows.
std::vector<Index> out_degrees(const std::vector<std::vector<model::Synapse>>& rows, Index N_pre) {
    std::vector<Index> d(N_pre, 0);
    for (const auto& row : rows)
        for (const model::Synapse& syn : row) ++d[syn.col];
    return d;
}

} // namespace

// Each I unit c projects to clamp(floor(lambda + z_c), 0, N_e) distinct E units, z_c the
// keyed normal of column c; whatever split of the rows builds the matrix, it is the same.
TEST(Connectivity, PackageOutDegreeIsFloorOfLambdaPlusANormalPerColumn) {
    const Index N_e = 200, N_i = 40;
    const std::uint64_t seed = 11;
    const model::ConnectivitySpec s = package_ei(N_e, N_i, 40.0, seed);
    const auto whole = model::initial_rows(s, {0, N_e});
    const std::vector<Index> d = out_degrees(whole, N_i);
    Index total = 0;
    for (Index c = 0; c < N_i; ++c) {
        const double z = rng::normal(seed, rng::Stream::ConnectivityEIOut, c, 0, 0);
        EXPECT_EQ(d[c], static_cast<Index>(std::floor(40.0 + z))) << "I unit " << c;
        EXPECT_EQ(model::initial_targets(s, c).size(), static_cast<std::size_t>(d[c]));
        total += d[c];
    }
    EXPECT_NE(total, N_i * 40) << "every degree is 40: the draw is not used";
    for (Index r = 0; r < N_e; ++r) {
        double sum = 0.0;
        for (std::size_t k = 0; k < whole[r].size(); ++k) {
            if (k > 0) {
                EXPECT_LT(whole[r][k - 1].col, whole[r][k].col) << "row " << r;
            }
            EXPECT_GT(whole[r][k].w, 0.0);
            sum += whole[r][k].w;
        }
        if (!whole[r].empty()) {
            EXPECT_NEAR(sum, 1.0, 1e-12) << "row " << r;
        }
        std::vector<Index> cols;
        for (const model::Synapse& syn : whole[r]) cols.push_back(syn.col);
        EXPECT_EQ(cols, model::initial_partners(s, r)) << "row " << r;
    }
    // Any split of the rows (any partition over ranks) gives the same rows, bit for bit.
    std::vector<std::vector<model::Synapse>> split;
    for (model::Range part : {model::Range{0, 8}, model::Range{8, 96}, model::Range{96, N_e}})
        for (auto& row : model::initial_rows(s, part)) split.push_back(std::move(row));
    ASSERT_EQ(split.size(), whole.size());
    for (Index r = 0; r < N_e; ++r) {
        ASSERT_EQ(split[r].size(), whole[r].size());
        for (std::size_t k = 0; k < whole[r].size(); ++k) {
            EXPECT_EQ(split[r][k].col, whole[r][k].col);
            EXPECT_EQ(split[r][k].w, whole[r][k].w);
        }
    }
}

// Over many I units the degree has the mean of floor(Normal(lambda, 1)), lambda - 0.5, and a
// standard deviation near 1 (sqrt(1 + 1/12)); the targets are uniform over the E units.
TEST(Connectivity, PackageOutDegreesHaveThePackagesDistribution) {
    const Index N_e = 100, N_i = 4000;
    const model::ConnectivitySpec s = package_ei(N_e, N_i, 20.0, 5);
    const auto rows = model::initial_rows(s, {0, N_e});
    const std::vector<Index> d = out_degrees(rows, N_i);
    double mean = 0.0, sq = 0.0;
    for (Index v : d) mean += v;
    mean /= N_i;
    for (Index v : d) sq += (v - mean) * (v - mean);
    const double sd = std::sqrt(sq / (N_i - 1));
    EXPECT_NEAR(mean, 19.5, 0.05);
    EXPECT_NEAR(sd, std::sqrt(1.0 + 1.0 / 12.0), 0.05);
    // In-degree of an E unit: N_i * 19.5 / N_e = 780 on average.
    double in_mean = 0.0;
    Index lo = N_i, hi = 0;
    for (const auto& row : rows) {
        in_mean += static_cast<double>(row.size()) / N_e;
        lo = std::min<Index>(lo, static_cast<Index>(row.size()));
        hi = std::max<Index>(hi, static_cast<Index>(row.size()));
    }
    EXPECT_NEAR(in_mean, mean * N_i / N_e, 1e-9);
    EXPECT_GT(lo, 780 - 6 * 28); // Binomial-like spread, sd ~ sqrt(780 * 0.8) = 28
    EXPECT_LT(hi, 780 + 6 * 28);
}

// A small lambda: the degree is clamped below at 0 (an I unit may project nowhere, and an E
// unit may stay without I input: rows are not redrawn), and above at N_e.
TEST(Connectivity, PackageOutDegreeIsClampedToZeroAndThePostsynapticCount) {
    const Index N_e = 3, N_i = 300;
    for (double lambda : {0.3, 3.0}) {
        const model::ConnectivitySpec s = package_ei(N_e, N_i, lambda, 2);
        const std::vector<Index> d = out_degrees(model::initial_rows(s, {0, N_e}), N_i);
        bool hit_bound = false;
        for (Index c = 0; c < N_i; ++c) {
            const double z = rng::normal(2, rng::Stream::ConnectivityEIOut, c, 0, 0);
            const double want = std::clamp(std::floor(lambda + z), 0.0, double(N_e));
            EXPECT_EQ(d[c], static_cast<Index>(want)) << "lambda " << lambda << ", I unit " << c;
            hit_bound |= want != std::floor(lambda + z);
        }
        EXPECT_TRUE(hit_bound) << "lambda " << lambda << ": no degree was clamped";
    }
}

// count() keeps the partners it draws; the rows row() then hands out, across chunk boundaries
// (chunks of 7 columns here, rows of ~10: nearly every row starts a new chunk), are the rows
// drawn afresh, and the counts split them at the owned columns.
TEST(Connectivity, CountedRowsAreTheRowsDrawnAfresh) {
    model::ConnectivitySpec s;
    s.seed = 11;
    s.N_post = 300;
    s.N_pre = 300;
    s.lambda = 10.0;
    s.no_self = true;
    const model::Range rows{40, 190}, own{100, 200};
    for (const std::size_t chunk : {std::size_t(7), std::size_t(64), std::size_t(1) << 24}) {
        model::InitialRows source(s, rows, chunk);
        std::vector<PetscInt> d_nnz, o_nnz;
        source.count(own, d_nnz, o_nnz);
        const auto fresh = model::initial_rows(s, rows);
        std::vector<model::Synapse> row;
        Index total = 0;
        for (Index r = 0; r < rows.size(); ++r) {
            source.row(r, row);
            ASSERT_EQ(row.size(), fresh[r].size()) << "chunk " << chunk << " row " << r;
            PetscInt in_own = 0;
            for (std::size_t k = 0; k < row.size(); ++k) {
                EXPECT_EQ(row[k].col, fresh[r][k].col);
                EXPECT_EQ(row[k].w, fresh[r][k].w);
                in_own += row[k].col >= own.begin && row[k].col < own.end;
            }
            EXPECT_EQ(d_nnz[r], in_own);
            EXPECT_EQ(o_nnz[r], static_cast<PetscInt>(row.size()) - in_own);
            total += static_cast<Index>(row.size());
        }
        EXPECT_GT(total, 10 * rows.size() / 2) << "rows are not empty";
    }
}
