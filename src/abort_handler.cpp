#include "sorn/abort_handler.hpp"

#include <mpi.h>

#include <cstdio>
#include <cstdlib>
#include <exception>

namespace sorn {

namespace {
const char* program_name = "sorn";

[[noreturn]] void abort_all_ranks() {
    int rank = -1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    const char* what = "unknown error";
    try {
        if (auto e = std::current_exception()) std::rethrow_exception(e);
    } catch (const std::exception& e) {
        what = e.what();
        std::fprintf(stderr, "[rank %d] %s: error: %s\n", rank, program_name, what);
    } catch (...) {
        std::fprintf(stderr, "[rank %d] %s: error: %s\n", rank, program_name, what);
    }
    std::fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, 1);
    std::_Exit(1);
}
} // namespace

void abort_on_uncaught_exception(const char* program) {
    program_name = program;
    std::set_terminate(abort_all_ranks);
}

} // namespace sorn
