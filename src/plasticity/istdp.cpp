#include "sorn/plasticity/istdp.hpp"

#include <algorithm>

namespace sorn::plasticity {

namespace {

// eta * (1 - x_i(t+1) (1 + 1/h_ip[i])), the amount row i's weights move down by. post = 0
// makes it eta * (1 - 0 * (1 + 1 / h)) = eta * 1 exactly (1 / h is finite: h_ip in (0, 1));
// only rows that fired pay the division.
double istdp_step(const model::IstdpParams& p, bool post_fired, Real h_ip) {
    return post_fired ? p.eta * (1.0 - (1.0 + 1.0 / h_ip)) : p.eta * 1.0;
}

// Weight w > 0 moved down by `step` and bounded as the rule says.
Real istdp_moved(const model::IstdpParams& p, Real w, double step) {
    const double moved = std::min(1.0, w - step);
    if (p.bound == model::IstdpBound::Reset) // the authors' code: only w <= 0 resets
        return moved <= 0.0 ? p.w_min : moved;
    return p.w_min > 0.0 ? std::max(p.w_min, moved) : std::max(0.0, moved);
}

} // namespace

void apply_istdp(model::SynapticMatrix& W_ei, const model::Activity& y_old,
                 const model::Activity& x_new, const std::vector<Real>& h_ip,
                 const model::IstdpParams& p) {
    // Every term carries y_k(t): visit only the columns of the active I units.
    const Index row_begin = W_ei.rows().begin;
    for (Index k : y_old.active())
        W_ei.for_each_in_column(k, [&](Index r, Real& w) {
            if (w <= 0.0) return; // pruned slot: not a synapse
            w = istdp_moved(p, w, istdp_step(p, x_new[row_begin + r], h_ip[r]));
            if (w == 0.0) W_ei.note_pruned(1);
            W_ei.mark_changed(r);
        });
}

IstdpRows::IstdpRows(model::SynapticMatrix& W_ei, const model::Activity& y_old,
                     const model::Activity& y_new, const model::Activity& x_new,
                     const std::vector<Real>& h_ip, const model::IstdpParams& p, SpikeCodes& codes)
    : W_(W_ei), x_new_(x_new), h_ip_(h_ip), p_(p) {
    codes.assign(y_old, y_new);
    W_ei.load_column_codes(codes.data(), codes.nonzero(), fired_next);
}

void IstdpRows::apply(Index r) {
    const double step = istdp_step(p_, x_new_[W_.rows().begin + r], h_ip_[r]);
    bool visited = false;
    Index pruned = 0;
    // code = y_k(t) + 2 y_k(t+1): every term carries y_k(t), the code's bit 0.
    // Selects, not branches: which of a row's picked units fired at t is random.
    W_.for_each_coded_nonzero(r, [&](int code, Real& w) {
        const bool visit = bool(code & 1) & (w > 0.0); // else k silent at t, or a pruned slot
        const Real moved = istdp_moved(p_, w, step);
        w = visit ? moved : w;
        pruned += visit & (moved == 0.0);
        visited |= visit;
    });
    W_.note_pruned(pruned);
    if (visited) W_.mark_changed(r); // as apply_istdp: every synapse it visits marks its row
}

} // namespace sorn::plasticity
