#pragma once
// External input u(t) and its mapping onto E units (the g * u(t) term of x(t+1)).
//
// Feature mapping (the package): input unit k drives E unit k, k < N_u.
// Pool mapping (the papers' W_eu): input unit k drives its own pool of
// --input-pool-size E units; pools are disjoint, drawn by a seeded shuffle of
// all E units (the same on every rank).
// Sources: none; random (one input unit, chosen uniformly, gets 1 per step, keyed by the
// step); uniform (u_k(t) ~ U[0, 1) for every input unit k, keyed by (k, step): the package
// examples' np.random.rand(nu, T)); a file (u(t) = column t of an N_u x T dataset, t counted
// from the run's start).
#include <cstdint>
#include <utility>
#include <vector>

#include "sorn/model/layout.hpp"
#include "sorn/model/params.hpp"

namespace sorn::model {

class Input {
public:
    /// `columns`: for the file source, u(t) of t = 0..T-1 as T rows of N_u values. Local.
    Input(const InputParams& p, Index N_u, const Partition& e, std::uint64_t seed,
          std::vector<double> columns = {});

    /// drive[r] += g * u_k(t) for every local E row r fed by input unit k, at global step
    /// `step` of a run that started at `first_step`. Local.
    void add_drive(Index step, Index first_step, std::vector<Real>& drive) const;
    /// drive[r] += g * u[k] for every local E row r fed by input unit k: u(t) given by the
    /// caller (N_u values, the same on every rank), whatever the source. Local.
    void add_given_drive(const double* u, std::vector<Real>& drive) const;

private:
    InputParams p_;
    Index N_u_;
    std::uint64_t seed_;
    std::vector<std::pair<Index, Index>> targets_; // (local E row, input unit), every source
    std::vector<double> columns_;
};

} // namespace sorn::model
