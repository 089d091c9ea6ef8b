#pragma once
// Statistics of the connectivity: synapse counts over time (/recordings/EEConnectionCounts,
// EIConnectionCounts), in- and out-degree histograms of W_ee, and the E->E weight
// distribution with its lognormal fit. Collective (they read the file); the results are the
// same on every rank for any rank count (integer reductions; the weights are gathered and
// fitted in sorted order).
#include <mpi.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sorn/analysis/params.hpp"
#include "sorn/analysis/result_file.hpp"
#include "sorn/analysis/results.hpp"
#include "sorn/analysis/synapse_reader.hpp"

namespace sorn::analysis {

// Each statistic is a local function of its data (plain vectors) and parameters, returning its
// result group; the collective functions read or reduce that data from the file.

/// The connection-count series present in the file, or why there are none.
struct CountSeries {
    std::vector<std::string> paths; ///< existing count datasets
    Step first_step = 0;            ///< step of row 0
    Step rows = 0;                  ///< rows of every series
    Step last_step() const { return first_step + rows - 1; }
};

/// Which count series exist and where they start; nothing (and *why) if none can be used.
/// ConfigError if a series is not a 1-D int64 dataset, or its length differs from the other
/// series' or from the rows of a spike table in /recordings (one entry per recorded step).
/// Collective.
std::optional<CountSeries> find_count_series(const ResultFile& file, std::string* why);

/// Synapse counts over the steps of a window.
struct ConnectionCounts {
    struct Series {
        std::string key;                  ///< "ee" or "ei": prefix of the scalars and arrays
        std::string path;                 ///< the dataset read, for the array's meaning
        std::vector<std::int64_t> counts; ///< one per step of window, not empty
    };
    Window window;              ///< the steps of every series
    std::vector<Series> series; ///< in the order of CountSeries::paths
};

/// The counts over the steps of window that the series cover (the whole series without a
/// window); ConfigError if they cover none of it. Collective.
ConnectionCounts read_connection_counts(const ResultFile& file, const CountSeries& series,
                                        const std::optional<Window>& window);

/// "connections": first, last, mean, min and max of each series. Local.
Group connections_group(const ConnectionCounts& c);

/// In- and out-degree of every unit of W_ee.
struct Degrees {
    std::vector<std::int64_t> in;  ///< incoming synapses (row counts: row = postsynaptic)
    std::vector<std::int64_t> out; ///< outgoing synapses (column counts)
};

/// The degrees of the `units` units from every rank's block of the synapses. Collective.
Degrees count_degrees(MPI_Comm comm, const SynapseBlock& block, Index units);

/// "degrees": in- and out-degree of every E unit and their histograms; `source` says where
/// the synapses were read. Local.
Group degrees_group(const Degrees& d, const std::string& source);

/// Every rank's block of the weights, on every rank (8 bytes per synapse per rank).
/// Collective.
std::vector<double> gather_weights(MPI_Comm comm, const SynapseBlock& block);

/// "weights": E->E weight histogram and lognormal fit of `weights` (any order: the fit sorts
/// them); `source` says where they were read. Local.
Group weights_group(const std::vector<double>& weights, const std::string& source,
                    const WeightsParams& p = {});

} // namespace sorn::analysis
