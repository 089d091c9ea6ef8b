#pragma once
// The row passes. Where a matrix the drive reads keeps no column view (large networks: see
// model::default_column_view_limit) the drive sums it by a pass over all its rows anyway;
// a row pass, at the end of step t, does on each local row what would otherwise take three
// walks over memory:
//   1. the row's plasticity rule (unless frozen): STDP for W_ee, iSTDP for W_ei,
//   2. SN of the row if it is marked as changed (unless frozen),
//   3. the next step's drive sums[r] = sum_j W[r,j] z_j(t+1), in ascending j (z: x or y).
// Each row goes through 1-3 in the order in which the rules would reach it one after the
// other (STDP, IP, SP, iSTDP, SN; then the drive of t+1), so the bits are the same: IP does
// not touch a matrix, W_ee's rules do not touch W_ei and iSTDP not W_ee. The rows SP may
// change at the step, known before any rule runs (plasticity::rows_sp_may_change), are
// `deferred`: they get STDP only, and SN and the drive sum after SP (sum_deferred_rows).
// Pair sampling draws its rows from the state: no E->E row pass then.
#include <vector>

#include "sorn/model/activity.hpp"
#include "sorn/model/params.hpp"
#include "sorn/model/synaptic_matrix.hpp"
#include "sorn/plasticity/spike_codes.hpp"
#include "sorn/types.hpp"

namespace sorn::sim {

/// The E->E pass over this rank's rows of W_ee, given x(t) = x_old and x(t+1) = x_new.
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

/// The I->E pass over this rank's rows of W_ei, given y(t) = y_old, y(t+1) = y_new, x(t+1) =
/// x_new and h_ip of the local E units. Leaves no row marked as changed if `normalize`.
/// `codes`: scratch kept between steps. Local.
void ei_row_pass(model::SynapticMatrix& W_ei, const model::Activity& y_old,
                 const model::Activity& y_new, const model::Activity& x_new,
                 const std::vector<Real>& h_ip, const model::IstdpParams& istdp, bool istdp_on,
                 bool normalize, plasticity::SpikeCodes& codes, Real* sums);

} // namespace sorn::sim
