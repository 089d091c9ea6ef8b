// Expected synapse counts, the per-rank split, the index-range refusal (issue 7) and the
// memory estimate of model/memory_estimate.hpp.
#include "sorn/model/memory_estimate.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include "sorn/error.hpp"

namespace {

using sorn::ConfigError;
using sorn::model::check_index_range;
using sorn::model::check_memory;
using sorn::model::ConnectionType;
using sorn::model::EeDegree;
using sorn::model::estimate_memory;
using sorn::model::MemoryEstimate;
using sorn::model::ModelParams;

constexpr double MiB = 1024.0 * 1024.0;

ModelParams network(sorn::Index N_e, ConnectionType ee, ConnectionType ei, ConnectionType ie) {
    ModelParams p;
    p.network.N_e = N_e;
    p.network.type_ee = ee;
    p.network.type_ei = ei;
    p.network.type_ie = ie;
    return p;
}

// The ConfigError message of fn(), or "" if it throws none.
template <class F> std::string config_error(F&& fn) {
    try {
        fn();
    } catch (const ConfigError& e) {
        return e.what();
    }
    return "";
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST(MemoryEstimate, DenseMatricesHoldAllPairsWithoutTheDiagonal) {
    const auto D = ConnectionType::Dense;
    const MemoryEstimate e = estimate_memory(network(100, D, D, D), 1);
    // N_i = floor(0.2 * 100) = 20
    EXPECT_DOUBLE_EQ(e.W_ee.synapses, 100.0 * 99.0);
    EXPECT_DOUBLE_EQ(e.W_ei.synapses, 100.0 * 20.0);
    EXPECT_DOUBLE_EQ(e.W_ie.synapses, 20.0 * 100.0);
    EXPECT_DOUBLE_EQ(e.max_local_synapses, 9900.0);
    EXPECT_STREQ(e.largest().name, "W_ee");
}

TEST(MemoryEstimate, SparseMatricesHoldAboutLambdaTimesPre) {
    const auto S = ConnectionType::Sparse;
    const MemoryEstimate e = estimate_memory(network(1000, S, S, S), 1);
    // Bernoulli(lambda / N_post) over N_pre candidates per row, N_post rows: lambda * N_pre.
    EXPECT_NEAR(e.W_ee.synapses, 20.0 * 999.0, 1e-3);   // P(empty row) = 0.98^999 ~ 2e-9
    EXPECT_NEAR(e.W_ie.synapses, 100.0 * 1000.0, 1e-6); // p = 100 / 200: never empty
    // W_ei: p = 40 / 1000 over 200 candidates, 8 per row; an empty row (0.96^200) is redrawn.
    EXPECT_NEAR(e.W_ei.synapses, 1000.0 * 8.0 / (1.0 - std::pow(0.96, 200.0)), 1e-6);
    EXPECT_NEAR(e.W_ei.synapses, 40.0 * 200.0, 3.0);
}

TEST(MemoryEstimate, PackageDegreeIsFloorOfANormalAroundLambda) {
    ModelParams p =
        network(1000, ConnectionType::Sparse, ConnectionType::Sparse, ConnectionType::Sparse);
    p.network.ee_degree = EeDegree::Package;
    // E[floor(20 + Z)] = 19.5 for Z ~ Normal(0, 1)
    EXPECT_NEAR(estimate_memory(p, 1).W_ee.synapses, 1000.0 * 19.5, 1.0);
}

TEST(MemoryEstimate, RankWithMostRowsHoldsWholeGroupsOfEight) {
    const MemoryEstimate one = estimate_memory(ModelParams{}, 1);
    ModelParams p; // N_e = 1000: 125 groups; N_i = 200: 25 groups
    p.network.N_e = 1000;
    const MemoryEstimate e1 = estimate_memory(p, 1), e4 = estimate_memory(p, 4);
    EXPECT_DOUBLE_EQ(e1.W_ee.local_rows, 1000.0);
    EXPECT_DOUBLE_EQ(e1.W_ie.local_rows, 200.0);
    EXPECT_DOUBLE_EQ(e1.W_ie.local_synapses, 200.0 * 1000.0);
    EXPECT_DOUBLE_EQ(e4.W_ee.local_rows, 32.0 * 8.0); // ceil(125 / 4) groups
    EXPECT_DOUBLE_EQ(e4.W_ie.local_rows, 7.0 * 8.0);  // ceil(25 / 4) groups
    EXPECT_DOUBLE_EQ(e4.W_ie.local_synapses, 56.0 * 1000.0);
    EXPECT_DOUBLE_EQ(e4.W_ie.synapses, e1.W_ie.synapses); // global counts do not change
    EXPECT_DOUBLE_EQ(e4.max_local_synapses, 56000.0);
    EXPECT_LT(e4.peak_bytes_per_rank, e1.peak_bytes_per_rank);
    // More ranks than groups: one group each, never more rows than units.
    EXPECT_DOUBLE_EQ(estimate_memory(p, 1000).W_ie.local_rows, 8.0);
    EXPECT_DOUBLE_EQ(one.W_ie.local_rows, 40.0);
}

TEST(MemoryEstimate, DefaultNetworkPassesAndIsSmall) {
    const ModelParams p;
    EXPECT_NO_THROW(check_index_range(p, 1));
    const MemoryEstimate e = estimate_memory(p, 1);
    EXPECT_DOUBLE_EQ(e.W_ie.synapses, 40.0 * 200.0);
    EXPECT_GT(e.peak_bytes_per_rank, 0.0);
    EXPECT_LT(e.peak_bytes_per_rank, 100.0 * MiB);
    EXPECT_TRUE(contains(e.summary(), "MiB per rank")) << e.summary();
}

TEST(MemoryEstimate, IssueSevenDefaultsAtTwoHundredThousandAreRefused) {
    ModelParams p;
    p.network.N_e = 200000; // dense W_ie: 40000 x 200000 = 8e9 synapses
    const std::string message = config_error([&] { check_index_range(p, 1); });
    EXPECT_TRUE(contains(message, "ne = 200000")) << message;
    EXPECT_TRUE(contains(message, "network-type-ie")) << message;
    EXPECT_TRUE(contains(message, "2147483647")) << message;
    EXPECT_TRUE(contains(message, "at least 4 ranks")) << message;
    // 4 ranks: 1250 groups of 8 rows each x 200000 = 2e9 local synapses: they fit.
    EXPECT_NO_THROW(check_index_range(p, 4));
    EXPECT_TRUE(contains(config_error([&] { check_index_range(p, 3); }), "ne = 200000"));

    const MemoryEstimate e = estimate_memory(p, 1);
    EXPECT_DOUBLE_EQ(e.W_ie.synapses, 8e9);
    EXPECT_GT(e.peak_bytes_per_rank, 8e9 * 40.0); // dense rows: ~40 B a synapse, at least
    const std::string summary = e.summary();
    EXPECT_TRUE(contains(summary, "GiB per rank")) << summary;
    EXPECT_TRUE(contains(summary, "W_ie: 8.0e9 synapses, dense")) << summary;
}

TEST(MemoryEstimate, OversizedSparseMatrixNamesItsOptions) {
    ModelParams p =
        network(100000000, ConnectionType::Sparse, ConnectionType::Sparse, ConnectionType::Sparse);
    p.network.lambda_ee = 100.0; // 1e10 E->E synapses
    const std::string message = config_error([&] { check_index_range(p, 1); });
    EXPECT_TRUE(contains(message, "ne = 100000000")) << message;
    EXPECT_TRUE(contains(message, "W_ee (network-type-ee sparse, lambda-ee 100)")) << message;
    EXPECT_TRUE(contains(message, "1.0e10")) << message;
}

TEST(MemoryEstimate, GrowsWithNe) {
    double last_peak = 0.0, last_synapses = 0.0;
    for (sorn::Index N_e : {200, 1000, 5000, 20000, 100000, 200000}) {
        ModelParams p;
        p.network.N_e = N_e;
        const MemoryEstimate e = estimate_memory(p, 2);
        const double synapses = e.W_ee.synapses + e.W_ei.synapses + e.W_ie.synapses;
        EXPECT_GT(e.peak_bytes_per_rank, last_peak) << "ne = " << N_e;
        EXPECT_GT(synapses, last_synapses) << "ne = " << N_e;
        EXPECT_GE(e.peak_bytes_per_rank, e.construction_bytes);
        EXPECT_GE(e.peak_bytes_per_rank, e.run_bytes);
        EXPECT_LE(estimate_memory(p, 2, false).peak_bytes_per_rank, e.peak_bytes_per_rank);
        last_peak = e.peak_bytes_per_rank;
        last_synapses = synapses;
    }
}

TEST(MemoryEstimate, CheckMemoryRefusesMoreThanIsAvailable) {
    ModelParams p;
    p.network.N_e = 20000;
    const MemoryEstimate e = estimate_memory(p, 1);
    const std::string message =
        config_error([&] { check_memory(p, e, 0.5 * e.peak_bytes_per_rank, "allowed"); });
    EXPECT_TRUE(contains(message, "ne = 20000")) << message;
    EXPECT_TRUE(contains(message, "network-type-ie")) << message; // dense W_ie: suggest sparse
    EXPECT_NO_THROW(check_memory(p, e, 2.0 * e.peak_bytes_per_rank, "allowed"));
    EXPECT_NO_THROW(check_memory(p, e, std::numeric_limits<double>::infinity(), "allowed"));
}

TEST(MemoryEstimate, AvailableBytesPerRankIsAtMostMemTotal) {
    double mem_total = std::numeric_limits<double>::infinity();
    std::ifstream in("/proc/meminfo");
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string key;
        double kb = 0.0;
        if (fields >> key >> kb && key == "MemTotal:") mem_total = kb * 1024.0;
    }
    const double available = sorn::model::available_bytes_per_rank(PETSC_COMM_WORLD);
    EXPECT_GT(available, 0.0);
    EXPECT_LE(available, mem_total);
}
