#pragma once
// The complete state of a SORN: weights, thresholds, targets, activity and the step.
#include <mpi.h>

#include <vector>

#include "sorn/model/activity.hpp"
#include "sorn/model/layout.hpp"
#include "sorn/model/params.hpp"
#include "sorn/model/synaptic_matrix.hpp"

namespace sorn::model {

class Network {
public:
    /// Builds the initial network of MODEL.md (Initialization). Collective.
    Network(MPI_Comm comm, const ModelParams& p);

    Layout layout;
    SynapticMatrix W_ee; ///< E -> E, rows = local E units
    SynapticMatrix W_ei; ///< I -> E, rows = local E units
    SynapticMatrix W_ie; ///< E -> I, rows = local I units
    std::vector<Real> T_e;  ///< thresholds of the local E units
    std::vector<Real> T_i;  ///< thresholds of the local I units
    std::vector<Real> h_ip; ///< target rates of the local E units
    Activity x;             ///< x(t) of all E units (every rank)
    Activity y;             ///< y(t) of all I units (every rank)
    Index step = 0;         ///< t
};

} // namespace sorn::model
