#pragma once
// Structural plasticity: new E->E synapses between unconnected pairs.
//
//   n(t) = floor(sp_prob) + Bernoulli(sp_prob - floor(sp_prob))  new synapses at step t
//   for each (--sp-sampling row): row i ~ U{0..N_e-1}; column j uniform among the units i is
//   not yet connected from (j != i); W_ee[i,j] = sp_initial_weight.
// All draws are keyed by (seed, step, k), so every rank agrees on n(t) and on the rows;
// only the owner of row i draws its column (it alone knows the row). A row that is
// already connected to every other unit gets nothing.
//   --sp-sampling pair (the package's structural_plasticity): the pair (i, j), i != j, is
//   uniform among all pairs that are not synapses. Every rank draws the same candidate pairs
//   (keyed by (seed, step, k, attempt)); the owners of their rows say which are synapses, in
//   one MPI_Allreduce per step with n(t) > 0 (almost always one round; a round that finds no
//   free pair for some k draws twice as many candidates for it); every rank then takes, in k
//   order, the first candidate that is free and not taken by an earlier k: rejection sampling,
//   so each new synapse is uniform among the free pairs left. Nothing is added once no pair is
//   free, nor after 2^18 candidates for one k (free pairs below ~1e-4 of all).
// A new synapse fills a pruned slot, or becomes a pending entry of W_ee that every rule
// sees at once; the simulation merges pending entries into the PETSc matrix every 1000 steps
// with one assembly (SynapticMatrix::merge_pending).
//
//   symbol      option               default  unit
//   sp_prob     --sp-prob            0.1      synapses / step
//   sp_initial  --sp-initial-weight  0.001    weight
//   sampling    --sp-sampling        row      row | pair
//
// Lazar et al. 2009; Zheng et al. 2013 (Methods).
#include <cstdint>
#include <vector>

#include "sorn/model/params.hpp"
#include "sorn/model/synaptic_matrix.hpp"

namespace sorn::plasticity {

/// Steps between two maintenances of W_ee and W_ei (merge_pending: the pending synapses and
/// the pruned slots).
constexpr Index merge_interval = 1000;

/// Grows the new synapses of step `step` as pending entries. Collective with pair sampling (an
/// MPI_Allreduce at every step that grows a synapse), local otherwise.
void apply_sp(model::SynapticMatrix& W_ee, const model::SpParams& p, std::uint64_t seed,
              Index step);

/// Replaces `out` by the local rows (of `rows`, global columns 0..N-1) that apply_sp(p, seed,
/// step) may give a new synapse with --sp-sampling row: ascending, once each. They are known
/// before any rule runs (the rows are drawn from the step alone), so that a pass may finish
/// the other rows early (sim/row_pass.hpp). Local.
void rows_sp_may_change(model::Range rows, Index N, const model::SpParams& p,
                        std::uint64_t seed, Index step, std::vector<Index>& out);

} // namespace sorn::plasticity
