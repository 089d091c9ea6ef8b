#include "sorn/analysis/result_file.hpp"

#include <filesystem>
#include <limits>

#include "sorn/error.hpp"
#include "sorn/format/names.hpp"
#include "sorn/h5/dataset.hpp"
#include "sorn/mpi.hpp"

namespace sorn::analysis {

namespace {

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


} // namespace

Step checked_rows(const std::string& where, Step first_step, std::uint64_t rows) {
    constexpr Step max = std::numeric_limits<Step>::max();
    if (first_step < 0 || rows > static_cast<std::uint64_t>(max - first_step))
        throw ConfigError(where + ": " + std::to_string(rows) + " rows from first_step " +
                          text(first_step) + " run past the largest step " + text(max));
    return static_cast<Step>(rows);
}

ResultFile ResultFile::open(MPI_Comm comm, const std::string& path, const std::string& role) {
    h5::require_hdf5_file(comm, path, role + " " + path);
    h5::File file = [&] {
        try {
            return h5::File::open_read(comm, path);
        } catch (const H5Error& e) {
            throw ConfigError(role + " " + path + ": cannot be opened (" + e.what() + ")");
        }
    }();
    const hid_t root = file.get();
    const std::string format_attr = format::root::format, sorn = format::result_format;
    std::string format;
    if (h5::attribute_exists(root, format_attr)) {
        try {
            format = h5::read_attribute_string(root, format_attr);
        } catch (const H5Error&) {
            format = "(not a string)";
        }
    }
    if (format != sorn)
        throw ConfigError(role + " " + path +
                          ": not a sorn-simulate result file (root attribute '" + format_attr +
                          "' is " + (format.empty() ? "missing" : "'" + format + "'") +
                          ", expected '" + sorn + "')");
    // The layout this build reads is the one sorn-simulate writes: refuse any other version
    // rather than misread it (docs/FORMAT.md, "Versioning").
    const std::string version_attr = format::root::format_version;
    std::string version = "missing";
    if (h5::attribute_exists(root, version_attr)) {
        try {
            version = text(h5::read_attribute_int64(root, version_attr));
        } catch (const H5Error&) {
            version = "not a scalar integer";
        }
    }
    if (version != text(format::version))
        throw ConfigError(role + " " + path + ": " + version_attr + " " + version +
                          ", this build reads version " + text(format::version));
    return ResultFile(std::move(file));
}

bool ResultFile::has(const std::string& object) const { return h5::exists(get(), object); }

std::vector<std::uint64_t> ResultFile::dataset_shape(const std::string& path, Element type,
                                                     std::size_t dimensions) const {
    if (h5::object_kind(get(), path) != h5::ObjectKind::Dataset)
        throw ConfigError(where(path) + ": not a dataset");
    const h5::ElementType t = h5::element_type(get(), path);
    if (!holds(t, type))
        throw ConfigError(where(path) + ": holds " + t.text() + ", expected " +
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
    namespace S = format::spikes;
    const auto units = integer_attribute(path, S::units);
    if (!units)
        throw ConfigError(at + ": no '" + S::units +
                          "' attribute (not a sorn spike recording)");
    if (*units < 0 || *units > std::numeric_limits<Index>::max())
        throw ConfigError(at + ": units = " + text(*units) + " is out of range [0, " +
                          text(std::numeric_limits<Index>::max()) + "]");
    d.units = static_cast<Index>(*units);
    if (static_cast<std::uint64_t>(d.bytes()) != dims[1])
        throw ConfigError(at + ": " + std::to_string(dims[1]) +
                          " byte columns do not hold units = " + text(d.units) +
                          " (expected ceil(units/8))");
    h5::Handle dset(H5Dopen2(get(), path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
    if (h5::attribute_exists(dset.get(), S::bitorder)) {
        std::string order;
        try {
            order = h5::read_attribute_string(dset.get(), S::bitorder);
        } catch (const H5Error&) {
            throw ConfigError(at + ": attribute '" + S::bitorder + "' is not a string");
        }
        if (order != S::little)
            throw ConfigError(at + ": bit order '" + order + "' is not supported (expected '" +
                              S::little + "')");
    }
    if (const auto first = integer_attribute(path, S::first_step)) {
        if (*first < 0)
            throw ConfigError(at + ": attribute " + S::first_step + " = " + text(*first) +
                              " is negative (steps are counted from 0)");
        d.first_step = *first;
    } else if (const auto group_first = recordings_first_step()) {
        d.first_step = *group_first;
    } else {
        throw ConfigError(at + ": no '" + S::first_step +
                          "' attribute: its rows cannot be placed in time");
    }
    d.rows = checked_rows(at, d.first_step, dims[0]);
    return d;
}

std::optional<Step> ResultFile::recordings_first_step() const {
    const std::string recordings = format::path(format::group::recordings);
    const char* first_step = format::recordings::first_step;
    if (!has(recordings)) return std::nullopt;
    const auto first = integer_attribute(recordings, first_step);
    if (first && *first < 0)
        throw ConfigError(where(recordings) + ": attribute " + first_step + " = " + text(*first) +
                          " is negative (steps are counted from 0)");
    return first;
}

std::optional<std::int64_t> ResultFile::parameter(const std::string& name) const {
    const std::string parameters = format::path(format::group::parameters);
    if (!has(parameters)) return std::nullopt;
    h5::Handle g(H5Oopen(get(), parameters.c_str(), H5P_DEFAULT), H5Oclose, "open " + parameters);
    if (!h5::attribute_exists(g.get(), name)) return std::nullopt;
    try {
        return h5::read_attribute_int64(g.get(), name);
    } catch (const H5Error&) {
        return std::nullopt; // not an integer
    }
}

} // namespace sorn::analysis
