#include "sorn/driver.hpp"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <limits>
#include <new>
#include <string>

#include "sorn/error.hpp"
#include "sorn/mpi.hpp"
#include "sorn/petsc/session.hpp"

namespace sorn {

namespace detail {
long long test_failure_count = -1;
TestFailurePoint test_failure_at = TestFailurePoint::Step;
} // namespace detail

namespace {

const char* program_name = "sorn";
const char* current_activity = "starting";

// This process's rank in MPI_COMM_WORLD, or -1 outside MPI_Init .. MPI_Finalize.
int world_rank() {
    int initialized = 0, finalized = 0;
    MPI_Initialized(&initialized);
    MPI_Finalized(&finalized);
    int rank = -1;
    if (initialized && !finalized) MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    return rank;
}

// Prints "[rank r] <program>: error: <what><detail>" and ends every rank. Nothing here
// allocates (it also runs when memory is exhausted) or unwinds.
[[noreturn]] void abort_all(const char* what, const char* detail) {
    static bool aborting = false; // an error while aborting: just go
    if (aborting) std::_Exit(1);
    aborting = true;
    const int rank = world_rank();
    if (rank >= 0)
        std::fprintf(stderr, "[rank %d] %s: error: %s%s\n", rank, program_name, what, detail);
    else
        std::fprintf(stderr, "%s: error: %s%s\n", program_name, what, detail);
    std::fflush(stderr);
    if (rank >= 0) MPI_Abort(MPI_COMM_WORLD, 1);
    std::_Exit(1);
}

// The new-handler, called by operator new when an allocation fails.
[[noreturn]] void out_of_memory() { abort_all("out of memory while ", current_activity); }

// The terminate handler: an exception that found no handler (none but ConfigError is ever
// caught on its way out), or another std::terminate. No destructor has run.
[[noreturn]] void abort_on_terminate() {
    try {
        if (const std::exception_ptr e = std::current_exception()) std::rethrow_exception(e);
    } catch (const std::bad_alloc& e) {
        static char detail[256]; // no allocation: memory may be exhausted
        std::snprintf(detail, sizeof detail, "%s (%s)", current_activity, e.what());
        abort_all("out of memory while ", detail);
    } catch (const std::exception& e) {
        abort_all(e.what(), "");
    } catch (...) {
        abort_all("unknown exception", "");
    }
    abort_all("std::terminate called without an exception", "");
}

// ---- test failures (sorn/driver.hpp)
enum class TestFailureKind { Error, BadAlloc, OutOfMemory };
TestFailureKind test_failure_kind = TestFailureKind::Error;
std::string test_failure_text;

// The whole of text as a decimal integer >= min, or -1.
long long whole_integer(const std::string& text, long long min) {
    char* end = nullptr;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    return !text.empty() && end == text.c_str() + text.size() && v >= min ? v : -1;
}

// Reads SORN_TEST_FAIL_*; the same verdict on every rank (they share the environment).
void arm_test_failure() {
    const char* rank_env = std::getenv("SORN_TEST_FAIL_RANK");
    const char* at_env = std::getenv("SORN_TEST_FAIL_AT");
    const char* with_env = std::getenv("SORN_TEST_FAIL_WITH");
    if (!rank_env && !at_env && !with_env) return;
    require(rank_env && at_env, "SORN_TEST_FAIL_RANK, SORN_TEST_FAIL_AT",
            std::string(rank_env ? rank_env : "(unset)") + ", " + (at_env ? at_env : "(unset)"),
            "set both or neither");
    const long long rank = whole_integer(rank_env, 0);
    require(rank >= 0 && rank < mpi::size(MPI_COMM_WORLD), "SORN_TEST_FAIL_RANK", rank_env,
            "must be a rank of MPI_COMM_WORLD");

    const std::string at = at_env;
    const bool step = at.rfind("step:", 0) == 0;
    const long long count = step ? whole_integer(at.substr(5), 1) : 0;
    require(step ? count >= 1 : at == "plan", "SORN_TEST_FAIL_AT", at,
            "must be step:N (N >= 1) or plan");

    const std::string with = with_env ? with_env : "error";
    if (with == "bad_alloc")
        test_failure_kind = TestFailureKind::BadAlloc;
    else if (with == "oom")
        test_failure_kind = TestFailureKind::OutOfMemory;
    else
        require(with == "error", "SORN_TEST_FAIL_WITH", with, "must be error, bad_alloc or oom");

    test_failure_text = "test failure at " + at + " (SORN_TEST_FAIL_AT)";
    if (rank == mpi::rank(MPI_COMM_WORLD)) {
        detail::test_failure_count = count;
        detail::test_failure_at = step ? TestFailurePoint::Step : TestFailurePoint::Plan;
    }
}

} // namespace

namespace detail {
void test_failure() {
    if (test_failure_kind == TestFailureKind::BadAlloc) throw std::bad_alloc();
    if (test_failure_kind == TestFailureKind::OutOfMemory) {
        // More than any address space: operator new calls the new-handler, which aborts.
        volatile std::size_t bytes = std::numeric_limits<std::size_t>::max() / 2;
        ::operator delete(::operator new(bytes));
    }
    throw Error(test_failure_text);
}
} // namespace detail

int run_driver(const char* program, int argc, char** argv, DriverBody body) {
    program_name = program;
    std::set_terminate(abort_on_terminate);
    std::set_new_handler(out_of_memory);
    petsc::Session session(argc, argv);
    MPI_Comm comm = PETSC_COMM_WORLD;
    try {
        // MPI errors come back as codes, which SORN_MPI_CALL turns into MpiError. The
        // communicators duplicated from these later (by HDF5 files, PETSc objects) inherit it.
        SORN_MPI_CALL(MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN));
        SORN_MPI_CALL(MPI_Comm_set_errhandler(PETSC_COMM_WORLD, MPI_ERRORS_RETURN));
        arm_test_failure();
        return body(comm, argc, argv);
    } catch (const ConfigError& e) {
        // Bad input is detected identically on every rank: report once, exit 2.
        if (mpi::rank(comm) == 0) std::fprintf(stderr, "%s: error: %s\n", program, e.what());
        return 2;
    }
}

void note_activity(const char* activity) { current_activity = activity; }

} // namespace sorn
