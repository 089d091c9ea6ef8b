#include "sorn/io/input_file.hpp"

#include <hdf5.h>

#include <cmath>
#include <string>

#include "sorn/error.hpp"
#include "sorn/h5/dataset.hpp"
#include "sorn/h5/file.hpp"
#include "sorn/mpi.hpp"

namespace sorn::io {

namespace {

// fn() on every rank; an H5Error (a damaged file) becomes the same ConfigError on every rank.
template <class F> auto guarded(MPI_Comm comm, const std::string& where, F&& fn) {
    decltype(fn()) value{};
    std::string error;
    try {
        value = fn();
    } catch (const H5Error& e) {
        error = where + ": cannot be read (truncated or damaged file?): " + e.what();
    }
    mpi::raise_if_any(comm, error);
    return value;
}

} // namespace

std::vector<double> read_input(MPI_Comm comm, const model::InputParams& p, Index N_u, Index steps) {
    const std::string file = "--input " + p.file;
    const std::string where = file + " (dataset '" + p.dataset + "')";
    if (p.dataset.empty()) // HDF5 has no object named "": the root group is "/"
        throw ConfigError(where + ": empty dataset name (give --input-dataset NAME)");
    h5::require_hdf5_file(comm, p.file, file);
    h5::File f = [&] {
        try {
            return h5::File::open_read(comm, p.file);
        } catch (const H5Error&) {
            throw ConfigError(file + ": cannot open as an HDF5 file (truncated or damaged?)");
        }
    }();

    // ---- the dataset: a numeric N_u x T array
    switch (guarded(comm, where, [&] { return h5::object_kind(f.get(), p.dataset); })) {
    case h5::ObjectKind::Dataset: break;
    case h5::ObjectKind::Missing: throw ConfigError(where + ": no such dataset");
    case h5::ObjectKind::Group: throw ConfigError(where + ": is a group, not a dataset");
    case h5::ObjectKind::Other: throw ConfigError(where + ": is not a dataset");
    }
    const h5::ElementType type =
        guarded(comm, where, [&] { return h5::element_type(f.get(), p.dataset); });
    if (!type.is_numeric())
        throw ConfigError(where + ": holds " + type.text() +
                          ", expected numbers (float64)");
    const std::vector<std::uint64_t> shape =
        guarded(comm, where, [&] { return h5::shape(f.get(), p.dataset); });
    const auto want = std::to_string(N_u) + " x T with T >= " + std::to_string(steps);
    if (shape.size() != 2 || shape[0] != static_cast<std::uint64_t>(N_u) ||
        shape[1] < static_cast<std::uint64_t>(steps)) {
        std::string got;
        for (std::uint64_t d : shape) got += (got.empty() ? "" : " x ") + std::to_string(d);
        throw ConfigError(where + ": shape " + (got.empty() ? "scalar" : got) +
                          ", expected N_u x T = " + want);
    }

    // ---- the values, transposed to one row per step
    const std::vector<double> u = guarded(
        comm, where, [&] { return h5::read_block<double>(f.get(), p.dataset, 0, N_u, 0, steps); });
    std::vector<double> rows(u.size());
    for (Index k = 0; k < N_u; ++k)
        for (Index t = 0; t < steps; ++t) {
            const double v = u[static_cast<std::size_t>(k) * steps + t];
            if (!std::isfinite(v))
                throw ConfigError(where + ": value at [" + std::to_string(k) + ", " +
                                  std::to_string(t) + "] is not finite");
            rows[static_cast<std::size_t>(t) * N_u + k] = v;
        }
    return rows;
}

} // namespace sorn::io
