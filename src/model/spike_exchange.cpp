#include "sorn/model/spike_exchange.hpp"

#include "sorn/error.hpp"
#include "sorn/mpi.hpp"

namespace sorn::model {

SpikeExchange::SpikeExchange(MPI_Comm comm)
    : comm_(comm), size_(mpi::size(comm)), counts_(size_), displs_(size_) {}

void SpikeExchange::gather(const std::vector<Index>& local_active, Activity& out) {
    if (size_ == 1) {
        out.assign(local_active.data(), local_active.size());
        return;
    }
    int n = static_cast<int>(local_active.size());
    SORN_MPI_CALL(MPI_Allgather(&n, 1, MPI_INT, counts_.data(), 1, MPI_INT, comm_));
    int total = 0;
    for (int r = 0; r < size_; ++r) {
        displs_[r] = total;
        total += counts_[r];
    }
    if (static_cast<int>(buffer_.size()) < total) buffer_.resize(total);
    // Ranks own ascending blocks, so concatenation in rank order is already sorted.
    SORN_MPI_CALL(MPI_Allgatherv(local_active.data(), n, MPIU_INT, buffer_.data(), counts_.data(),
                                 displs_.data(), MPIU_INT, comm_));
    out.assign(buffer_.data(), static_cast<std::size_t>(total));
}

} // namespace sorn::model
