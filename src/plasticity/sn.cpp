#include "sorn/plasticity/sn.hpp"

namespace sorn::plasticity {

namespace {
void normalize_row(model::SynapticMatrix& W, Index r) {
    const Real sum = W.row_sum(r);
    if (sum > 0.0) W.divide_row(r, sum);
}
} // namespace

void normalize_rows(model::SynapticMatrix& W) {
    for (Index r = 0; r < W.rows().size(); ++r) normalize_row(W, r);
    W.clear_changed();
}

void normalize_changed_rows(model::SynapticMatrix& W) {
    for (Index r : W.changed_rows()) normalize_row(W, r);
    W.clear_changed();
}

} // namespace sorn::plasticity
