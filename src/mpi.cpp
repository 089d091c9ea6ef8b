#include "sorn/mpi.hpp"

#include "sorn/error.hpp"

namespace sorn::mpi {

int rank(MPI_Comm comm) {
    int r = 0;
    SORN_MPI_CALL(MPI_Comm_rank(comm, &r));
    return r;
}

int size(MPI_Comm comm) {
    int s = 0;
    SORN_MPI_CALL(MPI_Comm_size(comm, &s));
    return s;
}

bool all_ok(MPI_Comm comm, bool ok) {
    int local = ok ? 1 : 0, global = 0;
    SORN_MPI_CALL(MPI_Allreduce(&local, &global, 1, MPI_INT, MPI_LAND, comm));
    return global != 0;
}

namespace detail {
std::vector<char> all_gather_bytes(MPI_Comm comm, const void* mine, std::size_t bytes) {
    const int p = size(comm);
    const int n = static_cast<int>(bytes);
    std::vector<int> counts(p), displs(p);
    SORN_MPI_CALL(MPI_Allgather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, comm));
    int total = 0;
    for (int r = 0; r < p; ++r) {
        displs[r] = total;
        total += counts[r];
    }
    std::vector<char> all(static_cast<std::size_t>(total));
    SORN_MPI_CALL(MPI_Allgatherv(mine, n, MPI_BYTE, all.data(), counts.data(), displs.data(),
                                 MPI_BYTE, comm));
    return all;
}
} // namespace detail

void raise_if_any(MPI_Comm comm, const std::string& error, bool about_a_file) {
    const int mine = error.empty() ? size(comm) : rank(comm);
    int first = 0;
    SORN_MPI_CALL(MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, comm));
    if (first == size(comm)) return;
    int n = static_cast<int>(error.size());
    SORN_MPI_CALL(MPI_Bcast(&n, 1, MPI_INT, first, comm));
    std::string message = error;
    message.resize(n);
    SORN_MPI_CALL(MPI_Bcast(message.data(), n, MPI_CHAR, first, comm));
    if (about_a_file) throw FileError(message);
    throw ConfigError(message);
}

} // namespace sorn::mpi
