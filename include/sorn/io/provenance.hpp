#pragma once
// What every file sorn writes says about the program run that made it (group /provenance).
#include <hdf5.h>
#include <mpi.h>

#include <string>

namespace sorn::io {

/// Rank 0's value on every rank: attributes are written collectively with equal values.
/// Collective.
std::string from_rank0(MPI_Comm comm, std::string value);
double from_rank0(MPI_Comm comm, double value);

/// Writes program, version, git_commit, created_utc, host, ranks and command_line (rank 0's
/// values) as attributes of `provenance`. Collective.
void write_program_provenance(hid_t provenance, MPI_Comm comm, const char* program,
                              const std::string& command_line);

} // namespace sorn::io
