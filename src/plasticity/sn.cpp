#include "sorn/plasticity/sn.hpp"

namespace sorn::plasticity {

void normalize_rows(model::SynapticMatrix& W) {
    for (Index r = 0; r < W.rows().size(); ++r) {
        const Real sum = W.row_sum(r);
        if (sum > 0.0) W.for_each(r, [&](Index, Real& w) { w /= sum; });
    }
}

} // namespace sorn::plasticity
