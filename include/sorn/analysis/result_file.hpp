#pragma once
// A sorn-simulate result file opened for analysis (docs/ANALYSIS.md, "Input"): checks that
// it is one, and tells which recordings it holds. Every call is collective over the file's
// communicator and gives the same answer on every rank (metadata only).
#include <mpi.h>

#include <optional>
#include <string>

#include "sorn/h5/file.hpp"
#include "sorn/types.hpp"

namespace sorn::analysis {

/// A bit-packed spike table (T rows, ceil(N/8) byte columns, little bit order).
struct SpikeDataset {
    std::string path;     ///< e.g. "/recordings/ExcitatoryActivation"
    Index units = 0;      ///< N
    Index rows = 0;       ///< T: recorded steps
    Index first_step = 0; ///< row k holds step first_step + k
    Index bytes() const { return (units + 7) / 8; }
    Index last_step() const { return first_step + rows - 1; }
};

/// A window of absolute steps [first, last], inclusive.
struct Window {
    Index first = 0, last = -1;
    Index steps() const { return last - first + 1; }
};

class ResultFile {
public:
    /// Opens path read-only; ConfigError if it is missing, not HDF5, or its root attribute
    /// `format` is not "sorn" (a file of another tool). `role` names it in messages
    /// ("RESULT.h5", "--compare"). Collective.
    static ResultFile open(MPI_Comm comm, const std::string& path, const std::string& role);

    /// The HDF5 file id. Local.
    hid_t get() const { return file_.get(); }
    /// The path. Local.
    const std::string& path() const { return file_.path(); }
    /// True iff the object path exists. Collective.
    bool has(const std::string& object) const;
    /// The spike table at path, or nothing if it is absent; ConfigError if it is malformed
    /// (not 2-D, wrong width, no `units`/`first_step`). Collective.
    std::optional<SpikeDataset> spike_dataset(const std::string& path) const;
    /// Step of row 0 of the per-step recordings (/recordings attribute first_step). Collective.
    std::optional<Index> recordings_first_step() const;
    /// An integer attribute of /parameters (e.g. "ne"), if present. Collective.
    std::optional<std::int64_t> parameter(const std::string& name) const;

private:
    explicit ResultFile(h5::File f) : file_(std::move(f)) {}
    h5::File file_;
};

} // namespace sorn::analysis
