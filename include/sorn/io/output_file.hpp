#pragma once
// An HDF5 file written by sorn-simulate: a result file (with /recordings) or a
// checkpoint (docs/FORMAT.md). It is written under a fresh "<path>.<hex>.partial"
// (io/partial_file.hpp) and renamed to <path> only when complete, so a failed or killed run
// never leaves a half-written file under the requested name, an older file of that name stays
// intact until then, and two runs never write into one file.
#include <mpi.h>

#include <string>

#include "sorn/h5/file.hpp"
#include "sorn/io/config.hpp"
#include "sorn/model/network.hpp"

namespace sorn::io {

/// What /provenance says about the run beyond its options.
struct RunRecord {
    std::string command_line;
    std::vector<std::string> changes; ///< parameter changes against a continued network
    std::string lineage;              ///< io::run_lineage
};

class OutputFile {
public:
    /// Creates the temporary file with the header, /parameters and /provenance (run-control
    /// values and `record`) and, if `with_recordings`, the group /recordings. The paths were
    /// checked by io::check_output_paths. Collective.
    OutputFile(MPI_Comm comm, const std::string& path, const Config& c, const RunRecord& record,
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
