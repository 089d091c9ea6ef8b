#include "sorn/plasticity/sn.hpp"

#include <algorithm>

namespace sorn::plasticity {

void normalize_row(model::SynapticMatrix& W, Index r) {
    const Real sum = W.row_sum(r);
    if (sum > 0.0) W.divide_row(r, sum);
}

void normalize_rows(model::SynapticMatrix& W) {
    for (Index r = 0; r < W.rows().size(); ++r) normalize_row(W, r);
    W.clear_changed();
}

void normalize_changed_rows(model::SynapticMatrix& W) {
    // The sums of a batch of rows first (row_sums overlaps them), then the divisions.
    constexpr std::size_t batch = 64;
    Real sums[batch];
    W.order_changed_rows(); // each row on its own: any order gives the same bits
    const std::vector<Index>& rows = W.changed_rows();
    for (std::size_t k = 0; k < rows.size(); k += batch) {
        const std::size_t n = std::min(batch, rows.size() - k);
        W.row_sums(rows.data() + k, n, sums);
        for (std::size_t q = 0; q < n; ++q)
            if (sums[q] > 0.0) W.divide_row(rows[k + q], sums[q]);
    }
    W.clear_changed();
}

} // namespace sorn::plasticity
