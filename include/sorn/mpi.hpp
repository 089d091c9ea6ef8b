#pragma once
// Small MPI helpers: rank, size, and turning a local failure into a collective one.
#include <mpi.h>

#include <string>

namespace sorn::mpi {

/// Rank of this process in comm. Local.
int rank(MPI_Comm comm);
/// Number of ranks in comm. Local.
int size(MPI_Comm comm);
/// True on every rank iff ok is true on every rank. Collective (MPI_LAND).
bool all_ok(MPI_Comm comm, bool ok);

/// Throws ConfigError(message of the lowest rank with a non-empty `error`) on every rank
/// if any rank has one, so that a problem seen by one rank (e.g. in its block of a file)
/// stops all of them. Collective.
void raise_if_any(MPI_Comm comm, const std::string& error);

} // namespace sorn::mpi
