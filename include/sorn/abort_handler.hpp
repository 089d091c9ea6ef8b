#pragma once
// What a driver does with an error that is not bad input.

namespace sorn {

/// Installs a std::terminate handler that prints "[rank r] <program>: error: <what>" and
/// calls MPI_Abort. A driver catches only ConfigError (bad input, detected identically on
/// every rank); any other exception finds no handler, so no destructor runs a collective
/// call (closing an HDF5 file, say) that the other ranks would never join. Also installs a
/// new-handler: when memory runs out, "[rank r] <program>: error: out of memory while
/// <activity>" and MPI_Abort, without unwinding. Local.
void abort_on_uncaught_exception(const char* program);

/// What the program is doing, for the out-of-memory message ("building the network"). The
/// text must outlive its use (a literal or a string kept alive by the caller). Local.
void note_activity(const char* activity);

} // namespace sorn
