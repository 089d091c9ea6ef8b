#include "sorn/h5/dataset.hpp"

#include <algorithm>

#include "sorn/error.hpp"
#include "sorn/mpi.hpp"

namespace sorn::h5 {

namespace {

// Target chunk bytes and bounds for Table2D (HDF5's default chunk cache is 1 MiB).
constexpr std::uint64_t chunk_bytes = 1u << 20;
constexpr std::uint64_t max_chunk_rows = 64;
constexpr std::uint64_t max_chunk_cols = 65536;

Handle collective_transfer() {
    Handle dxpl(H5Pcreate(H5P_DATASET_XFER), H5Pclose, "create a transfer property list");
    SORN_H5_CALL(H5Pset_dxpl_mpio(dxpl.get(), H5FD_MPIO_COLLECTIVE));
    return dxpl;
}

Handle intermediate_lcpl() {
    Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose, "create a link creation property list");
    SORN_H5_CALL(H5Pset_create_intermediate_group(lcpl.get(), 1));
    return lcpl;
}

// [start, start + count) lies in [0, extent), without overflow.
bool fits(std::uint64_t start, std::uint64_t count, std::uint64_t extent) {
    return count <= extent && start <= extent - count;
}

// Makes a failure seen on some ranks an H5Error on every rank, before any collective I/O.
void require_all(MPI_Comm comm, bool ok, const std::string& what) {
    if (!mpi::all_ok(comm, ok)) throw H5Error("HDF5 " + what + " (on at least one rank)");
}

std::string block_text(int rank, const std::uint64_t* start, const std::uint64_t* count) {
    std::string s;
    for (int d = 0; d < rank; ++d)
        s += (d ? " x [" : "[") + std::to_string(start[d]) + ", " +
             std::to_string(start[d] + count[d]) + ")";
    return s;
}

std::uint64_t npoints(hid_t space) {
    const hssize_t n = H5Sget_simple_extent_npoints(space);
    if (n < 0) detail::throw_failed("count the elements of a dataspace");
    return static_cast<std::uint64_t>(n);
}

// Selects the block in file_space (or nothing) and returns the matching memory space.
Handle select_block(hid_t file_space, int rank, const std::uint64_t* start,
                    const std::uint64_t* count) {
    hsize_t n = 1;
    for (int d = 0; d < rank; ++d) n *= count[d];
    if (n == 0) {
        SORN_H5_CALL(H5Sselect_none(file_space));
        const hsize_t one = 1;
        Handle mem(H5Screate_simple(1, &one, nullptr), H5Sclose, "create a memory dataspace");
        SORN_H5_CALL(H5Sselect_none(mem.get()));
        return mem;
    }
    hsize_t s[H5S_MAX_RANK], c[H5S_MAX_RANK];
    for (int d = 0; d < rank; ++d) {
        s[d] = start[d];
        c[d] = count[d];
    }
    SORN_H5_CALL(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, s, nullptr, c, nullptr));
    return Handle(H5Screate_simple(rank, c, nullptr), H5Sclose, "create a memory dataspace");
}

// Collective write of this rank's block of dset; an empty block selects nothing.
void write_selection(hid_t dset, hid_t type, int rank, const std::uint64_t* start,
                     const std::uint64_t* count, const void* data) {
    Handle file_space(H5Dget_space(dset), H5Sclose, "get a dataset's dataspace");
    // A dataset without elements has no storage address, and collective I/O on it fails even
    // with empty selections. Its extent is the same on every rank, so all skip together.
    if (npoints(file_space.get()) == 0) return;
    Handle mem_space = select_block(file_space.get(), rank, start, count);
    Handle dxpl = collective_transfer();
    // HDF5 rejects a null buffer even when nothing is selected on this rank.
    const unsigned char dummy[16] = {};
    SORN_H5_CALL(
        H5Dwrite(dset, type, mem_space.get(), file_space.get(), dxpl.get(), data ? data : dummy));
}

std::vector<std::uint64_t> dims_of(hid_t dset) {
    Handle space(H5Dget_space(dset), H5Sclose, "get a dataset's dataspace");
    const int rank = H5Sget_simple_extent_ndims(space.get());
    if (rank < 0) detail::throw_failed("get the rank of a dataspace");
    hsize_t dims[H5S_MAX_RANK] = {};
    SORN_H5_CALL(H5Sget_simple_extent_dims(space.get(), dims, nullptr));
    return std::vector<std::uint64_t>(dims, dims + rank);
}

} // namespace

namespace detail {

void write_vector(hid_t parent, const std::string& name, hid_t type, std::uint64_t global_size,
                  std::uint64_t offset, const void* data, std::uint64_t count) {
    OwnedComm comm = OwnedComm::of_file(parent);
    require_all(comm.get(), fits(offset, count, global_size) && (data || count == 0),
                "write_vector " + name + ": block [" + std::to_string(offset) + ", " +
                    std::to_string(offset + count) + ") outside [0, " +
                    std::to_string(global_size) + ") or null data");
    const hsize_t dims = global_size;
    Handle space(H5Screate_simple(1, &dims, nullptr), H5Sclose, "create a dataspace");
    Handle lcpl = intermediate_lcpl();
    Handle dset(
        H5Dcreate2(parent, name.c_str(), type, space.get(), lcpl.get(), H5P_DEFAULT, H5P_DEFAULT),
        H5Dclose, "create dataset " + name);
    write_selection(dset.get(), type, 1, &offset, &count, data);
}

void read_block(hid_t parent, const std::string& name, hid_t type, int rank,
                const std::uint64_t* start, const std::uint64_t* count, void* out) {
    OwnedComm comm = OwnedComm::of_file(parent);
    Handle dset(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + name);
    const std::vector<std::uint64_t> dims = dims_of(dset.get());
    // Collective: the dataset's rank is the same everywhere, the requested block may not be.
    if (static_cast<int>(dims.size()) != rank)
        throw H5Error("HDF5 dataset " + name + " has rank " + std::to_string(dims.size()) +
                      ", expected " + std::to_string(rank));
    bool ok = true;
    for (int d = 0; d < rank; ++d) ok = ok && fits(start[d], count[d], dims[d]);
    require_all(comm.get(), ok,
                "read of " + name + ": block " + block_text(rank, start, count) +
                    " outside the dataset");
    Handle file_space(H5Dget_space(dset.get()), H5Sclose, "get a dataset's dataspace");
    if (npoints(file_space.get()) == 0) return; // no storage: see write_selection()
    Handle mem_space = select_block(file_space.get(), rank, start, count);
    Handle dxpl = collective_transfer();
    unsigned char dummy[16] = {};
    SORN_H5_CALL(H5Dread(dset.get(), type, mem_space.get(), file_space.get(), dxpl.get(),
                         out ? out : dummy));
}

// ---- Table2D ----------------------------------------------------------------------------------

Table2DImpl::Table2DImpl(hid_t parent, const std::string& name, hid_t type, std::size_t elem_size,
                         std::uint64_t rows, std::uint64_t cols, int deflate)
    : name_(name), type_(type), rows_(rows), cols_(cols), comm_(OwnedComm::of_file(parent)) {
    const hsize_t dims[2] = {rows, cols};
    Handle space(H5Screate_simple(2, dims, nullptr), H5Sclose, "create a dataspace");
    Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create a dataset creation list");
    // A fixed-size dataset's chunk may not exceed its extent, and chunk dims must be >= 1:
    // zero-size tables stay contiguous.
    if (rows > 0 && cols > 0) {
        const std::uint64_t c = std::min(cols, max_chunk_cols);
        const std::uint64_t by_bytes = std::max<std::uint64_t>(1, chunk_bytes / (elem_size * c));
        const std::uint64_t r = std::min({rows, max_chunk_rows, by_bytes});
        chunk_[0] = r;
        chunk_[1] = c;
        const hsize_t chunk[2] = {r, c};
        SORN_H5_CALL(H5Pset_chunk(dcpl.get(), 2, chunk));
        // Parallel HDF5 writes filtered chunks only collectively, which every write here is.
        if (deflate > 0) SORN_H5_CALL(H5Pset_deflate(dcpl.get(), static_cast<unsigned>(deflate)));
    }
    Handle lcpl = intermediate_lcpl();
    dset_ = Handle(
        H5Dcreate2(parent, name.c_str(), type, space.get(), lcpl.get(), dcpl.get(), H5P_DEFAULT),
        H5Dclose, "create dataset " + name);
}

void Table2DImpl::write_block(std::uint64_t row0, std::uint64_t nrows, std::uint64_t col0,
                              std::uint64_t ncols, const void* data) {
    const std::uint64_t start[2] = {row0, col0}, count[2] = {nrows, ncols};
    require_all(comm_.get(),
                fits(row0, nrows, rows_) && fits(col0, ncols, cols_) &&
                    (data || nrows * ncols == 0),
                "Table2D " + name_ + ": block " + block_text(2, start, count) + " outside [0, " +
                    std::to_string(rows_) + ") x [0, " + std::to_string(cols_) + ") or null data");
    write_selection(dset_.get(), type_, 2, start, count, data);
}

// ---- BlockVector ------------------------------------------------------------------------------

BlockVectorImpl::BlockVectorImpl(hid_t parent, const std::string& name, hid_t type,
                                 std::uint64_t size, bool create)
    : name_(name), type_(type), size_(size), comm_(OwnedComm::of_file(parent)) {
    if (create) {
        const hsize_t dims = size;
        Handle space(H5Screate_simple(1, &dims, nullptr), H5Sclose, "create a dataspace");
        Handle lcpl = intermediate_lcpl();
        dset_ = Handle(H5Dcreate2(parent, name.c_str(), type, space.get(), lcpl.get(),
                                  H5P_DEFAULT, H5P_DEFAULT),
                       H5Dclose, "create dataset " + name);
        return;
    }
    dset_ = Handle(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + name);
    const std::vector<std::uint64_t> dims = dims_of(dset_.get());
    if (dims.size() != 1)
        throw H5Error("HDF5 dataset " + name + " has rank " + std::to_string(dims.size()) +
                      ", expected 1");
    size_ = dims[0];
}

void BlockVectorImpl::write(std::uint64_t offset, const void* data, std::uint64_t count) {
    require_all(comm_.get(), fits(offset, count, size_) && (data || count == 0),
                "BlockVector " + name_ + ": block [" + std::to_string(offset) + ", " +
                    std::to_string(offset + count) + ") outside [0, " + std::to_string(size_) +
                    ") or null data");
    write_selection(dset_.get(), type_, 1, &offset, &count, data);
}

void BlockVectorImpl::read(std::uint64_t offset, void* out, std::uint64_t count) const {
    require_all(comm_.get(), fits(offset, count, size_) && (out || count == 0),
                "BlockVector " + name_ + ": read of [" + std::to_string(offset) + ", " +
                    std::to_string(offset + count) + ") outside [0, " + std::to_string(size_) +
                    ") or null buffer");
    if (size_ == 0) return; // no storage: see write_selection()
    Handle file_space(H5Dget_space(dset_.get()), H5Sclose, "get a dataset's dataspace");
    Handle mem_space = select_block(file_space.get(), 1, &offset, &count);
    Handle dxpl = collective_transfer();
    unsigned char dummy[16] = {};
    SORN_H5_CALL(H5Dread(dset_.get(), type_, mem_space.get(), file_space.get(), dxpl.get(),
                         out ? out : dummy));
}

// ---- AppendVector -----------------------------------------------------------------------------

AppendVectorImpl::AppendVectorImpl(hid_t parent, const std::string& name, hid_t type,
                                   std::uint64_t chunk)
    : name_(name), type_(type), comm_(OwnedComm::of_file(parent)) {
    if (chunk == 0) throw H5Error("HDF5 AppendVector " + name + ": chunk must be >= 1");
    const hsize_t dims = 0, maxdims = H5S_UNLIMITED, chunk_dims = chunk;
    Handle space(H5Screate_simple(1, &dims, &maxdims), H5Sclose, "create a dataspace");
    Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create a dataset creation list");
    SORN_H5_CALL(H5Pset_chunk(dcpl.get(), 1, &chunk_dims));
    Handle lcpl = intermediate_lcpl();
    dset_ = Handle(
        H5Dcreate2(parent, name.c_str(), type, space.get(), lcpl.get(), dcpl.get(), H5P_DEFAULT),
        H5Dclose, "create dataset " + name);
}

void AppendVectorImpl::append(const void* data, std::uint64_t count) {
    MPI_Comm comm = comm_.get();
    require_all(comm, data || count == 0, "AppendVector " + name_ + ": null data");
    // ---- where this rank's block goes: after the current end and all lower ranks' blocks
    std::uint64_t before = 0, total = 0;
    SORN_MPI_CALL(MPI_Exscan(&count, &before, 1, MPI_UINT64_T, MPI_SUM, comm));
    if (mpi::rank(comm) == 0) before = 0; // MPI_Exscan leaves rank 0's result undefined
    SORN_MPI_CALL(MPI_Allreduce(&count, &total, 1, MPI_UINT64_T, MPI_SUM, comm));
    if (total == 0) return; // the same decision on every rank
    // ---- grow, then write collectively
    const hsize_t new_size = size_ + total;
    SORN_H5_CALL(H5Dset_extent(dset_.get(), &new_size));
    const std::uint64_t start = size_ + before;
    write_selection(dset_.get(), type_, 1, &start, &count, data);
    size_ = new_size;
}

} // namespace detail

std::vector<std::uint64_t> shape(hid_t parent, const std::string& name) {
    Handle dset(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + name);
    return dims_of(dset.get());
}

std::string ElementType::text() const {
    const std::string bits = std::to_string(8 * size);
    switch (type_class) {
    case H5T_INTEGER: return (is_signed ? "int" : "uint") + bits;
    case H5T_FLOAT: return "float" + bits;
    case H5T_STRING: return "strings";
    case H5T_COMPOUND: return "a compound type";
    case H5T_ENUM: return "an enumeration (h5py stores booleans so)";
    case H5T_ARRAY: return "an array type";
    case H5T_VLEN: return "variable-length sequences";
    case H5T_BITFIELD: return "bit fields";
    case H5T_OPAQUE: return "opaque data";
    case H5T_REFERENCE: return "references";
    case H5T_TIME: return "time values";
    default: return "an unknown type";
    }
}

ElementType element_type(hid_t parent, const std::string& name) {
    Handle dset(H5Dopen2(parent, name.c_str(), H5P_DEFAULT), H5Dclose, "open dataset " + name);
    Handle type(H5Dget_type(dset.get()), H5Tclose, "get the type of dataset " + name);
    ElementType t;
    t.type_class = H5Tget_class(type.get());
    if (t.type_class == H5T_NO_CLASS) detail::throw_failed("get the type class of " + name);
    t.size = H5Tget_size(type.get());
    if (t.type_class == H5T_INTEGER) t.is_signed = H5Tget_sign(type.get()) == H5T_SGN_2;
    return t;
}

} // namespace sorn::h5
