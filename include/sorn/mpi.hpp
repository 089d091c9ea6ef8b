#pragma once
// Small MPI helpers: rank, size, and turning a local failure into a collective one.
#include <mpi.h>

namespace sorn::mpi {

/// Rank of this process in comm. Local.
int rank(MPI_Comm comm);
/// Number of ranks in comm. Local.
int size(MPI_Comm comm);
/// True on every rank iff ok is true on every rank. Collective (MPI_LAND).
bool all_ok(MPI_Comm comm, bool ok);

} // namespace sorn::mpi
