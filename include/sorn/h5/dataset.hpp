#pragma once
// Collective parallel-HDF5 datasets: whole 1-D vectors written block-wise, fixed-shape 2-D
// tables (rows = time, columns = neurons) and 1-D vectors that grow by appending.
// Every call is collective over the file's communicator; a rank with nothing to write or read
// selects nothing but still makes the call (STYLE.md section 3). Argument errors seen on one
// rank are made collective (sorn::mpi::all_ok), so every rank throws the same H5Error.
#include <hdf5.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "sorn/h5/file.hpp"
#include "sorn/h5/handle.hpp"

namespace sorn::h5 {

/// Native HDF5 type of a supported element type. Local.
template <class T> struct NativeType; // uint8, int32, int64, uint64, double
template <> struct NativeType<std::uint8_t> {
    static hid_t get() { return H5T_NATIVE_UINT8; }
};
template <> struct NativeType<std::int32_t> {
    static hid_t get() { return H5T_NATIVE_INT32; }
};
template <> struct NativeType<std::int64_t> {
    static hid_t get() { return H5T_NATIVE_INT64; }
};
template <> struct NativeType<std::uint64_t> {
    static hid_t get() { return H5T_NATIVE_UINT64; }
};
template <> struct NativeType<double> {
    static hid_t get() { return H5T_NATIVE_DOUBLE; }
};

template <class T> inline constexpr bool is_element_v =
    std::is_same_v<T, std::uint8_t> || std::is_same_v<T, std::int32_t> ||
    std::is_same_v<T, std::int64_t> || std::is_same_v<T, std::uint64_t> ||
    std::is_same_v<T, double>;

// Type-erased implementations; the templates below only add the element type.
namespace detail {
void write_vector(hid_t parent, const std::string& name, hid_t type, std::uint64_t global_size,
                  std::uint64_t offset, const void* data, std::uint64_t count);
void read_block(hid_t parent, const std::string& name, hid_t type, int rank,
                const std::uint64_t* start, const std::uint64_t* count, void* out);

class Table2DImpl {
public:
    Table2DImpl(hid_t parent, const std::string& name, hid_t type, std::size_t elem_size,
                std::uint64_t rows, std::uint64_t cols, int deflate);
    void write_block(std::uint64_t row0, std::uint64_t nrows, std::uint64_t col0,
                     std::uint64_t ncols, const void* data);
    hid_t get() const noexcept { return dset_.get(); }
    std::uint64_t rows() const noexcept { return rows_; }
    std::uint64_t cols() const noexcept { return cols_; }
    std::uint64_t chunk_rows() const noexcept { return chunk_[0]; }
    std::uint64_t chunk_cols() const noexcept { return chunk_[1]; }

private:
    std::string name_;
    hid_t type_;
    std::uint64_t rows_, cols_;
    std::uint64_t chunk_[2] = {0, 0};
    OwnedComm comm_;
    Handle dset_;
};

class BlockVectorImpl {
public:
    BlockVectorImpl(hid_t parent, const std::string& name, hid_t type, std::uint64_t size,
                    bool create);
    void write(std::uint64_t offset, const void* data, std::uint64_t count);
    void read(std::uint64_t offset, void* out, std::uint64_t count) const;
    std::uint64_t size() const noexcept { return size_; }

private:
    std::string name_;
    hid_t type_;
    std::uint64_t size_ = 0;
    OwnedComm comm_;
    Handle dset_;
};

class AppendVectorImpl {
public:
    AppendVectorImpl(hid_t parent, const std::string& name, hid_t type, std::uint64_t chunk);
    void append(const void* data, std::uint64_t count);
    hid_t get() const noexcept { return dset_.get(); }
    std::uint64_t size() const noexcept { return size_; }

private:
    std::string name_;
    hid_t type_;
    std::uint64_t size_ = 0;
    OwnedComm comm_;
    Handle dset_;
};
} // namespace detail

/// Creates the 1-D dataset name[global_size] and writes this rank's block
/// [offset, offset + count) (count may be 0). Collective.
template <class T> void write_vector(hid_t parent, const std::string& name,
                                     std::uint64_t global_size, std::uint64_t offset, const T* data,
                                     std::size_t count) {
    static_assert(is_element_v<T>, "unsupported HDF5 element type");
    detail::write_vector(parent, name, NativeType<T>::get(), global_size, offset, data, count);
}

/// Reads the block [offset, offset + count) of the 1-D dataset name (count may be 0).
/// Collective.
template <class T> std::vector<T> read_vector(hid_t parent, const std::string& name,
                                              std::uint64_t offset, std::uint64_t count) {
    static_assert(is_element_v<T>, "unsupported HDF5 element type");
    std::vector<T> out(count);
    detail::read_block(parent, name, NativeType<T>::get(), 1, &offset, &count, out.data());
    return out;
}

/// Reads the row-major block [row0, row0 + nrows) x [col0, col0 + ncols) of the 2-D dataset
/// name (either count may be 0). Collective.
template <class T> std::vector<T> read_block(hid_t parent, const std::string& name,
                                             std::uint64_t row0, std::uint64_t nrows,
                                             std::uint64_t col0, std::uint64_t ncols) {
    static_assert(is_element_v<T>, "unsupported HDF5 element type");
    const std::uint64_t start[2] = {row0, col0}, count[2] = {nrows, ncols};
    std::vector<T> out(nrows * ncols);
    detail::read_block(parent, name, NativeType<T>::get(), 2, start, count, out.data());
    return out;
}

/// Dimensions of the dataset name. Collective.
std::vector<std::uint64_t> shape(hid_t parent, const std::string& name);

/// How a dataset's elements are stored in the file.
struct ElementType {
    H5T_class_t type_class = H5T_NO_CLASS; ///< H5T_INTEGER, H5T_FLOAT, H5T_STRING, ...
    std::size_t size = 0;                  ///< bytes per element
    bool is_signed = false;                ///< integers only
    /// True for an integer class of exactly `bytes` bytes and the given signedness. Local.
    bool is_integer(std::size_t bytes, bool signed_) const {
        return type_class == H5T_INTEGER && size == bytes && is_signed == signed_;
    }
    /// True for any integer class. Local.
    bool is_any_integer() const { return type_class == H5T_INTEGER; }
    /// True for a floating-point or integer class (what read_vector<double> converts). Local.
    bool is_numeric() const { return type_class == H5T_INTEGER || type_class == H5T_FLOAT; }
    /// How it reads in an error message: "float64", "uint8", "strings", ... Local.
    std::string text() const;
};
/// The stored element type of the dataset name. Collective.
ElementType element_type(hid_t parent, const std::string& name);

/// A fixed-shape rows x cols dataset (rows = time steps, columns = neurons), chunked in tiles
/// of at most 64 rows x 65536 columns and about 1 MiB; zero-size shapes are contiguous.
template <class T> class Table2D {
    static_assert(is_element_v<T>, "unsupported HDF5 element type");

public:
    /// Creates the dataset name[rows][cols]. Collective.
    /// `deflate`: gzip level 1-9 of the chunks, 0 = uncompressed.
    Table2D(hid_t parent, const std::string& name, std::uint64_t rows, std::uint64_t cols,
            int deflate = 0)
        : impl_(parent, name, NativeType<T>::get(), sizeof(T), rows, cols, deflate) {}

    /// Writes the row-major nrows x ncols block at (row0, col0); nrows or ncols may be 0 on
    /// some ranks. Collective.
    void write_block(std::uint64_t row0, std::uint64_t nrows, std::uint64_t col0,
                     std::uint64_t ncols, const T* data) {
        impl_.write_block(row0, nrows, col0, ncols, data);
    }
    /// The dataset id. Local.
    hid_t get() const noexcept { return impl_.get(); }
    /// Number of rows. Local.
    std::uint64_t rows() const noexcept { return impl_.rows(); }
    /// Number of columns. Local.
    std::uint64_t cols() const noexcept { return impl_.cols(); }
    /// Chunk rows (0 when not chunked). Local.
    std::uint64_t chunk_rows() const noexcept { return impl_.chunk_rows(); }
    /// Chunk columns (0 when not chunked). Local.
    std::uint64_t chunk_cols() const noexcept { return impl_.chunk_cols(); }

private:
    detail::Table2DImpl impl_;
};

/// A fixed-length 1-D dataset kept open for several collective rounds of blocks, so that a
/// long vector goes to or comes from the file in bounded pieces: each call moves every rank's
/// own block [offset, offset + count), count may be 0 (a rank with nothing left still calls).
template <class T> class BlockVector {
    static_assert(is_element_v<T>, "unsupported HDF5 element type");

public:
    /// Creates the dataset name[size]. Collective.
    static BlockVector create(hid_t parent, const std::string& name, std::uint64_t size) {
        return BlockVector(parent, name, size, true);
    }
    /// Opens the existing 1-D dataset name (its elements converted to T). Collective.
    static BlockVector open(hid_t parent, const std::string& name) {
        return BlockVector(parent, name, 0, false);
    }
    /// Writes this rank's block. Collective.
    void write(std::uint64_t offset, const T* data, std::size_t count) {
        impl_.write(offset, data, count);
    }
    /// Reads this rank's block into out[0, count). Collective.
    void read(std::uint64_t offset, T* out, std::size_t count) const {
        impl_.read(offset, out, count);
    }
    /// The dataset's length. Local.
    std::uint64_t size() const noexcept { return impl_.size(); }

private:
    BlockVector(hid_t parent, const std::string& name, std::uint64_t size, bool create)
        : impl_(parent, name, NativeType<T>::get(), size, create) {}
    detail::BlockVectorImpl impl_;
};

/// A 1-D dataset of unlimited length that grows as ranks append blocks, in rank order.
template <class T> class AppendVector {
    static_assert(is_element_v<T>, "unsupported HDF5 element type");

public:
    /// Creates the empty extendible dataset name. Collective.
    AppendVector(hid_t parent, const std::string& name, std::uint64_t chunk = 65536)
        : impl_(parent, name, NativeType<T>::get(), chunk) {}

    /// Appends every rank's count elements, rank 0's first (count may be 0). Collective.
    void append(const T* data, std::size_t count) { impl_.append(data, count); }
    /// Appends a vector (see append(data, count)). Collective.
    void append(const std::vector<T>& v) { impl_.append(v.data(), v.size()); }
    /// Current global length (the same on every rank). Local.
    std::uint64_t size() const noexcept { return impl_.size(); }
    /// The dataset id. Local.
    hid_t get() const noexcept { return impl_.get(); }

private:
    detail::AppendVectorImpl impl_;
};

} // namespace sorn::h5
