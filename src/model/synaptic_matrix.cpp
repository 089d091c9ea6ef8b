#include "sorn/model/synaptic_matrix.hpp"

#include <algorithm>
#include <memory>

#include "sorn/error.hpp"
#include "sorn/huge_pages.hpp"
#include "sorn/mpi.hpp"

namespace sorn::model {

template <class RowFill, class Done>
petsc::Matrix SynapticMatrix::assemble(const std::vector<PetscInt>& d_nnz,
                                       const std::vector<PetscInt>& o_nnz, RowFill&& row,
                                       Done&& done) const {
    Mat m = nullptr;
    SORN_PETSC_CALL(MatCreate(comm_, &m));
    petsc::Matrix W(m);
    SORN_PETSC_CALL(
        MatSetSizes(m, rows_.size(), col_end_ - col_begin_, global_rows_, global_cols_));
    SORN_PETSC_CALL(MatSetType(m, MATMPIAIJ));
    SORN_PETSC_CALL(MatMPIAIJSetPreallocation(m, 0, d_nnz.data(), 0, o_nnz.data()));
    SORN_PETSC_CALL(MatSetOption(m, MAT_NO_OFF_PROC_ENTRIES, PETSC_TRUE));
    std::vector<PetscInt> cols;
    std::vector<PetscScalar> vals;
    for (Index r = 0; r < rows_.size(); ++r) {
        cols.clear();
        vals.clear();
        row(r, cols, vals);
        const PetscInt global_row = rows_.begin + r;
        SORN_PETSC_CALL(MatSetValues(m, 1, &global_row, static_cast<PetscInt>(cols.size()),
                                     cols.data(), vals.data(), INSERT_VALUES));
    }
    done();
    SORN_PETSC_CALL(MatAssemblyBegin(m, MAT_FINAL_ASSEMBLY));
    SORN_PETSC_CALL(MatAssemblyEnd(m, MAT_FINAL_ASSEMBLY));
    return W;
}

void RowLists::count(Range own, std::vector<PetscInt>& d_nnz, std::vector<PetscInt>& o_nnz) {
    d_nnz.assign(rows_.size(), 0);
    o_nnz.assign(rows_.size(), 0);
    for (std::size_t r = 0; r < rows_.size(); ++r)
        for (const Synapse& s : rows_[r]) (own.contains(s.col) ? d_nnz : o_nnz)[r]++;
}

void RowLists::row(Index r, std::vector<Synapse>& out) {
    out.clear();
    out.swap(rows_[r]); // the list's memory goes with `out`, reused or freed by the caller
    std::vector<Synapse>().swap(rows_[r]);
}

SynapticMatrix::SynapticMatrix(MPI_Comm comm, const Partition& rows, const Partition& cols,
                               std::vector<std::vector<Synapse>> local_rows,
                               Index column_view_limit)
    : SynapticMatrix(comm, rows, cols, *std::make_unique<RowLists>(std::move(local_rows)),
                     column_view_limit) {}

SynapticMatrix::SynapticMatrix(MPI_Comm comm, const Partition& rows, const Partition& cols,
                               RowSource& source, Index column_view_limit)
    : comm_(comm), rows_(rows.local()), global_rows_(rows.global_size()),
      col_begin_(cols.local().begin), col_end_(cols.local().end), global_cols_(cols.global_size()),
      column_view_limit_(column_view_limit), changed_flag_(rows_.size(), 0) {
    // ---- exact preallocation: diagonal block = columns this rank owns
    std::vector<PetscInt> d_nnz, o_nnz;
    source.count(cols.local(), d_nnz, o_nnz);
    SORN_ASSERT(static_cast<Index>(d_nnz.size()) == rows_.size() &&
                static_cast<Index>(o_nnz.size()) == rows_.size());
    std::vector<Synapse> synapses;
    W_ =
        assemble(d_nnz, o_nnz, [&](Index r, std::vector<PetscInt>& c, std::vector<PetscScalar>& v) {
            source.row(r, synapses);
            SORN_ASSERT(static_cast<PetscInt>(synapses.size()) == d_nnz[r] + o_nnz[r]);
            for (const Synapse& s : synapses) {
                c.push_back(s.col);
                v.push_back(s.w);
            }
        },
        [&] { source.finish(); });
    check_out();
    synapses_ = count_synapses();
}

SynapticMatrix::~SynapticMatrix() {
    if (aa_) (void)MatSeqAIJRestoreArray(A_, &aa_);
    if (ba_) (void)MatSeqAIJRestoreArray(B_, &ba_);
}

void SynapticMatrix::check_out() {
    SORN_PETSC_CALL(MatMPIAIJGetSeqAIJ(W_.get(), &A_, &B_, &garray_));
    // For SeqAIJ these are PETSc's own index arrays: no copy, valid until the next
    // assembly. Restore clears the pointers it is given, so it gets copies.
    auto index_arrays = [&](Mat block, const PetscInt*& ia, const PetscInt*& ja) {
        PetscInt n = 0;
        PetscBool done = PETSC_FALSE;
        SORN_PETSC_CALL(MatGetRowIJ(block, 0, PETSC_FALSE, PETSC_FALSE, &n, &ia, &ja, &done));
        SORN_ASSERT(done && n == rows_.size());
        const PetscInt *ia_copy = ia, *ja_copy = ja;
        SORN_PETSC_CALL(
            MatRestoreRowIJ(block, 0, PETSC_FALSE, PETSC_FALSE, &n, &ia_copy, &ja_copy, &done));
    };
    index_arrays(A_, ai_, aj_);
    index_arrays(B_, bi_, bj_);
    SORN_PETSC_CALL(MatSeqAIJGetArray(A_, &aa_));
    SORN_PETSC_CALL(MatSeqAIJGetArray(B_, &ba_));

    PetscInt other_columns = 0;
    SORN_PETSC_CALL(MatGetLocalSize(B_, nullptr, &other_columns));
    other_code_.assign(other_columns, 0);
    other_code_set_.clear();
    code_table_ = nullptr;
    own_sum_bits_.reset(col_end_ - col_begin_);
    other_sum_bits_.reset(other_columns);

    b_split_.resize(rows_.size());
    for (Index r = 0; r < rows_.size(); ++r) {
        PetscInt k = bi_[r];
        while (k < bi_[r + 1] && garray_[bj_[k]] < col_begin_) ++k;
        b_split_[r] = k;
    }
    index_columns();
}

namespace {

// The bits that tell n values 0, ..., n - 1 apart (0 for n <= 1).
int bits_for(std::uint64_t n) {
    int bits = 0;
    while (bits < 64 && (std::uint64_t(1) << bits) < n) ++bits;
    return bits;
}

// The column view is filled range of columns by range of columns, each holding about this
// many entries, so that its scattered writes stay in cache (one pass over all columns at 10^8
// synapses wrote to a new cache line nearly every time: a third of the whole build).
constexpr Index column_range_entries = Index(1) << 20;

} // namespace

void SynapticMatrix::index_columns() {
    SORN_ASSERT(pending_weights_.empty()); // every entry lies in aa_ or ba_
    const Index n_rows = rows_.size();
    PetscInt longest = 0;
    for (Index r = 0; r < n_rows; ++r)
        longest = std::max({longest, ai_[r + 1] - ai_[r], bi_[r + 1] - bi_[r]});
    picked_.resize(longest);
    std::vector<Index>().swap(column_start_);
    std::vector<std::uint32_t>().swap(column_words_);
    std::vector<std::uint64_t>().swap(column_words_wide_);
    if (static_cast<std::int64_t>(ai_[n_rows]) + bi_[n_rows] > column_view_limit_) return;
    assign_on_huge_pages(column_start_, global_cols_ + 1, Index(0));
    for (Index r = 0; r < n_rows; ++r) {
        for (PetscInt k = ai_[r]; k < ai_[r + 1]; ++k) ++column_start_[aj_[k] + col_begin_ + 1];
        for (PetscInt k = bi_[r]; k < bi_[r + 1]; ++k) ++column_start_[garray_[bj_[k]] + 1];
    }
    for (Index c = 0; c < global_cols_; ++c) column_start_[c + 1] += column_start_[c];
    const Index total = column_start_[global_cols_];
    position_bits_ = bits_for(static_cast<std::uint64_t>(longest));
    const bool wide = bits_for(static_cast<std::uint64_t>(n_rows)) + position_bits_ > 32;
    // A row's entries ascend by column within each block: a cursor per row and block resumes
    // where the previous range of columns stopped.
    std::vector<PetscInt> next_a(ai_, ai_ + n_rows), next_b(bi_, bi_ + n_rows);
    std::vector<Index> next(column_start_.begin(), column_start_.end() - 1);
    auto fill = [&](auto& words) {
        using Word = typename std::decay_t<decltype(words)>::value_type;
        assign_on_huge_pages(words, total, Word(0));
        for (Index c0 = 0; c0 < global_cols_;) {
            const auto past = std::upper_bound(column_start_.begin() + c0 + 1, column_start_.end(),
                                               column_start_[c0] + column_range_entries);
            const Index c1 = std::max<Index>(c0 + 1, (past - column_start_.begin()) - 1);
            for (Index r = 0; r < n_rows; ++r) {
                const Word row = Word(r) << position_bits_;
                PetscInt& ka = next_a[r];
                for (; ka < ai_[r + 1] && aj_[ka] + col_begin_ < c1; ++ka)
                    words[next[aj_[ka] + col_begin_]++] = row | Word(ka - ai_[r]);
                PetscInt& kb = next_b[r];
                for (; kb < bi_[r + 1] && garray_[bj_[kb]] < c1; ++kb)
                    words[next[garray_[bj_[kb]]]++] = row | Word(kb - bi_[r]);
            }
            c0 = c1;
        }
    };
    if (wide)
        fill(column_words_wide_);
    else
        fill(column_words_);
}

void SynapticMatrix::load_column_codes(const std::uint8_t* table, const std::vector<Index>& nonzero,
                                       std::uint8_t sum_bit) {
    code_table_ = table;
    sum_bit_ = sum_bit;
    for (PetscInt k : other_code_set_) other_code_[k] = 0;
    other_code_set_.clear();
    own_sum_bits_.clear();
    other_sum_bits_.clear();
    const PetscInt* const end = garray_ + other_code_.size();
    // `nonzero` is a few ascending runs (the active lists): each column is searched from the
    // last one's place by doubling steps, near the last hit, where a search of all of garray
    // would miss the cache at nearly every halving (~5 ms per step at 10^6 on 2 ranks).
    const PetscInt* at = garray_;
    Index last = -1;
    for (Index c : nonzero) {
        if (c >= col_begin_ && c < col_end_) { // the bytes are read from the table itself
            if (table[c] & sum_bit) own_sum_bits_.set(c - col_begin_);
            continue;
        }
        if (c < last) at = garray_;                    // a new run
        last = c;
        PetscInt step = 1;
        while (step < end - at && at[step - 1] < c) step *= 2;
        at = std::lower_bound(at + step / 2, at + std::min<std::ptrdiff_t>(step, end - at), c);
        if (at == end || *at != c) continue; // no entry of this rank's rows in column c
        const PetscInt k = static_cast<PetscInt>(at - garray_);
        other_code_[k] = table[c];
        other_code_set_.push_back(k);
        if (table[c] & sum_bit) other_sum_bits_.set(k);
    }
}

void SynapticMatrix::check_in() {
    SORN_PETSC_CALL(MatSeqAIJRestoreArray(A_, &aa_));
    SORN_PETSC_CALL(MatSeqAIJRestoreArray(B_, &ba_));
    aa_ = ba_ = nullptr;
}

Real SynapticMatrix::row_sum(Index r) const {
    Real s = 0.0;
    for_each(r, [&](Index, Real w) { s += w; });
    return s;
}

namespace {

// s[q] += a[q][0] + a[q][1] + ... + a[q][n[q] - 1], left to right, for q < 4: the four chains
// interleaved.
void add_four(Real s[4], const PetscScalar* const a[4], const PetscInt n[4]) {
    const PetscInt common = std::min(std::min(n[0], n[1]), std::min(n[2], n[3]));
    Real s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3];
    for (PetscInt k = 0; k < common; ++k) {
        s0 += a[0][k];
        s1 += a[1][k];
        s2 += a[2][k];
        s3 += a[3][k];
    }
    s[0] = s0;
    s[1] = s1;
    s[2] = s2;
    s[3] = s3;
    for (int q = 0; q < 4; ++q)
        for (PetscInt k = common; k < n[q]; ++k) s[q] += a[q][k];
}

} // namespace

void SynapticMatrix::row_sums(const Index* rows, std::size_t n, Real* sums) const {
    auto no_pending = [&](std::size_t k) {
        if (pending_rows_.empty()) return true;
        for (std::size_t q = k; q < k + 4; ++q)
            if (!pending_rows_[rows[q]].empty()) return false;
        return true;
    };
    const bool off_diagonal = bi_[rows_.size()] > 0;
    std::size_t k = 0;
    for (; k + 4 <= n; k += 4) {
        if (!no_pending(k)) {
            for (std::size_t q = k; q < k + 4; ++q) sums[q] = row_sum(rows[q]);
            continue;
        }
        // Each row in global column order: off-diagonal left of the block, block, right (the
        // off-diagonal parts skipped where this rank's rows have none, as on one rank).
        Real s[4] = {0.0, 0.0, 0.0, 0.0};
        const PetscScalar* a[4];
        PetscInt len[4];
        if (off_diagonal) {
            for (int q = 0; q < 4; ++q) {
                a[q] = ba_ + bi_[rows[k + q]];
                len[q] = b_split_[rows[k + q]] - bi_[rows[k + q]];
            }
            add_four(s, a, len);
        }
        for (int q = 0; q < 4; ++q) {
            a[q] = aa_ + ai_[rows[k + q]];
            len[q] = ai_[rows[k + q] + 1] - ai_[rows[k + q]];
        }
        add_four(s, a, len);
        if (off_diagonal) {
            for (int q = 0; q < 4; ++q) {
                a[q] = ba_ + b_split_[rows[k + q]];
                len[q] = bi_[rows[k + q] + 1] - b_split_[rows[k + q]];
            }
            add_four(s, a, len);
        }
        for (int q = 0; q < 4; ++q) sums[k + q] = s[q];
    }
    for (; k < n; ++k) sums[k] = row_sum(rows[k]);
}

Real SynapticMatrix::marked_row_sum(Index r) const {
    // 1.0 or 0.0 by a bit: a load, where a conversion would wait on its register's last value.
    static constexpr Real one_if[2] = {0.0, 1.0};
    Real s = 0.0;
    if (!pending_rows_.empty() && !pending_rows_[r].empty()) {
        for_each(r, [&](Index c, Real w) { s += w * one_if[(code_table_[c] & sum_bit_) != 0]; });
        return s;
    }
    // Global column order: the off-diagonal columns left of the block, the block, the rest.
    for (PetscInt k = bi_[r]; k < b_split_[r]; ++k)
        s += ba_[k] * one_if[other_sum_bits_.get(bj_[k])];
    for (PetscInt k = ai_[r]; k < ai_[r + 1]; ++k) s += aa_[k] * one_if[own_sum_bits_.get(aj_[k])];
    for (PetscInt k = b_split_[r]; k < bi_[r + 1]; ++k)
        s += ba_[k] * one_if[other_sum_bits_.get(bj_[k])];
    return s;
}

void SynapticMatrix::sum_active_columns(const Activity& active, Real* sums) {
    // The flags as the column codes, mirrored in PETSc's numbering of the off-diagonal columns
    // (STDP loads its own codes before it reads them).
    load_column_codes(active.flags(), active.active(), 1);
    // One row at a time (four rows interleaved measured 1.7x slower at 10^6: more streams).
    for (Index r = 0; r < rows_.size(); ++r) sums[r] = marked_row_sum(r);
}

Index SynapticMatrix::row_synapses(Index r) const {
    Index n = 0;
    for_each(r, [&](Index, Real w) { n += (w > 0.0); });
    return n;
}

Index SynapticMatrix::count_synapses() const {
    Index n = 0;
    for (Index r = 0; r < rows_.size(); ++r) n += row_synapses(r);
    return n;
}

void SynapticMatrix::add_synapse(Index r, Index c, Real w) {
    mark_changed(r);
    bool filled = false;
    for_each(r, [&](Index col, Real& weight) {
        if (col == c) {
            synapses_ += weight <= 0.0; // a pruned slot becomes a synapse again
            weight = w;
            filled = true;
        }
    });
    if (filled) return;
    ++synapses_;
    if (pending_rows_.empty()) {
        pending_rows_.resize(rows_.size());
        if (has_column_view()) pending_columns_.resize(global_cols_);
    }
    Real* weight = &pending_weights_.emplace_back(w);
    std::vector<Pending>& row = pending_rows_[r];
    row.insert(std::upper_bound(row.begin(), row.end(), c,
                                [](Index col, const Pending& p) { return col < p.col; }),
               Pending{c, weight});
    if (has_column_view()) pending_columns_[c].emplace_back(r, weight);
}

void SynapticMatrix::merge_pending() {
    // Pruned slots cost every walk over their row or column: worth a rebuild once they are a
    // sixteenth of the stored entries (iSTDP prunes W_ei, which never gets pending synapses).
    const PetscInt stored = ai_[rows_.size()] + bi_[rows_.size()];
    const bool few_pruned = 16 * (stored - synapses_) <= stored;
    if (mpi::all_ok(comm_, pending_weights_.empty() && few_pruned)) return; // nothing to do
    // Free the column view first: the old and the new matrix coexist for a moment.
    std::vector<Index>().swap(column_start_);
    std::vector<std::uint32_t>().swap(column_words_);
    std::vector<std::uint64_t>().swap(column_words_wide_);
    std::vector<PetscInt> d_nnz(rows_.size()), o_nnz(rows_.size());
    for (Index r = 0; r < rows_.size(); ++r)
        for_each(r, [&](Index c, Real w) {
            if (w > 0.0) (c >= col_begin_ && c < col_end_ ? d_nnz : o_nnz)[r]++;
        });
    petsc::Matrix fresh =
        assemble(d_nnz, o_nnz, [&](Index r, std::vector<PetscInt>& c, std::vector<PetscScalar>& v) {
            for_each(r, [&](Index col, Real w) {
                if (w > 0.0) {
                    c.push_back(col);
                    v.push_back(w);
                }
            });
        },
        [] {});
    check_in();
    W_ = std::move(fresh); // the old matrix goes with `fresh`
    fresh = petsc::Matrix();
    pending_rows_.clear();
    pending_columns_.clear();
    pending_weights_.clear();
    check_out();
}

LocalCsr SynapticMatrix::local_csr() const {
    LocalCsr csr;
    csr.indptr.reserve(rows_.size() + 1);
    csr.indptr.push_back(0);
    for (Index r = 0; r < rows_.size(); ++r) {
        for_each(r, [&](Index c, Real w) {
            if (w > 0.0) {
                csr.indices.push_back(c);
                csr.weights.push_back(w);
            }
        });
        csr.indptr.push_back(static_cast<Index>(csr.indices.size()));
    }
    return csr;
}

} // namespace sorn::model
