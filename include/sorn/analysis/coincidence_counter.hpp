#pragma once
// Coincidence counts k_ab = #{t : units a and b both spike} of a list of unit pairs, for the
// pairwise correlations. Units belong to the ranks that read them, pairs do not: per chunk of
// steps every rank packs the trains of its needed units into bit sets along time, one
// MPI_Allgatherv gives every rank every needed train of the chunk, and each rank counts its
// share of the pairs with popcounts. The counts are integers, so the final MPI_SUM is exact
// and the split of the pairs over the ranks does not matter.
// Memory per rank: 8 bytes per pair + (needed units) x (chunk steps) / 8 bytes.
#include <mpi.h>

#include <cstdint>
#include <vector>

#include "sorn/analysis/correlation.hpp"

namespace sorn::analysis {

class CoincidenceCounter {
public:
    /// pairs: global units, a < b. This rank reads units [unit_begin, unit_end). Collective.
    CoincidenceCounter(MPI_Comm comm, const std::vector<UnitPair>& pairs, Index unit_begin,
                       Index unit_end);

    /// Number of distinct units in the pairs. Local.
    Index needed_units() const { return static_cast<Index>(units_.size()); }
    /// Starts a chunk of `rows` steps (clears the local bit sets). Local.
    void begin_chunk(Index rows);
    /// Records a spike of global unit u (owned by this rank) at row k of the chunk. Local.
    void spike(Index u, Index k) {
        const Index s = u - unit_begin_;
        if (s >= 0 && s < static_cast<Index>(slot_.size()) && slot_[s] >= 0)
            local_[static_cast<std::size_t>(slot_[s]) * words_ + (k >> 6)] |= 1ULL << (k & 63);
    }
    /// Exchanges the chunk's trains and counts this rank's pairs. Collective.
    void end_chunk();
    /// k_ab of every pair, in the order given (the same on every rank). Collective.
    std::vector<std::int64_t> finish();

private:
    MPI_Comm comm_;
    std::vector<Index> units_;                   // sorted distinct units of the pairs
    std::vector<std::int32_t> pair_a_, pair_b_;  // pairs as indices into units_
    std::int64_t pair_begin_ = 0, pair_end_ = 0; // this rank's share of the pairs
    Index unit_begin_;
    std::vector<std::int32_t> slot_; // local unit -> local needed index, or -1
    std::vector<int> rank_units_;    // needed units owned by each rank
    std::size_t words_ = 0;
    std::vector<std::uint64_t> local_, all_;
    std::vector<std::int64_t> counts_;
};

} // namespace sorn::analysis
