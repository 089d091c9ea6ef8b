#pragma once
// The requested recordings of a run, buffered in memory and written collectively in
// chunks of steps into the group /recordings (docs/FORMAT.md).
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
    /// Creates the datasets of the recordings in `run.record`. Collective.
    Recorder(hid_t recordings, const RunParams& run, const sim::Simulation& s);
    /// Records the state after the step just taken (the run's k-th, from 0). Collective
    /// only every `buffer_steps` calls and at snapshot steps; otherwise local.
    void record(const sim::Simulation& s);
    /// Writes what is still buffered. Collective.
    void finish();

private:
    void flush();
    void snapshot(const sim::Simulation& s);

    MPI_Comm comm_;
    RunParams run_;
    Index N_e_, N_i_;
    model::Range e_, i_;
    Index buffer_steps_;
    Index recorded_ = 0, buffered_ = 0, snapshots_ = 0;

    // Per-step recordings: row-major buffers of buffered_ rows.
    std::optional<h5::Table2D<std::uint8_t>> x_table_, y_table_, r_table_;
    std::optional<h5::Table2D<std::int64_t>> ee_count_table_, ei_count_table_;
    std::vector<std::uint8_t> x_buf_, y_buf_, r_buf_;
    std::vector<std::int64_t> ee_count_buf_, ei_count_buf_;

    // Snapshots every run.record_every steps.
    std::optional<h5::Table2D<double>> te_table_, ti_table_;
    std::optional<h5::Table2D<std::int64_t>> snapshot_steps_;
    struct SparseSeries {
        std::unique_ptr<h5::AppendVector<std::int64_t>> offset, row, col;
        std::unique_ptr<h5::AppendVector<double>> weight;
    };
    std::optional<SparseSeries> wee_, wei_;
};

} // namespace sorn::io
