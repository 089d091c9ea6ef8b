#pragma once
// The HDF5 analysis file (layout: docs/ANALYSIS.md). Written under "<path>.<hex>.partial" and
// renamed to <path> by commit(), so a failed analysis never leaves a half-written file under
// the requested name. Every call is collective; replicated data is written by rank 0 while
// the other ranks select nothing.
#include <mpi.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sorn/analysis/results.hpp"
#include "sorn/analysis/spike_pass.hpp"
#include "sorn/h5/dataset.hpp"
#include "sorn/h5/file.hpp"

namespace sorn::analysis {

class AnalysisFile {
public:
    /// ConfigError if path is a directory or another non-regular file, is one of the
    /// `inputs` (the same file under any name; empty entries are ignored), or exists and
    /// overwrite is false. Creates nothing. Collective.
    static void check_writable(MPI_Comm comm, const std::string& path, bool overwrite,
                               const std::vector<std::string>& inputs);

    /// Creates a fresh "<path>.<hex>.partial" (io/partial_file.hpp) with /provenance;
    /// ConfigError if it cannot be created.
    /// Collective.
    AnalysisFile(MPI_Comm comm, const std::string& path, const std::string& command_line);
    /// Removes the partial file unless commit() ran.
    ~AnalysisFile();
    AnalysisFile(const AnalysisFile&) = delete;
    AnalysisFile& operator=(const AnalysisFile&) = delete;

    /// A sink that appends the spikes to /spike_times/{step,unit} in (step, unit) order.
    /// The AnalysisFile owns it. Collective.
    SpikeEventSink* spike_times(Index units);
    /// Writes the header as root attributes and every group. Collective.
    void write(const Results& results);
    /// Closes and renames the file. Collective.
    void commit();

private:
    class SpikeTimes;
    MPI_Comm comm_;
    std::string path_, partial_;
    h5::File file_;
    std::unique_ptr<SpikeTimes> spike_times_;
    bool committed_ = false;
};

} // namespace sorn::analysis
