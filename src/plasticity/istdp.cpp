#include "sorn/plasticity/istdp.hpp"

#include <algorithm>

namespace sorn::plasticity {

void apply_istdp(model::SynapticMatrix& W_ei, const model::Activity& y_old,
                 const model::Activity& x_new, const std::vector<Real>& h_ip,
                 const model::IstdpParams& p) {
    if (y_old.count() == 0) return; // every term carries y_k(t)
    const model::Range rows = W_ei.rows();
    for (Index r = 0; r < rows.size(); ++r) {
        const double post = x_new[rows.begin + r] ? 1.0 : 0.0;
        const double dw = -p.eta * (1.0 - post * (1.0 + 1.0 / h_ip[r]));
        bool changed = false;
        W_ei.for_each(r, [&](Index k, Real& w) {
            if (w <= 0.0 || !y_old[k]) return;
            const double moved = std::min(1.0, w + dw);
            w = p.w_min > 0.0 ? std::max(p.w_min, moved) : std::max(0.0, moved);
            changed = true;
        });
        if (changed) W_ei.mark_changed(r);
    }
}

} // namespace sorn::plasticity
