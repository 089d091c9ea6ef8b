#pragma once
// sorn-analyze as a library call: open the result file, decide what can be computed, run
// the spike pass and the connectivity statistics, write the analysis file. The drivers and
// the tests call this; the driver only adds the command line and the printing.
#include <mpi.h>

#include <string>

#include "sorn/analysis/options.hpp"
#include "sorn/analysis/params.hpp"
#include "sorn/analysis/results.hpp"

namespace sorn::analysis {

/// The parameters of the statistics under the options o (the one mapping from the command
/// line to params.hpp). Local.
StatisticParams statistic_params(const AnalysisOptions& o);

/// Runs the analysis described by o and writes o.output if given. Bad input (missing file
/// or dataset for an explicitly requested statistic, window outside the recording, a file
/// of another tool, an existing output without --overwrite) throws ConfigError on every
/// rank before any output file is created. The results are identical on every rank and
/// for any number of ranks. Collective.
Results analyze(MPI_Comm comm, const AnalysisOptions& o, const std::string& command_line = "");

} // namespace sorn::analysis
