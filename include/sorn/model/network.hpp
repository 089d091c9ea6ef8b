#pragma once
// The complete state of a SORN: weights, thresholds, targets, activity and the step.
#include <mpi.h>

#include <memory>
#include <vector>

#include "sorn/model/activity.hpp"
#include "sorn/model/layout.hpp"
#include "sorn/model/params.hpp"
#include "sorn/model/synaptic_matrix.hpp"

namespace sorn::model {

/// The parts of a network's state one rank holds, before they become PETSc matrices:
/// made by initial_state() or read from a file. The matrices are sources that make their
/// rows while the matrix is built, never a copy of them beside it.
struct LocalState {
    std::unique_ptr<RowSource> W_ee, W_ei; ///< rows of the local E units
    std::unique_ptr<RowSource> W_ie;       ///< rows of the local I units
    std::vector<Real> T_e, h_ip;                  ///< local E units
    std::vector<Real> T_i;                        ///< local I units
    std::vector<Index> x_active, y_active;        ///< all active units (global indices)
    Index step = 0;
};

/// This rank's part of the initial network of MODEL.md (Initialization). Local.
LocalState initial_state(const ModelParams& p, const Layout& layout);

class Network {
public:
    /// Collective (the matrices are assembled from the row sources of `s`, which are used up).
    /// W_ee keeps a column view up to `column_view_limit` stored entries per rank (see
    /// SynapticMatrix), W_ei up to the smaller of it and ei_column_view_limit, W_ie up to the
    /// smaller of it and ie_column_view_limit.
    Network(const Layout& layout, LocalState&& s,
            Index column_view_limit = default_column_view_limit);

    Layout layout;
    SynapticMatrix W_ee;    ///< E -> E, rows = local E units
    SynapticMatrix W_ei;    ///< I -> E, rows = local E units
    SynapticMatrix W_ie;    ///< E -> I, rows = local I units
    std::vector<Real> T_e;  ///< thresholds of the local E units
    std::vector<Real> T_i;  ///< thresholds of the local I units
    std::vector<Real> h_ip; ///< target rates of the local E units
    Activity x;             ///< x(t) of all E units (every rank)
    Activity y;             ///< y(t) of all I units (every rank)
    Index step = 0;         ///< t
};

} // namespace sorn::model
