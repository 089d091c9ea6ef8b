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

void raise_if_any(MPI_Comm comm, const std::string& error) {
    const int mine = error.empty() ? size(comm) : rank(comm);
    int first = 0;
    SORN_MPI_CALL(MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, comm));
    if (first == size(comm)) return;
    int n = static_cast<int>(error.size());
    SORN_MPI_CALL(MPI_Bcast(&n, 1, MPI_INT, first, comm));
    std::string message = error;
    message.resize(n);
    SORN_MPI_CALL(MPI_Bcast(message.data(), n, MPI_CHAR, first, comm));
    throw ConfigError(message);
}

} // namespace sorn::mpi
