#include "sorn/h5/file.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <system_error>
#include <cstdlib>
#include <mutex>
#include <type_traits>
#include <vector>

#include "sorn/error.hpp"
#include "sorn/mpi.hpp"

namespace sorn::h5 {

namespace detail {

namespace {
// The innermost entry of the HDF5 error stack names the real cause. A downward walk starts
// at the API function and ends at the innermost one, so keep the last description.
herr_t innermost(unsigned, const H5E_error2_t* e, void* out) {
    if (e->desc && *e->desc) *static_cast<std::string*>(out) = e->desc;
    return 0;
}
} // namespace

void throw_failed(std::string_view what) {
    std::string cause;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, innermost, &cause);
    H5Eclear2(H5E_DEFAULT);
    std::string msg = "HDF5 failed to ";
    msg += what;
    if (!cause.empty()) msg += ": " + cause;
    throw H5Error(msg);
}

} // namespace detail

namespace {

// Our exceptions carry HDF5's innermost message; its own stack dump would only repeat it.
void silence_hdf5_errors() {
    static std::once_flag once;
    std::call_once(once, [] { (void)H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); });
}

// htri_t results: negative is an error, otherwise a truth value.
bool check_tri(htri_t v, const char* expr) {
    if (v < 0) ::sorn::detail::throw_h5(expr, __FILE__, __LINE__);
    return v > 0;
}

// Link creation list that also creates missing intermediate groups ("a/b/c").
Handle intermediate_lcpl() {
    Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose, "create a link creation property list");
    SORN_H5_CALL(H5Pset_create_intermediate_group(lcpl.get(), 1));
    return lcpl;
}

Handle open_scalar_attribute(hid_t obj, const std::string& name) {
    Handle attr(H5Aopen(obj, name.c_str(), H5P_DEFAULT), H5Aclose, "open attribute " + name);
    Handle space(H5Aget_space(attr.get()), H5Sclose, "get the dataspace of attribute " + name);
    const hssize_t n = H5Sget_simple_extent_npoints(space.get());
    if (n != 1)
        throw H5Error("HDF5 attribute " + name + " holds " + std::to_string(n) +
                      " elements, expected a scalar");
    return attr;
}

void write_scalar_attribute(hid_t obj, const std::string& name, hid_t type, const void* value) {
    // Replace rather than overwrite: the old attribute may have another type.
    if (check_tri(H5Aexists(obj, name.c_str()), "H5Aexists(obj, name)"))
        SORN_H5_CALL(H5Adelete(obj, name.c_str()));
    Handle space(H5Screate(H5S_SCALAR), H5Sclose, "create a scalar dataspace");
    Handle attr(H5Acreate2(obj, name.c_str(), type, space.get(), H5P_DEFAULT, H5P_DEFAULT),
                H5Aclose, "create attribute " + name);
    SORN_H5_CALL(H5Awrite(attr.get(), type, value));
}

// An integer T reads only integer attributes: HDF5 would silently truncate 200.6 to 200.
template <class T> T read_scalar_attribute(hid_t obj, const std::string& name, hid_t mem_type) {
    Handle attr = open_scalar_attribute(obj, name);
    Handle type(H5Aget_type(attr.get()), H5Tclose, "get the type of attribute " + name);
    const H5T_class_t cls = H5Tget_class(type.get());
    if (cls != H5T_INTEGER && cls != H5T_FLOAT)
        throw H5Error("HDF5 attribute " + name + " is not numeric");
    if (std::is_integral_v<T> && cls != H5T_INTEGER)
        throw H5Error("HDF5 attribute " + name + " is not an integer");
    T value{};
    SORN_H5_CALL(H5Aread(attr.get(), mem_type, &value));
    return value;
}

Handle utf8_vlen_string_type() {
    Handle type(H5Tcopy(H5T_C_S1), H5Tclose, "copy the C string type");
    SORN_H5_CALL(H5Tset_size(type.get(), H5T_VARIABLE));
    SORN_H5_CALL(H5Tset_cset(type.get(), H5T_CSET_UTF8));
    return type;
}

} // namespace

// ---- File -------------------------------------------------------------------------------------

File File::open(MPI_Comm comm, const std::string& path, unsigned flags, bool create) {
    silence_hdf5_errors();
    Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "create a file access property list");
    SORN_H5_CALL(H5Pset_fapl_mpio(fapl.get(), comm, MPI_INFO_NULL));
    SORN_H5_CALL(H5Pset_all_coll_metadata_ops(fapl.get(), 1));
    SORN_H5_CALL(H5Pset_coll_metadata_write(fapl.get(), 1));
    // Closing the file closes whatever is still open in it, so close() always flushes.
    SORN_H5_CALL(H5Pset_fclose_degree(fapl.get(), H5F_CLOSE_STRONG));
    const hid_t id = create ? H5Fcreate(path.c_str(), flags, H5P_DEFAULT, fapl.get())
                            : H5Fopen(path.c_str(), flags, fapl.get());
    Handle file(id, H5Fclose, (create ? "create file " : "open file ") + path);
    return File(comm, path, std::move(file));
}

File File::create(MPI_Comm comm, const std::string& path) {
    return open(comm, path, H5F_ACC_TRUNC, true);
}

File File::open_read(MPI_Comm comm, const std::string& path) {
    return open(comm, path, H5F_ACC_RDONLY, false);
}

File File::open_rw(MPI_Comm comm, const std::string& path) {
    return open(comm, path, H5F_ACC_RDWR, false);
}

void File::close() { file_.close(); }

// ---- OwnedComm --------------------------------------------------------------------------------

OwnedComm::~OwnedComm() {
    if (comm_ == MPI_COMM_NULL) return;
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (!finalized) MPI_Comm_free(&comm_);
}

OwnedComm OwnedComm::of_file(hid_t obj) {
    Handle file(H5Iget_file_id(obj), H5Fclose, "find the file of an object");
    Handle fapl(H5Fget_access_plist(file.get()), H5Pclose, "get a file access property list");
    MPI_Comm comm = MPI_COMM_NULL;
    MPI_Info info = MPI_INFO_NULL;
    SORN_H5_CALL(H5Pget_fapl_mpio(fapl.get(), &comm, &info)); // duplicates both
    if (info != MPI_INFO_NULL) MPI_Info_free(&info);
    return OwnedComm(comm);
}

// ---- files named by the user ---------------------------------------------------------------

std::string hdf5_file_problem(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status s = fs::status(path, ec); // follows symbolic links
    switch (s.type()) {
    case fs::file_type::regular: break;
    case fs::file_type::not_found: return "no such file";
    case fs::file_type::directory: return "is a directory, not an HDF5 file";
    case fs::file_type::fifo: return "is a FIFO, not a regular file";
    case fs::file_type::socket: return "is a socket, not a regular file";
    case fs::file_type::block: return "is a block device, not a regular file";
    case fs::file_type::character: return "is a character device, not a regular file";
    case fs::file_type::none: return "cannot be examined: " + ec.message();
    default: return "is not a regular file";
    }
    if (std::FILE* fp = std::fopen(path.c_str(), "rb"))
        std::fclose(fp);
    else
        return std::string("cannot be read: ") + std::strerror(errno);
    // HDF5 would print its own error stack for an unreadable file: silence it for this call.
    H5E_auto2_t print = nullptr;
    void* print_data = nullptr;
    (void)H5Eget_auto2(H5E_DEFAULT, &print, &print_data);
    (void)H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
    (void)H5Eclear2(H5E_DEFAULT);
    (void)H5Eset_auto2(H5E_DEFAULT, print, print_data);
    if (is_hdf5 == 0) return "not an HDF5 file";
    if (is_hdf5 < 0) return "cannot be read as an HDF5 file";
    return "";
}

void require_hdf5_file(MPI_Comm comm, const std::string& path, const std::string& where) {
    const std::string problem = mpi::rank(comm) == 0 ? hdf5_file_problem(path) : std::string();
    mpi::raise_if_any(comm, problem.empty() ? problem : where + ": " + problem, true);
}

// ---- groups and links -------------------------------------------------------------------------

Handle create_group(hid_t parent, const std::string& name) {
    Handle lcpl = intermediate_lcpl();
    return Handle(H5Gcreate2(parent, name.c_str(), lcpl.get(), H5P_DEFAULT, H5P_DEFAULT), H5Gclose,
                  "create group " + name);
}

Handle open_group(hid_t parent, const std::string& name) {
    return Handle(H5Gopen2(parent, name.c_str(), H5P_DEFAULT), H5Gclose, "open group " + name);
}

bool exists(hid_t parent, const std::string& path) {
    // H5Lexists fails (rather than returning false) when an intermediate component is
    // missing, so walk the path one component at a time. Every rank sees the same metadata,
    // hence makes the same sequence of calls: safe with collective metadata reads.
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < path.size();) {
        const std::size_t j = std::min(path.find('/', i), path.size());
        if (j > i && path.compare(i, j - i, ".") != 0) parts.push_back(path.substr(i, j - i));
        i = j + 1;
    }
    std::string prefix = (!path.empty() && path.front() == '/') ? "/" : "";
    for (std::size_t k = 0; k < parts.size(); ++k) {
        if (!prefix.empty() && prefix.back() != '/') prefix += '/';
        prefix += parts[k];
        if (!check_tri(H5Lexists(parent, prefix.c_str(), H5P_DEFAULT), "H5Lexists(parent, path)"))
            return false;
        // A dangling soft or external link exists as a link but not as an object.
        if (!check_tri(H5Oexists_by_name(parent, prefix.c_str(), H5P_DEFAULT),
                       "H5Oexists_by_name(parent, path)"))
            return false;
        if (k + 1 < parts.size()) {
            Handle obj(H5Oopen(parent, prefix.c_str(), H5P_DEFAULT), H5Oclose, "open " + prefix);
            if (H5Iget_type(obj.get()) != H5I_GROUP) return false;
        }
    }
    return true;
}

ObjectKind object_kind(hid_t parent, const std::string& path) {
    if (!exists(parent, path)) return ObjectKind::Missing;
    Handle obj(H5Oopen(parent, path.c_str(), H5P_DEFAULT), H5Oclose, "open " + path);
    switch (H5Iget_type(obj.get())) {
    case H5I_GROUP: return ObjectKind::Group;
    case H5I_DATASET: return ObjectKind::Dataset;
    default: return ObjectKind::Other;
    }
}

// ---- attributes -------------------------------------------------------------------------------

void write_attribute(hid_t obj, const std::string& name, double value) {
    write_scalar_attribute(obj, name, H5T_NATIVE_DOUBLE, &value);
}

void write_attribute(hid_t obj, const std::string& name, std::int64_t value) {
    write_scalar_attribute(obj, name, H5T_NATIVE_INT64, &value);
}

void write_attribute(hid_t obj, const std::string& name, std::uint64_t value) {
    write_scalar_attribute(obj, name, H5T_NATIVE_UINT64, &value);
}

void write_attribute(hid_t obj, const std::string& name, const std::string& value) {
    // Variable length so that h5py returns str; embedded NULs would truncate the value.
    Handle type = utf8_vlen_string_type();
    const char* ptr = value.c_str();
    write_scalar_attribute(obj, name, type.get(), &ptr);
}

void write_attribute(hid_t obj, const std::string& name, const char* value) {
    write_attribute(obj, name, std::string(value ? value : ""));
}

bool attribute_exists(hid_t obj, const std::string& name) {
    return check_tri(H5Aexists(obj, name.c_str()), "H5Aexists(obj, name)");
}

double read_attribute_double(hid_t obj, const std::string& name) {
    return read_scalar_attribute<double>(obj, name, H5T_NATIVE_DOUBLE);
}

std::int64_t read_attribute_int64(hid_t obj, const std::string& name) {
    return read_scalar_attribute<std::int64_t>(obj, name, H5T_NATIVE_INT64);
}

std::uint64_t read_attribute_uint64(hid_t obj, const std::string& name) {
    return read_scalar_attribute<std::uint64_t>(obj, name, H5T_NATIVE_UINT64);
}

std::string read_attribute_string(hid_t obj, const std::string& name) {
    Handle attr = open_scalar_attribute(obj, name);
    Handle type(H5Aget_type(attr.get()), H5Tclose, "get the type of attribute " + name);
    if (H5Tget_class(type.get()) != H5T_STRING)
        throw H5Error("HDF5 attribute " + name + " is not a string");
    if (check_tri(H5Tis_variable_str(type.get()), "H5Tis_variable_str(type)")) {
        // Read with the file's own string type: HDF5 does not convert between character sets.
        char* ptr = nullptr;
        SORN_H5_CALL(H5Aread(attr.get(), type.get(), &ptr));
        std::string value(ptr ? ptr : "");
        if (ptr) H5free_memory(ptr);
        return value;
    }
    const std::size_t size = H5Tget_size(type.get());
    if (size == 0) detail::throw_failed("get the size of attribute " + name);
    std::string value(size, '\0');
    SORN_H5_CALL(H5Aread(attr.get(), type.get(), value.data()));
    if (const auto nul = value.find('\0'); nul != std::string::npos) value.resize(nul);
    if (H5Tget_strpad(type.get()) == H5T_STR_SPACEPAD) {
        const auto last = value.find_last_not_of(' ');
        value.resize(last == std::string::npos ? 0 : last + 1);
    }
    return value;
}

} // namespace sorn::h5
