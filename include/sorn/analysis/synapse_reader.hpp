#pragma once
// Reads the E->E synapses (row = postsynaptic, col = presynaptic, weight) of a result file,
// from the final state /state/W_ee (CSR) or the last /recordings/WEE snapshot (COO), each
// rank a contiguous block of the entries. Collective.
#include <mpi.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sorn/analysis/params.hpp"
#include "sorn/analysis/result_file.hpp"

namespace sorn::analysis {

struct SynapseSource {
    std::string description; ///< e.g. "/state/W_ee (step 5000)"
    bool state = true;       ///< false: a /recordings/WEE snapshot
    Index units = 0;         ///< N_e
    Index snapshot = -1;     ///< snapshot index (snapshot source)
    Step step = -1;          ///< step of the weights, -1 if unknown
    std::uint64_t first = 0; ///< the matrix is entries [first, first + count) of the datasets
    std::uint64_t count = 0;
};

/// Where the weights come from under `choice`, or nothing (with the reason in *why).
/// ConfigError if the chosen source is malformed: datasets of the wrong type or rank, entry
/// datasets of different lengths, a row pointer (indptr, offset) that does not start at 0,
/// decreases or ends beyond the entries. Collective.
std::optional<SynapseSource> find_synapse_source(const ResultFile& file, WeightsSource choice,
                                                 std::string* why);

/// Every /recordings/WEE snapshot (with its step from /recordings/snapshot_steps), in
/// order, or nothing (with the reason in *why); ConfigError if the series is malformed.
/// Collective.
std::optional<std::vector<SynapseSource>> snapshot_series(const ResultFile& file, std::string* why);

/// This rank's block of the entries.
struct SynapseBlock {
    std::vector<Index> row, col;
    std::vector<double> weight;
};

/// Reads this rank's block of the synapses; ConfigError if an index is out of range or a
/// weight is not in (0, 1] (NaN included). Collective.
SynapseBlock read_synapses(MPI_Comm comm, const ResultFile& file, const SynapseSource& source);

} // namespace sorn::analysis
