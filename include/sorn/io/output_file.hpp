#pragma once
// An HDF5 file written by sorn-simulate: a result file (with /recordings) or a
// checkpoint (docs/FORMAT.md). It is written under "<path>.partial" and renamed to
// <path> only when complete, so a failed or killed run never leaves a half-written file
// under the requested name, and an older file of that name stays intact until then.
#include <mpi.h>

#include <string>

#include "sorn/h5/file.hpp"
#include "sorn/io/config.hpp"
#include "sorn/model/network.hpp"

namespace sorn::io {

class OutputFile {
public:
    /// Throws ConfigError if `path` exists and `overwrite` is false. Collective.
    static void check_writable(MPI_Comm comm, const std::string& path, bool overwrite,
                               const char* option);

    /// Creates "<path>.partial" with the header, /parameters and /provenance (run-control
    /// values, `changes` of the parameters against a continued network) and, if
    /// `with_recordings`, the group /recordings. Collective.
    OutputFile(MPI_Comm comm, const std::string& path, const Config& c,
               const std::string& command_line, const std::vector<std::string>& changes,
               bool with_recordings);
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    /// The group the Recorder writes into. Local.
    hid_t recordings() const { return recordings_.get(); }
    /// Writes the network into /state. Collective.
    void write_state(const model::Network& n);
    /// Records the wall time (and the part spent writing recordings), closes and renames
    /// the file. Collective.
    void commit(double seconds, Index steps_done, double recording_seconds = 0.0);

private:
    MPI_Comm comm_;
    std::string path_, partial_;
    h5::File file_;
    h5::Handle provenance_, recordings_;
};

} // namespace sorn::io
