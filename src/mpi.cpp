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

} // namespace sorn::mpi
