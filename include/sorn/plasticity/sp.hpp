#pragma once
// Structural plasticity: new E->E synapses between unconnected pairs.
//
//   n(t) = floor(sp_prob) + Bernoulli(sp_prob - floor(sp_prob))  new synapses at step t
//   for each: row i ~ U{0..N_e-1}; column j uniform among the units i is not yet
//   connected from (j != i); W_ee[i,j] = sp_initial_weight.
// All draws are keyed by (seed, step, k), so every rank agrees on n(t) and on the rows;
// only the owner of row i draws its column (it alone knows the row). A row that is
// already connected to every other unit gets nothing.
// A new synapse fills a pruned slot, or becomes a pending entry of W_ee that every rule
// sees at once; pending entries are merged into the PETSc matrix every 1000 steps with one
// assembly (SynapticMatrix::merge_pending).
//
//   symbol      option               default  unit
//   sp_prob     --sp-prob            0.1      synapses / step
//   sp_initial  --sp-initial-weight  0.001    weight
//
// Lazar et al. 2009; Zheng et al. 2013 (Methods).
#include <cstdint>

#include "sorn/model/params.hpp"
#include "sorn/model/synaptic_matrix.hpp"

namespace sorn::plasticity {

/// Grows the new synapses of step `step`. Collective (an assembly every 1000 steps).
void apply_sp(model::SynapticMatrix& W_ee, const model::SpParams& p, std::uint64_t seed,
              Index step);

} // namespace sorn::plasticity
