#include "sorn/abort_handler.hpp"

#include <mpi.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>

namespace sorn {

namespace {
const char* program_name = "sorn";
const char* current_activity = "starting";

// Called by operator new when an allocation fails: abort with what was being done. Nothing
// here allocates.
[[noreturn]] void out_of_memory() {
    int rank = -1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    std::fprintf(stderr, "[rank %d] %s: error: out of memory while %s\n", rank, program_name,
                 current_activity);
    std::fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, 1);
    std::_Exit(1);
}

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
    std::set_new_handler(out_of_memory);
}

void note_activity(const char* activity) { current_activity = activity; }

} // namespace sorn
