#include "sorn/sim/row_pass.hpp"

#include "sorn/plasticity/istdp.hpp"
#include "sorn/plasticity/sn.hpp"
#include "sorn/plasticity/stdp.hpp"

namespace sorn::sim {

namespace {

// Steps 1-3 of the pass (row_pass.hpp) over the local rows of W, `rule(r)` being step 1;
// the `deferred` rows (ascending) get only step 1. One row at a time: batches of rows with
// the sums of four rows interleaved measured 1.9x slower at 10^6 (more streams than the
// prefetcher follows), and a row's entries stream in order.
template <class Rule> void pass_rows(model::SynapticMatrix& W, Rule&& rule, bool normalize,
                                     const std::vector<Index>& deferred, Real* sums) {
    auto next_deferred = deferred.begin();
    for (Index r = 0; r < W.rows().size(); ++r) {
        rule(r);
        if (next_deferred != deferred.end() && *next_deferred == r) {
            ++next_deferred;
            continue;
        }
        if (normalize && W.is_changed(r)) plasticity::normalize_row(W, r);
        sums[r] = W.marked_row_sum(r);
    }
}

} // namespace

void ee_row_pass(model::SynapticMatrix& W_ee, const model::Activity& x_old,
                 const model::Activity& x_new, const model::StdpParams& stdp, bool stdp_on,
                 bool normalize, const std::vector<Index>& deferred, plasticity::SpikeCodes& codes,
                 Real* sums) {
    plasticity::StdpRows rule(W_ee, x_old, x_new, stdp, codes); // loads the codes
    pass_rows(
        W_ee,
        [&](Index r) {
            if (stdp_on) rule.apply(r);
        },
        normalize, deferred, sums);
    if (normalize) W_ee.keep_changed_only(deferred); // the others were divided above
}

void sum_deferred_rows(const model::SynapticMatrix& W_ee, const std::vector<Index>& deferred,
                       Real* sums) {
    for (Index r : deferred) sums[r] = W_ee.marked_row_sum(r);
}

void ei_row_pass(model::SynapticMatrix& W_ei, const model::Activity& y_old,
                 const model::Activity& y_new, const model::Activity& x_new,
                 const std::vector<Real>& h_ip, const model::IstdpParams& istdp, bool istdp_on,
                 bool normalize, plasticity::SpikeCodes& codes, Real* sums) {
    plasticity::IstdpRows rule(W_ei, y_old, y_new, x_new, h_ip, istdp, codes); // loads codes
    pass_rows(
        W_ei,
        [&](Index r) {
            if (istdp_on) rule.apply(r);
        },
        normalize, {}, sums);
    if (normalize) W_ei.clear_changed(); // every marked row was divided above
}

} // namespace sorn::sim
