#pragma once
// Parallel HDF5 files (MPI-IO driver, collective metadata), groups and scalar attributes.
// Every call here is collective over the file's communicator: all ranks make the same calls,
// in the same order, with the same arguments (STYLE.md section 3).
#include <hdf5.h>
#include <mpi.h>

#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>

#include "sorn/h5/handle.hpp"

namespace sorn::h5 {

/// A parallel HDF5 file opened with the MPI-IO driver, collective metadata reads and writes.
/// Closing it also closes every object still open in it (H5F_CLOSE_STRONG).
class File {
public:
    /// Creates (truncates) path. Collective over comm; comm must outlive the File.
    static File create(MPI_Comm comm, const std::string& path);
    /// Opens an existing file read-only. Collective over comm.
    static File open_read(MPI_Comm comm, const std::string& path);
    /// Opens an existing file for reading and writing. Collective over comm.
    static File open_rw(MPI_Comm comm, const std::string& path);

    File(File&&) noexcept = default;
    File& operator=(File&&) noexcept = default;
    File(const File&) = delete;
    File& operator=(const File&) = delete;
    /// Closes without throwing. Collective: every rank must destroy its File.
    ~File() = default;

    /// The file id (also the root group "/"), -1 once closed. Local.
    hid_t get() const noexcept { return file_.get(); }
    /// The communicator the file was opened with. Local.
    MPI_Comm comm() const noexcept { return comm_; }
    /// The path the file was opened with. Local.
    const std::string& path() const noexcept { return path_; }
    /// True until close(). Local.
    bool is_open() const noexcept { return file_.valid(); }
    /// Flushes and closes; throws H5Error on failure; idempotent. Collective.
    void close();

private:
    File(MPI_Comm comm, std::string path, Handle file)
        : comm_(comm), path_(std::move(path)), file_(std::move(file)) {}
    static File open(MPI_Comm comm, const std::string& path, unsigned flags, bool create);

    MPI_Comm comm_ = MPI_COMM_NULL;
    std::string path_;
    Handle file_;
};

/// Move-only duplicate of a communicator, freed on destruction (unless MPI is finalized).
class OwnedComm {
public:
    OwnedComm() = default;
    /// Adopts comm (it will be freed). Local.
    explicit OwnedComm(MPI_Comm comm) noexcept : comm_(comm) {}
    OwnedComm(OwnedComm&& o) noexcept : comm_(std::exchange(o.comm_, MPI_COMM_NULL)) {}
    OwnedComm& operator=(OwnedComm&& o) noexcept {
        std::swap(comm_, o.comm_);
        return *this;
    }
    OwnedComm(const OwnedComm&) = delete;
    OwnedComm& operator=(const OwnedComm&) = delete;
    ~OwnedComm();

    /// Duplicate of the communicator the file holding obj was opened with. Collective.
    static OwnedComm of_file(hid_t obj);
    /// The communicator. Local.
    MPI_Comm get() const noexcept { return comm_; }

private:
    MPI_Comm comm_ = MPI_COMM_NULL;
};

// ---- files named by the user ---------------------------------------------------------------

/// What is wrong with path as an HDF5 file to read ("" if nothing): missing, a directory, a
/// FIFO or other non-regular file (refused without being opened, so nothing blocks),
/// unreadable, not HDF5. Looks at the file system only. Local.
std::string hdf5_file_problem(const std::string& path);
/// Rank 0 checks path (hdf5_file_problem) before any MPI-IO open; throws ConfigError
/// "<where>: <problem>" on every rank if something is wrong. Collective.
void require_hdf5_file(MPI_Comm comm, const std::string& path, const std::string& where);

// ---- groups and links -----------------------------------------------------------------------

/// Creates group name (relative or absolute; missing intermediate groups too). Collective.
Handle create_group(hid_t parent, const std::string& name);
/// Opens an existing group; throws H5Error if it is missing. Collective.
Handle open_group(hid_t parent, const std::string& name);
/// True iff every component of path exists and resolves ("a/b/c", "/a/b"). Collective.
bool exists(hid_t parent, const std::string& path);

/// What an existing path names. Collective.
enum class ObjectKind { Missing, Group, Dataset, Other };
/// The kind of object at path (Missing if !exists(parent, path)). Collective.
ObjectKind object_kind(hid_t parent, const std::string& path);

// ---- scalar attributes (all ranks pass the same value; an existing attribute is replaced) --

/// Writes a scalar double attribute. Collective.
void write_attribute(hid_t obj, const std::string& name, double value);
/// Writes a scalar 64-bit signed attribute. Collective.
void write_attribute(hid_t obj, const std::string& name, std::int64_t value);
/// Writes a scalar 64-bit unsigned attribute. Collective.
void write_attribute(hid_t obj, const std::string& name, std::uint64_t value);
/// Writes a scalar variable-length UTF-8 string attribute. Collective.
void write_attribute(hid_t obj, const std::string& name, const std::string& value);
/// Writes a scalar variable-length UTF-8 string attribute. Collective.
void write_attribute(hid_t obj, const std::string& name, const char* value);
/// Other integer types (int, PetscInt, unsigned, long long, ...) widen to 64 bits. Collective.
template <class I, std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>, int> = 0>
void write_attribute(hid_t obj, const std::string& name, I value) {
    if constexpr (std::is_signed_v<I>)
        write_attribute(obj, name, static_cast<std::int64_t>(value));
    else
        write_attribute(obj, name, static_cast<std::uint64_t>(value));
}

/// True iff obj has an attribute called name. Collective.
bool attribute_exists(hid_t obj, const std::string& name);
/// Reads a scalar numeric attribute as double. Collective.
double read_attribute_double(hid_t obj, const std::string& name);
/// Reads a scalar integer attribute as int64 (a floating-point attribute is an H5Error, not
/// truncated). Collective.
std::int64_t read_attribute_int64(hid_t obj, const std::string& name);
/// Reads a scalar integer attribute as uint64 (floating point: H5Error). Collective.
std::uint64_t read_attribute_uint64(hid_t obj, const std::string& name);
/// Reads a scalar string attribute (fixed- or variable-length). Collective.
std::string read_attribute_string(hid_t obj, const std::string& name);

} // namespace sorn::h5
