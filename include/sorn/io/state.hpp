#pragma once
// A saved network on disk (docs/FORMAT.md; the names and the version: sorn/format/names.hpp):
// root attributes format/format_version, /parameters (every model parameter) and /state
// (matrices as CSR, thresholds, targets, activity, step). Output files and checkpoints share
// it; --state reads it back. Every rank writes and reads its own rows; nothing is funnelled
// through rank 0.
#include <hdf5.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "sorn/h5/file.hpp"
#include "sorn/io/config.hpp"
#include "sorn/model/network.hpp"

namespace sorn::io {

/// Writes the root attributes format and format_version, and /parameters. Collective.
void write_header(hid_t file, const model::ModelParams& p);

/// The largest number of matrix entries one rank moves to or from the file per collective
/// call (default 2^19: 8 MiB of columns and weights), which bounds the memory that writing
/// and reading a state take beyond the network. For tests. Local: every rank must set the
/// same value.
void set_matrix_chunk_entries(std::size_t entries);

/// Writes W_ee, W_ei, W_ie (CSR, rows = postsynaptic), T_e, T_i, h_ip, x, y and the step
/// into the group `state`; each rank writes its own rows. Collective.
void write_state(hid_t state, const model::Network& n);

/// Opens a saved network for reading and checks its root attributes format and
/// format_version. A directory, FIFO or other non-regular file, and a file that is not HDF5,
/// is refused before it is opened (see h5::require_hdf5_file). Throws ConfigError naming the file.
/// Collective.
h5::File open_saved(MPI_Comm comm, const std::string& path);

/// The model parameters saved in the group /parameters, each an attribute of its type
/// (an integer parameter must be stored as an integer, never as a real). Throws ConfigError
/// naming the file and the attribute. Collective.
std::vector<Parameter> read_parameters(const h5::File& f);

/// This rank's part of /state for `layout`, checked: groups and datasets of the right kind,
/// element types (integers for step, indptr, indices, x, y; floating point for data, T_e,
/// T_i, h_ip), the rows/cols attributes, shapes, sorted columns in range, no self-synapse,
/// weights in (0, 1], finite thresholds, rates in (0, 1), activity 0 or 1. Throws
/// ConfigError naming the file and the object on every rank. The entries are checked in
/// rounds of set_matrix_chunk_entries() and read again, in rounds, while the Network is built
/// from the returned state, which keeps `f` open until then. Collective.
model::LocalState read_state(h5::File f, const model::Layout& layout);

} // namespace sorn::io
