#pragma once
// Statistics of the connectivity: synapse counts over time (/recordings/EEConnectionCounts,
// EIConnectionCounts), in- and out-degree histograms of W_ee, and the E->E weight
// distribution with its lognormal fit. Collective (they read the file); the results are the
// same on every rank for any rank count (integer reductions; the weights are gathered and
// fitted in sorted order).
#include <mpi.h>

#include <optional>

#include "sorn/analysis/options.hpp"
#include "sorn/analysis/result_file.hpp"
#include "sorn/analysis/results.hpp"
#include "sorn/analysis/synapse_reader.hpp"

namespace sorn::analysis {

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

/// "connections": the counts over the steps of window that the series cover (the whole
/// series without a window); ConfigError if they cover none of it. Collective.
Group connections_group(const ResultFile& file, const CountSeries& series,
                        const std::optional<Window>& window);

/// "degrees": in- and out-degree of every E unit and their histograms. Collective.
Group degrees_group(MPI_Comm comm, const SynapseBlock& block, const SynapseSource& source);

/// "weights": E->E weight histogram and lognormal fit. Collective.
Group weights_group(MPI_Comm comm, const SynapseBlock& block, const SynapseSource& source,
                    const AnalysisOptions& o);

} // namespace sorn::analysis
