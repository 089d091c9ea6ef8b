#pragma once
// A saved network on disk (docs/FORMAT.md): root attributes format/format_version,
// /parameters (every model parameter) and /state (matrices as CSR, thresholds, targets,
// activity, step). Output files and checkpoints share it; --state reads it back.
// Every rank writes and reads its own rows; nothing is funnelled through rank 0.
#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

#include "sorn/h5/file.hpp"
#include "sorn/io/config.hpp"
#include "sorn/model/network.hpp"

namespace sorn::io {

/// The version of the format this build writes and reads.
constexpr std::int64_t format_version = 1;

/// Writes the root attributes format and format_version, and /parameters. Collective.
void write_header(hid_t file, const model::ModelParams& p);

/// Writes W_ee, W_ei, W_ie (CSR, rows = postsynaptic), T_e, T_i, h_ip, x, y and the step
/// into the group `state`; each rank writes its own rows. Collective.
void write_state(hid_t state, const model::Network& n);

/// Opens a saved network for reading and checks its format version. Throws ConfigError
/// naming the file. Collective.
h5::File open_saved(MPI_Comm comm, const std::string& path);

/// The model parameters saved in /parameters. Throws ConfigError naming the file and the
/// attribute. Collective.
std::vector<Parameter> read_parameters(const h5::File& f);

/// This rank's part of /state for `layout`, checked (shapes, sorted columns in range, no
/// self-synapse, weights in (0, 1], finite thresholds). Throws ConfigError naming the file
/// and the dataset on every rank. Collective.
model::LocalState read_state(const h5::File& f, const model::Layout& layout);

} // namespace sorn::io
