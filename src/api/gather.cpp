#include "sorn/api/gather.hpp"

#include "sorn/error.hpp"
#include "sorn/mpi.hpp"

namespace sorn::api {

GatheredMatrix gather_matrix(const model::SynapticMatrix& W, const model::Partition& rows) {
    const MPI_Comm comm = W.comm();
    const model::LocalCsr local = W.local_csr(); // synapses only: pruned slots are left out
    std::vector<std::int64_t> row_sizes(local.indptr.size() - 1);
    for (std::size_t r = 0; r + 1 < local.indptr.size(); ++r)
        row_sizes[r] = local.indptr[r + 1] - local.indptr[r];
    GatheredMatrix g;
    g.rows = rows.global_size();
    g.cols = W.global_cols();
    const std::vector<std::int64_t> sizes = mpi::all_gather(comm, row_sizes);
    g.indptr.assign(sizes.size() + 1, 0);
    for (std::size_t r = 0; r < sizes.size(); ++r) g.indptr[r + 1] = g.indptr[r] + sizes[r];
    g.indices = mpi::all_gather(
        comm, std::vector<std::int64_t>(local.indices.begin(), local.indices.end()));
    g.data = mpi::all_gather(comm, std::vector<double>(local.weights.begin(), local.weights.end()));
    return g;
}

std::vector<double> gather_vector(MPI_Comm comm, const std::vector<Real>& local,
                                  const model::Partition& units) {
    SORN_ASSERT(static_cast<Index>(local.size()) == units.local().size());
    return mpi::all_gather(comm, std::vector<double>(local.begin(), local.end()));
}

} // namespace sorn::api
