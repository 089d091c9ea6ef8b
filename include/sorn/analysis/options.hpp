#pragma once
// Options of sorn-analyze: their table, defaults and validation. Every option is defined
// once, in options.cpp; parsing and the messages are sorn-simulate's (cli/command_line.hpp).
// --help prints each option with its default and meaning. The defaults of the statistics'
// options are those of their parameter structs (params.hpp); analyze.cpp maps the options
// onto the structs. Only the driver, analyze and the tests include this header: the
// statistics take their own parameter structs.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sorn/analysis/params.hpp"
#include "sorn/types.hpp"

namespace sorn::analysis {

/// Which recorded activity is analysed.
enum class Population { E, I, R };

/// The spike dataset of a population, e.g. "/recordings/ExcitatoryActivation". Local.
const char* spike_dataset_path(Population p);
/// "E", "I" or "R". Local.
const char* population_name(Population p);

/// The statistics sorn-analyze computes (--stats).
enum class Statistic {
    Rates,
    Fano,
    Autocorr,
    Isi,
    Entropy,
    Correlation,
    Smoothness,
    Avalanches,
    Hamming,
    Connections,
    Degrees,
    Weights,
    Thresholds,      ///< T_e over the snapshots and at the end (snapshot_statistics.hpp)
    WeightSnapshots, ///< E->E weights over the /recordings/WEE snapshots
    Turnover,
};

/// The option spelling, e.g. "rates". Local.
const char* statistic_name(Statistic s);
/// Every statistic, in the order above. Local.
const std::vector<Statistic>& all_statistics();
/// True for the statistics computed from the spike trains of the population. Local.
bool needs_spikes(Statistic s);

struct AnalysisOptions {
    std::string input;                     ///< RESULT.h5 (positional)
    std::string output;                    ///< --output ANALYSIS.h5 (empty: none)
    bool overwrite = false;                ///< --overwrite
    bool json = false;                     ///< --json: JSON on stdout
    std::string json_file;                 ///< --json-file F
    Population population = Population::E; ///< --population
    std::optional<std::int64_t> from, to;  ///< --from / --to: absolute steps, inclusive
    std::vector<Statistic> stats;          ///< --stats (empty: all the file allows)
    // The statistics' parameters, defaults from params.hpp.
    Index bin_size = RatesParams{}.bin_size;                    ///< --bin-size
    int histogram_bins = default_histogram_bins;                ///< --histogram-bins
    Index fano_window = FanoParams{}.window;                    ///< --fano-window
    Index autocorr_lags = AutocorrParams{}.max_lag;             ///< --autocorr-lags
    Index corr_exact_max = CorrelationParams{}.exact_max;       ///< --corr-exact-max
    std::int64_t corr_pairs = CorrelationParams{}.sample_size;  ///< --corr-pairs
    std::uint64_t corr_seed = CorrelationParams{}.seed;         ///< --corr-seed
    Index corr_subset_first = CorrelationParams{}.subset_first; ///< --corr-subset N
    std::vector<Index> corr_subset_units;            ///< --corr-subset a,b,c (overrides the count)
    std::string compare;                             ///< --compare OTHER.h5
    std::optional<std::int64_t> avalanche_threshold; ///< --avalanche-threshold K (empty: rule)
    ThresholdRule avalanche_rule = AvalancheParams{}.rule;      ///< --avalanche-threshold RULE
    double avalanche_percentile = AvalancheParams{}.percentile; ///< --avalanche-threshold P%
    AvalancheSize avalanche_size = AvalancheParams{}.size;      ///< --avalanche-size
    Index avalanche_bin = AvalancheParams{}.bin_steps;          ///< --avalanche-bin
    std::int64_t size_xmin = 0;                           ///< --size-xmin (0: --powerlaw-xmin)
    std::int64_t size_xmax = 0;                           ///< --size-xmax (0: none)
    std::int64_t duration_xmin = 0;                       ///< --duration-xmin (0: --powerlaw-xmin)
    std::int64_t duration_xmax = 0;                       ///< --duration-xmax (0: none)
    std::int64_t bootstrap = TailTestParams{}.bootstrap;  ///< --bootstrap
    std::uint64_t bootstrap_seed = TailTestParams{}.seed; ///< --bootstrap-seed
    std::vector<std::string> pool; ///< --pool A.h5,B.h5: runs whose avalanches are pooled
    std::int64_t powerlaw_min_tail = PowerLawParams{}.min_tail; ///< --powerlaw-min-tail
    std::int64_t powerlaw_xmin = PowerLawParams{}.xmin;         ///< --powerlaw-xmin (0: KS scan)
    WeightsSource weights_source = WeightsSource::Auto;         ///< --weights-source
    bool spike_times = true;                                    ///< false with --no-spike-times
    Index chunk_steps = 0; ///< --chunk-steps (0: automatic, ~32 MiB of buffers per rank)
    bool quiet = false;    ///< --quiet

    /// True if s was listed in --stats (with no --stats, none is "explicitly" requested).
    bool explicitly_requested(Statistic s) const;
    /// True if s should be computed when the file allows it. Local.
    bool wanted(Statistic s) const;
    /// Throws ConfigError naming the first invalid option. Local (no file access).
    void validate() const;
};

struct AnalysisCommandLine {
    bool help = false;
    AnalysisOptions options;
};

/// Parses argv (single-dash PETSc options are skipped; the first bare argument is --input)
/// and validates. Throws ConfigError ("--name = value: rule"). Local, no MPI.
AnalysisCommandLine parse_analysis_command_line(int argc, const char* const argv[]);

/// The --help text: usage and every option with its default and meaning. Local.
std::string analysis_help_text();

} // namespace sorn::analysis
