#include "sorn/plasticity/sp.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "sorn/error.hpp"
#include "sorn/rng.hpp"

namespace sorn::plasticity {

namespace {

// The m-th (from 0) column of row `row` that is neither connected nor the row itself.
Index mth_free_column(const model::SynapticMatrix& W, Index r, Index row, Index m) {
    // Excluded columns in ascending order: stored synapses merged with the diagonal.
    Index candidate = m;
    bool self_done = false;
    auto skip = [&](Index excluded) {
        if (excluded <= candidate) ++candidate;
    };
    W.for_each(r, [&](Index c, Real w) {
        if (!self_done && row < c) {
            skip(row);
            self_done = true;
        }
        if (w > 0.0) skip(c);
    });
    if (!self_done) skip(row);
    return candidate;
}

// n(t): floor(prob) + Bernoulli(prob - floor(prob)); 64-bit, since prob may be as large as
// ne * (ne - 1) (validated), beyond a 32-bit Index.
std::int64_t new_synapse_count(const model::SpParams& p, std::uint64_t seed, Index step) {
    const double whole = std::floor(p.prob);
    return static_cast<std::int64_t>(whole) +
           (rng::uniform(seed, rng::Stream::StructuralCount, 0, step) < p.prob - whole);
}

// ---- row sampling ---------------------------------------------------------------------------

// The global row of the k-th new synapse of `step` (row sampling).
Index drawn_row(Index N, std::uint64_t seed, std::int64_t k, Index step) {
    return static_cast<Index>(rng::below(N, seed, rng::Stream::StructuralRow, k, step));
}

void add_by_row(model::SynapticMatrix& W_ee, const model::SpParams& p, std::uint64_t seed,
                Index step, std::int64_t n) {
    const model::Range rows = W_ee.rows();
    const Index N = W_ee.global_cols();
    for (std::int64_t k = 0; k < n; ++k) {
        const Index row = drawn_row(N, seed, k, step);
        if (!rows.contains(row)) continue;
        const Index r = row - rows.begin;
        const Index free = (N - 1) - W_ee.row_synapses(r);
        if (free <= 0) continue;
        const auto m =
            static_cast<Index>(rng::below(free, seed, rng::Stream::StructuralColumn, k, step));
        const Index col = mth_free_column(W_ee, r, row, m);
        W_ee.add_synapse(r, col, p.initial_weight);
    }
}

// ---- pair sampling ----------------------------------------------------------------------------

struct Pair {
    Index row, col;
    bool operator==(const Pair& o) const { return row == o.row && col == o.col; }
};

// Off-diagonal pair number q in [0, N (N - 1)): row q / (N - 1), the columns skipping the row.
Pair pair_of(std::uint64_t q, Index N) {
    const auto row = static_cast<Index>(q / static_cast<std::uint64_t>(N - 1));
    const auto j = static_cast<Index>(q % static_cast<std::uint64_t>(N - 1));
    return {row, j >= row ? j + 1 : j};
}

bool is_synapse(const model::SynapticMatrix& W, Index r, Index c) {
    bool found = false;
    W.for_each(r, [&](Index col, Real w) { found |= col == c && w > 0.0; });
    return found;
}

constexpr std::uint64_t first_window = 4, max_window = 4096; // candidates per k and round
constexpr int max_rounds = 70;                               // 2^18 candidates per k in all

void add_by_pair(model::SynapticMatrix& W_ee, const model::SpParams& p, std::uint64_t seed,
                 Index step, std::int64_t n) {
    const model::Range rows = W_ee.rows();
    const Index N = W_ee.global_cols();
    const auto all_pairs = static_cast<std::int64_t>(N) * (N - 1);
    std::vector<std::int64_t> waiting(static_cast<std::size_t>(n)); // the k not yet placed
    for (std::int64_t k = 0; k < n; ++k) waiting[static_cast<std::size_t>(k)] = k;
    std::vector<Pair> taken, candidates;
    std::vector<std::int64_t> message; // [0]: synapses of this rank; then 1 per synapse found
    std::uint64_t first = 0;           // the first attempt number of this round
    for (int round = 0; round < max_rounds && !waiting.empty(); ++round) {
        const std::uint64_t window = std::min(first_window << round, max_window);
        candidates.clear();
        message.assign(1 + waiting.size() * window, 0);
        message[0] = W_ee.local_synapses();
        for (std::size_t i = 0; i < waiting.size(); ++i)
            for (std::uint64_t a = 0; a < window; ++a) {
                const Pair c =
                    pair_of(rng::below(static_cast<std::uint64_t>(all_pairs), seed,
                                       rng::Stream::StructuralPair,
                                       static_cast<std::uint64_t>(waiting[i]), step, first + a),
                            N);
                if (rows.contains(c.row) && is_synapse(W_ee, c.row - rows.begin, c.col))
                    message[1 + i * window + a] = 1; // only the owner of a row knows it
                candidates.push_back(c);
            }
        SORN_MPI_CALL(MPI_Allreduce(MPI_IN_PLACE, message.data(), static_cast<int>(message.size()),
                                    MPI_INT64_T, MPI_SUM, W_ee.comm()));
        // Every rank decides alike from here on.
        std::int64_t free = all_pairs - message[0];
        std::vector<std::int64_t> still;
        for (std::size_t i = 0; i < waiting.size() && free > 0; ++i) {
            bool placed = false;
            for (std::uint64_t a = 0; a < window && !placed; ++a) {
                const Pair c = candidates[i * window + a];
                if (message[1 + i * window + a] != 0 ||
                    std::find(taken.begin(), taken.end(), c) != taken.end())
                    continue;
                placed = true;
                taken.push_back(c);
                --free;
                if (rows.contains(c.row))
                    W_ee.add_synapse(c.row - rows.begin, c.col, p.initial_weight);
            }
            if (!placed) still.push_back(waiting[i]);
        }
        if (free == 0) break; // every pair is a synapse: nothing more to grow
        waiting.swap(still);
        first += window;
    }
}

} // namespace

void apply_sp(model::SynapticMatrix& W_ee, const model::SpParams& p, std::uint64_t seed,
              Index step) {
    const std::int64_t n = new_synapse_count(p, seed, step);
    if (n == 0) return;
    if (p.sampling == model::SpSampling::Pair)
        add_by_pair(W_ee, p, seed, step, n);
    else
        add_by_row(W_ee, p, seed, step, n);
    // New synapses take part at once as pending entries; the PETSc matrix takes them in
    // batches (sim::Simulation's maintenance), since an assembly costs O(synapses).
}

void rows_sp_may_change(model::Range rows, Index N, const model::SpParams& p,
                        std::uint64_t seed, Index step, std::vector<Index>& out) {
    SORN_ASSERT(p.sampling == model::SpSampling::Row);
    out.clear();
    const std::int64_t n = new_synapse_count(p, seed, step);
    for (std::int64_t k = 0; k < n; ++k) {
        const Index row = drawn_row(N, seed, k, step);
        if (rows.contains(row)) out.push_back(row - rows.begin);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
}

} // namespace sorn::plasticity
