#include "sorn/plasticity/stdp.hpp"

#include <algorithm>

namespace sorn::plasticity {

void apply_stdp(model::SynapticMatrix& W_ee, const model::Activity& x_old,
                const model::Activity& x_new, const model::StdpParams& p) {
    const model::Range rows = W_ee.rows();
    for (Index r = 0; r < rows.size(); ++r) {
        const bool post_new = x_new[rows.begin + r], post_old = x_old[rows.begin + r];
        if (!post_new && !post_old) continue; // both terms vanish for the whole row
        bool changed = false;
        W_ee.for_each(r, [&](Index j, Real& w) {
            if (w <= 0.0) return; // pruned slot: not a synapse
            const bool ltp = post_new && x_old[j], ltd = post_old && x_new[j];
            if (ltp == ltd) return; // no term, or both cancel
            w = std::min(1.0, std::max(0.0, w + p.eta * (double(ltp) - double(ltd))));
            changed = true;
        });
        if (changed) W_ee.mark_changed(r);
    }
}

} // namespace sorn::plasticity
