#pragma once
// Spike-timing-dependent plasticity of E->E synapses.
//
//   dW_ee[i,j] = eta_stdp * ( x_i(t+1) x_j(t) - x_i(t) x_j(t+1) )
//   W_ee[i,j] clipped to [0, 1]; a weight that reaches <= 0 is pruned (set to 0).
//   --stdp-prune-below theta > 0: every weight w < theta of a row STDP visits (a row whose
//   unit fired at t or t+1) is pruned too, changed or not (the authors' code: theta = 1e-10,
//   W_ee[W_ee < 1e-10] = 0 after STDP; theirs looks at every row, a row not visited here keeps
//   such a weight until its unit next fires).
// Only existing synapses (weight > 0) change.
//
//   symbol    option              default  unit
//   eta_stdp  --eta-stdp          0.004    weight / step
//   theta     --stdp-prune-below  0        weight
//
// Lazar et al. 2009, eq. 3; Zheng et al. 2013.
#include "sorn/model/activity.hpp"
#include "sorn/model/params.hpp"
#include "sorn/model/synaptic_matrix.hpp"
#include "sorn/plasticity/spike_codes.hpp"

namespace sorn::plasticity {

/// STDP row by row, for a pass over the rows that does more on the way (sim/row_pass.hpp).
class StdpRows {
public:
    /// Loads the codes x_j(t) + 2 x_j(t+1) into W_ee (`codes`: scratch kept between steps)
    /// for apply(), valid until W_ee's next load_column_codes() or merge_pending(). Local.
    StdpRows(model::SynapticMatrix& W_ee, const model::Activity& x_old,
             const model::Activity& x_new, const model::StdpParams& p, SpikeCodes& codes);
    /// Applies STDP to local row r. Only a row whose unit fired at t or t+1 can change; for
    /// any other this returns at once. Local.
    void apply(Index r);

private:
    model::SynapticMatrix& W_;
    const model::Activity &x_old_, &x_new_;
    // Copies: a store through a weight reference could alias the parameters in memory, and
    // the compiler would reload them for every entry.
    double eta_, prune_below_;
};

/// Applies STDP to this rank's rows of W_ee given x(t) and x(t+1); `codes` is scratch kept
/// between steps (SpikeCodes::assign is done here). Local.
void apply_stdp(model::SynapticMatrix& W_ee, const model::Activity& x_old,
                const model::Activity& x_new, const model::StdpParams& p, SpikeCodes& codes);
/// The same with scratch of its own (one allocation of N_e bytes: not for a step loop). Local.
void apply_stdp(model::SynapticMatrix& W_ee, const model::Activity& x_old,
                const model::Activity& x_new, const model::StdpParams& p);

} // namespace sorn::plasticity
