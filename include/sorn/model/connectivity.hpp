#pragma once
// Initial connectivity and weights of one synaptic matrix (MODEL.md, Initialization).
//
// Sparse: each (post, pre) pair is connected with probability p = lambda / N_post
// (lambda = mean out-degree of a presynaptic unit); Package degree mode (W_ee only):
// the in-degree of each row is floor(Normal(lambda, 1)), its partners uniform.
// Dense: all-to-all. No self-synapses in W_ee; an empty row is redrawn.
// Weights U(0, w_init_max], then each row divided by its sum.
// Every draw is keyed by the global row, so rows do not depend on the partition.
#include <cstdint>
#include <vector>

#include "sorn/model/layout.hpp"
#include "sorn/model/params.hpp"
#include "sorn/model/synaptic_matrix.hpp"
#include "sorn/rng.hpp"

namespace sorn::model {

struct ConnectivitySpec {
    std::uint64_t seed = 1;
    rng::Stream connection_stream = rng::Stream::ConnectivityEE;
    rng::Stream weight_stream = rng::Stream::WeightEE;
    Index N_post = 0;
    Index N_pre = 0;
    ConnectionType type = ConnectionType::Sparse;
    double lambda = 0.0;
    bool no_self = false; ///< W_ee: row i never contains column i
    EeDegree degree = EeDegree::Bernoulli;
    double w_init_max = 1.0;
};

/// Presynaptic partners of global row `row`, ascending. Local, pure.
std::vector<Index> initial_partners(const ConnectivitySpec& spec, Index row);

/// Normalized synapses of the rows in `rows`. Local, pure.
std::vector<std::vector<Synapse>> initial_rows(const ConnectivitySpec& spec, Range rows);

} // namespace sorn::model
