// Each plasticity rule on a hand-computed 3-4 unit example, distributed over however
// many ranks the test runs on (some ranks own no row at all).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "../common/gather.hpp"
#include "sorn/plasticity/ip.hpp"
#include "sorn/plasticity/istdp.hpp"
#include "sorn/plasticity/sn.hpp"
#include "sorn/plasticity/sp.hpp"
#include "sorn/plasticity/stdp.hpp"

using namespace sorn;
using model::Activity;
using model::Partition;
using model::Synapse;
using model::SynapticMatrix;
using test::active;
using test::Entry;
using test::gather_entries;
using test::local_part;
using test::weight;

namespace {} // namespace

TEST(Stdp, HandComputedThreeUnits) {
    MPI_Comm comm = PETSC_COMM_WORLD;
    Partition E(comm, 3);
    const std::vector<std::vector<Synapse>> W = {
        {{1, 0.05}, {2, 0.95}}, {{0, 0.95}, {2, 0.05}}, {{0, 1.0}}};
    SynapticMatrix W_ee(comm, E, E, local_part(W, E.local()));
    // x(t) = {0}, x(t+1) = {1}:  dW[i,j] = 0.1 (x_i(t+1) x_j(t) - x_i(t) x_j(t+1))
    plasticity::apply_stdp(W_ee, active(3, {0}), active(3, {1}), {0.1});
    const auto all = gather_entries(comm, W_ee, false);
    EXPECT_EQ(weight(all, 0, 1), 0.0);  // 0.05 - 0.1 -> pruned
    EXPECT_EQ(weight(all, 0, 2), 0.95); // x_2 silent: unchanged
    EXPECT_EQ(weight(all, 1, 0), 1.0);  // 0.95 + 0.1 -> clipped to 1
    EXPECT_EQ(weight(all, 1, 2), 0.05);
    EXPECT_EQ(weight(all, 2, 0), 1.0);  // row 2 silent at t and t+1
    EXPECT_EQ(weight(all, 2, 1), -1.0); // never a synapse: stays absent
}

TEST(Stdp, PrunedSynapseStaysPruned) {
    MPI_Comm comm = PETSC_COMM_WORLD;
    Partition E(comm, 2);
    const std::vector<std::vector<Synapse>> W = {{{1, 0.0}}, {{0, 0.5}}};
    SynapticMatrix W_ee(comm, E, E, local_part(W, E.local()));
    // Would potentiate (0 <- 1) if it were a synapse.
    plasticity::apply_stdp(W_ee, active(2, {1}), active(2, {0}), {0.1});
    EXPECT_EQ(weight(gather_entries(comm, W_ee, false), 0, 1), 0.0);
}

TEST(Ip, HandComputedThresholds) {
    MPI_Comm comm = PETSC_COMM_WORLD;
    Partition E(comm, 3);
    const std::vector<double> T_all = {0.5, 0.2, 0.9};
    const model::Range own = E.local();
    std::vector<Real> T(T_all.begin() + own.begin, T_all.begin() + own.end);
    std::vector<Real> h(own.size(), 0.1);
    model::IpParams p;
    p.eta = 0.01;
    p.clip = true;
    // T += 0.01 (x(t+1) - 0.1), clipped to [0, 0.5]
    plasticity::apply_ip(T, own, active(3, {1}), h, p, 0.0, 0.5);
    const auto all = test::all_gather(comm, T);
    ASSERT_EQ(all.size(), 3u);
    EXPECT_DOUBLE_EQ(all[0], 0.499);
    EXPECT_DOUBLE_EQ(all[1], 0.209);
    EXPECT_EQ(all[2], 0.5);
}

TEST(Istdp, HandComputedPackageAndPaperBounds) {
    MPI_Comm comm = PETSC_COMM_WORLD;
    Partition E(comm, 2), I(comm, 2);
    const std::vector<std::vector<Synapse>> W = {{{0, 0.5}, {1, 0.5}}, {{0, 0.0005}, {1, 0.9995}}};
    model::IstdpParams p;
    p.eta = 0.001;
    std::vector<Real> h(E.local().size(), 0.1);
    // y(t) = {0}, x(t+1) = {0}:  dW[i,k] = -0.001 y_k (1 - x_i (1 + 1/0.1))
    for (double w_min : {0.0, 0.001}) {
        p.w_min = w_min;
        SynapticMatrix W_ei(comm, E, I, local_part(W, E.local()));
        plasticity::apply_istdp(W_ei, active(2, {0}), active(2, {0}), h, p);
        const auto all = gather_entries(comm, W_ei, false);
        EXPECT_DOUBLE_EQ(weight(all, 0, 0), 0.51); // active post: +0.01
        EXPECT_EQ(weight(all, 0, 1), 0.5);         // silent pre: unchanged
        EXPECT_EQ(weight(all, 1, 0), w_min);       // 0.0005 - 0.001: pruned or clipped
        EXPECT_EQ(weight(all, 1, 1), 0.9995);
    }
}

TEST(Sn, RowsSumToOne) {
    MPI_Comm comm = PETSC_COMM_WORLD;
    Partition E(comm, 4);
    const std::vector<std::vector<Synapse>> W = {
        {{1, 0.5}, {3, 1.5}}, {{0, 0.2}, {2, 0.2}, {3, 0.4}}, {{0, 0.0}, {1, 2.0}}, {{2, 0.25}}};
    SynapticMatrix W_ee(comm, E, E, local_part(W, E.local()));
    plasticity::normalize_rows(W_ee);
    const auto all = gather_entries(comm, W_ee, false);
    EXPECT_EQ(weight(all, 0, 1), 0.25);
    EXPECT_EQ(weight(all, 0, 3), 0.75);
    EXPECT_DOUBLE_EQ(weight(all, 1, 0), 0.25);
    EXPECT_DOUBLE_EQ(weight(all, 1, 3), 0.5);
    EXPECT_EQ(weight(all, 2, 0), 0.0); // pruned slot stays 0
    EXPECT_EQ(weight(all, 2, 1), 1.0);
    EXPECT_EQ(weight(all, 3, 2), 1.0);
}

TEST(Sp, GrowsNewSynapsesOnlyBetweenUnconnectedPairs) {
    MPI_Comm comm = PETSC_COMM_WORLD;
    const Index N = 5;
    Partition E(comm, N);
    const std::vector<std::vector<Synapse>> W = {
        {{1, 1.0}}, {{0, 0.0}, {2, 1.0}}, {{3, 1.0}}, {{4, 1.0}}, {{0, 1.0}}};
    SynapticMatrix W_ee(comm, E, E, local_part(W, E.local()));
    model::SpParams p;
    p.prob = 3.0; // exactly three draws per step
    p.initial_weight = 0.001;
    Index before = static_cast<Index>(gather_entries(comm, W_ee).size());
    for (Index step = 0; step < 4; ++step) plasticity::apply_sp(W_ee, p, 7, step);
    const auto all = gather_entries(comm, W_ee);
    EXPECT_GT(static_cast<Index>(all.size()), before);
    EXPECT_LE(static_cast<Index>(all.size()), before + 12);
    for (const Entry& e : all) {
        EXPECT_NE(e.row, e.col) << "self-synapse";
        const bool original = e.w == 1.0;
        EXPECT_TRUE(original || e.w == 0.001) << e.row << "," << e.col << " w=" << e.w;
    }
    EXPECT_EQ(weight(all, 0, 1), 1.0);
}

TEST(Sp, FullRowGetsNothing) {
    MPI_Comm comm = PETSC_COMM_WORLD;
    Partition E(comm, 2);
    const std::vector<std::vector<Synapse>> W = {{{1, 1.0}}, {{0, 1.0}}};
    model::SpParams p;
    p.prob = 5.0;
    for (auto sampling : {model::SpSampling::Row, model::SpSampling::Pair}) {
        SynapticMatrix W_ee(comm, E, E, local_part(W, E.local()));
        p.sampling = sampling; // pair: no free pair at all, nothing is drawn for long
        plasticity::apply_sp(W_ee, p, 1, 0);
        EXPECT_EQ(gather_entries(comm, W_ee, false).size(), 2u);
    }
}

// --sp-sampling pair on 20 units (rows on up to three ranks): every step adds exactly
// min(n, free pairs) new synapses, never a duplicate, a self-synapse or a change to an existing
// one, until every pair is a synapse; a pruned slot (weight 0) is a free pair.
TEST(Sp, PairSamplingFillsFreePairsWithoutDuplicates) {
    MPI_Comm comm = PETSC_COMM_WORLD;
    const Index N = 20;
    Partition E(comm, N);
    std::vector<std::vector<Synapse>> W(N);
    for (Index i = 0; i < N; ++i) {
        W[i].push_back({(i + 1) % N, 0.5});
        if (i % 3 == 0) W[i].push_back({(i + 2) % N, 0.0}); // pruned
        std::sort(W[i].begin(), W[i].end(), [](Synapse a, Synapse b) { return a.col < b.col; });
    }
    SynapticMatrix W_ee(comm, E, E, local_part(W, E.local()));
    model::SpParams p;
    p.sampling = model::SpSampling::Pair;
    p.prob = 37.0;
    std::size_t count = gather_entries(comm, W_ee).size();
    EXPECT_EQ(count, static_cast<std::size_t>(N));
    for (Index step = 1; step <= 12; ++step) {
        plasticity::apply_sp(W_ee, p, 3, step);
        const auto all = gather_entries(comm, W_ee);
        EXPECT_EQ(all.size(), std::min<std::size_t>(count + 37, N * (N - 1))) << "step " << step;
        count = all.size();
        std::set<std::pair<Index, Index>> pairs;
        for (const Entry& e : all) {
            EXPECT_TRUE(pairs.insert({e.row, e.col}).second)
                << "duplicate " << e.row << "," << e.col;
            EXPECT_NE(e.row, e.col) << "self-synapse";
            const bool original = e.col == (e.row + 1) % N;
            EXPECT_EQ(e.w, original ? 0.5 : 0.001) << e.row << "," << e.col;
        }
    }
    EXPECT_EQ(count, static_cast<std::size_t>(N * (N - 1))) << "not full after 12 steps";
}

// The pair is uniform among the free pairs, not a uniform row first: with one free pair in
// row 0 and nine in row 12 (every other pair a synapse), pair sampling puts a new synapse at
// (0, 1) with probability 1/10, row sampling with 1/2. The same pair on any number of ranks.
TEST(Sp, PairSamplingIsUniformOverTheFreePairs) {
    const Index N = 20;
    std::vector<std::vector<Synapse>> W(N);
    for (Index i = 0; i < N; ++i)
        for (Index j = 0; j < N; ++j) {
            const bool free = (i == 0 && j == 1) || (i == 12 && j < 9);
            if (j != i && !free) W[i].push_back({j, 1.0 / (N - 1)});
        }
    // The synapse that one step adds to a fresh copy of W.
    auto grown = [&](MPI_Comm comm, model::SpSampling sampling, Index step) {
        Partition E(comm, N);
        SynapticMatrix W_ee(comm, E, E, local_part(W, E.local()));
        model::SpParams p;
        p.sampling = sampling;
        p.prob = 1.0;
        plasticity::apply_sp(W_ee, p, 17, step);
        std::vector<Entry> added;
        for (const Entry& e : gather_entries(comm, W_ee))
            if (e.w == p.initial_weight) added.push_back(e);
        return added;
    };
    const int trials = 1000;
    std::map<std::pair<Index, Index>, int> hits;
    int row_mode_added = 0, row_mode_first = 0;
    for (Index t = 0; t < trials; ++t) {
        const std::vector<Entry> a = grown(PETSC_COMM_WORLD, model::SpSampling::Pair, t);
        ASSERT_EQ(a.size(), 1u) << "trial " << t;
        ++hits[{a[0].row, a[0].col}];
        if (t < 20) {
            EXPECT_TRUE(a == grown(PETSC_COMM_SELF, model::SpSampling::Pair, t)) << "trial " << t;
        }
        const std::vector<Entry> r = grown(PETSC_COMM_WORLD, model::SpSampling::Row, t);
        row_mode_added += static_cast<int>(r.size());
        row_mode_first += static_cast<int>(!r.empty() && r[0].row == 0);
    }
    EXPECT_EQ(hits.size(), 10u);
    // Binomial(1000, 0.1): 100 +- 9.5.
    for (const auto& [pair, n] : hits) {
        EXPECT_TRUE(pair.first == 0 || pair.first == 12) << pair.first << "," << pair.second;
        EXPECT_GT(n, 55) << pair.first << "," << pair.second;
        EXPECT_LT(n, 145) << pair.first << "," << pair.second;
    }
    // Row sampling: only a draw of row 0 or 12 (1 in 10) adds anything, half of them at (0, 1).
    EXPECT_GT(row_mode_added, 50);
    EXPECT_GT(row_mode_first, 0.3 * row_mode_added);
    EXPECT_LT(row_mode_first, 0.7 * row_mode_added);
}

TEST(Sn, OnlyChangedRowsAreNormalizedInASimulationStep) {
    MPI_Comm comm = PETSC_COMM_WORLD;
    Partition E(comm, 3);
    const std::vector<std::vector<Synapse>> W = {{{1, 0.5}, {2, 1.5}}, {{0, 0.5}}, {{0, 2.0}}};
    SynapticMatrix W_ee(comm, E, E, local_part(W, E.local()));
    // STDP with x(t) = {}, x(t+1) = {} changes nothing; SP adds to one row only.
    plasticity::apply_stdp(W_ee, active(3, {}), active(3, {}), {0.1});
    EXPECT_TRUE(W_ee.changed_rows().empty());
    if (E.local().contains(1)) W_ee.add_synapse(1 - E.local().begin, 2, 0.5);
    W_ee.merge_pending();
    plasticity::normalize_changed_rows(W_ee);
    const auto all = gather_entries(comm, W_ee, false);
    EXPECT_EQ(weight(all, 0, 2), 1.5); // untouched rows keep their weights
    EXPECT_EQ(weight(all, 2, 0), 2.0);
    EXPECT_EQ(weight(all, 1, 0), 0.5); // 0.5 / (0.5 + 0.5)
    EXPECT_EQ(weight(all, 1, 2), 0.5);
    EXPECT_TRUE(W_ee.changed_rows().empty());
}

// merge_pending() rebuilds the matrix without its pruned slots; the column view then lists
// exactly the synapses (pending ones included), and the counts stay right.
TEST(SynapticMatrix, MergeDropsPrunedSlotsAndKeepsTheColumnView) {
    MPI_Comm comm = PETSC_COMM_WORLD;
    Partition E(comm, 3);
    const std::vector<std::vector<Synapse>> W = {
        {{1, 0.05}, {2, 0.95}}, {{0, 0.95}, {2, 0.05}}, {{0, 1.0}}};
    SynapticMatrix W_ee(comm, E, E, local_part(W, E.local()));
    plasticity::apply_stdp(W_ee, active(3, {0}), active(3, {1}), {0.1});       // prunes (0, 1)
    if (E.local().contains(2)) W_ee.add_synapse(2 - E.local().begin, 1, 0.25); // pending
    EXPECT_EQ(weight(gather_entries(comm, W_ee, false), 0, 1), 0.0); // a slot until the merge
    W_ee.merge_pending();
    const auto all = gather_entries(comm, W_ee, false);
    EXPECT_EQ(all.size(), 5u);
    EXPECT_EQ(weight(all, 0, 1), -1.0); // the slot is gone
    EXPECT_EQ(weight(all, 0, 2), 0.95);
    EXPECT_EQ(weight(all, 1, 0), 1.0);
    EXPECT_EQ(weight(all, 1, 2), 0.05);
    EXPECT_EQ(weight(all, 2, 0), 1.0);
    EXPECT_EQ(weight(all, 2, 1), 0.25); // merged
    EXPECT_EQ(W_ee.local_synapses(), W_ee.count_synapses());
    // Column sums over this rank's rows, by the column view and by the rows.
    for (Index c = 0; c < 3; ++c) {
        double by_column = 0.0, by_row = 0.0;
        W_ee.for_each_in_column(c, [&](Index, Real& w) { by_column += w; });
        for (Index r = 0; r < W_ee.rows().size(); ++r)
            W_ee.for_each(r, [&](Index col, Real w) { by_row += col == c ? w : 0.0; });
        EXPECT_EQ(by_column, by_row) << "column " << c;
    }
    // SN divides every entry of a row, pending or stored, in place.
    if (E.local().contains(1)) W_ee.divide_row(1 - E.local().begin, 2.0);
    EXPECT_EQ(weight(gather_entries(comm, W_ee, false), 1, 0), 0.5);
    EXPECT_EQ(weight(gather_entries(comm, W_ee, false), 1, 2), 0.025);
}

// Without pending synapses, merge_pending() rebuilds a matrix only when pruned slots are more
// than a sixteenth of a rank's stored entries (iSTDP's W_ei): then the slots go, and every
// row sum and column stays bit for bit. Every row has the same share of slots, so the answer
// is the same on any number of ranks.
TEST(SynapticMatrix, MergeDropsManyPrunedSlotsWithoutPendingSynapses) {
    MPI_Comm comm = PETSC_COMM_WORLD;
    const Index N_e = 6, N_i = 20;
    Partition E(comm, N_e), I(comm, N_i);
    // slot_every = 20: one slot in 20 entries (kept); 2: every other entry a slot (dropped).
    for (Index slot_every : {20, 2}) {
        std::vector<std::vector<Synapse>> W(N_e);
        for (Index r = 0; r < N_e; ++r)
            for (Index c = 0; c < N_i; ++c)
                W[r].push_back({c, c % slot_every == 1 ? 0.0 : 0.1 / (1.0 + r + 3.0 * c)});
        SynapticMatrix W_ei(comm, E, I, local_part(W, E.local()));
        std::vector<Real> sums_before;
        for (Index r = 0; r < W_ei.rows().size(); ++r) sums_before.push_back(W_ei.row_sum(r));
        W_ei.merge_pending();
        const auto all = gather_entries(comm, W_ei, false);
        const Index slots = N_e * (N_i / slot_every);
        EXPECT_EQ(static_cast<Index>(all.size()), N_e * N_i - (slot_every == 2 ? slots : 0));
        for (Index r = 0; r < N_e; ++r)
            for (Index c = 0; c < N_i; ++c)
                EXPECT_EQ(weight(all, r, c), W[r][c].w > 0.0 || slot_every == 20 ? W[r][c].w : -1.0)
                    << r << "," << c << " (slot_every " << slot_every << ")";
        for (Index r = 0; r < W_ei.rows().size(); ++r)
            EXPECT_EQ(W_ei.row_sum(r), sums_before[r]) << "row " << r;
        EXPECT_EQ(W_ei.local_synapses(), W_ei.count_synapses());
        for (Index c = 0; c < N_i; ++c) {
            double by_column = 0.0, by_row = 0.0;
            W_ei.for_each_in_column(c, [&](Index, Real& w) { by_column += w; });
            for (Index r = 0; r < W_ei.rows().size(); ++r)
                W_ei.for_each(r, [&](Index col, Real w) { by_row += col == c ? w : 0.0; });
            EXPECT_EQ(by_column, by_row) << "column " << c;
        }
    }
}

// row_sums() (four rows at a time) adds exactly what row_sum() adds, in the same order, on rows
// that span the diagonal and off-diagonal blocks, with and without pending synapses.
TEST(SynapticMatrix, RowSumsAreRowSumBitForBit) {
    MPI_Comm comm = PETSC_COMM_WORLD;
    const Index N = 24;
    Partition E(comm, N);
    std::vector<std::vector<Synapse>> W(N);
    for (Index r = 0; r < N; ++r)
        for (Index c = 0; c < N; ++c)
            if (c != r && (r * 7 + c * 3) % 5 != 0)
                W[r].push_back({c, 0.1 + 0.37 * ((r * c) % 11)});
    SynapticMatrix W_ee(comm, E, E, local_part(W, E.local()));
    for (int pending = 0; pending < 2; ++pending) {
        if (pending && E.local().contains(5)) W_ee.add_synapse(5 - E.local().begin, 10, 0.3);
        std::vector<Index> rows;
        for (Index r = W_ee.rows().size() - 1; r >= 0; --r) rows.push_back(r); // any order
        std::vector<Real> sums(rows.size());
        W_ee.row_sums(rows.data(), rows.size(), sums.data());
        for (std::size_t k = 0; k < rows.size(); ++k)
            EXPECT_EQ(sums[k], W_ee.row_sum(rows[k])) << "row " << rows[k];
    }
}

// The column view lists every stored entry of this rank's rows once, with a reference to its
// own weight, both with 32-bit words (local row, position in the row) and, when the rows times
// the longest row do not fit 32 bits, with 64-bit ones: 2^20 rows, one of them 2^17 long.
TEST(SynapticMatrix, ColumnViewListsEveryEntryWithNarrowAndWideWords) {
    MPI_Comm comm = PETSC_COMM_WORLD;
    for (const bool wide : {false, true}) {
        const Index N_rows = wide ? Index(1) << 20 : 300, N_cols = wide ? Index(1) << 17 : 200;
        Partition rows(comm, N_rows), cols(comm, N_cols);
        std::vector<std::vector<Synapse>> W(N_rows);
        auto value = [&](Index r, Index c) { return 1.0 + static_cast<double>(r) * N_cols + c; };
        for (Index c = 0; c < N_cols; ++c) W[3].push_back({c, value(3, c)}); // the long row
        for (Index r = 5; r < N_rows; r += 997)
            for (Index c = (r * 7919) % N_cols; c < N_cols; c += N_cols / 3 + 1)
                W[r].push_back({c, value(r, c)});
        SynapticMatrix M(comm, rows, cols, local_part(W, rows.local()));
        if (M.rows().contains(3)) {
            EXPECT_EQ(M.column_word_bytes(), wide ? 8 : 4);
        }
        std::vector<std::tuple<Index, Index, Real>> by_row, by_column;
        for (Index r = 0; r < M.rows().size(); ++r)
            M.for_each(r, [&](Index c, Real w) { by_row.emplace_back(r, c, w); });
        for (Index c = 0; c < N_cols; ++c)
            M.for_each_in_column(c, [&](Index r, Real& w) { by_column.emplace_back(r, c, w); });
        std::sort(by_column.begin(), by_column.end());
        EXPECT_EQ(by_column, by_row) << (wide ? "64-bit words" : "32-bit words");
        for (const auto& [r, c, w] : by_row)
            EXPECT_EQ(w, value(M.rows().begin + r, c)) << r << "," << c;
    }
}

// for_each_coded() hands every stored entry, pending ones included, the byte of its global
// column, and marked_row_sum() adds the weights whose byte has the sum bit, on any split of
// the columns into diagonal and off-diagonal blocks, and again after a merge renumbers the
// off-diagonal columns; bytes and bits of the previous load do not linger.
TEST(SynapticMatrix, ForEachCodedReadsTheByteOfEachEntrysColumn) {
    MPI_Comm comm = PETSC_COMM_WORLD;
    const Index N = 40;
    Partition E(comm, N);
    std::vector<std::vector<Synapse>> W(N);
    for (Index r = 0; r < N; ++r)
        for (Index c = 0; c < N; ++c)
            if (c != r && (r * 5 + c * 3) % 4 == 0) W[r].push_back({c, 0.01 * (1 + c)});
    SynapticMatrix M(comm, E, E, local_part(W, E.local()));
    std::vector<std::uint8_t> table(N, 0);
    auto check = [&](const std::vector<Index>& nonzero, const char* when) {
        std::fill(table.begin(), table.end(), 0);
        for (Index c : nonzero) table[c] = static_cast<std::uint8_t>(1 + c % 3);
        M.load_column_codes(table.data(), nonzero, 2);
        for (Index r = 0; r < M.rows().size(); ++r) {
            std::vector<std::pair<Real, int>> coded, expected;
            M.for_each_coded(r, [&](int code, Real& w) { coded.emplace_back(w, code); });
            Real marked = 0.0; // in global column order, as marked_row_sum adds
            M.for_each(r, [&](Index c, Real w) {
                expected.emplace_back(w, table[c]);
                if (table[c] & 2) marked += w;
            });
            EXPECT_EQ(M.marked_row_sum(r), marked) << when << ", row " << M.rows().begin + r;
            std::sort(coded.begin(), coded.end());
            std::sort(expected.begin(), expected.end());
            EXPECT_EQ(coded, expected) << when << ", row " << M.rows().begin + r;
        }
    };
    check({0, 7, 13, 21, 22, 39}, "first load");
    check({1, 2, 30}, "second load");
    if (M.rows().contains(4)) M.add_synapse(4 - M.rows().begin, 30, 0.77); // pending
    check({30, 3}, "with a pending synapse");
    M.merge_pending();
    check({30, 7, 8}, "after the merge");
}

// order_changed_rows() sorts the marked rows (the same rows, ascending) once they are more
// than a sixteenth of the local rows, and leaves a short list in marking order.
TEST(SynapticMatrix, OrderChangedRowsSortsLongListsOnly) {
    MPI_Comm comm = PETSC_COMM_WORLD;
    const Index N = 64 * 4; // at least 64 rows on every rank of up to 4
    Partition E(comm, N);
    std::vector<std::vector<Synapse>> W(N);
    for (Index r = 0; r < N; ++r) W[r].push_back({(r + 1) % N, 1.0});
    SynapticMatrix M(comm, E, E, local_part(W, E.local()));
    const Index n = M.rows().size();
    ASSERT_GE(n, 64);
    M.mark_changed(n - 1);
    M.mark_changed(2);
    M.mark_changed(n - 1); // marked once only
    M.order_changed_rows(); // 2 of n <= 64 rows: 2 * 16 <= n, left alone
    EXPECT_EQ(M.changed_rows(), (std::vector<Index>{n - 1, 2}));
    std::vector<Index> expected;
    for (Index r = n - 1; r >= 0; r -= 3) M.mark_changed(r);
    for (Index r = 0; r < n; ++r)
        if (r == 2 || (n - 1 - r) % 3 == 0) expected.push_back(r);
    M.order_changed_rows();
    EXPECT_EQ(M.changed_rows(), expected);
    M.clear_changed();
    EXPECT_TRUE(M.changed_rows().empty());
}

// Without a column view (above its limit), sum_active_columns() gives the bits of the column
// walk: a row's active weights in ascending global column order, pending synapses and pruned
// slots included, on any split into diagonal and off-diagonal blocks and after a merge. The
// view is kept exactly while a rank's stored entries are at most the limit.
TEST(SynapticMatrix, RowPassSumsAreTheColumnWalkSumsBitForBit) {
    MPI_Comm comm = PETSC_COMM_WORLD;
    const Index N = 50;
    Partition E(comm, N);
    std::vector<std::vector<Synapse>> W(N);
    for (Index r = 0; r < N; ++r)
        for (Index c = 0; c < N; ++c)
            if (c != r && (r * 7 + c * 3) % 5 < 2)
                W[r].push_back({c, 0.01 + 0.0137 * ((r + c) % 17)});
    SynapticMatrix walked(comm, E, E, local_part(W, E.local()));
    SynapticMatrix streamed(comm, E, E, local_part(W, E.local()), 0);
    EXPECT_TRUE(walked.has_column_view());
    EXPECT_EQ(streamed.has_column_view(), walked.rows().size() == 0); // 0 entries <= 0
    auto check = [&](const char* when) {
        for (int pattern = 0; pattern < 4; ++pattern) {
            std::vector<Index> on;
            for (Index j = 0; j < N; ++j)
                if ((j * (pattern + 3)) % (pattern + 2) == 0) on.push_back(j);
            Activity x(N);
            x.assign(on.data(), on.size());
            std::vector<Real> by_column(walked.rows().size(), 0.0);
            for (Index j : on)
                walked.for_each_in_column(j, [&](Index r, Real w) { by_column[r] += w; });
            std::vector<Real> by_row(streamed.rows().size(), -1.0);
            streamed.sum_active_columns(x, by_row.data());
            for (std::size_t r = 0; r < by_row.size(); ++r) {
                EXPECT_EQ(by_row[r], by_column[r])
                    << when << ", pattern " << pattern << ", row " << r;
                EXPECT_FALSE(std::signbit(by_row[r])); // +0.0 where nothing is active
            }
        }
    };
    check("as built");
    for (SynapticMatrix* M : {&walked, &streamed}) {
        if (M->rows().contains(4)) M->add_synapse(4 - M->rows().begin, 45, 0.3); // pending
        if (M->rows().contains(4)) M->add_synapse(4 - M->rows().begin, 0, 0.2);  // pending
        for (Index r = 0; r < M->rows().size(); r += 3) { // prune a slot in every third row
            bool pruned = false;
            M->for_each(r, [&](Index, Real& w) {
                if (!pruned && w > 0.0) w = 0.0, pruned = true;
            });
            M->note_pruned(pruned);
        }
    }
    check("with pending synapses and pruned slots");
    walked.merge_pending();
    streamed.merge_pending();
    EXPECT_EQ(streamed.has_column_view(), streamed.rows().size() == 0);
    check("after the merge");

    Index stored = 0;
    for (const auto& row : local_part(W, E.local())) stored += static_cast<Index>(row.size());
    EXPECT_TRUE(SynapticMatrix(comm, E, E, local_part(W, E.local()), stored).has_column_view());
    EXPECT_EQ(SynapticMatrix(comm, E, E, local_part(W, E.local()), stored - 1).has_column_view(),
              false);
}
