#include "sorn/model/layout.hpp"

#include <algorithm>

#include "sorn/mpi.hpp"

namespace sorn::model {

Partition::Partition(MPI_Comm comm, Index N) : N_(N), rank_(mpi::rank(comm)) {
    const int p = mpi::size(comm);
    ranges_.resize(p);
    const Index groups = (N + unit_group - 1) / unit_group;
    Index group = 0;
    for (int r = 0; r < p; ++r) {
        const Index n = groups / p + (r < groups % p ? 1 : 0);
        ranges_[r] = {std::min(N, group * unit_group), std::min(N, (group + n) * unit_group)};
        group += n;
    }
}

int Partition::owner(Index i) const {
    auto it = std::upper_bound(ranges_.begin(), ranges_.end(), i,
                               [](Index v, const Range& r) { return v < r.end; });
    return static_cast<int>(it - ranges_.begin());
}

} // namespace sorn::model
