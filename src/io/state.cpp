#include "sorn/io/state.hpp"

#include <cstdint>
#include <vector>

#include "sorn/error.hpp"
#include "sorn/h5/dataset.hpp"
#include "sorn/h5/file.hpp"
#include "sorn/mpi.hpp"

namespace sorn::io {

namespace {

// Offset of this rank's block in a global array and the global length. Collective.
struct Block {
    std::uint64_t offset = 0, total = 0;
};

Block block_of(MPI_Comm comm, std::uint64_t count) {
    Block b;
    SORN_MPI_CALL(MPI_Exscan(&count, &b.offset, 1, MPI_UINT64_T, MPI_SUM, comm));
    if (mpi::rank(comm) == 0) b.offset = 0; // MPI_Exscan leaves rank 0's result undefined
    SORN_MPI_CALL(MPI_Allreduce(&count, &b.total, 1, MPI_UINT64_T, MPI_SUM, comm));
    return b;
}

// CSR with global row offsets: the rank owning the last row also writes indptr[N].
void write_matrix(MPI_Comm comm, hid_t parent, const char* name, const model::SynapticMatrix& W) {
    const model::LocalCsr csr = W.local_csr();
    const model::Range rows = W.rows();
    const Block nnz = block_of(comm, csr.indices.size());
    const Block row_block = block_of(comm, static_cast<std::uint64_t>(rows.size()));

    h5::Handle g = h5::create_group(parent, name);
    h5::write_attribute(g.get(), "rows", static_cast<std::int64_t>(row_block.total));
    h5::write_attribute(g.get(), "cols", static_cast<std::int64_t>(W.global_cols()));

    const bool has_last_row = rows.size() > 0 && rows.end == static_cast<Index>(row_block.total);
    std::vector<std::int64_t> indptr(rows.size() + (has_last_row ? 1 : 0));
    for (std::size_t r = 0; r < indptr.size(); ++r)
        indptr[r] = static_cast<std::int64_t>(nnz.offset) + csr.indptr[r];
    h5::write_vector(g.get(), "indptr", row_block.total + 1, row_block.offset, indptr.data(),
                     indptr.size());
    const std::vector<std::int64_t> indices(csr.indices.begin(), csr.indices.end());
    h5::write_vector(g.get(), "indices", nnz.total, nnz.offset, indices.data(), indices.size());
    h5::write_vector(g.get(), "data", nnz.total, nnz.offset, csr.weights.data(),
                     csr.weights.size());
}

void write_local(MPI_Comm comm, hid_t parent, const char* name, const std::vector<Real>& v) {
    const Block b = block_of(comm, v.size());
    h5::write_vector(parent, name, b.total, b.offset, v.data(), v.size());
}

void write_activity(hid_t parent, const char* name, const model::Activity& a,
                    model::Range own) {
    std::vector<std::uint8_t> flags(own.size());
    for (Index r = 0; r < own.size(); ++r) flags[r] = a[own.begin + r];
    h5::write_vector(parent, name, a.size(), own.begin, flags.data(), flags.size());
}

} // namespace

void write_state(hid_t state, const model::Network& n) {
    MPI_Comm comm = n.layout.comm;
    h5::write_attribute(state, "step", static_cast<std::int64_t>(n.step));
    write_matrix(comm, state, "W_ee", n.W_ee);
    write_matrix(comm, state, "W_ei", n.W_ei);
    write_matrix(comm, state, "W_ie", n.W_ie);
    write_local(comm, state, "T_e", n.T_e);
    write_local(comm, state, "T_i", n.T_i);
    write_local(comm, state, "h_ip", n.h_ip);
    write_activity(state, "x", n.x, n.layout.e.local());
    write_activity(state, "y", n.y, n.layout.i.local());
}

} // namespace sorn::io
