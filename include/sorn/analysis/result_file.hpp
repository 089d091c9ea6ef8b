#pragma once
// A sorn-simulate result file opened for analysis (docs/ANALYSIS.md, "Input"): checks that
// it is one, and tells which recordings it holds. Every call is collective over the file's
// communicator and gives the same answer on every rank. Whatever the analysis reads is
// checked here first (kind, element type, rank, attributes): a file that breaks a rule is a
// ConfigError naming the file, the object and the rule, never an HDF5 error.
#include <mpi.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sorn/h5/file.hpp"
#include "sorn/types.hpp"

namespace sorn::analysis {

/// An absolute time step or a number of steps: 64-bit whatever the width of PetscInt.
using Step = std::int64_t;

/// A bit-packed spike table (T rows, ceil(N/8) byte columns, little bit order).
struct SpikeDataset {
    std::string path;    ///< e.g. "/recordings/ExcitatoryActivation"
    Index units = 0;     ///< N
    Step rows = 0;       ///< T: recorded steps
    Step first_step = 0; ///< row k holds step first_step + k; first_step + rows fits in Step
    Index bytes() const { return (units + 7) / 8; }
    Step last_step() const { return first_step + rows - 1; }
};

/// A window of absolute steps [first, last], inclusive.
struct Window {
    Step first = 0, last = -1;
    Step steps() const { return last - first + 1; }
};

/// The element types of the datasets the analysis reads (docs/FORMAT.md, "Types").
enum class Element { UInt8, Int64, Float64 };

class ResultFile {
public:
    /// Opens path read-only; ConfigError if it is missing, a directory or another non-regular
    /// file (never opened), not HDF5, or its root attribute `format` is not "sorn" (a file of
    /// another tool). `role` names it in messages ("RESULT.h5", "--compare"). Collective.
    static ResultFile open(MPI_Comm comm, const std::string& path, const std::string& role);

    /// The HDF5 file id. Local.
    hid_t get() const { return file_.get(); }
    /// The path. Local.
    const std::string& path() const { return file_.path(); }
    /// "<file>:<object>", the prefix of messages about an object. Local.
    std::string where(const std::string& object) const { return path() + ":" + object; }
    /// True iff the object path exists. Collective.
    bool has(const std::string& object) const;
    /// The dimensions of the dataset at path; ConfigError unless it is a dataset of
    /// `dimensions` dimensions whose elements are stored as `type`. Collective.
    std::vector<std::uint64_t> dataset_shape(const std::string& path, Element type,
                                             std::size_t dimensions) const;
    /// The integer attribute `name` of the object at path (a group or dataset), if present;
    /// ConfigError if it is not an integer. Collective.
    std::optional<std::int64_t> integer_attribute(const std::string& path,
                                                  const std::string& name) const;
    /// The spike table at path, or nothing if it is absent; ConfigError if it is malformed
    /// (not a 2-D uint8 dataset, wrong width, no `units`/`first_step`, first_step < 0 or
    /// first_step + rows beyond int64). Collective.
    std::optional<SpikeDataset> spike_dataset(const std::string& path) const;
    /// Step of row 0 of the per-step recordings (/recordings attribute first_step);
    /// ConfigError if it is not an integer >= 0. Collective.
    std::optional<Step> recordings_first_step() const;
    /// An integer attribute of /parameters (e.g. "ne"), if present. Collective.
    std::optional<std::int64_t> parameter(const std::string& name) const;

private:
    explicit ResultFile(h5::File f) : file_(std::move(f)) {}
    h5::File file_;
};

/// `rows` (a dataset length) as a Step; ConfigError naming `where` unless the rows from step
/// first_step (>= 0) end at a step that fits in Step (first_step + rows <= INT64_MAX). Local.
Step checked_rows(const std::string& where, Step first_step, std::uint64_t rows);

} // namespace sorn::analysis
