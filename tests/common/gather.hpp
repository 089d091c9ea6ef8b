#pragma once
// Test helpers: build matrices from whole-network descriptions and gather
// distributed state onto every rank for exact comparisons.
#include <mpi.h>

#include <vector>

#include "sorn/model/activity.hpp"
#include "sorn/model/synaptic_matrix.hpp"
#include "sorn/mpi.hpp"

namespace sorn::test {

/// Rows [range) of a whole matrix given as one synapse list per global row.
inline std::vector<std::vector<model::Synapse>>
local_part(const std::vector<std::vector<model::Synapse>>& all, model::Range range) {
    return {all.begin() + range.begin, all.begin() + range.end};
}

/// Concatenation over ranks (in rank order) of each rank's vector. Collective.
using mpi::all_gather;

/// Every stored entry (including pruned slots) of the whole matrix, rows in order. Collective.
struct Entry {
    Index row, col;
    Real w;
    bool operator==(const Entry& o) const { return row == o.row && col == o.col && w == o.w; }
};

inline std::vector<Entry> gather_entries(MPI_Comm comm, const model::SynapticMatrix& W,
                                         bool synapses_only = true) {
    std::vector<Entry> mine;
    for (Index r = 0; r < W.rows().size(); ++r)
        W.for_each(r, [&](Index c, Real w) {
            if (!synapses_only || w > 0.0) mine.push_back({W.rows().begin + r, c, w});
        });
    return all_gather(comm, mine);
}

/// N units of which exactly `units` (ascending) are active. Local.
inline model::Activity active(Index N, const std::vector<Index>& units) {
    model::Activity a(N);
    a.assign(units.data(), units.size());
    return a;
}

/// Weight of (row, col) in gathered entries; -1 if there is no stored entry. Local.
inline double weight(const std::vector<Entry>& entries, Index row, Index col) {
    for (const Entry& e : entries)
        if (e.row == row && e.col == col) return e.w;
    return -1.0;
}

} // namespace sorn::test
