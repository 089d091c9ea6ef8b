#pragma once
// A distributed matrix or vector collected whole on every rank, for callers that want the
// network in one piece (the Python module's state(), small networks, plots). Costs the whole
// object on every rank: O(synapses) memory and one MPI_Allgatherv per array.
#include <cstdint>
#include <vector>

#include "sorn/model/layout.hpp"
#include "sorn/model/synaptic_matrix.hpp"
#include "sorn/types.hpp"

namespace sorn::api {

/// A whole matrix in compressed sparse rows: row r's synapses are indices/data
/// [indptr[r], indptr[r + 1]), columns ascending, pending synapses included.
struct GatheredMatrix {
    Index rows = 0, cols = 0;
    std::vector<std::int64_t> indptr, indices;
    std::vector<double> data;
};

/// Every row of W on every rank. Collective over W's communicator.
GatheredMatrix gather_matrix(const model::SynapticMatrix& W, const model::Partition& rows);

/// The values of every unit of `units`, given this rank's part (units.local()). Collective.
std::vector<double> gather_vector(MPI_Comm comm, const std::vector<Real>& local,
                                  const model::Partition& units);

} // namespace sorn::api
