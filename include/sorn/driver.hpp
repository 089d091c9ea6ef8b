#pragma once
// The entry point of every driver (sorn-simulate, sorn-analyze) and its error policy
// (STYLE.md section 4). main() is one line:
//     int main(int argc, char** argv) { return sorn::run_driver("sorn-x", argc, argv, run); }
#include <mpi.h>

namespace sorn {

/// A driver's work: runs on comm (PETSC_COMM_WORLD) with the command line; returns the exit
/// code. Collective.
using DriverBody = int (*)(MPI_Comm comm, int argc, char** argv);

/// Runs body as `program` (a literal: "sorn-simulate") and returns main()'s exit code:
/// - starts the PETSc session (and MPI), with MPI_ERRORS_RETURN on MPI_COMM_WORLD and
///   PETSC_COMM_WORLD, so that a failed MPI call throws MpiError; arms the test failure
///   below;
/// - ConfigError (bad input, detected identically on every rank): rank 0 prints
///   "<program>: error: <what>" once, and 2 is returned through PetscFinalize;
/// - any other exception, on any rank: it finds no handler (only ConfigError is ever caught
///   on its way), so std::terminate runs before any destructor does: "[rank r] <program>:
///   error: <what>" on stderr, then MPI_Abort. Unwinding would close HDF5 files and destroy
///   PETSc objects, collective calls that the other ranks, waiting in another collective,
///   would never join: a hang instead of an error;
/// - out of memory (operator new fails): "[rank r] <program>: error: out of memory while
///   <activity>" and MPI_Abort, from the new-handler, without unwinding either.
/// Collective over MPI_COMM_WORLD.
int run_driver(const char* program, int argc, char** argv, DriverBody body);

/// What the program is doing, for the out-of-memory message ("building the network"). The
/// text must outlive its use (a literal or a string kept alive by the caller). Local.
void note_activity(const char* activity);

// ---- test-only failure injection --------------------------------------------------------
// Makes exactly one rank fail at a named point, so that a test can check that the others
// do not hang. run_driver reads the environment once, at start-up:
//   SORN_TEST_FAIL_RANK=r     the rank of MPI_COMM_WORLD that fails; no other rank does.
//   SORN_TEST_FAIL_AT=point   where: "step:N" (sorn-simulate: after step N >= 1 of the run
//                             loop, while the others go on to the next step's collectives)
//                             or "plan" (sorn-analyze: once the input is planned, with the
//                             input file open, while the others wait in a collective).
//   SORN_TEST_FAIL_WITH=kind  "error" (the default: throw sorn::Error, not a ConfigError),
//                             "bad_alloc" (throw std::bad_alloc), or "oom" (an allocation
//                             that cannot succeed: the new-handler's path).
// Both of the first two, or neither; a malformed value is a ConfigError (exit 2). Unset,
// test_failure_point costs one integer comparison.

enum class TestFailurePoint { Step, Plan };

namespace detail {
/// The count at which this rank fails (-1: never) and the point it must be at.
extern long long test_failure_count;
extern TestFailurePoint test_failure_at;
[[noreturn]] void test_failure();
} // namespace detail

/// Fails as SORN_TEST_FAIL_* ask if this is the armed rank, point and count (the step for
/// Step, 0 otherwise); else nothing. Local.
inline void test_failure_point(TestFailurePoint point, long long count = 0) {
    if (count == detail::test_failure_count && point == detail::test_failure_at)
        detail::test_failure();
}

} // namespace sorn
