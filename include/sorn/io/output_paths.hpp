#pragma once
// The files a run will write (--output, --checkpoint), checked before anything is built, and
// the run lineage that lets a checkpoint replace only its own predecessors.
#include <mpi.h>

#include <string>

#include "sorn/h5/file.hpp"
#include "sorn/io/config.hpp"

namespace sorn::io {

/// The lineage of a run: the one saved in the continued network (--state: its
/// /provenance/lineage), else a new random id. Written to /provenance of every file the run
/// writes. Collective.
std::string run_lineage(MPI_Comm comm, const h5::File* saved);

/// Throws ConfigError (the option, the path and the rule) unless every file the run writes can
/// be written: its directory exists and is writable; it is not a directory or other non-regular
/// file; an existing --output needs --overwrite; an existing --checkpoint needs --overwrite
/// unless it is a checkpoint of this lineage (e.g. the --state file itself); --output differs
/// from --checkpoint, --input, --state and --config, and --checkpoint from --input and
/// --config. Rank 0 looks; every rank throws alike. Collective.
void check_output_paths(MPI_Comm comm, const Config& c, const std::string& lineage);

} // namespace sorn::io
