#include "sorn/plasticity/sp.hpp"

#include <cmath>
#include <cstdint>

#include "sorn/rng.hpp"

namespace sorn::plasticity {

namespace {

constexpr Index merge_interval = 1000; // steps

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

} // namespace

void apply_sp(model::SynapticMatrix& W_ee, const model::SpParams& p, std::uint64_t seed,
              Index step) {
    // 64-bit: sp-prob may be as large as ne * (ne - 1) (validated), beyond a 32-bit Index.
    const double whole = std::floor(p.prob);
    const std::int64_t n =
        static_cast<std::int64_t>(whole) +
        (rng::uniform(seed, rng::Stream::StructuralCount, 0, step) < p.prob - whole);
    if (n == 0) return;
    const model::Range rows = W_ee.rows();
    const Index N = W_ee.global_cols();
    for (std::int64_t k = 0; k < n; ++k) {
        const auto row =
            static_cast<Index>(rng::below(N, seed, rng::Stream::StructuralRow, k, step));
        if (!rows.contains(row)) continue;
        const Index r = row - rows.begin;
        const Index free = (N - 1) - W_ee.row_synapses(r);
        if (free <= 0) continue;
        const auto m =
            static_cast<Index>(rng::below(free, seed, rng::Stream::StructuralColumn, k, step));
        const Index col = mth_free_column(W_ee, r, row, m);
        W_ee.add_synapse(r, col, p.initial_weight);
    }
    // New synapses take part at once as pending entries; the PETSc matrix takes them in
    // batches, since an assembly costs O(synapses) (and a new scatter with several ranks).
    if (step % merge_interval == 0) W_ee.merge_pending();
}

} // namespace sorn::plasticity
