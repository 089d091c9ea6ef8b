#include "sorn/analysis/result_file.hpp"

#include <filesystem>
#include <limits>

#include "sorn/error.hpp"
#include "sorn/h5/dataset.hpp"
#include "sorn/mpi.hpp"

namespace sorn::analysis {

namespace {

// What is wrong with path as an input file ("" if it is a regular file). Rank 0 looks at the
// file system without opening anything (opening a FIFO would block); every rank gets its
// answer, so all throw alike.
std::string file_problem(MPI_Comm comm, const std::string& path) {
    static const char* const problems[] = {"", "no such file", "is a directory",
                                           "not a regular file"};
    int problem = 0;
    if (mpi::rank(comm) == 0) {
        std::error_code ec;
        const std::filesystem::file_status st = std::filesystem::status(path, ec);
        problem = !std::filesystem::exists(st)            ? 1
                  : std::filesystem::is_directory(st)     ? 2
                  : !std::filesystem::is_regular_file(st) ? 3
                                                          : 0;
    }
    SORN_MPI_CALL(MPI_Bcast(&problem, 1, MPI_INT, 0, comm));
    return problems[problem];
}

std::string text(std::int64_t v) { return std::to_string(static_cast<long long>(v)); }

const char* element_name(Element e) {
    switch (e) {
    case Element::UInt8: return "uint8";
    case Element::Int64: return "int64";
    case Element::Float64: return "float64";
    }
    return "?";
}

bool holds(const h5::ElementType& t, Element e) {
    switch (e) {
    case Element::UInt8: return t.is_integer(1, false);
    case Element::Int64: return t.is_integer(8, true);
    case Element::Float64: return t.type_class == H5T_FLOAT && t.size == 8;
    }
    return false;
}

std::string describe(const h5::ElementType& t) {
    const std::string bits = std::to_string(8 * t.size);
    switch (t.type_class) {
    case H5T_INTEGER: return (t.is_signed ? "int" : "uint") + bits;
    case H5T_FLOAT: return "float" + bits;
    case H5T_STRING: return "strings";
    case H5T_COMPOUND: return "compound elements";
    case H5T_ENUM: return "enum elements";
    case H5T_ARRAY: return "array elements";
    default: return "elements of another HDF5 class";
    }
}

} // namespace

Step checked_rows(const std::string& where, Step first_step, std::uint64_t rows) {
    constexpr Step max = std::numeric_limits<Step>::max();
    if (first_step < 0 || rows > static_cast<std::uint64_t>(max - first_step))
        throw ConfigError(where + ": " + std::to_string(rows) + " rows from first_step " +
                          text(first_step) + " run past the largest step " + text(max));
    return static_cast<Step>(rows);
}

ResultFile ResultFile::open(MPI_Comm comm, const std::string& path, const std::string& role) {
    if (const std::string problem = file_problem(comm, path); !problem.empty())
        throw ConfigError(role + " " + path + ": " + problem);
    int is_hdf5 = 0;
    if (mpi::rank(comm) == 0) is_hdf5 = H5Fis_hdf5(path.c_str()) > 0 ? 1 : 0;
    SORN_MPI_CALL(MPI_Bcast(&is_hdf5, 1, MPI_INT, 0, comm));
    if (!is_hdf5) throw ConfigError(role + " " + path + ": not an HDF5 file");
    h5::File file = [&] {
        try {
            return h5::File::open_read(comm, path);
        } catch (const H5Error& e) {
            throw ConfigError(role + " " + path + ": cannot be opened (" + e.what() + ")");
        }
    }();
    const hid_t root = file.get();
    std::string format;
    if (h5::attribute_exists(root, "format")) {
        try {
            format = h5::read_attribute_string(root, "format");
        } catch (const H5Error&) {
            format = "(not a string)";
        }
    }
    if (format != "sorn")
        throw ConfigError(role + " " + path +
                          ": not a sorn-simulate result file (root attribute "
                          "'format' is " +
                          (format.empty() ? "missing" : "'" + format + "'") + ", expected 'sorn')");
    return ResultFile(std::move(file));
}

bool ResultFile::has(const std::string& object) const { return h5::exists(get(), object); }

std::vector<std::uint64_t> ResultFile::dataset_shape(const std::string& path, Element type,
                                                     std::size_t dimensions) const {
    if (h5::object_kind(get(), path) != h5::ObjectKind::Dataset)
        throw ConfigError(where(path) + ": not a dataset");
    const h5::ElementType t = h5::element_type(get(), path);
    if (!holds(t, type))
        throw ConfigError(where(path) + ": holds " + describe(t) + ", expected " +
                          element_name(type));
    const std::vector<std::uint64_t> dims = h5::shape(get(), path);
    if (dims.size() != dimensions)
        throw ConfigError(where(path) + ": expected " + std::to_string(dimensions) +
                          " dimension(s), found " + std::to_string(dims.size()));
    return dims;
}

std::optional<std::int64_t> ResultFile::integer_attribute(const std::string& path,
                                                          const std::string& name) const {
    h5::Handle obj(H5Oopen(get(), path.c_str(), H5P_DEFAULT), H5Oclose, "open " + path);
    if (!h5::attribute_exists(obj.get(), name)) return std::nullopt;
    try {
        return h5::read_attribute_int64(obj.get(), name);
    } catch (const H5Error&) {
        throw ConfigError(where(path) + ": attribute '" + name + "' is not a scalar integer");
    }
}

std::optional<SpikeDataset> ResultFile::spike_dataset(const std::string& path) const {
    if (!has(path)) return std::nullopt;
    const std::string at = where(path);
    const auto dims = dataset_shape(path, Element::UInt8, 2); // steps x bytes, bit-packed
    SpikeDataset d;
    d.path = path;
    const auto units = integer_attribute(path, "units");
    if (!units) throw ConfigError(at + ": no 'units' attribute (not a sorn spike recording)");
    if (*units < 0 || *units > std::numeric_limits<Index>::max())
        throw ConfigError(at + ": units = " + text(*units) + " is out of range [0, " +
                          text(std::numeric_limits<Index>::max()) + "]");
    d.units = static_cast<Index>(*units);
    if (static_cast<std::uint64_t>(d.bytes()) != dims[1])
        throw ConfigError(at + ": " + std::to_string(dims[1]) +
                          " byte columns do not hold units = " + text(d.units) +
                          " (expected ceil(units/8))");
    h5::Handle dset(H5Dopen2(get(), path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
    if (h5::attribute_exists(dset.get(), "bitorder")) {
        std::string order;
        try {
            order = h5::read_attribute_string(dset.get(), "bitorder");
        } catch (const H5Error&) {
            throw ConfigError(at + ": attribute 'bitorder' is not a string");
        }
        if (order != "little")
            throw ConfigError(at + ": bit order '" + order +
                              "' is not supported (expected 'little')");
    }
    if (const auto first = integer_attribute(path, "first_step")) {
        if (*first < 0)
            throw ConfigError(at + ": attribute first_step = " + text(*first) +
                              " is negative (steps are counted from 0)");
        d.first_step = *first;
    } else if (const auto group_first = recordings_first_step()) {
        d.first_step = *group_first;
    } else {
        throw ConfigError(at + ": no 'first_step' attribute: its rows cannot be placed in time");
    }
    d.rows = checked_rows(at, d.first_step, dims[0]);
    return d;
}

std::optional<Step> ResultFile::recordings_first_step() const {
    if (!has("/recordings")) return std::nullopt;
    const auto first = integer_attribute("/recordings", "first_step");
    if (first && *first < 0)
        throw ConfigError(where("/recordings") + ": attribute first_step = " + text(*first) +
                          " is negative (steps are counted from 0)");
    return first;
}

std::optional<std::int64_t> ResultFile::parameter(const std::string& name) const {
    if (!has("/parameters")) return std::nullopt;
    h5::Handle g(H5Oopen(get(), "/parameters", H5P_DEFAULT), H5Oclose, "open /parameters");
    if (!h5::attribute_exists(g.get(), name)) return std::nullopt;
    try {
        return h5::read_attribute_int64(g.get(), name);
    } catch (const H5Error&) {
        return std::nullopt; // not an integer
    }
}

} // namespace sorn::analysis
