#pragma once
// The E->E row pass. Where W_ee keeps no column view (large networks: see
// model::default_column_view_limit) the drive sums W_ee x by a pass over all its rows anyway;
// this pass, at the end of step t, does on each local row in turn what would otherwise take
// three passes over memory:
//   1. STDP (unless frozen),
//   2. SN of the row if it is marked as changed (unless frozen),
//   3. the next step's drive sums[r] = sum_j W_ee[r,j] x_j(t+1), in ascending j.
// Each row on its own, and in the order in which the rules would reach it one after the
// other (STDP, IP, SP, iSTDP, SN; then the drive of t+1), so the bits are the same: IP and
// iSTDP do not touch W_ee, and the rows SP may change at this step, known before any rule
// runs (plasticity::rows_sp_may_change), are `deferred`: they get STDP only, and SN and the
// drive sum after SP (sum_deferred_rows). Pair sampling draws its rows from the state: no
// row pass then.
#include <vector>

#include "sorn/model/activity.hpp"
#include "sorn/model/params.hpp"
#include "sorn/model/synaptic_matrix.hpp"
#include "sorn/plasticity/spike_codes.hpp"
#include "sorn/types.hpp"

namespace sorn::sim {

/// The pass above over this rank's rows of W_ee, given x(t) = x_old and x(t+1) = x_new.
/// `deferred`: local rows, ascending. Leaves marked as changed only the deferred rows that
/// are (SN then divides them). `codes`: scratch kept between steps. Local.
void ee_row_pass(model::SynapticMatrix& W_ee, const model::Activity& x_old,
                 const model::Activity& x_new, const model::StdpParams& stdp, bool stdp_on,
                 bool normalize, const std::vector<Index>& deferred, plasticity::SpikeCodes& codes,
                 Real* sums);

/// sums[r] = sum_j W_ee[r,j] x_j(t+1) for the deferred rows r, once the rules are done with
/// them; after ee_row_pass() and before W_ee's next merge_pending() (it reads the codes
/// ee_row_pass loaded). Local.
void sum_deferred_rows(const model::SynapticMatrix& W_ee, const std::vector<Index>& deferred,
                       Real* sums);

} // namespace sorn::sim
