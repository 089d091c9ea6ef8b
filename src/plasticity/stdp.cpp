#include "sorn/plasticity/stdp.hpp"

#include <algorithm>

namespace sorn::plasticity {

namespace {

// Calls f(local row) for each local row active in a or b (ascending, once each).
template <class F> void for_each_active_row(const model::Activity& a, const model::Activity& b,
                                            model::Range rows, F&& f) {
    auto i = std::lower_bound(a.active().begin(), a.active().end(), rows.begin);
    auto j = std::lower_bound(b.active().begin(), b.active().end(), rows.begin);
    const Index none = rows.end;
    for (;;) {
        const Index u = i != a.active().end() && *i < rows.end ? *i : none;
        const Index v = j != b.active().end() && *j < rows.end ? *j : none;
        const Index next = std::min(u, v);
        if (next == none) return;
        f(next - rows.begin);
        if (u == next) ++i;
        if (v == next) ++j;
    }
}

} // namespace

void apply_stdp(model::SynapticMatrix& W_ee, const model::Activity& x_old,
                const model::Activity& x_new, const model::StdpParams& p) {
    // Both terms vanish unless the postsynaptic unit fired at t or t+1.
    const model::Range rows = W_ee.rows();
    for_each_active_row(x_old, x_new, rows, [&](Index r) {
        const bool post_new = x_new[rows.begin + r], post_old = x_old[rows.begin + r];
        // dw by what the presynaptic unit j did, code = x_j(t) + 2 x_j(t+1): dw_of[code + 1],
        // the same products eta * term as entry by entry, taken once per row; dw_of[0] = 0 for
        // a pruned slot (w = 0, not a synapse).
        double dw_of[5] = {0.0};
        for (int code = 0; code < 4; ++code)
            dw_of[code + 1] = p.eta * (int(post_new && (code & 1)) - int(post_old && (code >> 1)));
        bool changed = false;
        Index pruned = 0;
        // Branch-free (a table index, not a test): random spike patterns would make branches
        // mispredict. An entry with no net term, or a pruned slot, gets dw = 0 and keeps its
        // weight bit for bit, since clamping a weight in [0, 1] to [0, 1] does nothing.
        W_ee.for_each_unordered(r, [&](Index j, Real& w) {
            const int code = int(x_old[j]) | int(x_new[j]) << 1;
            const double dw = dw_of[int(w > 0.0) * (code + 1)];
            const double moved = std::min(1.0, std::max(0.0, w + dw));
            // --stdp-prune-below (0: nothing, since moved >= 0).
            const bool cut = moved < p.prune_below && w > 0.0;
            w = cut ? 0.0 : moved;
            changed |= dw != 0.0 || cut;
            pruned += (dw != 0.0 || cut) && w == 0.0;
        });
        W_ee.note_pruned(pruned);
        if (changed) W_ee.mark_changed(r);
    });
}

} // namespace sorn::plasticity
