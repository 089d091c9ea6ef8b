#pragma once
// One collective pass over the window of a spike table that accumulates every integer the
// spike statistics need: spikes per unit and per step, window counts for the Fano factor,
// the pooled ISI histogram, pair coincidences, and the Hamming distance to a second file.
// All of them are exact integers reduced with MPI (sums, gathers in unit order), so the
// totals, and every statistic computed from them afterwards, are identical for any number
// of ranks.
#include <mpi.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "sorn/analysis/correlation.hpp"
#include "sorn/analysis/params.hpp"
#include "sorn/analysis/result_file.hpp"
#include "sorn/analysis/spike_train.hpp"

namespace sorn::analysis {

/// Receives the spikes of each chunk: (step, unit) of this rank's units, sorted by step then
/// unit. Called collectively, once per chunk, by every rank.
class SpikeEventSink {
public:
    virtual ~SpikeEventSink() = default;
    /// first_step/rows: the chunk's steps. Collective.
    virtual void write(Step first_step, Index rows, const std::vector<std::int64_t>& steps,
                       const std::vector<std::int64_t>& units) = 0;
};

struct SpikePassPlan {
    SpikeDataset dataset;
    Window window;
    Index fano_window = FanoParams{}.window; ///< F of fano_counts: FanoParams::window
    std::vector<UnitPair> pairs;             ///< pairs whose coincidences are counted
    std::optional<SpikeDataset> compare;     ///< the same population in the --compare file
    hid_t compare_file = -1;
    SpikeEventSink* events = nullptr;     ///< optional
    std::int64_t memory_budget = 1 << 25; ///< bytes per rank for a chunk's buffers
    Index chunk_steps = 0;                ///< > 0: steps per chunk (rounded up to 64)
};

/// The pass's results, the same on every rank.
struct SpikeTotals {
    Index units = 0;
    Step steps = 0;
    Step first_step = 0;                     ///< absolute step of the window's first step
    std::vector<std::int64_t> unit_spikes;   ///< per unit, in unit order
    std::vector<std::int64_t> step_active;   ///< active units per step of the window
    std::vector<WindowCounts> fano_counts;   ///< per unit: complete windows of fano_window
    std::vector<std::int64_t> isi_histogram; ///< [k] = intervals of k steps, pooled
    std::vector<std::int64_t> coincidences;  ///< per plan pair
    std::vector<std::int64_t> hamming;       ///< per step (empty without compare)
};

/// Steps per chunk: a multiple of 64 (the pairs' bit sets) whose buffers fit the budget.
/// Depends only on global sizes, so it is the same on every rank. Local.
Index chunk_rows_for(Step window_steps, Index bytes, Index needed_units,
                     std::int64_t memory_budget);

/// Runs the pass. Collective.
SpikeTotals run_spike_pass(MPI_Comm comm, hid_t file, const SpikePassPlan& plan);

} // namespace sorn::analysis
