#pragma once
// How big a network will be, from its parameters alone, before anything is allocated:
// the expected synapse counts, the peak memory per rank, and whether this build's PETSc
// indices (PetscInt, 32-bit in Debian's PETSc) can hold the matrices at all.
//
// Expected counts (model/connectivity.hpp): Sparse rows draw Bernoulli(lambda / N_post) per
// candidate pair and an empty row is redrawn, so a row holds E[D | D > 0] synapses,
// D ~ Binomial(N_pre, lambda / N_post) (N_pre - 1 candidates for W_ee); Dense rows hold
// every candidate. Rows are split over the ranks in groups of 8 units (model::Partition);
// the rank with the most rows holds ceil(groups / ranks) * 8 of them.
#include <mpi.h>

#include <string>

#include "sorn/model/params.hpp"
#include "sorn/types.hpp"

namespace sorn::model {

/// Expected size of one synaptic matrix W_to_from.
struct MatrixEstimate {
    const char* name = "";                        ///< "W_ee", "W_ei" or "W_ie"
    ConnectionType type = ConnectionType::Sparse; ///< its network-type option
    double synapses = 0.0;                        ///< expected global count
    double local_rows = 0.0;                      ///< rows of the rank with the most rows
    double local_synapses = 0.0;                  ///< expected count on that rank
};

/// Expected synapse counts and peak bytes per rank of a network, from its parameters.
struct MemoryEstimate {
    MatrixEstimate W_ee, W_ei, W_ie;
    double max_local_synapses = 0.0;  ///< largest local_synapses of the three matrices
    double construction_bytes = 0.0;  ///< peak per rank while the network is built
    double run_bytes = 0.0;           ///< peak per rank while it runs and is written
    double peak_bytes_per_rank = 0.0; ///< the larger of the two, all-in (MPI, PETSc, HDF5)

    /// The matrix with the most synapses on one rank. Local.
    const MatrixEstimate& largest() const;
    /// One line naming the largest part, e.g. "about 12.3 GiB per rank (W_ie: 8.0e9
    /// synapses, dense)". Local.
    std::string summary() const;
};

/// Estimate for `ranks` ranks; `writes_state`: the run writes files (--output or
/// --checkpoint), which copy one matrix at a time and hold the spike buffers. A slight
/// over-estimate of the measured peak RSS (calibration in memory_estimate.cpp). Local.
MemoryEstimate estimate_memory(const ModelParams& p, int ranks, bool writes_state = true);

/// Throws ConfigError naming the option, e.g. "ne = 200000: W_ie (network-type-ie dense)
/// would hold 8.0e9 synapses, 8.0e9 on one of 1 rank(s); this build's 32-bit PETSc indices
/// hold at most 2147483647 per rank: use at least 4 ranks, ...", when a matrix's local
/// nonzeros (sparse: mean + 6 sd), or a population size, cannot be held as Index (= PetscInt)
/// on this number of ranks. Local.
void check_index_range(const ModelParams& p, int ranks);

/// Throws ConfigError naming ne when `e` needs more than `available_bytes` per rank; `limit`
/// says where that number comes from ("available per rank (MemAvailable / ranks on the
/// node)", "per rank allowed by --max-memory"). Local.
void check_memory(const ModelParams& p, const MemoryEstimate& e, double available_bytes,
                  const std::string& limit);

/// Memory this rank may use: MemAvailable of /proc/meminfo (or the cgroup's remaining
/// limit, if lower) divided by the number of ranks on this node (MPI_Comm_split_type
/// shared), the minimum over the ranks of comm; +infinity if nothing can be read.
/// Collective.
double available_bytes_per_rank(MPI_Comm comm);

} // namespace sorn::model
