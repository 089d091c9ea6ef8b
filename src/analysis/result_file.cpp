#include "sorn/analysis/result_file.hpp"

#include <filesystem>

#include "sorn/error.hpp"
#include "sorn/h5/dataset.hpp"
#include "sorn/mpi.hpp"

namespace sorn::analysis {

namespace {

// Rank 0 looks at the file system; every rank gets its answer, so all throw alike.
bool exists_on_rank0(MPI_Comm comm, const std::string& path) {
    int exists = 0;
    if (mpi::rank(comm) == 0) exists = std::filesystem::is_regular_file(path) ? 1 : 0;
    SORN_MPI_CALL(MPI_Bcast(&exists, 1, MPI_INT, 0, comm));
    return exists != 0;
}

std::string text(Index v) { return std::to_string(static_cast<long long>(v)); }

} // namespace

ResultFile ResultFile::open(MPI_Comm comm, const std::string& path, const std::string& role) {
    if (!exists_on_rank0(comm, path)) throw ConfigError(role + " " + path + ": no such file");
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

std::optional<SpikeDataset> ResultFile::spike_dataset(const std::string& path) const {
    if (!has(path)) return std::nullopt;
    const std::string where = this->path() + ":" + path;
    std::vector<std::uint64_t> dims;
    try {
        dims = h5::shape(get(), path);
    } catch (const H5Error&) {
        throw ConfigError(where + ": not a dataset");
    }
    if (dims.size() != 2)
        throw ConfigError(where + ": expected a 2-D table (steps x bytes), found " +
                          std::to_string(dims.size()) + " dimension(s)");
    h5::Handle dset(H5Dopen2(get(), path.c_str(), H5P_DEFAULT), H5Dclose, "open " + path);
    if (!h5::attribute_exists(dset.get(), "units"))
        throw ConfigError(where + ": no 'units' attribute (not a sorn spike recording)");
    SpikeDataset d;
    d.path = path;
    d.units = h5::read_attribute_int64(dset.get(), "units");
    d.rows = static_cast<Index>(dims[0]);
    if (d.units < 0 || static_cast<std::uint64_t>(d.bytes()) != dims[1])
        throw ConfigError(where + ": " + text(static_cast<Index>(dims[1])) +
                          " byte columns do not hold units = " + text(d.units) +
                          " (expected ceil(units/8))");
    if (h5::attribute_exists(dset.get(), "bitorder") &&
        h5::read_attribute_string(dset.get(), "bitorder") != "little")
        throw ConfigError(where + ": bit order '" +
                          h5::read_attribute_string(dset.get(), "bitorder") +
                          "' is not supported (expected 'little')");
    if (h5::attribute_exists(dset.get(), "first_step"))
        d.first_step = h5::read_attribute_int64(dset.get(), "first_step");
    else if (const auto first = recordings_first_step())
        d.first_step = *first;
    else
        throw ConfigError(where + ": no 'first_step' attribute: its rows cannot be placed in time");
    return d;
}

std::optional<Index> ResultFile::recordings_first_step() const {
    if (!has("/recordings")) return std::nullopt;
    h5::Handle g = h5::open_group(get(), "/recordings");
    if (!h5::attribute_exists(g.get(), "first_step")) return std::nullopt;
    return h5::read_attribute_int64(g.get(), "first_step");
}

std::optional<std::int64_t> ResultFile::parameter(const std::string& name) const {
    if (!has("/parameters")) return std::nullopt;
    h5::Handle g = h5::open_group(get(), "/parameters");
    if (!h5::attribute_exists(g.get(), name)) return std::nullopt;
    try {
        return h5::read_attribute_int64(g.get(), name);
    } catch (const H5Error&) {
        return std::nullopt; // not an integer
    }
}

} // namespace sorn::analysis
