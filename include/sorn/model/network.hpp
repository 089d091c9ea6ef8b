#pragma once
// The complete state of a SORN: weights, thresholds, targets, activity and the step.
#include <mpi.h>

#include <vector>

#include "sorn/model/activity.hpp"
#include "sorn/model/layout.hpp"
#include "sorn/model/params.hpp"
#include "sorn/model/synaptic_matrix.hpp"

namespace sorn::model {

/// The parts of a network's state one rank holds, before they become PETSc matrices:
/// made by initial_state() or read from a file.
struct LocalState {
    std::vector<std::vector<Synapse>> W_ee, W_ei; ///< rows of the local E units
    std::vector<std::vector<Synapse>> W_ie;       ///< rows of the local I units
    std::vector<Real> T_e, h_ip;                  ///< local E units
    std::vector<Real> T_i;                        ///< local I units
    std::vector<Index> x_active, y_active;        ///< all active units (global indices)
    Index step = 0;
};

/// This rank's part of the initial network of MODEL.md (Initialization). Local.
LocalState initial_state(const ModelParams& p, const Layout& layout);

class Network {
public:
    /// Collective (the matrices are assembled). Takes the rows of `s` (each freed as soon as
    /// it is in its matrix), so that construction does not hold two copies of the synapses.
    Network(const Layout& layout, LocalState&& s);

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
