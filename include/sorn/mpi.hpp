#pragma once
// Small MPI helpers: rank, size, and turning a local failure into a collective one.
#include <mpi.h>

#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

namespace sorn::mpi {

/// Rank of this process in comm. Local.
int rank(MPI_Comm comm);
/// Number of ranks in comm. Local.
int size(MPI_Comm comm);
/// True on every rank iff ok is true on every rank. Collective (MPI_LAND).
bool all_ok(MPI_Comm comm, bool ok);

/// Every rank's `mine` concatenated in rank order, on every rank (at most 2 GiB in all).
/// Collective.
template <class T> std::vector<T> all_gather(MPI_Comm comm, const std::vector<T>& mine);

/// Throws ConfigError (FileError if `about_a_file`) with the message of the lowest rank with a
/// non-empty `error` on every rank if any rank has one, so that a problem seen by one rank
/// (e.g. in its block of a file) stops all of them. Collective.
void raise_if_any(MPI_Comm comm, const std::string& error, bool about_a_file = false);

namespace detail {
/// Byte-wise MPI_Allgatherv in rank order. Collective.
std::vector<char> all_gather_bytes(MPI_Comm comm, const void* mine, std::size_t bytes);
} // namespace detail

template <class T> std::vector<T> all_gather(MPI_Comm comm, const std::vector<T>& mine) {
    static_assert(std::is_trivially_copyable_v<T>, "gathered elements are copied as bytes");
    const std::vector<char> bytes =
        detail::all_gather_bytes(comm, mine.data(), mine.size() * sizeof(T));
    std::vector<T> all(bytes.size() / sizeof(T));
    if (!all.empty()) std::memcpy(all.data(), bytes.data(), bytes.size());
    return all;
}

} // namespace sorn::mpi
