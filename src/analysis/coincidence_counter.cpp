#include "sorn/analysis/coincidence_counter.hpp"

#include <algorithm>

#include "sorn/error.hpp"
#include "sorn/mpi.hpp"

namespace sorn::analysis {

namespace {

// Coincidences of two bit sets. The popcnt instruction is not in the x86-64 baseline the
// project compiles for, and the generic __builtin_popcountll is a slow library call: use the
// instruction when the CPU has it. Both count the same integer.
#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("popcnt"))) std::int64_t
and_count_popcnt(const std::uint64_t* a, const std::uint64_t* b, std::size_t words) {
    std::int64_t k = 0;
    for (std::size_t w = 0; w < words; ++w) k += __builtin_popcountll(a[w] & b[w]);
    return k;
}
const bool has_popcnt = __builtin_cpu_supports("popcnt");
#endif

std::int64_t and_count(const std::uint64_t* a, const std::uint64_t* b, std::size_t words) {
#if defined(__x86_64__) && defined(__GNUC__)
    if (has_popcnt) return and_count_popcnt(a, b, words);
#endif
    std::int64_t k = 0;
    for (std::size_t w = 0; w < words; ++w) k += __builtin_popcountll(a[w] & b[w]);
    return k;
}

} // namespace

CoincidenceCounter::CoincidenceCounter(MPI_Comm comm, const std::vector<UnitPair>& pairs,
                                       Index unit_begin, Index unit_end)
    : comm_(comm), unit_begin_(unit_begin) {
    // Distinct units and their positions through a table over [0, largest unit]: linear in
    // the number of pairs (all pairs of 2000 units are 2e6 pairs).
    Index top = -1;
    for (const UnitPair& p : pairs) top = std::max({top, p.a, p.b});
    constexpr std::int32_t unused = -1, used = -2;
    std::vector<std::int32_t> position(static_cast<std::size_t>(top + 1), unused);
    for (const UnitPair& p : pairs) position[p.a] = position[p.b] = used;
    for (Index u = 0; u <= top; ++u)
        if (position[u] == used) {
            position[u] = static_cast<std::int32_t>(units_.size());
            units_.push_back(u);
        }
    pair_a_.reserve(pairs.size());
    pair_b_.reserve(pairs.size());
    for (const UnitPair& p : pairs) {
        pair_a_.push_back(position[p.a]);
        pair_b_.push_back(position[p.b]);
    }
    const int size = mpi::size(comm), rank = mpi::rank(comm);
    const auto n_pairs = static_cast<std::int64_t>(pairs.size());
    pair_begin_ = n_pairs * rank / size;
    pair_end_ = n_pairs * (rank + 1) / size;
    counts_.assign(pairs.size(), 0);

    // Owned needed units are a contiguous run of units_ (ownership is by contiguous blocks).
    slot_.assign(static_cast<std::size_t>(std::max<Index>(unit_end - unit_begin, 0)), -1);
    int owned = 0;
    for (Index u = unit_begin; u < unit_end; ++u)
        if (std::binary_search(units_.begin(), units_.end(), u)) slot_[u - unit_begin] = owned++;
    rank_units_.resize(size);
    SORN_MPI_CALL(MPI_Allgather(&owned, 1, MPI_INT, rank_units_.data(), 1, MPI_INT, comm));
}

void CoincidenceCounter::begin_chunk(Index rows) {
    words_ = static_cast<std::size_t>((rows + 63) / 64);
    const int owned = rank_units_[mpi::rank(comm_)];
    local_.assign(static_cast<std::size_t>(owned) * words_, 0);
}

void CoincidenceCounter::end_chunk() {
    const int size = mpi::size(comm_);
    std::vector<int> counts(size), displs(size);
    int total = 0;
    for (int r = 0; r < size; ++r) {
        counts[r] = rank_units_[r] * static_cast<int>(words_);
        displs[r] = total;
        total += counts[r];
    }
    all_.resize(static_cast<std::size_t>(total));
    SORN_MPI_CALL(MPI_Allgatherv(local_.data(), counts[mpi::rank(comm_)], MPI_UINT64_T, all_.data(),
                                 counts.data(), displs.data(), MPI_UINT64_T, comm_));
    for (std::int64_t p = pair_begin_; p < pair_end_; ++p) {
        const std::uint64_t* a = all_.data() + static_cast<std::size_t>(pair_a_[p]) * words_;
        const std::uint64_t* b = all_.data() + static_cast<std::size_t>(pair_b_[p]) * words_;
        counts_[p] += and_count(a, b, words_);
    }
}

std::vector<std::int64_t> CoincidenceCounter::finish() {
    if (!counts_.empty())
        SORN_MPI_CALL(MPI_Allreduce(MPI_IN_PLACE, counts_.data(), static_cast<int>(counts_.size()),
                                    MPI_INT64_T, MPI_SUM, comm_));
    return counts_;
}

} // namespace sorn::analysis
