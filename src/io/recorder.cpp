#include "sorn/io/recorder.hpp"

#include <algorithm>

#include "sorn/error.hpp"
#include "sorn/format/names.hpp"
#include "sorn/h5/file.hpp"
#include "sorn/mpi.hpp"

namespace sorn::io {

namespace {

Index bytes_for(Index units) { return (units + 7) / 8; }

// The bytes of a table row that hold the units of [own). Ranges begin at multiples of 8, so
// ranks never share a byte; an empty range (a rank with no unit of a small population) owns
// none, even where its begin falls inside the last, partly filled byte.
Index own_bytes(model::Range own) {
    return own.size() == 0 ? 0 : bytes_for(own.end) - own.begin / 8;
}

// gzip level of the spike tables: level 1 already takes most of what a sparse raster gives.
constexpr int spike_deflate = 1;

// About 4 MiB of packed spikes per buffer, the same number of steps on every rank.
Index buffer_steps_for(Index N_e, Index rows) {
    const Index by_size = std::clamp<Index>((Index{1} << 25) / std::max<Index>(N_e, 1), 1, 8192);
    return std::max<Index>(1, std::min(by_size, rows));
}

// Number of steps t in [first, last] with t in the window and t % every == 0.
Index count_in(const RunParams& run, Index first, Index last, Index every) {
    Index n = 0;
    for (Index t = first; t <= last; ++t) n += run.in_window(t) && t % every == 0;
    return n;
}

// Sets the bits of the active units of [own) in a zeroed row; O(active), not O(N).
void pack(const std::vector<Index>& active, model::Range own, std::uint8_t* row) {
    auto it = std::lower_bound(active.begin(), active.end(), own.begin);
    for (; it != active.end() && *it < own.end; ++it) {
        const Index u = *it - own.begin;
        row[u >> 3] |= static_cast<std::uint8_t>(1u << (u & 7));
    }
}

} // namespace

Recorder::SpikeTable::SpikeTable(hid_t parent, const char* name, Index N, model::Range own,
                                 Index rows, Index first_step, Index buffer_steps)
    : table(parent, name, rows, bytes_for(N), spike_deflate), byte_begin(own.begin / 8),
      bytes(own_bytes(own)), buffer(static_cast<std::size_t>(buffer_steps * bytes)) {
    namespace S = format::spikes;
    h5::write_attribute(table.get(), S::units, static_cast<std::int64_t>(N));
    h5::write_attribute(table.get(), S::first_step, static_cast<std::int64_t>(first_step));
    h5::write_attribute(table.get(), S::bitorder, S::little);
}

Recorder::CountSeries::CountSeries(hid_t parent, const char* name, Index buffer_steps)
    : series(parent, name), buffer(buffer_steps) {}

Recorder::SparseSeries::SparseSeries(hid_t parent, const char* name, MPI_Comm comm)
    : group(h5::create_group(parent, name)), offset(group.get(), format::sparse_series::offset),
      row(group.get(), format::sparse_series::row), col(group.get(), format::sparse_series::col),
      weight(group.get(), format::sparse_series::weight) {
    const std::int64_t zero = 0;
    offset.append(&zero, mpi::rank(comm) == 0 ? 1 : 0);
}

Recorder::Recorder(hid_t recordings, const RunParams& run, const sim::Simulation& s)
    : comm_(s.network().layout.comm), run_(run), e_(s.network().layout.e.local()),
      i_(s.network().layout.i.local()), root_(mpi::rank(comm_) == 0) {
    const model::Network& n = s.network();
    const Index first = n.step + 1, last = n.step + run.steps;
    const Index rows = count_in(run, first, last, 1);
    const Index snapshots = count_in(run, first, last, run.record_every);
    Index first_recorded = first;
    while (first_recorded <= last && !run.in_window(first_recorded)) ++first_recorded;
    buffer_steps_ = buffer_steps_for(n.layout.e.global_size(), rows);
    h5::write_attribute(recordings, format::recordings::first_step,
                        static_cast<std::int64_t>(first_recorded));
    h5::write_attribute(recordings, format::recordings::record_every,
                        static_cast<std::int64_t>(run.record_every));

    const Index N_e = n.layout.e.global_size(), N_i = n.layout.i.global_size();
    using R = Recording;
    const auto name = [](Recording r) { return recording_name(r); };
    if (run.records(R::ExcitatoryActivation))
        x_.emplace(recordings, name(R::ExcitatoryActivation), N_e, e_, rows, first_recorded,
                   buffer_steps_);
    if (run.records(R::InhibitoryActivation))
        y_.emplace(recordings, name(R::InhibitoryActivation), N_i, i_, rows, first_recorded,
                   buffer_steps_);
    if (run.records(R::RecurrentActivation))
        r_.emplace(recordings, name(R::RecurrentActivation), N_e, e_, rows, first_recorded,
                   buffer_steps_);
    if (run.records(R::EEConnectionCounts))
        ee_count_.emplace(recordings, name(R::EEConnectionCounts), buffer_steps_);
    if (run.records(R::EIConnectionCounts))
        ei_count_.emplace(recordings, name(R::EIConnectionCounts), buffer_steps_);
    if (run.records(R::TE)) te_table_.emplace(recordings, name(R::TE), snapshots, N_e);
    if (run.records(R::TI)) ti_table_.emplace(recordings, name(R::TI), snapshots, N_i);
    if (run.records(R::WEE)) wee_.emplace(recordings, name(R::WEE), comm_);
    if (run.records(R::WEI)) wei_.emplace(recordings, name(R::WEI), comm_);
    if (run.records(R::InputLetters) && s.params().input.source == model::InputSource::Words) {
        letters_.emplace(recordings, name(R::InputLetters));
        h5::write_attribute(letters_->get(), format::input_letters::alphabet, s.input().letters());
        letter_buffer_.resize(static_cast<std::size_t>(buffer_steps_));
    }
    if (te_table_ || ti_table_ || wee_ || wei_)
        snapshot_steps_.emplace(recordings, format::recordings::snapshot_steps);
}

void Recorder::record(const sim::Simulation& s) {
    const model::Network& n = s.network();
    if (!run_.in_window(n.step)) return;
    const Index k = buffered_;
    if (x_) {
        std::fill_n(x_->row(k), x_->bytes, 0);
        pack(n.x.active(), e_, x_->row(k));
    }
    if (y_) {
        std::fill_n(y_->row(k), y_->bytes, 0);
        pack(n.y.active(), i_, y_->row(k));
    }
    if (r_) {
        std::uint8_t* row = r_->row(k);
        std::fill_n(row, r_->bytes, 0);
        const std::vector<std::uint8_t>& rec = s.recurrent();
        for (Index u = 0; u < e_.size(); ++u)
            row[u >> 3] |= static_cast<std::uint8_t>(rec[u] << (u & 7));
    }
    // The package counts at the start of a step, before its plasticity (--count-timing before).
    const bool before = s.params().recording.count_timing == model::CountTiming::Before;
    if (ee_count_) ee_count_->buffer[k] = before ? s.ee_synapses_before() : n.W_ee.local_synapses();
    if (ei_count_) ei_count_->buffer[k] = before ? s.ei_synapses_before() : n.W_ei.local_synapses();
    // Row k holds the state after step t = n.step - 1, driven by the letter of step t.
    if (letters_) letter_buffer_[k] = s.input().letter(n.step - 1);
    ++buffered_;
    ++recorded_;
    if (buffered_ == buffer_steps_) flush();
    if (snapshot_steps_ && n.step % run_.record_every == 0) snapshot(n);
}

void Recorder::finish() {
    if (buffered_ > 0) flush();
}

void Recorder::flush() {
    const double start = MPI_Wtime();
    const auto row0 = static_cast<std::uint64_t>(recorded_ - buffered_);
    const auto rows = static_cast<std::uint64_t>(buffered_);
    for (SpikeTable* t : {x_ ? &*x_ : nullptr, y_ ? &*y_ : nullptr, r_ ? &*r_ : nullptr})
        if (t) t->table.write_block(row0, rows, t->byte_begin, t->bytes, t->buffer.data());
    // One reduction per buffer, not per step.
    for (CountSeries* c : {ee_count_ ? &*ee_count_ : nullptr, ei_count_ ? &*ei_count_ : nullptr}) {
        if (!c) continue;
        SORN_MPI_CALL(MPI_Allreduce(MPI_IN_PLACE, c->buffer.data(), static_cast<int>(rows),
                                    MPI_INT64_T, MPI_SUM, comm_));
        c->series.append(c->buffer.data(), root_ ? rows : 0);
    }
    if (letters_) letters_->append(letter_buffer_.data(), root_ ? rows : 0);
    buffered_ = 0;
    write_seconds_ += MPI_Wtime() - start;
}

void Recorder::snapshot(const model::Network& n) {
    const double start = MPI_Wtime();
    const auto row = static_cast<std::uint64_t>(snapshots_++);
    const std::int64_t step = n.step;
    snapshot_steps_->append(&step, root_ ? 1 : 0);
    if (te_table_) te_table_->write_block(row, 1, e_.begin, e_.size(), n.T_e.data());
    if (ti_table_) ti_table_->write_block(row, 1, i_.begin, i_.size(), n.T_i.data());
    for (auto [series, W] : {std::pair{wee_ ? &*wee_ : nullptr, &n.W_ee},
                             std::pair{wei_ ? &*wei_ : nullptr, &n.W_ei}}) {
        if (!series) continue;
        const model::LocalCsr csr = W->local_csr();
        std::vector<std::int64_t> rows(csr.indices.size());
        for (Index r = 0; r < W->rows().size(); ++r)
            std::fill(rows.begin() + csr.indptr[r], rows.begin() + csr.indptr[r + 1],
                      W->rows().begin + r);
        series->row.append(rows);
        series->col.append(std::vector<std::int64_t>(csr.indices.begin(), csr.indices.end()));
        series->weight.append(csr.weights);
        const auto end = static_cast<std::int64_t>(series->row.size());
        series->offset.append(&end, root_ ? 1 : 0);
    }
    write_seconds_ += MPI_Wtime() - start;
}

} // namespace sorn::io
