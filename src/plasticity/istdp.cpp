#include "sorn/plasticity/istdp.hpp"

#include <algorithm>

namespace sorn::plasticity {

void apply_istdp(model::SynapticMatrix& W_ei, const model::Activity& y_old,
                 const model::Activity& x_new, const std::vector<Real>& h_ip,
                 const model::IstdpParams& p) {
    // Every term carries y_k(t): visit only the columns of the active I units.
    const Index row_begin = W_ei.rows().begin;
    for (Index k : y_old.active())
        W_ei.for_each_in_column(k, [&](Index r, Real& w) {
            if (w <= 0.0) return; // pruned slot: not a synapse
            // post = 0 makes the term eta * (1 - 0 * (1 + 1 / h)) = eta * 1 exactly (1 / h is
            // finite: h_ip in (0, 1)); only rows that fired pay the division.
            const double moved =
                std::min(1.0, x_new[row_begin + r] ? w - p.eta * (1.0 - (1.0 + 1.0 / h_ip[r]))
                                                   : w - p.eta * 1.0);
            if (p.bound == model::IstdpBound::Reset) // the authors' code: only w <= 0 resets
                w = moved <= 0.0 ? p.w_min : moved;
            else
                w = p.w_min > 0.0 ? std::max(p.w_min, moved) : std::max(0.0, moved);
            if (w == 0.0) W_ei.note_pruned(1);
            W_ei.mark_changed(r);
        });
}

} // namespace sorn::plasticity
