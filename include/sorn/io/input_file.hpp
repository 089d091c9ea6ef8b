#pragma once
// Reads the external input u(t) from an HDF5 file (--input FILE.h5, --input-dataset).
#include <mpi.h>

#include <string>
#include <vector>

#include "sorn/model/params.hpp"

namespace sorn::io {

/// u(t) for t = 0..steps-1 as `steps` rows of N_u values, read from the N_u x T dataset
/// of p.file (T >= steps). Throws ConfigError naming the file and dataset if the file is
/// missing, not a regular HDF5 file or unreadable, the dataset is missing, not a dataset or
/// not numeric, the shape is wrong or a value is not finite. Collective.
std::vector<double> read_input(MPI_Comm comm, const model::InputParams& p, Index N_u, Index steps);

} // namespace sorn::io
