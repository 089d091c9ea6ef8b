#pragma once
// The HDF5 result file of sorn-simulate (docs/FORMAT.md). It is written under
// "<path>.partial" and renamed to <path> only when complete, so a failed run never
// leaves a half-written file under the requested name.
#include <mpi.h>

#include <string>

#include "sorn/h5/file.hpp"
#include "sorn/io/config.hpp"
#include "sorn/model/network.hpp"

namespace sorn::io {

class OutputFile {
public:
    /// Throws ConfigError if run.output exists and --overwrite is not given, or cannot be
    /// created. Collective.
    static void check_writable(MPI_Comm comm, const RunParams& run);

    /// Creates the file with /parameters and /provenance. Collective.
    OutputFile(MPI_Comm comm, const Config& c, const std::string& command_line);
    /// Removes the partial file unless commit() ran.
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    /// The group the Recorder writes into. Local.
    hid_t recordings() const { return recordings_.get(); }
    /// Writes the final state into /state. Collective.
    void write_state(const model::Network& n);
    /// Records the wall time, closes and renames the file. Collective.
    void commit(double seconds, Index steps_done);

private:
    MPI_Comm comm_;
    std::string path_, partial_;
    h5::File file_;
    h5::Handle provenance_, recordings_;
    bool committed_ = false;
};

} // namespace sorn::io
