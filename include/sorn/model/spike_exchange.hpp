#pragma once
// The one communication of a step: every rank learns which units spiked.
#include <mpi.h>

#include <vector>

#include "sorn/model/activity.hpp"

namespace sorn::model {

/// MPI_Allgatherv of active global indices. Buffers are reused: no allocation per step
/// once they have grown to the largest activity seen.
class SpikeExchange {
public:
    explicit SpikeExchange(MPI_Comm comm);
    /// out := union over ranks of local_active (ascending global indices, each rank's
    /// ascending). Collective.
    void gather(const std::vector<Index>& local_active, Activity& out);

private:
    MPI_Comm comm_;
    int size_;
    std::vector<int> counts_, displs_;
    std::vector<Index> buffer_;
};

} // namespace sorn::model
