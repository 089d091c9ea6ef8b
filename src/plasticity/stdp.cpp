#include "sorn/plasticity/stdp.hpp"

#include <emmintrin.h> // SSE2: part of x86-64

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
    SpikeCodes codes;
    apply_stdp(W_ee, x_old, x_new, p, codes);
}

StdpRows::StdpRows(model::SynapticMatrix& W_ee, const model::Activity& x_old,
                   const model::Activity& x_new, const model::StdpParams& p, SpikeCodes& codes)
    : W_(W_ee), x_old_(x_old), x_new_(x_new), eta_(p.eta), prune_below_(p.prune_below) {
    codes.assign(x_old, x_new);
    W_ee.load_column_codes(codes.data(), codes.nonzero(), fired_next);
}

void StdpRows::apply(Index r) {
    const Index unit = W_.rows().begin + r;
    const bool post_new = x_new_[unit], post_old = x_old_[unit];
    if (!post_new && !post_old) return; // both terms vanish
    const double eta = eta_, prune_below = prune_below_;
    // dw by what the presynaptic unit j did, code = x_j(t) + 2 x_j(t+1): dw_of[code + 1], the
    // same products eta * term as entry by entry, taken once per row; dw_of[0] = 0 for a
    // pruned slot (w = 0, not a synapse).
    double dw_of[5] = {0.0};
    for (int code = 0; code < 4; ++code)
        dw_of[code + 1] = eta * (int(post_new && (code & 1)) - int(post_old && (code >> 1)));
    int changed = 0;
    Index pruned = 0;
    // Branch-free (a table index and selects, not tests): random spike patterns would make
    // branches mispredict. An entry with no net term, or a pruned slot, gets dw = 0 and keeps
    // its weight bit for bit, since clamping a weight in [0, 1] to [0, 1] does nothing.
    auto update = [&](int code, Real& w) {
        const double dw = dw_of[int(w > 0.0) * (code + 1)];
        // maxsd(a, b) is a > b ? a : b and minsd(a, b) is a < b ? a : b, exactly what
        // std::max(0.0, a) and std::min(1.0, a) compute, without a branch.
        const __m128d sum = _mm_set_sd(w + dw);
        const double moved =
            _mm_cvtsd_f64(_mm_min_sd(_mm_max_sd(sum, _mm_setzero_pd()), _mm_set_sd(1.0)));
        // --stdp-prune-below (0: nothing, since moved >= 0).
        const int cut = int(moved < prune_below) & int(w > 0.0);
        const double now = cut ? 0.0 : moved;
        const int touched = int(dw != 0.0) | cut;
        w = now;
        changed |= touched;
        pruned += touched & int(now == 0.0);
    };
    // Without --stdp-prune-below only entries whose presynaptic unit fired can change.
    if (prune_below > 0.0)
        W_.for_each_coded(r, update);
    else
        W_.for_each_coded_nonzero(r, update);
    W_.note_pruned(pruned);
    if (changed) W_.mark_changed(r);
}

void apply_stdp(model::SynapticMatrix& W_ee, const model::Activity& x_old,
                const model::Activity& x_new, const model::StdpParams& p, SpikeCodes& codes) {
    StdpRows stdp(W_ee, x_old, x_new, p, codes);
    // Both terms vanish unless the postsynaptic unit fired at t or t+1.
    for_each_active_row(x_old, x_new, W_ee.rows(), [&](Index r) { stdp.apply(r); });
}

} // namespace sorn::plasticity
