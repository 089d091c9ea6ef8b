#pragma once
// A synaptic weight matrix W_to_from stored as a PETSc MPIAIJ matrix.
//
// Rows are postsynaptic units and are split across ranks like the `to`
// population; columns are presynaptic units. A rank reads and writes only its
// own rows, through for_each(), which visits a row's entries in ascending
// global column order whatever the partition (an MPIAIJ row is split into a
// diagonal and an off-diagonal block; the off-diagonal columns below the
// diagonal block come first, then the diagonal block, then the rest).
// That order makes every row sum bit-identical for any number of ranks.
//
// A stored entry with weight exactly 0 is a pruned synapse: it is not a
// synapse, only a free slot that structural plasticity may fill again.
#include <petscmat.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

#include "sorn/error.hpp"
#include "sorn/model/activity.hpp"
#include "sorn/model/column_bits.hpp"
#include "sorn/model/layout.hpp"
#include "sorn/petsc/matrix.hpp"
#include "sorn/types.hpp"

namespace sorn::model {

/// One incoming synapse of a row: presynaptic global index and weight.
struct Synapse {
    Index col;
    Real w;
};

/// This rank's rows in compressed sparse row form, with global column indices.
struct LocalCsr {
    std::vector<Index> indptr; ///< local_rows + 1 offsets into indices/weights
    std::vector<Index> indices;
    std::vector<Real> weights;
};

/// Where the initial rows of a matrix come from: this rank's rows, counted first, then handed
/// out one by one for insertion, so that no copy of the synapses exists beside the PETSc matrix.
class RowSource {
public:
    virtual ~RowSource() = default;
    /// d_nnz[r], o_nnz[r] (resized to the local rows): the synapses of local row r whose
    /// columns lie in `own`, and the others. Collective.
    virtual void count(Range own, std::vector<PetscInt>& d_nnz, std::vector<PetscInt>& o_nnz) = 0;
    /// Replaces `out` by the synapses of local row r: ascending columns, no duplicates.
    /// Called for r = 0, 1, ..., local rows - 1 in turn, then finish(); row() and finish()
    /// together make the same collective calls on every rank (a file is read in rounds).
    virtual void row(Index r, std::vector<Synapse>& out) = 0;
    /// After the last row(). Collective.
    virtual void finish() {}
};

/// A RowSource over rows held in memory: local_rows[r] lists the synapses of local row r,
/// sorted by column, without duplicates; each row is freed once it has been handed out.
class RowLists final : public RowSource {
public:
    /// Local.
    explicit RowLists(std::vector<std::vector<Synapse>> local_rows)
        : rows_(std::move(local_rows)) {}
    void count(Range own, std::vector<PetscInt>& d_nnz, std::vector<PetscInt>& o_nnz) override;
    void row(Index r, std::vector<Synapse>& out) override;

private:
    std::vector<std::vector<Synapse>> rows_;
};

/// The most stored entries a rank's part of a matrix may have for SynapticMatrix to keep a
/// column view of them (for_each_in_column, 4 B per entry) unless told to keep it always.
/// Above this the values lie beyond the private caches (2^19 entries: 4 MiB of weights), the
/// column walk reaches most entries by a miss, and W_ee's row pass (sim/row_pass.hpp), which
/// streams, is faster at the settled rate (h_ip = 0.1) without the view's memory: the whole
/// step 25 % faster at 10^6 entries, 1.3x slower at 10^5 (docs/PERFORMANCE.md). Its price is
/// the transient of a new network: at rate 0.02 the pass is slower than the walk.
constexpr Index default_column_view_limit = Index(1) << 19;
/// The same for W_ei (model::Network), below the default: without its column view iSTDP, SN
/// of W_ei and the drive's W_ei y are one streaming pass over its rows (sim/row_pass.hpp),
/// and SN divides nearly every row of W_ei at every step anyway (a row changes when any of
/// its presynaptic I units fired). That pass is as fast as the column walks at ~1.5 * 10^5
/// entries per rank and faster above (docs/PERFORMANCE.md: the whole step 7 % faster at
/// ~2.5 * 10^5, 3-14 % at 10^5 units on 2 ranks).
constexpr Index ei_column_view_limit = Index(1) << 17;
/// The same for W_ie, whose view only the drive of I walks (no rule changes W_ie): the row pass
/// of sum_active_columns() is as fast at ~4 * 10^4 entries per rank and 1.2-1.4x faster from
/// 8 * 10^4 up (docs/PERFORMANCE.md, "The drive of I by rows").
constexpr Index ie_column_view_limit = Index(1) << 16;
/// A column_view_limit that keeps the column view at any size (a rule walks the columns).
constexpr Index always_column_view = std::numeric_limits<Index>::max();

class SynapticMatrix {
public:
    /// Collective. `source` makes the rows of this rank (rows.local()); the matrix is
    /// preallocated exactly from its counts and filled row by row. The column view is kept
    /// while this rank's stored entries are at most `column_view_limit` (decided anew at each
    /// merge_pending()); the results are the same either way.
    SynapticMatrix(MPI_Comm comm, const Partition& rows, const Partition& cols, RowSource& source,
                   Index column_view_limit = always_column_view);
    /// Collective. local_rows[r] lists the synapses of global row rows.local().begin + r,
    /// sorted by column, without duplicates (see RowLists).
    SynapticMatrix(MPI_Comm comm, const Partition& rows, const Partition& cols,
                   std::vector<std::vector<Synapse>> local_rows,
                   Index column_view_limit = always_column_view);
    ~SynapticMatrix();
    SynapticMatrix(SynapticMatrix&&) = delete;
    SynapticMatrix(const SynapticMatrix&) = delete;

    Range rows() const { return rows_; }
    /// The communicator of the matrix. Local.
    MPI_Comm comm() const { return comm_; }
    Index global_cols() const { return global_cols_; }

    /// Calls f(global column, Real& weight) for every stored entry of local row r,
    /// in ascending global column order. Local.
    template <class F> void for_each(Index r, F&& f) {
        if (pending_rows_.empty() || pending_rows_[r].empty()) {
            for (PetscInt k = bi_[r]; k < b_split_[r]; ++k) f(garray_[bj_[k]], ba_[k]);
            for (PetscInt k = ai_[r]; k < ai_[r + 1]; ++k) f(aj_[k] + col_begin_, aa_[k]);
            for (PetscInt k = b_split_[r]; k < bi_[r + 1]; ++k) f(garray_[bj_[k]], ba_[k]);
            return;
        }
        const std::vector<Pending>& pending = pending_rows_[r];
        std::size_t p = 0;
        auto merged = [&](Index c, Real& w) {
            for (; p < pending.size() && pending[p].col < c; ++p) f(pending[p].col, *pending[p].w);
            f(c, w);
        };
        for (PetscInt k = bi_[r]; k < b_split_[r]; ++k) merged(garray_[bj_[k]], ba_[k]);
        for (PetscInt k = ai_[r]; k < ai_[r + 1]; ++k) merged(aj_[k] + col_begin_, aa_[k]);
        for (PetscInt k = b_split_[r]; k < bi_[r + 1]; ++k) merged(garray_[bj_[k]], ba_[k]);
        for (; p < pending.size(); ++p) f(pending[p].col, *pending[p].w);
    }
    template <class F> void for_each(Index r, F&& f) const {
        const_cast<SynapticMatrix*>(this)->for_each(r, [&](Index c, Real& w) { f(c, w); });
    }

    /// Whether this rank keeps the column view (see the constructor). Local.
    bool has_column_view() const { return !column_start_.empty(); }

    /// sums[r] = sum of W[r, j] over the active columns j, for every local row r, in
    /// ascending j: the same bits as summing for_each_in_column() over active.active().
    /// One pass over every stored entry (each adds w * 1.0 or w * 0.0; a sum of weights >= 0
    /// is never -0.0, so adding +0.0 changes no bit); works without the column view. Replaces
    /// the column codes of load_column_codes() by the activity flags. Local.
    void sum_active_columns(const Activity& active, Real* sums);

    /// Calls f(local row, Real& weight) for every stored entry of global column c. Summing
    /// a row over its active columns taken in ascending order adds the same terms in the
    /// same order as for_each() (the order of rows within a column does not matter): the
    /// drive costs O(synapses of active units), not O(all synapses). Local.
    template <class F> void for_each_in_column(Index c, F&& f) {
        SORN_ASSERT(has_column_view());
        // A column's entries all lie in the diagonal block (a column this rank owns) or all
        // in the off-diagonal one; each is one packed word: local row, position in the row.
        const bool own = c >= col_begin_ && c < col_end_;
        PetscScalar* const values = own ? aa_ : ba_;
        const PetscInt* const row_start = own ? ai_ : bi_;
        auto walk = [&](const auto& words) {
            using Word = typename std::decay_t<decltype(words)>::value_type;
            const int shift = position_bits_;
            const Word mask = (Word(1) << shift) - 1;
            for (Index k = column_start_[c]; k < column_start_[c + 1]; ++k) {
                const Word word = words[k];
                const auto r = static_cast<Index>(word >> shift);
                f(r, values[row_start[r] + static_cast<PetscInt>(word & mask)]);
            }
        };
        if (column_words_wide_.empty())
            walk(column_words_);
        else
            walk(column_words_wide_);
        if (!pending_columns_.empty())
            for (const auto& [r, w] : pending_columns_[c]) f(r, *w);
    }

    /// Sum over the stored entries (r, c) of local row r, in ascending global column c, of
    /// w * 1.0 where table[c] has the sum bit of the last load_column_codes(), w * 0.0 where
    /// not. Local.
    Real marked_row_sum(Index r) const;

    /// Bytes per entry of the column view (with one): 4, or 8 when this rank's rows times its
    /// longest row (per block) do not fit 32 bits. Local.
    int column_word_bytes() const { return column_words_wide_.empty() ? 4 : 8; }

    /// Takes a byte per global column, table[c], 0 for every column not in `nonzero`, for
    /// for_each_coded(), and whether it has `sum_bit` for marked_row_sum(); kept in the
    /// matrix's own numbering of the off-diagonal columns too, so that a walk over a row reads
    /// one byte (or bit) per entry without looking up its global column. O(|nonzero| log N);
    /// valid until the next load or merge_pending(). Local.
    void load_column_codes(const std::uint8_t* table, const std::vector<Index>& nonzero,
                           std::uint8_t sum_bit);
    /// Calls f(table[c], Real& weight) for every stored entry (r, c) of local row r in storage
    /// order, with the table of the last load_column_codes(). Local.
    template <class F> void for_each_coded(Index r, F&& f) {
        const PetscInt *aj = aj_ + ai_[r], *bj = bj_ + bi_[r];
        PetscScalar *aa = aa_ + ai_[r], *ba = ba_ + bi_[r];
        const PetscInt na = ai_[r + 1] - ai_[r], nb = bi_[r + 1] - bi_[r];
        const std::uint8_t* const own_code = code_table_ + col_begin_;
        const std::uint8_t* const other_code = other_code_.data();
        for (PetscInt k = 0; k < na; ++k) f(int(own_code[aj[k]]), aa[k]);
        for (PetscInt k = 0; k < nb; ++k) f(int(other_code[bj[k]]), ba[k]);
        if (!pending_rows_.empty())
            for (const Pending& p : pending_rows_[r]) f(int(code_table_[p.col]), *p.w);
    }

    /// for_each_coded() for the entries whose byte is not 0 only, found by a pass over the
    /// row's bytes without a branch: cheaper when few bytes are set (STDP: the units that
    /// fired at t or t+1). Local.
    template <class F> void for_each_coded_nonzero(Index r, F&& f) {
        auto walk = [&](const PetscInt* j, PetscScalar* a, PetscInt n, const std::uint8_t* code) {
            PetscInt* const picked = picked_.data();
            PetscInt m = 0;
            for (PetscInt k = 0; k < n; ++k) {
                picked[m] = k;
                m += code[j[k]] != 0;
            }
            for (PetscInt q = 0; q < m; ++q) f(int(code[j[picked[q]]]), a[picked[q]]);
        };
        walk(aj_ + ai_[r], aa_ + ai_[r], ai_[r + 1] - ai_[r], code_table_ + col_begin_);
        walk(bj_ + bi_[r], ba_ + bi_[r], bi_[r + 1] - bi_[r], other_code_.data());
        if (!pending_rows_.empty())
            for (const Pending& p : pending_rows_[r])
                if (code_table_[p.col] != 0) f(int(code_table_[p.col]), *p.w);
    }

    /// w /= d for every stored entry of local row r (each entry on its own: the blocks are
    /// walked as contiguous arrays, which the compiler vectorizes). Local.
    void divide_row(Index r, Real d) {
        for (PetscInt k = ai_[r]; k < ai_[r + 1]; ++k) aa_[k] /= d;
        for (PetscInt k = bi_[r]; k < bi_[r + 1]; ++k) ba_[k] /= d;
        if (!pending_rows_.empty())
            for (const Pending& p : pending_rows_[r]) *p.w /= d;
    }

    /// Sum of the weights of local row r, in global column order. Local.
    Real row_sum(Index r) const;
    /// sums[k] = row_sum(rows[k]) for k < n, the same additions in the same order; four rows
    /// at a time so that their (serial) sums overlap. Local.
    void row_sums(const Index* rows, std::size_t n, Real* sums) const;
    /// Number of synapses (weight > 0) in local row r. Local.
    Index row_synapses(Index r) const;
    /// Number of synapses (weight > 0) in this rank's rows, kept up to date by the rules
    /// (add_synapse, note_pruned): O(1). Local.
    Index local_synapses() const { return synapses_; }
    /// The same number counted entry by entry: O(synapses). Local.
    Index count_synapses() const;
    /// A rule set `n` weights of this rank's rows from > 0 to 0. Local.
    void note_pruned(Index n) { synapses_ -= n; }

    /// Remembers that the weights of local row r changed since the rows were last
    /// normalized (SN then only divides those rows). Local.
    void mark_changed(Index r) {
        if (!changed_flag_[r]) {
            changed_flag_[r] = 1;
            changed_rows_.push_back(r);
        }
    }
    /// Whether local row r is marked as changed. Local.
    bool is_changed(Index r) const { return changed_flag_[r] != 0; }
    const std::vector<Index>& changed_rows() const { return changed_rows_; }
    /// Puts changed_rows() in ascending order when they are more than a sixteenth of the local
    /// rows, by one pass over the row flags (a walk over them then reads the matrix in memory
    /// order: iSTDP marks the rows of W_ei column by column, scattered); else leaves them in
    /// the order they were marked. Local.
    void order_changed_rows() {
        if (16 * changed_rows_.size() <= changed_flag_.size()) return;
        changed_rows_.resize(changed_flag_.size()); // no branch per row: flags are random
        std::size_t n = 0;
        for (std::size_t r = 0; r < changed_flag_.size(); ++r) {
            changed_rows_[n] = static_cast<Index>(r);
            n += changed_flag_[r];
        }
        changed_rows_.resize(n);
    }
    /// Unmarks every changed row not in `rows` (ascending). Local.
    void keep_changed_only(const std::vector<Index>& rows) {
        std::size_t n = 0;
        for (Index r : changed_rows_) {
            if (std::binary_search(rows.begin(), rows.end(), r))
                changed_rows_[n++] = r;
            else
                changed_flag_[r] = 0;
        }
        changed_rows_.resize(n);
    }
    void clear_changed() {
        for (Index r : changed_rows_) changed_flag_[r] = 0;
        changed_rows_.clear();
    }

    /// Makes (local row r, global column c) a synapse of weight w: fills its free slot, or
    /// adds a pending synapse. Local.
    void add_synapse(Index r, Index c, Real w);
    /// Number of pending synapses on this rank. Local.
    Index local_pending() const { return static_cast<Index>(pending_weights_.size()); }
    /// Makes the pending synapses of all ranks part of the PETSc matrix with one assembly
    /// (nothing when no rank has any, and no rank has pruned slots in more than a sixteenth of
    /// its stored entries). The matrix is rebuilt without its pruned slots (entries of weight
    /// 0): they add nothing to any sum, and the hot loops stop visiting them. The
    /// column view is freed before the new matrix is made, so that memory does not peak
    /// above the steady state. Collective.
    void merge_pending();

    /// This rank's synapses (weight > 0 only) as CSR. Local.
    LocalCsr local_csr() const;

private:
    // A new assembled matrix with exactly d_nnz[r] + o_nnz[r] entries in local row r, which
    // row(r, cols, vals) fills (ascending global columns); done() after the last row.
    template <class RowFill, class Done>
    petsc::Matrix assemble(const std::vector<PetscInt>& d_nnz, const std::vector<PetscInt>& o_nnz,
                           RowFill&& row, Done&& done) const;
    void check_out(); // takes PETSc's arrays; valid until the next assembly
    void check_in();
    void index_columns();

    petsc::Matrix W_;
    MPI_Comm comm_;
    Range rows_;
    Index global_rows_ = 0;
    Index col_begin_ = 0, col_end_ = 0; // the columns of the diagonal block
    Index global_cols_ = 0;
    Mat A_ = nullptr, B_ = nullptr; // diagonal and off-diagonal blocks (owned by W_)
    const PetscInt *ai_ = nullptr, *aj_ = nullptr, *bi_ = nullptr, *bj_ = nullptr;
    const PetscInt* garray_ = nullptr; // off-diagonal local column -> global column
    PetscScalar *aa_ = nullptr, *ba_ = nullptr;
    std::vector<PetscInt> b_split_; // per row: first off-diagonal entry right of the block
    // load_column_codes(): the table, and its bytes by off-diagonal local column (those set);
    // its sum bit by diagonal-block and by off-diagonal local column.
    const std::uint8_t* code_table_ = nullptr;
    std::uint8_t sum_bit_ = 0;
    std::vector<std::uint8_t> other_code_;
    std::vector<PetscInt> other_code_set_;
    ColumnBits own_sum_bits_, other_sum_bits_;
    std::vector<PetscInt> picked_; // for_each_coded_nonzero(): as long as the longest row
    Index column_view_limit_;
    // Column view of this rank's rows (CSC over the global columns), rebuilt per assembly
    // (none, column_start_ empty, above column_view_limit_ entries):
    // per entry one word, local row << position_bits_ | position of the entry in its row of
    // aa_ (owned columns) or ba_ (the others). 32-bit words (4 B per synapse) whenever the
    // local rows and the longest row fit; 64-bit ones (column_words_wide_) otherwise.
    std::vector<Index> column_start_;
    std::vector<std::uint32_t> column_words_;
    std::vector<std::uint64_t> column_words_wide_;
    int position_bits_ = 0;
    struct Pending {
        Index col;
        Real* w;
    };
    std::vector<std::vector<Pending>> pending_rows_; // by local row, sorted by column
    std::vector<std::vector<std::pair<Index, Real*>>> pending_columns_; // by global column
    std::deque<Real> pending_weights_; // stable addresses for the two views above
    Index synapses_ = 0;
    std::vector<std::uint8_t> changed_flag_;
    std::vector<Index> changed_rows_;
};

} // namespace sorn::model
