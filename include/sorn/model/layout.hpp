#pragma once
// Which rank owns which E and I units. Decided once; every matrix and vector uses it.
#include <mpi.h>

#include <vector>

#include "sorn/types.hpp"

namespace sorn::model {

/// A contiguous block [begin, end) of global unit indices owned by one rank.
struct Range {
    Index begin = 0, end = 0;
    Index size() const { return end - begin; }
    bool contains(Index i) const { return i >= begin && i < end; }
};

/// Block partition of N units over the ranks of comm in whole groups of `unit_group`
/// units (the first ranks get one group more), so that each rank's spikes fill whole
/// bytes of a bit-packed recording.
class Partition {
public:
    static constexpr Index unit_group = 8;
    Partition(MPI_Comm comm, Index N);
    Index global_size() const { return N_; }
    Range local() const { return ranges_[rank_]; }
    const Range& of_rank(int r) const { return ranges_[r]; }
    int owner(Index i) const; ///< rank owning global unit i. Local.

private:
    Index N_;
    int rank_;
    std::vector<Range> ranges_;
};

/// Ownership of the E and I populations. Collective construction.
struct Layout {
    Layout(MPI_Comm comm, Index N_e, Index N_i) : comm(comm), e(comm, N_e), i(comm, N_i) {}
    MPI_Comm comm;
    Partition e;
    Partition i;
};

} // namespace sorn::model
