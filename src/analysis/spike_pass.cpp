#include "sorn/analysis/spike_pass.hpp"

#include <algorithm>

#include "sorn/analysis/coincidence_counter.hpp"
#include "sorn/analysis/spike_reader.hpp"
#include "sorn/error.hpp"
#include "sorn/mpi.hpp"

namespace sorn::analysis {

namespace {

// Element-wise sum over ranks of vectors of different lengths. Collective.
std::vector<std::int64_t> sum_ragged(MPI_Comm comm, std::vector<std::int64_t> v) {
    long long n = static_cast<long long>(v.size()), longest = 0;
    SORN_MPI_CALL(MPI_Allreduce(&n, &longest, 1, MPI_LONG_LONG, MPI_MAX, comm));
    v.resize(static_cast<std::size_t>(longest), 0);
    if (longest > 0)
        SORN_MPI_CALL(MPI_Allreduce(MPI_IN_PLACE, v.data(), static_cast<int>(longest), MPI_INT64_T,
                                    MPI_SUM, comm));
    return v;
}

// Per-unit running state of the local units.
struct UnitState {
    std::vector<std::int64_t> spikes;
    std::vector<Step> window;            // Fano window of the open count, -1 if none
    std::vector<std::int64_t> in_window; // spikes in that window
    std::vector<WindowCounts> fano;
    std::vector<Step> last_spike; // window row of the last spike, -1 if none
    explicit UnitState(Index n)
        : spikes(n, 0), window(n, -1), in_window(n, 0), fano(n), last_spike(n, -1) {}

    void close_window(Index u) {
        fano[u].sum += in_window[u];
        fano[u].sum_sq += in_window[u] * in_window[u];
        in_window[u] = 0;
    }
};

// Hamming distance of one row: differing valid bits of this rank's bytes.
std::int64_t row_distance(const SpikeReader& a, const SpikeReader& b, Index k) {
    std::int64_t d = 0;
    const std::uint8_t *ra = a.row(k), *rb = b.row(k);
    for (Index j = 0; j < a.block().size(); ++j)
        d += __builtin_popcount(static_cast<unsigned>((ra[j] ^ rb[j]) & a.mask(j)));
    return d;
}

} // namespace

Index chunk_rows_for(Step window_steps, Index bytes, Index needed_units,
                     std::int64_t memory_budget) {
    const std::int64_t by_read = memory_budget / std::max<Index>(bytes, 1);
    const std::int64_t by_bits = memory_budget * 8 / std::max<Index>(needed_units, 1);
    const std::int64_t whole = (window_steps + 63) / 64 * 64;
    const std::int64_t rows = std::min({by_read, by_bits, whole}) / 64 * 64;
    return static_cast<Index>(std::max<std::int64_t>(rows, 64));
}

SpikeTotals run_spike_pass(MPI_Comm comm, hid_t file, const SpikePassPlan& plan) {
    const SpikeDataset& ds = plan.dataset;
    const Window& w = plan.window;
    const ByteBlock block = byte_block(ds.bytes(), mpi::size(comm), mpi::rank(comm));
    const Index unit_begin = std::min(8 * block.begin, ds.units);
    const Index unit_end = std::min(8 * block.end, ds.units);
    const Index local_units = unit_end - unit_begin;
    const Step fano_windows = w.steps() / plan.fano_window;

    CoincidenceCounter pairs(comm, plan.pairs, unit_begin, unit_end);
    const Index chunk =
        plan.chunk_steps > 0
            ? (plan.chunk_steps + 63) / 64 * 64
            : chunk_rows_for(w.steps(), ds.bytes(), pairs.needed_units(), plan.memory_budget);
    SpikeReader reader(comm, file, ds, w, chunk);
    std::optional<SpikeReader> other;
    if (plan.compare) other.emplace(comm, plan.compare_file, *plan.compare, w, chunk);

    SpikeTotals totals;
    totals.units = ds.units;
    totals.steps = w.steps();
    totals.first_step = w.first;
    UnitState state(local_units);
    std::vector<std::int64_t> isi; // local pooled histogram
    std::vector<std::int64_t> active, distance, event_steps, event_units;

    // ---- the pass: chunks of steps, every rank its own units
    while (reader.next()) {
        if (other) other->next();
        const Index rows = reader.rows();
        active.assign(rows, 0);
        distance.assign(other ? rows : 0, 0);
        event_steps.clear();
        event_units.clear();
        pairs.begin_chunk(rows);
        for (Index k = 0; k < rows; ++k) {
            const Step t = reader.offset() + k; // row in the window
            const std::uint8_t* row = reader.row(k);
            for (Index b = 0; b < block.size(); ++b) {
                unsigned bits = row[b] & reader.mask(b);
                while (bits) {
                    const Index u = 8 * b + __builtin_ctz(bits); // local unit
                    bits &= bits - 1;
                    ++state.spikes[u];
                    ++active[k];
                    if (const Step f = t / plan.fano_window; f < fano_windows) {
                        if (state.window[u] != f) {
                            state.close_window(u);
                            state.window[u] = f;
                        }
                        ++state.in_window[u];
                    }
                    if (const Step last = state.last_spike[u]; last >= 0) {
                        const auto gap = static_cast<std::size_t>(t - last);
                        if (isi.size() <= gap) isi.resize(gap + 1, 0);
                        ++isi[gap];
                    }
                    state.last_spike[u] = t;
                    pairs.spike(unit_begin + u, k);
                    if (plan.events) {
                        event_steps.push_back(w.first + t);
                        event_units.push_back(unit_begin + u);
                    }
                }
            }
            if (other) distance[k] = row_distance(reader, *other, k);
        }
        // Integer counts: MPI_SUM is exact whatever the grouping.
        SORN_MPI_CALL(MPI_Allreduce(MPI_IN_PLACE, active.data(), static_cast<int>(rows),
                                    MPI_INT64_T, MPI_SUM, comm));
        totals.step_active.insert(totals.step_active.end(), active.begin(), active.end());
        if (other) {
            SORN_MPI_CALL(MPI_Allreduce(MPI_IN_PLACE, distance.data(), static_cast<int>(rows),
                                        MPI_INT64_T, MPI_SUM, comm));
            totals.hamming.insert(totals.hamming.end(), distance.begin(), distance.end());
        }
        pairs.end_chunk();
        if (plan.events)
            plan.events->write(w.first + reader.offset(), rows, event_steps, event_units);
    }

    // ---- totals in unit order on every rank
    for (Index u = 0; u < local_units; ++u) {
        state.close_window(u);
        state.fano[u].windows = fano_windows;
    }
    totals.unit_spikes = mpi::all_gather(comm, state.spikes);
    totals.fano_counts = mpi::all_gather(comm, state.fano);
    totals.isi_histogram = sum_ragged(comm, std::move(isi));
    totals.coincidences = pairs.finish();
    SORN_ASSERT(static_cast<Index>(totals.unit_spikes.size()) == ds.units);
    return totals;
}

} // namespace sorn::analysis
