#pragma once
// Files are written under a temporary name beside their final path and renamed when complete,
// so a failed or killed run never leaves a half-written file under the requested name. The
// temporary name is fresh for every file written ("<path>.<16 hex digits>.partial") and is
// created exclusively, so two runs (or a run's output and its checkpoint) never share one.
#include <mpi.h>

#include <string>

namespace sorn::io {

/// Creates an empty, fresh "<path>.<hex>.partial" (rank 0, O_CREAT | O_EXCL) and returns its
/// name on every rank. Throws ConfigError naming `option` and path if it cannot be created.
/// Collective.
std::string reserve_partial(MPI_Comm comm, const std::string& path, const std::string& option);

/// Renames `partial` to `path` (atomically replacing an older file) on rank 0; every rank
/// returns once it is done. Throws Error on failure. Collective.
void commit_partial(MPI_Comm comm, const std::string& partial, const std::string& path);

/// A fresh random 64-bit value as 16 hex digits, rank 0's on every rank. Collective.
std::string random_hex(MPI_Comm comm);

} // namespace sorn::io
