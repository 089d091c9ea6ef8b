// Command line of sorn-analyze (analysis/options.hpp): defaults, parsing, and the
// ConfigError (exit code 2) of every kind of bad option.
#include "sorn/analysis/options.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

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
