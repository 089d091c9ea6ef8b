// Command line of sorn-analyze (analysis/options.hpp): defaults, parsing, the ConfigError
// (exit code 2) of every kind of bad option, and the mapping of the options onto the
// statistics' parameter structs (analyze.hpp statistic_params, params.hpp).
#include "sorn/analysis/options.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sorn/analysis/analyze.hpp"
#include "sorn/error.hpp"

namespace an = sorn::analysis;

namespace {

an::AnalysisCommandLine parse(std::vector<std::string> args) {
    args.insert(args.begin(), "sorn-analyze");
    std::vector<const char*> argv;
    for (const std::string& a : args) argv.push_back(a.c_str());
    return an::parse_analysis_command_line(static_cast<int>(argv.size()), argv.data());
}

} // namespace

TEST(AnalysisOptions, DefaultsWithThePositionalInput) {
    const an::AnalysisOptions o = parse({"run.h5"}).options;
    EXPECT_EQ(o.input, "run.h5");
    EXPECT_EQ(o.population, an::Population::E);
    EXPECT_TRUE(o.stats.empty());
    EXPECT_FALSE(o.from.has_value());
    EXPECT_FALSE(o.avalanche_threshold.has_value());
    EXPECT_EQ(o.corr_subset_first, 50);
    EXPECT_TRUE(o.spike_times);
    for (an::Statistic s : an::all_statistics())
        EXPECT_EQ(o.wanted(s), s != an::Statistic::Hamming) << an::statistic_name(s);
}

TEST(AnalysisOptions, ParsesEveryKindOfValue) {
    const an::AnalysisOptions o = parse({"--json",
                                         "--population",
                                         "i",
                                         "--from",
                                         "10",
                                         "--to=20",
                                         "--stats",
                                         "rates, fano,rates",
                                         "--corr-subset",
                                         "3,1,2",
                                         "--avalanche-threshold",
                                         "4",
                                         "--weights-source",
                                         "snapshot",
                                         "--no-spike-times",
                                         "run.h5",
                                         "--compare",
                                         "other.h5",
                                         "--output",
                                         "a.h5",
                                         "--chunk-steps",
                                         "100"})
                                      .options;
    EXPECT_TRUE(o.json);
    EXPECT_EQ(o.population, an::Population::I);
    EXPECT_EQ(*o.from, 10);
    EXPECT_EQ(*o.to, 20);
    EXPECT_EQ(o.stats, (std::vector<an::Statistic>{an::Statistic::Rates, an::Statistic::Fano}));
    EXPECT_TRUE(o.wanted(an::Statistic::Hamming)); // implied by --compare
    EXPECT_FALSE(o.wanted(an::Statistic::Weights));
    EXPECT_EQ(o.corr_subset_units, (std::vector<sorn::Index>{3, 1, 2}));
    EXPECT_EQ(*o.avalanche_threshold, 4);
    EXPECT_EQ(o.weights_source, an::WeightsSource::Snapshot);
    EXPECT_FALSE(o.spike_times);
    EXPECT_EQ(o.chunk_steps, 100);
}

TEST(AnalysisOptions, DefaultsAreThoseOfTheParameterStructs) {
    const an::StatisticParams p = an::statistic_params(parse({"run.h5"}).options);
    const an::StatisticParams d; // the structs' own defaults
    EXPECT_EQ(p.rates.bin_size, d.rates.bin_size);
    EXPECT_EQ(p.rates.histogram_bins, d.rates.histogram_bins);
    EXPECT_EQ(p.fano.window, d.fano.window);
    EXPECT_EQ(p.fano.histogram_bins, d.fano.histogram_bins);
    EXPECT_EQ(p.autocorr.max_lag, d.autocorr.max_lag);
    EXPECT_EQ(p.correlation.exact_max, d.correlation.exact_max);
    EXPECT_EQ(p.correlation.sample_size, d.correlation.sample_size);
    EXPECT_EQ(p.correlation.seed, d.correlation.seed);
    EXPECT_EQ(p.correlation.subset_first, d.correlation.subset_first);
    EXPECT_EQ(p.correlation.subset_units, d.correlation.subset_units);
    EXPECT_EQ(p.correlation.histogram_bins, d.correlation.histogram_bins);
    EXPECT_EQ(p.avalanches.threshold, d.avalanches.threshold);
    EXPECT_EQ(p.avalanches.rule, d.avalanches.rule);
    EXPECT_EQ(p.avalanches.percentile, d.avalanches.percentile);
    EXPECT_EQ(p.avalanches.size, d.avalanches.size);
    EXPECT_EQ(p.avalanches.bin_steps, d.avalanches.bin_steps);
    EXPECT_EQ(p.avalanches.tests.bootstrap, d.avalanches.tests.bootstrap);
    EXPECT_EQ(p.avalanches.tests.seed, d.avalanches.tests.seed);
    for (auto [got, want] : {std::pair{p.avalanches.size_fit, d.avalanches.size_fit},
                             std::pair{p.avalanches.duration_fit, d.avalanches.duration_fit}}) {
        EXPECT_EQ(got.min_tail, want.min_tail);
        EXPECT_EQ(got.xmin, want.xmin);
        EXPECT_EQ(got.xmax, want.xmax);
        EXPECT_EQ(got.alpha_max, want.alpha_max);
    }
    EXPECT_EQ(p.hamming.compare_file, d.hamming.compare_file);
    EXPECT_EQ(p.weights.histogram_bins, d.weights.histogram_bins);
    EXPECT_EQ(p.turnover.histogram_bins, d.turnover.histogram_bins);
    EXPECT_EQ(p.turnover.weight_floor, d.turnover.weight_floor);
    EXPECT_EQ(p.turnover.lifetime_fit.min_tail, d.turnover.lifetime_fit.min_tail);
    EXPECT_EQ(p.turnover.lifetime_fit.xmin, d.turnover.lifetime_fit.xmin);
    EXPECT_EQ(p.turnover.tests.bootstrap, d.turnover.tests.bootstrap);
    // The documented values (docs/ANALYSIS.md, "Options").
    EXPECT_EQ(d.rates.bin_size, 10);
    EXPECT_EQ(d.rates.histogram_bins, 50);
    EXPECT_EQ(d.correlation.subset_first, 50);
    EXPECT_EQ(d.avalanches.size_fit.min_tail, 10);
    EXPECT_EQ(d.avalanches.rule, an::ThresholdRule::Round);
    EXPECT_EQ(d.avalanches.bin_steps, 1);
    EXPECT_EQ(d.avalanches.tests.bootstrap, 0);
}

TEST(AnalysisOptions, EveryStatisticOptionReachesItsParameterStruct) {
    const an::StatisticParams p = an::statistic_params(
        parse({"run.h5", "--bin-size",          "3",        "--histogram-bins",
               "7",      "--fano-window",       "4",        "--autocorr-lags",
               "5",      "--corr-exact-max",    "30",       "--corr-pairs",
               "40",     "--corr-seed",         "9",        "--corr-subset",
               "6",      "--compare",           "other.h5", "--avalanche-threshold",
               "2",      "--powerlaw-min-tail", "11",       "--powerlaw-xmin",
               "12"})
            .options);
    EXPECT_EQ(p.rates.bin_size, 3);
    EXPECT_EQ(p.fano.window, 4);
    EXPECT_EQ(p.autocorr.max_lag, 5);
    EXPECT_EQ(p.correlation.exact_max, 30);
    EXPECT_EQ(p.correlation.sample_size, 40);
    EXPECT_EQ(p.correlation.seed, 9u);
    EXPECT_EQ(p.correlation.subset_first, 6);
    EXPECT_TRUE(p.correlation.subset_units.empty());
    for (int bins : {p.rates.histogram_bins, p.fano.histogram_bins, p.correlation.histogram_bins,
                     p.weights.histogram_bins})
        EXPECT_EQ(bins, 7);
    EXPECT_EQ(p.avalanches.threshold, std::optional<std::int64_t>(2));
    EXPECT_EQ(p.avalanches.size_fit.min_tail, 11);
    EXPECT_EQ(p.avalanches.duration_fit.min_tail, 11);
    EXPECT_EQ(p.avalanches.size_fit.xmin, 12);
    EXPECT_EQ(p.avalanches.duration_fit.xmin, 12);
    EXPECT_EQ(p.hamming.compare_file, "other.h5");
    EXPECT_EQ(an::statistic_params(parse({"run.h5", "--corr-subset", "4,2"}).options)
                  .correlation.subset_units,
              (std::vector<sorn::Index>{4, 2}));
}

TEST(AnalysisOptions, HelpAndPetscOptions) {
    EXPECT_TRUE(parse({"--help"}).help);
    EXPECT_TRUE(parse({"-h"}).help);
    // Single-dash options belong to PETSc, with their value unless it is one of ours.
    EXPECT_EQ(parse({"-log_view", "run.h5"}).options.input, "run.h5");
    EXPECT_EQ(parse({"-options_left", "0", "run.h5"}).options.input, "run.h5");
    const std::string help = an::analysis_help_text();
    for (const char* option :
         {"--output", "--json", "--population", "--from", "--bin-size", "--fano-window",
          "--autocorr-lags", "--corr-exact-max", "--corr-pairs", "--corr-seed", "--corr-subset",
          "--compare", "--avalanche-threshold", "--quiet", "(=2000)"})
        EXPECT_NE(help.find(option), std::string::npos) << option;
}

TEST(AnalysisOptions, BadOptionsAreConfigErrors) {
    using Args = std::vector<std::string>;
    for (const Args& bad : {
             Args{},                     // no input
             Args{"run.h5", "--bogus"},  // unknown option
             Args{"run.h5", "other.h5"}, // two inputs
             Args{"run.h5", "--population", "X"},
             Args{"run.h5", "--stats", "rates,nonsense"},
             Args{"run.h5", "--stats", "hamming"}, // needs --compare
             Args{"run.h5", "--from", "9", "--to", "3"},
             Args{"run.h5", "--from", "x"},
             Args{"run.h5", "--bin-size", "0"},
             Args{"run.h5", "--fano-window", "-1"},
             Args{"run.h5", "--autocorr-lags", "0"},
             Args{"run.h5", "--corr-pairs", "0"},
             Args{"run.h5", "--corr-subset", "1,x"},
             Args{"run.h5", "--corr-subset", "1,1"},
             Args{"run.h5", "--avalanche-threshold", "-2"},
             Args{"run.h5", "--avalanche-threshold", "half"},
             Args{"run.h5", "--weights-source", "file"},
             Args{"run.h5", "--json", "--json-file", "r.json"},
             Args{"run.h5", "--output", "run.h5"},
             Args{"run.h5", "--powerlaw-min-tail", "1"},
         }) {
        std::string joined;
        for (const std::string& a : bad) joined += a + " ";
        EXPECT_THROW(parse(bad), sorn::ConfigError) << joined;
    }
}

// The command-line layer is sorn-simulate's (cli/command_line.hpp): the same wording, and
// every message about a value in the form "--name = value: rule".
TEST(AnalysisOptions, MessagesAreThoseOfSornSimulate) {
    using Args = std::vector<std::string>;
    const std::pair<Args, std::string> cases[] = {
        {{"run.h5", "--bin-size", "0"}, "--bin-size = 0: must be >= 1"},
        {{"run.h5", "--bogus"}, "unknown option '--bogus'"},
        {{"run.h5", "other.h5"}, "unexpected argument 'other.h5'"},
        {{"run.h5", "--from", "x"}, "--from = x: must be an integer in ["},
        {{"run.h5", "--corr-seed", "-1"}, "--corr-seed = -1: must be an integer in [0, "},
        {{"run.h5", "--corr-subset", "1,4294967297"}, "--corr-subset = 4294967297: must be an"},
        {{"run.h5", "--output"}, "missing value for option '--output'"},
        {{"run.h5", "--output", "--json"}, "missing value for option '--output' (before '--json')"},
        {{"run.h5", "--bin-size", "3", "--bin-size", "4"}, "--bin-size: given more than once"},
        {{"run.h5", "--weights-source", "file"},
         "--weights-source = file: must be one of auto, state, snapshot"},
        {{"run.h5", "--json=maybe"}, "--json = maybe: must be true or false"},
        {{"run.h5", "--population", "X"}, "--population = X: must be E, I or R"},
    };
    for (const auto& [args, needle] : cases) {
        std::string joined;
        for (const std::string& a : args) joined += a + " ";
        try {
            parse(args);
            ADD_FAILURE() << joined << ": no ConfigError";
        } catch (const sorn::ConfigError& e) {
            EXPECT_NE(std::string(e.what()).find(needle), std::string::npos)
                << joined << ": '" << e.what() << "' does not contain '" << needle << "'";
        }
    }
}

TEST(AnalysisOptions, FlagsTakeAnOptionalValueAndPetscOptionsTheirs) {
    EXPECT_FALSE(parse({"run.h5", "--quiet=false"}).options.quiet);
    EXPECT_TRUE(parse({"run.h5", "--quiet"}).options.quiet);
    const an::AnalysisOptions o = parse({"-malloc_debug", "--json", "-options_left", "0", "run.h5",
                                         "--to", "-5", "--from", "-9"})
                                      .options;
    EXPECT_TRUE(o.json);
    EXPECT_EQ(o.input, "run.h5");
    EXPECT_EQ(*o.to, -5);
    EXPECT_EQ(*o.from, -9);
}

// The avalanche options of issue 11: threshold rules, size definition, bins, fit windows,
// bootstrap, pooling, and their mapping onto AvalancheParams.
TEST(AnalysisOptions, AvalancheRulesWindowsBootstrapAndPool) {
    const auto params = [](std::vector<std::string> args) {
        args.insert(args.begin(), "run.h5");
        return an::statistic_params(parse(args).options).avalanches;
    };
    EXPECT_EQ(params({"--avalanche-threshold", "floor"}).rule, an::ThresholdRule::Floor);
    EXPECT_EQ(params({"--avalanche-threshold", "floor+1"}).rule, an::ThresholdRule::FloorPlusOne);
    EXPECT_EQ(params({"--avalanche-threshold", "Round"}).rule, an::ThresholdRule::Round);
    EXPECT_FALSE(params({"--avalanche-threshold", "auto"}).threshold.has_value());
    const an::AvalancheParams q = params({"--avalanche-threshold", "12.5%"});
    EXPECT_EQ(q.rule, an::ThresholdRule::Percentile);
    EXPECT_EQ(q.percentile, 12.5);
    EXPECT_FALSE(q.threshold.has_value());
    const an::AvalancheParams d =
        params({"--avalanche-size", "total", "--avalanche-bin", "5", "--size-xmin", "10",
                "--size-xmax", "1500", "--duration-xmin", "6", "--duration-xmax", "60",
                "--bootstrap", "200", "--bootstrap-seed", "3", "--powerlaw-min-tail", "20"});
    EXPECT_EQ(d.size, an::AvalancheSize::Total);
    EXPECT_EQ(d.bin_steps, 5);
    EXPECT_EQ(d.size_fit.xmin, 10);
    EXPECT_EQ(d.size_fit.xmax, 1500);
    EXPECT_EQ(d.duration_fit.xmin, 6);
    EXPECT_EQ(d.duration_fit.xmax, 60);
    EXPECT_EQ(d.size_fit.min_tail, 20);
    EXPECT_EQ(d.tests.bootstrap, 200);
    EXPECT_EQ(d.tests.seed, 3u);
    // --powerlaw-xmin is the xmin of both unless one is given.
    const an::AvalancheParams e = params({"--powerlaw-xmin", "4", "--duration-xmin", "2"});
    EXPECT_EQ(e.size_fit.xmin, 4);
    EXPECT_EQ(e.duration_fit.xmin, 2);
    EXPECT_EQ(parse({"run.h5", "--pool", "b.h5, c.h5"}).options.pool,
              (std::vector<std::string>{"b.h5", "c.h5"}));

    using Args = std::vector<std::string>;
    const std::pair<Args, std::string> cases[] = {
        {{"run.h5", "--avalanche-threshold", "half"},
         "--avalanche-threshold = half: must be auto, round, floor, floor+1, a percentile P%"},
        {{"run.h5", "--avalanche-threshold", "101%"}, "--avalanche-threshold = 101%: must be"},
        {{"run.h5", "--avalanche-threshold", "x%"}, "--avalanche-threshold = x%: must be"},
        {{"run.h5", "--avalanche-threshold", "-2"}, "--avalanche-threshold = -2: must be >= 0"},
        {{"run.h5", "--avalanche-size", "some"},
         "--avalanche-size = some: must be one of above, total"},
        {{"run.h5", "--avalanche-bin", "0"}, "--avalanche-bin = 0: must be >= 1"},
        {{"run.h5", "--size-xmin", "-1"}, "--size-xmin = -1: must be >= 0"},
        {{"run.h5", "--size-xmin", "10", "--size-xmax", "5"},
         "--size-xmax = 5: must be >= the xmin of the sizes"},
        {{"run.h5", "--powerlaw-xmin", "10", "--duration-xmax", "5"},
         "--duration-xmax = 5: must be >= the xmin of the durations"},
        {{"run.h5", "--bootstrap", "-1"}, "--bootstrap = -1: must lie in [0, 100000]"},
        {{"run.h5", "--pool", "run.h5"}, "--pool = run.h5: must differ from RESULT.h5"},
        {{"run.h5", "--pool", "b.h5,b.h5"}, "--pool = b.h5: lists a file twice"},
    };
    for (const auto& [args, needle] : cases) {
        std::string joined;
        for (const std::string& a : args) joined += a + " ";
        try {
            parse(args);
            ADD_FAILURE() << joined << ": no ConfigError";
        } catch (const sorn::ConfigError& e) {
            EXPECT_NE(std::string(e.what()).find(needle), std::string::npos)
                << joined << ": '" << e.what() << "' does not contain '" << needle << "'";
        }
    }
}
