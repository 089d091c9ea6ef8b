#pragma once
// Synaptic normalization (scaling): the incoming weights of every unit sum to 1.
//
//   W[i,j] <- W[i,j] / sum_j W[i,j]     for every row of W_ee and W_ei
// The sum runs in global column order, so the result is identical for any partition.
// A row whose weights are all pruned (sum 0) is left as it is.
// In a simulation only the rows some rule changed since the last normalization are
// divided (normalize_changed_rows): the others already sum to 1, and dividing them again
// would only move their last bits while costing a pass over every synapse per step.
//
// Lazar et al. 2009, eq. 5.
#include "sorn/model/synaptic_matrix.hpp"

namespace sorn::plasticity {

/// Divides local row r by its sum (not a row of sum 0). Local.
void normalize_row(model::SynapticMatrix& W, Index r);

/// Divides each of this rank's rows by its sum. Local.
void normalize_rows(model::SynapticMatrix& W);

/// Divides the rows marked as changed by their sums and forgets the marks. Local.
void normalize_changed_rows(model::SynapticMatrix& W);

} // namespace sorn::plasticity
