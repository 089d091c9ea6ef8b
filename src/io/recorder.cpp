#include "sorn/io/recorder.hpp"

#include <algorithm>

#include "sorn/error.hpp"
#include "sorn/h5/file.hpp"
#include "sorn/mpi.hpp"

namespace sorn::io {

namespace {

// About 4 MiB of activity per buffer, the same number of steps on every rank.
Index buffer_steps_for(Index N_e, Index steps) {
    const Index by_size = std::clamp<Index>((Index{1} << 22) / std::max<Index>(N_e, 1), 1, 4096);
    return std::max<Index>(1, std::min(by_size, steps));
}

void copy_flags(const model::Activity& a, model::Range own, std::uint8_t* out) {
    for (Index r = 0; r < own.size(); ++r) out[r] = a[own.begin + r];
}

} // namespace

Recorder::Recorder(hid_t recordings, const RunParams& run, const sim::Simulation& s)
    : comm_(s.network().layout.comm), run_(run), N_e_(s.network().layout.e.global_size()),
      N_i_(s.network().layout.i.global_size()), e_(s.network().layout.e.local()),
      i_(s.network().layout.i.local()), buffer_steps_(buffer_steps_for(N_e_, run.steps)) {
    const auto T = static_cast<std::uint64_t>(run.steps);
    const auto S = static_cast<std::uint64_t>(run.steps / run.record_every);
    const auto B = static_cast<std::size_t>(buffer_steps_);
    h5::write_attribute(recordings, "first_step", static_cast<std::int64_t>(s.network().step + 1));
    h5::write_attribute(recordings, "record_every", static_cast<std::int64_t>(run.record_every));

    using R = Recording;
    if (run.records(R::ExcitatoryActivation)) {
        x_table_.emplace(recordings, "ExcitatoryActivation", T, N_e_);
        x_buf_.resize(B * e_.size());
    }
    if (run.records(R::InhibitoryActivation)) {
        y_table_.emplace(recordings, "InhibitoryActivation", T, N_i_);
        y_buf_.resize(B * i_.size());
    }
    if (run.records(R::RecurrentActivation)) {
        r_table_.emplace(recordings, "RecurrentActivation", T, N_e_);
        r_buf_.resize(B * e_.size());
    }
    if (run.records(R::EEConnectionCounts)) {
        ee_count_table_.emplace(recordings, "EEConnectionCounts", T, 1);
        ee_count_buf_.resize(B);
    }
    if (run.records(R::EIConnectionCounts)) {
        ei_count_table_.emplace(recordings, "EIConnectionCounts", T, 1);
        ei_count_buf_.resize(B);
    }
    if (run.records(R::TE)) te_table_.emplace(recordings, "TE", S, N_e_);
    if (run.records(R::TI)) ti_table_.emplace(recordings, "TI", S, N_i_);
    auto sparse_series = [&](const char* name) {
        h5::Handle g = h5::create_group(recordings, name);
        SparseSeries series{std::make_unique<h5::AppendVector<std::int64_t>>(g.get(), "offset"),
                            std::make_unique<h5::AppendVector<std::int64_t>>(g.get(), "row"),
                            std::make_unique<h5::AppendVector<std::int64_t>>(g.get(), "col"),
                            std::make_unique<h5::AppendVector<double>>(g.get(), "weight")};
        const std::int64_t zero = 0;
        series.offset->append(&zero, mpi::rank(comm_) == 0 ? 1 : 0);
        return series;
    };
    if (run.records(R::WEE)) wee_.emplace(sparse_series("WEE"));
    if (run.records(R::WEI)) wei_.emplace(sparse_series("WEI"));
    if (te_table_ || ti_table_ || wee_ || wei_)
        snapshot_steps_.emplace(recordings, "snapshot_steps", S, 1);
}

void Recorder::record(const sim::Simulation& s) {
    const model::Network& n = s.network();
    const std::size_t k = static_cast<std::size_t>(buffered_);
    if (x_table_) copy_flags(n.x, e_, x_buf_.data() + k * e_.size());
    if (y_table_) copy_flags(n.y, i_, y_buf_.data() + k * i_.size());
    if (r_table_) std::copy(s.recurrent().begin(), s.recurrent().end(), r_buf_.begin() + k * e_.size());
    if (ee_count_table_) ee_count_buf_[k] = n.W_ee.local_synapses();
    if (ei_count_table_) ei_count_buf_[k] = n.W_ei.local_synapses();
    ++buffered_;
    ++recorded_;
    if (buffered_ == buffer_steps_) flush();
    if (recorded_ % run_.record_every == 0 && snapshot_steps_) snapshot(s);
}

void Recorder::finish() {
    if (buffered_ > 0) flush();
}

void Recorder::flush() {
    const auto row0 = static_cast<std::uint64_t>(recorded_ - buffered_);
    const auto rows = static_cast<std::uint64_t>(buffered_);
    if (x_table_) x_table_->write_block(row0, rows, e_.begin, e_.size(), x_buf_.data());
    if (y_table_) y_table_->write_block(row0, rows, i_.begin, i_.size(), y_buf_.data());
    if (r_table_) r_table_->write_block(row0, rows, e_.begin, e_.size(), r_buf_.data());
    // Connection counts are per rank until here: one reduction per buffer, not per step.
    const bool root = mpi::rank(comm_) == 0;
    for (auto [table, buf] : {std::pair{&ee_count_table_, &ee_count_buf_},
                              std::pair{&ei_count_table_, &ei_count_buf_}}) {
        if (!*table) continue;
        SORN_MPI_CALL(MPI_Allreduce(MPI_IN_PLACE, buf->data(), static_cast<int>(rows),
                                    MPI_INT64_T, MPI_SUM, comm_));
        (*table)->write_block(row0, rows, 0, root ? 1 : 0, buf->data());
    }
    buffered_ = 0;
}

void Recorder::snapshot(const sim::Simulation& s) {
    const model::Network& n = s.network();
    const auto row = static_cast<std::uint64_t>(snapshots_++);
    const bool root = mpi::rank(comm_) == 0;
    const std::int64_t step = n.step;
    snapshot_steps_->write_block(row, 1, 0, root ? 1 : 0, &step);
    if (te_table_) te_table_->write_block(row, 1, e_.begin, e_.size(), n.T_e.data());
    if (ti_table_) ti_table_->write_block(row, 1, i_.begin, i_.size(), n.T_i.data());
    for (auto [series, W] : {std::pair{&wee_, &n.W_ee}, std::pair{&wei_, &n.W_ei}}) {
        if (!*series) continue;
        const model::LocalCsr csr = W->local_csr();
        std::vector<std::int64_t> rows(csr.indices.size()), cols(csr.indices.begin(), csr.indices.end());
        for (Index r = 0; r < W->rows().size(); ++r)
            std::fill(rows.begin() + csr.indptr[r], rows.begin() + csr.indptr[r + 1],
                      W->rows().begin + r);
        (*series)->row->append(rows);
        (*series)->col->append(cols);
        (*series)->weight->append(csr.weights);
        const auto end = static_cast<std::int64_t>((*series)->row->size());
        (*series)->offset->append(&end, root ? 1 : 0);
    }
}

} // namespace sorn::io
