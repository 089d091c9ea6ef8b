#pragma once
// The requested recordings of a run, buffered in memory and written collectively in
// chunks of steps into the group /recordings (docs/FORMAT.md). InputLetters is written only
// with --input-source words.
//
// Spikes are bit-packed (8 units per byte, little bit order); every rank packs and
// writes its own units, which fill whole bytes (model::Partition groups units by 8).
#include <hdf5.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "sorn/h5/dataset.hpp"
#include "sorn/io/config.hpp"
#include "sorn/sim/simulation.hpp"

namespace sorn::io {

class Recorder {
public:
    /// Creates the datasets of the recordings in `run.record` for a run of run.steps steps
    /// starting from the network's current step. Collective.
    Recorder(hid_t recordings, const RunParams& run, const sim::Simulation& s);
    /// Records the state after the step just taken. Collective every few thousand recorded
    /// steps and at snapshot steps; otherwise local.
    void record(const sim::Simulation& s);
    /// Writes what is still buffered. Collective.
    void finish();
    /// Seconds spent writing recordings so far (rank 0's clock). Local.
    double write_seconds() const { return write_seconds_; }

private:
    /// Bit-packed spikes of one population, buffered for several steps.
    struct SpikeTable {
        SpikeTable(hid_t parent, const char* name, Index N, model::Range own, Index rows,
                   Index first_step, Index buffer_steps);
        std::uint8_t* row(Index k) { return buffer.data() + k * bytes; }
        h5::Table2D<std::uint8_t> table;
        Index byte_begin, bytes;
        std::vector<std::uint8_t> buffer;
    };
    /// Synapse counts per step: per rank until flushed, then summed.
    struct CountSeries {
        CountSeries(hid_t parent, const char* name, Index buffer_steps);
        h5::AppendVector<std::int64_t> series;
        std::vector<std::int64_t> buffer;
    };
    /// WEE / WEI snapshots: COO entries appended per snapshot, with offsets.
    struct SparseSeries {
        SparseSeries(hid_t parent, const char* name, MPI_Comm comm);
        h5::Handle group;
        h5::AppendVector<std::int64_t> offset, row, col;
        h5::AppendVector<double> weight;
    };

    void flush();
    void snapshot(const model::Network& n);

    MPI_Comm comm_;
    RunParams run_;
    model::Range e_, i_;
    Index buffer_steps_;
    Index recorded_ = 0, buffered_ = 0, snapshots_ = 0;
    double write_seconds_ = 0.0;
    bool root_;

    std::optional<SpikeTable> x_, y_, r_;
    std::optional<CountSeries> ee_count_, ei_count_;
    std::optional<h5::Table2D<double>> te_table_, ti_table_;
    std::optional<h5::AppendVector<std::int64_t>> snapshot_steps_;
    std::optional<SparseSeries> wee_, wei_;
    std::optional<h5::AppendVector<std::int64_t>> letters_; // InputLetters, rank 0 writes
    std::vector<std::int64_t> letter_buffer_;
};

} // namespace sorn::io
