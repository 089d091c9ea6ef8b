#include "sorn/io/partial_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <random>
#include <system_error>

#include "sorn/error.hpp"
#include "sorn/io/provenance.hpp"
#include "sorn/mpi.hpp"

namespace sorn::io {

std::string random_hex(MPI_Comm comm) {
    char text[17] = {};
    if (mpi::rank(comm) == 0) {
        std::random_device device;
        const std::uint64_t v = (std::uint64_t{device()} << 32) ^ device();
        std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(v));
    }
    return from_rank0(comm, text);
}

std::string reserve_partial(MPI_Comm comm, const std::string& path, const std::string& option) {
    std::string error;
    std::string partial;
    // A clash of two random names is all but impossible; a few tries make it irrelevant.
    for (int attempt = 0; attempt < 4 && partial.empty(); ++attempt) {
        const std::string name = path + "." + random_hex(comm) + ".partial";
        int created = 0, code = 0;
        if (mpi::rank(comm) == 0) {
            const int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0666);
            created = fd >= 0;
            code = created ? 0 : errno;
            if (fd >= 0) ::close(fd);
        }
        SORN_MPI_CALL(MPI_Bcast(&created, 1, MPI_INT, 0, comm));
        SORN_MPI_CALL(MPI_Bcast(&code, 1, MPI_INT, 0, comm));
        if (created) partial = name;
        else if (code != EEXIST) error = std::strerror(code);
        if (!error.empty()) break;
    }
    if (partial.empty())
        throw FileError(option + " " + path + ": cannot create its temporary file " + path +
                          ".*.partial (" + (error.empty() ? "name clash" : error) + ")");
    return partial;
}

void commit_partial(MPI_Comm comm, const std::string& partial, const std::string& path) {
    int code = 0;
    if (mpi::rank(comm) == 0 && std::rename(partial.c_str(), path.c_str()) != 0) code = errno;
    SORN_MPI_CALL(MPI_Bcast(&code, 1, MPI_INT, 0, comm));
    if (code != 0)
        throw Error("cannot rename " + partial + " to " + path + ": " + std::strerror(code) +
                    " (the complete file is left as " + partial + ")");
}

} // namespace sorn::io
