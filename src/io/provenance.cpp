#include "sorn/io/provenance.hpp"

#include <unistd.h>

#include <cstdint>
#include <ctime>

#include "sorn/error.hpp"
#include "sorn/format/names.hpp"
#include "sorn/h5/file.hpp"
#include "sorn/mpi.hpp"

#ifndef SORN_VERSION
#define SORN_VERSION "unknown"
#endif
#ifndef SORN_GIT_HASH
#define SORN_GIT_HASH "unknown"
#endif

namespace sorn::io {

namespace {

std::string host_name() {
    char name[256] = {};
    gethostname(name, sizeof name - 1);
    return name;
}

std::string utc_now() {
    char text[32];
    const std::time_t t = std::time(nullptr);
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return text;
}

} // namespace

std::string from_rank0(MPI_Comm comm, std::string value) {
    int n = static_cast<int>(value.size());
    SORN_MPI_CALL(MPI_Bcast(&n, 1, MPI_INT, 0, comm));
    value.resize(n);
    SORN_MPI_CALL(MPI_Bcast(value.data(), n, MPI_CHAR, 0, comm));
    return value;
}

double from_rank0(MPI_Comm comm, double value) {
    SORN_MPI_CALL(MPI_Bcast(&value, 1, MPI_DOUBLE, 0, comm));
    return value;
}

void write_program_provenance(hid_t prov, MPI_Comm comm, const char* program,
                              const std::string& command_line) {
    namespace P = format::provenance;
    h5::write_attribute(prov, P::program, program);
    h5::write_attribute(prov, P::version, SORN_VERSION);
    h5::write_attribute(prov, P::git_commit, SORN_GIT_HASH);
    h5::write_attribute(prov, P::created_utc, from_rank0(comm, utc_now()));
    h5::write_attribute(prov, P::host, from_rank0(comm, host_name()));
    h5::write_attribute(prov, P::ranks, static_cast<std::int64_t>(mpi::size(comm)));
    h5::write_attribute(prov, P::command_line, from_rank0(comm, command_line));
}

} // namespace sorn::io
