#pragma once
// The network's state on disk: group /state of an output file (docs/FORMAT.md).
#include <hdf5.h>

#include "sorn/model/network.hpp"

namespace sorn::io {

/// Writes W_ee, W_ei, W_ie (CSR, rows = postsynaptic), T_e, T_i, h_ip, x, y and the step
/// into the group `state`; each rank writes its own rows. Collective.
void write_state(hid_t state, const model::Network& n);

} // namespace sorn::io
