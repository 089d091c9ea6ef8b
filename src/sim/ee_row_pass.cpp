#include "sorn/sim/ee_row_pass.hpp"

#include "sorn/plasticity/sn.hpp"
#include "sorn/plasticity/stdp.hpp"

namespace sorn::sim {

namespace {
// x_j(t+1) by the code x_j(t) + 2 x_j(t+1) that StdpRows loads.
constexpr Real fired_next[4] = {0.0, 0.0, 1.0, 1.0};
} // namespace

void ee_row_pass(model::SynapticMatrix& W_ee, const model::Activity& x_old,
                 const model::Activity& x_new, const model::StdpParams& stdp, bool stdp_on,
                 bool normalize, const std::vector<Index>& deferred, plasticity::SpikeCodes& codes,
                 Real* sums) {
    plasticity::StdpRows rule(W_ee, x_old, x_new, stdp, codes); // loads the codes
    auto next_deferred = deferred.begin();
    for (Index r = 0; r < W_ee.rows().size(); ++r) {
        if (stdp_on) rule.apply(r);
        if (next_deferred != deferred.end() && *next_deferred == r) {
            ++next_deferred;
            continue;
        }
        if (normalize && W_ee.is_changed(r)) plasticity::normalize_row(W_ee, r);
        sums[r] = W_ee.coded_row_sum(r, fired_next);
    }
    if (normalize) W_ee.keep_changed_only(deferred); // the others were divided above
}

void sum_deferred_rows(const model::SynapticMatrix& W_ee, const std::vector<Index>& deferred,
                       Real* sums) {
    for (Index r : deferred) sums[r] = W_ee.coded_row_sum(r, fired_next);
}

} // namespace sorn::sim
