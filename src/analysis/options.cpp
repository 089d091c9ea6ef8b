#include "sorn/analysis/options.hpp"

#include <algorithm>
#include <sstream>

#include "sorn/cli/command_line.hpp"
#include "sorn/error.hpp"

namespace sorn::cli {
template <> struct Words<analysis::WeightsSource> {
    static constexpr Choice<analysis::WeightsSource> list[] = {
        {"auto", analysis::WeightsSource::Auto},
        {"state", analysis::WeightsSource::State},
        {"snapshot", analysis::WeightsSource::Snapshot}};
};
template <> struct Words<analysis::AvalancheSize> {
    static constexpr Choice<analysis::AvalancheSize> list[] = {
        {"above", analysis::AvalancheSize::AboveThreshold},
        {"total", analysis::AvalancheSize::Total}};
};
} // namespace sorn::cli

namespace sorn::analysis {

namespace po = boost::program_options;
using cli::lower;

namespace {

struct Names {
    Statistic stat;
    const char* name;
};
constexpr Names statistic_names[] = {
    {Statistic::Rates, "rates"},           {Statistic::Fano, "fano"},
    {Statistic::Autocorr, "autocorr"},     {Statistic::Isi, "isi"},
    {Statistic::Entropy, "entropy"},       {Statistic::Correlation, "correlation"},
    {Statistic::Smoothness, "smoothness"}, {Statistic::Avalanches, "avalanches"},
    {Statistic::Hamming, "hamming"},       {Statistic::Connections, "connections"},
    {Statistic::Degrees, "degrees"},       {Statistic::Weights, "weights"},
    {Statistic::Thresholds, "thresholds"}, {Statistic::WeightSnapshots, "weight_snapshots"},
    {Statistic::Turnover, "turnover"},
};

std::vector<std::string> split_commas(const std::string& s) {
    std::vector<std::string> parts;
    std::string part;
    std::istringstream in(s);
    while (std::getline(in, part, ',')) {
        part.erase(0, part.find_first_not_of(" \t"));
        part.erase(part.find_last_not_of(" \t") + 1);
        if (!part.empty()) parts.push_back(part);
    }
    return parts;
}

// A whole-string integer (cli::parse_number), or ConfigError "option = text: rule".
template <class T> T integer(const char* option, const std::string& text) {
    try {
        return cli::parse_number<T>(text);
    } catch (const ConfigError& e) {
        throw ConfigError(cli::keyed(option, text, e.what()));
    }
}

Population parse_population(const std::string& text) {
    const std::string s = lower(text);
    if (s == "e" || s == "excitatory") return Population::E;
    if (s == "i" || s == "inhibitory") return Population::I;
    if (s == "r" || s == "recurrent") return Population::R;
    require(false, "--population", text, "must be E, I or R");
    return Population::E;
}

std::vector<Statistic> parse_stats(const std::string& text) {
    std::vector<Statistic> stats;
    for (const std::string& word : split_commas(lower(text))) {
        if (word == "all") return {};
        const auto it = std::find_if(std::begin(statistic_names), std::end(statistic_names),
                                     [&](const Names& n) { return word == n.name; });
        require(it != std::end(statistic_names), "--stats", word,
                "unknown statistic (see --help for the list)");
        if (std::find(stats.begin(), stats.end(), it->stat) == stats.end())
            stats.push_back(it->stat);
    }
    require(!stats.empty(), "--stats", text, "must name at least one statistic");
    return stats;
}

// "50": the first 50 units; "3,17,42": these units.
void parse_subset(const std::string& text, AnalysisOptions& o) {
    if (text.find(',') == std::string::npos) {
        o.corr_subset_first = integer<Index>("--corr-subset", text);
        o.corr_subset_units.clear();
        return;
    }
    for (const std::string& part : split_commas(text))
        o.corr_subset_units.push_back(integer<Index>("--corr-subset", part));
}

// --avalanche-threshold: auto|round, floor, floor+1, P% or a count.
void parse_threshold(const std::string& text, AnalysisOptions& o) {
    const std::string s = lower(text);
    const char* rule = "must be auto, round, floor, floor+1, a percentile P% (0 <= P <= 100) or "
                       "an integer >= 0";
    o.avalanche_threshold.reset();
    if (s == "auto" || s == "round") {
        o.avalanche_rule = ThresholdRule::Round;
    } else if (s == "floor") {
        o.avalanche_rule = ThresholdRule::Floor;
    } else if (s == "floor+1") {
        o.avalanche_rule = ThresholdRule::FloorPlusOne;
    } else if (!s.empty() && s.back() == '%') {
        double p = -1.0;
        try {
            p = cli::parse_number<double>(s.substr(0, s.size() - 1));
        } catch (const ConfigError&) {
        }
        require(p >= 0.0 && p <= 100.0, "--avalanche-threshold", text, rule);
        o.avalanche_rule = ThresholdRule::Percentile;
        o.avalanche_percentile = p;
    } else {
        try {
            o.avalanche_threshold = cli::parse_number<std::int64_t>(s);
        } catch (const ConfigError&) {
            require(false, "--avalanche-threshold", text, rule);
        }
    }
}

// Values parsed after Boost, since they are not one type: E|I|R and its long names, a
// statistic list, a count or a unit list, auto or a count.
struct TextOptions {
    std::string population = "E", stats = "all",
                subset = std::to_string(AnalysisOptions{}.corr_subset_first), threshold = "auto",
                pool;
    bool no_spike_times = false;
};

po::options_description option_table(AnalysisOptions& o, TextOptions& t) {
    using cli::flag;
    using cli::number;
    using cli::string_value;
    po::options_description desc = cli::section("Options (defaults in parentheses)");
    auto add = desc.add_options();
    add("help", "print this help and exit (also -h)");
    add("input", string_value(o.input, "RESULT.h5"),
        "result file of sorn-simulate (also the first positional argument)");
    add("output", string_value(o.output, "FILE.h5"),
        "write every result with its parameters to this HDF5 analysis file (none)");
    add("overwrite", flag(o.overwrite), "replace an existing --output file");
    add("json", flag(o.json),
        "print the scalar results as JSON on stdout (the summary table is then not printed)");
    add("json-file", string_value(o.json_file, "FILE"),
        "write the scalar results as JSON to FILE instead");
    add("population", string_value(t.population, "E|I|R"),
        "units analysed: E (ExcitatoryActivation), I (InhibitoryActivation) or R "
        "(RecurrentActivation)");
    add("from", number(o.from, "STEP"),
        "first step of the window, absolute and inclusive (first recorded step)");
    add("to", number(o.to, "STEP"), "last step of the window, inclusive (last recorded step)");
    add("stats", string_value(t.stats, "LIST"),
        "comma list of statistics: rates,fano,autocorr,isi,entropy,correlation,smoothness,"
        "avalanches,hamming,connections,degrees,weights,thresholds,weight_snapshots,turnover; "
        "'all' computes what the file allows "
        "and lists the rest as skipped, a named statistic the file cannot give is an error");
    add("bin-size", number(o.bin_size, "STEPS"),
        "bin of the per-unit spikes-per-bin and of the binned network rate [steps]");
    add("histogram-bins", number(o.histogram_bins, "N"),
        "number of bins of the rate, Fano-factor and weight histograms");
    add("fano-window", number(o.fano_window, "STEPS"),
        "window of the spike counts whose variance/mean is the Fano factor [steps]");
    add("autocorr-lags", number(o.autocorr_lags, "L"),
        "autocorrelation of the network activity at lags 1..L [steps]");
    add("corr-exact-max", number(o.corr_exact_max, "N"),
        "mean pairwise correlation over all pairs up to N units, over sampled pairs beyond");
    add("corr-pairs", number(o.corr_pairs, "P"),
        "number of pairs sampled (uniformly, with replacement) above --corr-exact-max units");
    add("corr-seed", number(o.corr_seed, "S"), "seed of the pair sampling");
    add("corr-subset", string_value(t.subset, "N|LIST"),
        "units of the correlation matrix: the first N units, or a comma list of units");
    add("compare", string_value(o.compare, "OTHER.h5"),
        "Hamming distance per step between the population's spikes here and in OTHER.h5 "
        "(perturbation experiments; implies --stats hamming)");
    add("avalanche-threshold", string_value(t.threshold, "RULE|K"),
        "activity threshold θ of the avalanches [active units], from the mean activity <a> "
        "(per bin, over every pooled run): auto or round: round(<a>/2); floor: floor(<a>/2) "
        "(Del Papa et al. 2017, Figs 2-5); floor+1: floor(<a>/2) + 1 (Figs 6-7); P%: the "
        "P-th percentile of the activity; K: this value");
    add("avalanche-size", cli::choice(o.avalanche_size),
        "avalanche size: the spikes above θ, sum of a(t) - θ (above), or all its spikes, "
        "sum of a(t) (total)");
    add("avalanche-bin", number(o.avalanche_bin, "STEPS"),
        "avalanches of the activity summed over bins of this many steps (durations in bins)");
    add("powerlaw-min-tail", number(o.powerlaw_min_tail, "N"),
        "power-law fits: xmin candidates leave at least this many samples in the tail");
    add("powerlaw-xmin", number(o.powerlaw_xmin, "N"),
        "power-law fits: fixed xmin (0: the xmin minimizing the KS distance)");
    add("size-xmin", number(o.size_xmin, "N"),
        "fit of the avalanche sizes: fixed xmin (0: as --powerlaw-xmin)");
    add("size-xmax", number(o.size_xmax, "N"),
        "fit of the avalanche sizes: largest size fitted (0: none); Del Papa et al.: "
        "--size-xmin 10 --size-xmax 1500");
    add("duration-xmin", number(o.duration_xmin, "N"),
        "fit of the avalanche durations: fixed xmin (0: as --powerlaw-xmin)");
    add("duration-xmax", number(o.duration_xmax, "N"),
        "fit of the avalanche durations: largest duration fitted (0: none); Del Papa et al.: "
        "--duration-xmin 6 --duration-xmax 60");
    add("bootstrap", number(o.bootstrap, "N"),
        "power-law fits: goodness-of-fit p-value from N synthetic data sets (Clauset et al. "
        "2009; 0: none; 1000 gives p to about +-0.015)");
    add("bootstrap-seed", number(o.bootstrap_seed, "S"), "seed of the bootstrap's data sets");
    add("pool", string_value(t.pool, "A.h5,B.h5"),
        "further result files (e.g. other seeds) whose avalanches are pooled with RESULT.h5's "
        "under one threshold; same population, window and rules for each");
    add("weights-source", cli::choice(o.weights_source),
        "E->E weights and degrees from /state/W_ee (state), the last /recordings/WEE snapshot "
        "(snapshot), or the first of the two that exists (auto)");
    add("no-spike-times", flag(t.no_spike_times),
        "do not write the spike times (16 bytes per spike) to the analysis file");
    add("chunk-steps", number(o.chunk_steps, "STEPS"),
        "steps read per chunk, rounded up to a multiple of 64 (0: automatic, about 32 MiB of "
        "buffers per rank); only memory and speed depend on it, never the results");
    add("quiet", flag(o.quiet), "print nothing but errors (and --json)");
    return desc;
}

} // namespace

const char* spike_dataset_path(Population p) {
    switch (p) {
    case Population::E: return "/recordings/ExcitatoryActivation";
    case Population::I: return "/recordings/InhibitoryActivation";
    case Population::R: return "/recordings/RecurrentActivation";
    }
    return "";
}

const char* population_name(Population p) {
    switch (p) {
    case Population::E: return "E";
    case Population::I: return "I";
    case Population::R: return "R";
    }
    return "";
}

const char* statistic_name(Statistic s) {
    for (const Names& n : statistic_names)
        if (n.stat == s) return n.name;
    return "";
}

const std::vector<Statistic>& all_statistics() {
    static const std::vector<Statistic> all = [] {
        std::vector<Statistic> v;
        for (const Names& n : statistic_names) v.push_back(n.stat);
        return v;
    }();
    return all;
}

bool needs_spikes(Statistic s) {
    return s != Statistic::Connections && s != Statistic::Degrees && s != Statistic::Weights &&
           s != Statistic::Thresholds && s != Statistic::WeightSnapshots &&
           s != Statistic::Turnover;
}

bool AnalysisOptions::explicitly_requested(Statistic s) const {
    if (s == Statistic::Hamming && !compare.empty()) return true;
    return std::find(stats.begin(), stats.end(), s) != stats.end();
}

bool AnalysisOptions::wanted(Statistic s) const {
    if (s == Statistic::Hamming) return !compare.empty() || explicitly_requested(s);
    return stats.empty() || explicitly_requested(s);
}

void AnalysisOptions::validate() const {
    require(!input.empty(), "RESULT.h5", "(none)", "give the result file to analyse");
    require(!(json && !json_file.empty()), "--json-file", json_file,
            "give either --json (stdout) or --json-file, not both");
    if (from && to) require(*from <= *to, "--from", *from, "must not exceed --to");
    require(bin_size >= 1, "--bin-size", bin_size, "must be >= 1");
    require(histogram_bins >= 1, "--histogram-bins", histogram_bins, "must be >= 1");
    require(fano_window >= 1, "--fano-window", fano_window, "must be >= 1");
    require(autocorr_lags >= 1, "--autocorr-lags", autocorr_lags, "must be >= 1");
    require(corr_exact_max >= 2, "--corr-exact-max", corr_exact_max, "must be >= 2");
    require(corr_exact_max <= 20000, "--corr-exact-max", corr_exact_max,
            "must be <= 20000 (all pairs are counted in memory: 8 bytes per pair per rank)");
    require(corr_pairs >= 1 && corr_pairs <= 50000000, "--corr-pairs", corr_pairs,
            "must lie in [1, 5e7]");
    require(corr_subset_first >= 0 && corr_subset_first <= 5000, "--corr-subset", corr_subset_first,
            "must lie in [0, 5000]");
    require(corr_subset_units.size() <= 5000, "--corr-subset", corr_subset_units.size(),
            "lists more than 5000 units");
    for (std::size_t k = 0; k < corr_subset_units.size(); ++k) {
        require(corr_subset_units[k] >= 0, "--corr-subset", corr_subset_units[k],
                "unit indices must be >= 0");
        for (std::size_t j = 0; j < k; ++j)
            require(corr_subset_units[j] != corr_subset_units[k], "--corr-subset",
                    corr_subset_units[k], "lists a unit twice");
    }
    if (avalanche_threshold)
        require(*avalanche_threshold >= 0, "--avalanche-threshold", *avalanche_threshold,
                "must be >= 0 or auto");
    require(avalanche_bin >= 1, "--avalanche-bin", avalanche_bin, "must be >= 1");
    require(size_xmin >= 0, "--size-xmin", size_xmin, "must be >= 0");
    require(duration_xmin >= 0, "--duration-xmin", duration_xmin, "must be >= 0");
    require(size_xmax >= 0, "--size-xmax", size_xmax, "must be >= 0");
    require(duration_xmax >= 0, "--duration-xmax", duration_xmax, "must be >= 0");
    const std::int64_t sx = size_xmin ? size_xmin : powerlaw_xmin;
    const std::int64_t dx = duration_xmin ? duration_xmin : powerlaw_xmin;
    require(size_xmax == 0 || sx <= size_xmax, "--size-xmax", size_xmax,
            "must be >= the xmin of the sizes");
    require(duration_xmax == 0 || dx <= duration_xmax, "--duration-xmax", duration_xmax,
            "must be >= the xmin of the durations");
    require(bootstrap >= 0 && bootstrap <= 100000, "--bootstrap", bootstrap,
            "must lie in [0, 100000]");
    for (const std::string& p : pool) {
        require(p != input, "--pool", p, "must differ from RESULT.h5");
        require(p != output && p != json_file, "--pool", p,
                "must differ from --output and --json-file");
        require(std::count(pool.begin(), pool.end(), p) == 1, "--pool", p, "lists a file twice");
    }
    require(chunk_steps >= 0 && chunk_steps <= (1 << 24), "--chunk-steps", chunk_steps,
            "must lie in [0, 16777216]");
    require(powerlaw_min_tail >= 2, "--powerlaw-min-tail", powerlaw_min_tail, "must be >= 2");
    require(powerlaw_xmin >= 0, "--powerlaw-xmin", powerlaw_xmin, "must be >= 0");
    require(explicitly_requested(Statistic::Hamming) == !compare.empty(), "--stats", "hamming",
            "needs --compare OTHER.h5");
    for (const std::string& other : {output, json_file, compare})
        require(other.empty() || other != input, "RESULT.h5", input,
                "must differ from --output, --json-file and --compare");
    require(output.empty() || output != json_file, "--json-file", json_file,
            "must differ from --output");
}

AnalysisCommandLine parse_analysis_command_line(int argc, const char* const argv[]) {
    AnalysisCommandLine cl;
    AnalysisOptions& o = cl.options;
    TextOptions t;
    const po::options_description desc = option_table(o, t);
    const cli::Arguments args = cli::parse_arguments(argc, argv, desc, "input");
    if (args.help) {
        cl.help = true;
        return cl;
    }
    cli::store(args.given, desc);
    o.population = parse_population(t.population);
    o.stats = parse_stats(t.stats);
    parse_subset(t.subset, o);
    parse_threshold(t.threshold, o);
    o.pool = split_commas(t.pool);
    o.spike_times = !t.no_spike_times;
    o.validate();
    return cl;
}

std::string analysis_help_text() {
    AnalysisOptions defaults;
    TextOptions text;
    std::ostringstream s;
    s << "Usage: sorn-analyze RESULT.h5 [options]   (mpirun -n N sorn-analyze ...)\n"
      << "Statistics of a sorn-simulate result file over a window of steps: firing rates, Fano\n"
      << "factors, autocorrelation, ISIs, spike source entropy, pairwise correlations,\n"
      << "smoothness, Hamming distance, connection counts, degrees, weights, avalanches,\n"
      << "thresholds and weights over the snapshots.\n"
      << "Results do not depend on the number of ranks. Definitions: docs/ANALYSIS.md.\n"
      << "Single-dash options (-log_view, ...) are left to PETSc. Exit code 2: bad input.\n\n"
      << option_table(defaults, text);
    return s.str();
}

} // namespace sorn::analysis
