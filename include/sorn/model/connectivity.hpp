#pragma once
// Initial connectivity and weights of one synaptic matrix (MODEL.md, Initialization).
//
// Sparse: each (post, pre) pair is connected with probability p = lambda / N_post
// (lambda = mean out-degree of a presynaptic unit); the package's in-degree mode (W_ee):
// the in-degree of each row is floor(Normal(lambda, 1)), its partners uniform; the package's
// out-degree mode (W_ei): each column (presynaptic unit) projects to floor(Normal(lambda, 1))
// rows, clamped to [0, N_post], uniform without replacement.
// Dense: all-to-all. No self-synapses in W_ee; an empty row is redrawn (not in the out-degree
// mode, whose rows follow from the columns: a row may stay empty).
// Weights U(0, w_init_max], then each row divided by its sum.
// Every draw is keyed by the global row (the global column in the out-degree mode, whose
// targets every rank draws for every column, keeping those in its rows), so rows do not
// depend on the partition.
#include <cstdint>
#include <deque>
#include <vector>

#include "sorn/model/layout.hpp"
#include "sorn/model/params.hpp"
#include "sorn/model/synaptic_matrix.hpp"
#include "sorn/rng.hpp"

namespace sorn::model {

/// How the partners of a Sparse matrix are drawn.
enum class DegreeMode {
    Bernoulli, ///< each (post, pre) pair with p = lambda / N_post
    PackageIn, ///< each row's in-degree floor(Normal(lambda, 1)) (--ee-degree package)
    PackageOut ///< each column's out-degree floor(Normal(lambda, 1)) (--ei-degree package)
};

struct ConnectivitySpec {
    std::uint64_t seed = 1;
    rng::Stream connection_stream = rng::Stream::ConnectivityEE;
    rng::Stream weight_stream = rng::Stream::WeightEE;
    Index N_post = 0;
    Index N_pre = 0;
    ConnectionType type = ConnectionType::Sparse;
    double lambda = 0.0;
    bool no_self = false; ///< W_ee: row i never contains column i
    DegreeMode degree = DegreeMode::Bernoulli;
    double w_init_max = 1.0;
};

/// Presynaptic partners of global row `row`, ascending. Local, pure; O(N_pre * lambda) in the
/// PackageOut mode.
std::vector<Index> initial_partners(const ConnectivitySpec& spec, Index row);

/// PackageOut mode: the postsynaptic targets of global column `col`, ascending. Local, pure.
std::vector<Index> initial_targets(const ConnectivitySpec& spec, Index col);

/// The normalized synapses of the rows in `rows` as a RowSource. count() draws each row's
/// partners once and keeps them (4 B per synapse, in chunks that row() frees as it hands the
/// rows out, so they are gone before the matrix builds its column view); row() draws the
/// weights. row() without count() draws the partners itself.
class InitialRows final : public RowSource {
public:
    /// Local; O(N_pre * lambda) in the PackageOut mode (its partner lists are drawn up front,
    /// 4 B per synapse, each freed once its row is handed out). `chunk_columns`: the least
    /// capacity of a chunk of kept partners.
    InitialRows(const ConnectivitySpec& spec, Range rows,
                std::size_t chunk_columns = std::size_t(1) << 24);
    /// Local (no communication).
    void count(Range own, std::vector<PetscInt>& d_nnz, std::vector<PetscInt>& o_nnz) override;
    /// Local (no communication).
    void row(Index r, std::vector<Synapse>& out) override;

private:
    const std::vector<Index>& partners(Index r);
    void keep(Index r, const std::vector<Index>& cols);

    ConnectivitySpec spec_;
    Range rows_;
    bool by_column_mode_;
    std::vector<std::vector<Index>> by_column_; // PackageOut: partners of every local row
    std::vector<Index> drawn_;                  // the other modes: partners of the last row
    // What count() drew, row after row, in chunks of at least 2^24 columns by default (64 MiB:
    // above glibc's largest mmap threshold, so each chunk is mapped on its own and given back to
    // the system when freed); row() frees a chunk once it has handed out its last row.
    std::deque<std::vector<Index>> kept_;
    std::vector<Index> kept_length_; // by local row; empty: count() has not run
    std::size_t kept_offset_ = 0;    // where row()'s next row starts in kept_.front()
    std::size_t chunk_columns_;
};

/// Normalized synapses of the rows in `rows`. Local, pure.
std::vector<std::vector<Synapse>> initial_rows(const ConnectivitySpec& spec, Range rows);

} // namespace sorn::model
