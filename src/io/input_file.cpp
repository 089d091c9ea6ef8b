#include "sorn/io/input_file.hpp"

#include <cmath>
#include <string>

#include "sorn/error.hpp"
#include "sorn/h5/dataset.hpp"
#include "sorn/h5/file.hpp"

namespace sorn::io {

std::vector<double> read_input(MPI_Comm comm, const model::InputParams& p, Index N_u, Index steps) {
    const std::string where = "--input " + p.file + " (dataset '" + p.dataset + "')";
    h5::File f = [&] {
        try {
            return h5::File::open_read(comm, p.file);
        } catch (const H5Error&) {
            throw ConfigError("--input " + p.file + ": cannot open as an HDF5 file");
        }
    }();
    if (!h5::exists(f.get(), p.dataset)) throw ConfigError(where + ": no such dataset");
    const std::vector<std::uint64_t> shape = h5::shape(f.get(), p.dataset);
    const auto want = std::to_string(N_u) + " x T with T >= " + std::to_string(steps);
    if (shape.size() != 2 || shape[0] != static_cast<std::uint64_t>(N_u) ||
        shape[1] < static_cast<std::uint64_t>(steps)) {
        std::string got;
        for (std::uint64_t d : shape) got += (got.empty() ? "" : " x ") + std::to_string(d);
        throw ConfigError(where + ": shape " + got + ", expected N_u x T = " + want);
    }
    const std::vector<double> u = h5::read_block<double>(f.get(), p.dataset, 0, N_u, 0, steps);
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
