#pragma once
// Inhibitory STDP of I->E synapses.
//
//   dW_ei[i,k] = -eta_inhib * y_k(t) * ( 1 - x_i(t+1) * (1 + 1/h_ip[i]) )
//   w_min = 0 (package): a weight that reaches <= 0 is pruned (set to 0); upper bound 1.
//   w_min > 0 (papers, 0.001): clipped to [w_min, 1] and kept.
//   w_min > 0 with --istdp-bound reset (the authors' code, w_min = 0.001): a weight that
//   reaches <= 0 is set to w_min; a weight in (0, w_min) is kept as it is.
// Only existing synapses (weight > 0) change.
//
//   symbol     option          default  unit
//   eta_inhib  --eta-inhib     0.001    weight / step
//   w_min      --istdp-w-min   0.0      weight
//   bound      --istdp-bound   clip     clip | reset
//
// Zheng et al. 2013 (Methods); the package's Plasticity.istdp; reset: the authors' code
// (Del Papa et al. 2017; Zheng et al. 2013), W_ei[W_ei <= 0] = 0.001.
#include <vector>

#include "sorn/model/activity.hpp"
#include "sorn/model/params.hpp"
#include "sorn/model/synaptic_matrix.hpp"
#include "sorn/plasticity/spike_codes.hpp"

namespace sorn::plasticity {

/// iSTDP row by row, for a pass over the rows that does more on the way (sim/row_pass.hpp).
class IstdpRows {
public:
    /// Loads the codes y_k(t) + 2 y_k(t+1) into W_ei (`codes`: scratch kept between steps)
    /// for apply(), valid until W_ei's next load_column_codes() or merge_pending(). Local.
    IstdpRows(model::SynapticMatrix& W_ei, const model::Activity& y_old,
              const model::Activity& y_new, const model::Activity& x_new,
              const std::vector<Real>& h_ip, const model::IstdpParams& p, SpikeCodes& codes);
    /// Applies iSTDP to local row r: the same weights, marks and counts as apply_istdp(). Local.
    void apply(Index r);

private:
    model::SynapticMatrix& W_;
    const model::Activity& x_new_;
    const std::vector<Real>& h_ip_;
    const model::IstdpParams p_;
};

/// Applies iSTDP to this rank's rows of W_ei given y(t), x(t+1) and h_ip of the rows. Local.
void apply_istdp(model::SynapticMatrix& W_ei, const model::Activity& y_old,
                 const model::Activity& x_new, const std::vector<Real>& h_ip,
                 const model::IstdpParams& p);

} // namespace sorn::plasticity
