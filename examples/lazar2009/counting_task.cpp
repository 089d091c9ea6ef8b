// The counting task of Lazar, Pipa & Triesch 2009 (Front. Comput. Neurosci. 3:23) through the
// library API (docs/API.md, docs/SCIENCE.md): the words a b^n c and d e^n f in random
// alternation, each letter driving its own pool of E units; a plastic phase, then plasticity
// and noise off, a readout training phase and a test phase. A ridge readout (ridge_readout.hpp)
// predicts the next letter from x(t); the program writes one CSV row per (condition, n, seed).
//
//   mpirun -n 2 build/bin/sorn-counting-task --network-config examples/lazar2009/lazar2009.ini
//          --n-values 4,8 --seeds 1,2 --output counting.csv
#include <mpi.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "ridge_readout.hpp"
#include "sorn/api/network.hpp"
#include "sorn/cli/command_line.hpp"
#include "sorn/driver.hpp"
#include "sorn/error.hpp"
#include "sorn/model/input.hpp"
#include "sorn/mpi.hpp"

namespace {

using namespace sorn;
namespace po = boost::program_options;

// ---- options ------------------------------------------------------------------------------

struct Options {
    std::string output, network_config;
    std::vector<std::string> set, n_values{"4,6,8,10,15,20,30"}, seeds{"1,2,3,4,5"},
        conditions{"sorn,static,no-stdp,no-ip,no-sn"}, rules{"stdp,ip,sn"};
    Index plastic_steps = 50000, train_steps = 5000, test_steps = 5000;
    double ridge = 0.01;
    bool quiet = false;
};

po::options_description option_table(Options& o) {
    using cli::flag;
    using cli::number;
    using cli::string_value;
    po::options_description desc = cli::section("Options (defaults in parentheses)");
    auto add = desc.add_options();
    add("help", "print this help and exit (also -h)");
    add("output", string_value(o.output, "FILE.csv"),
        "write one row per condition, n and seed to this CSV file (required; written as "
        "FILE.csv.partial, then renamed)");
    add("network-config", string_value(o.network_config, "FILE.ini"),
        "sorn-simulate INI file of the network (examples/lazar2009/lazar2009.ini: the "
        "paper's parameters); none: sorn-simulate's defaults");
    add("set", cli::list(o.set, ""),
        "NAME=VALUE: a sorn-simulate option of the network, overriding --network-config, "
        "repeatable (e.g. --set ne=400 --set noise-sigma=0.05); the input, seed, steps, "
        "freeze and file options are this program's");
    add("n-values", cli::list(o.n_values, o.n_values[0]),
        "the word lengths n of a b^n c / d e^n f to run, comma-separated");
    add("seeds", cli::list(o.seeds, o.seeds[0]),
        "the seeds (network, input sequence, noise), comma-separated; every condition of a "
        "seed starts from the same initial network");
    add("conditions", cli::list(o.conditions, o.conditions[0]),
        "sorn (the --rules plastic), static (every rule frozen from step 0: a random "
        "reservoir) and no-RULE (the --rules but RULE), comma-separated");
    add("rules", cli::list(o.rules, o.rules[0]),
        "the rules plastic in the sorn condition (stdp, ip, sp, istdp, sn); the others are "
        "frozen in every condition (the paper: STDP, IP and SN)");
    add("plastic-steps", number(o.plastic_steps, "INT"),
        "steps of the plastic phase, with the condition's rules and the noise");
    add("train-steps", number(o.train_steps, "INT"),
        "steps of the readout training phase (every rule frozen, no noise)");
    add("test-steps", number(o.test_steps, "INT"),
        "steps of the test phase, after the training phase (frozen, no noise)");
    add("ridge", number(o.ridge, "REAL"),
        "ridge penalty lambda of the readout's unit weights (not of its bias)");
    add("quiet", flag(o.quiet), "print nothing but errors");
    return desc;
}

std::string help_text() {
    Options defaults;
    std::ostringstream s;
    s << "Usage: sorn-counting-task --output FILE.csv [options]   (mpirun -n N ...)\n"
      << "The counting task of Lazar, Pipa & Triesch 2009: the words a b^n c and d e^n f in\n"
      << "random alternation, each letter driving its own pool of E units (--input-source\n"
      << "words, --input-mapping pool). For each condition, n and seed: a plastic phase, then\n"
      << "every rule and the noise off, a training phase whose states x(t) fit a ridge readout\n"
      << "of the next letter (plus a bias), and a test phase that measures its accuracy over\n"
      << "all letters, over the predictable ones (all but a and d) and over the end letters c\n"
      << "and f (whose timing needs counting), beside the best readout of the current letter\n"
      << "alone (markov1). Results do not depend on the number of ranks. docs/SCIENCE.md.\n"
      << "Exit code 2: bad input. Time: about 10 us per step at N_e = 200 on one rank (1 s for\n"
      << "a run of the default 60 000 steps); run.sh runs the full experiment.\n\n"
      << option_table(defaults);
    return s.str();
}

std::vector<std::string> items(const std::vector<std::string>& values, const char* option) {
    std::vector<std::string> out = cli::split_list(values);
    if (out.empty()) throw ConfigError(std::string(option) + ": needs at least one value");
    return out;
}

template <class T> std::vector<T> numbers(const std::vector<std::string>& values,
                                          const char* option, T least) {
    std::vector<T> out;
    for (const std::string& v : items(values, option)) {
        T x{};
        try {
            x = cli::parse_number<T>(v);
        } catch (const ConfigError& e) {
            throw ConfigError(cli::keyed(option, v, e.what()));
        }
        if (x < least)
            throw ConfigError(cli::keyed(option, v, "must be >= " + std::to_string(least)));
        if (std::find(out.begin(), out.end(), x) != out.end())
            throw ConfigError(cli::keyed(option, v, "is given twice"));
        out.push_back(x);
    }
    return out;
}

// The options this program sets itself: a --set of one of them would contradict it.
const char* const own_network_options[] = {
    "seed",   "nu",     "input",  "input-source", "input-words", "input-mapping", "input-dataset",
    "steps",  "phase",  "freeze", "output",       "overwrite",   "record",        "record-every",
    "record-steps", "state", "checkpoint", "checkpoint-every", "config", "quiet", "timing",
    "help"};

// ---- the task -----------------------------------------------------------------------------

struct Condition {
    std::string name;
    model::RuleFlags frozen; ///< in the plastic phase
};

struct Task {
    Options o;
    std::vector<Index> n_values;
    std::vector<std::uint64_t> seeds;
    std::vector<Condition> conditions;
    std::vector<std::pair<std::string, std::string>> network; ///< --set, in order
};

Task parse(int argc, char** argv, bool& help) {
    Task t;
    const po::options_description desc = option_table(t.o);
    const cli::Arguments args = cli::parse_arguments(argc, argv, desc);
    help = args.help;
    if (help) return t;
    cli::store(args.given, desc);
    const Options& o = t.o;
    if (o.output.empty()) throw ConfigError("--output FILE.csv is required");
    t.n_values = numbers<Index>(o.n_values, "--n-values", 1);
    t.seeds = numbers<std::uint64_t>(o.seeds, "--seeds", 0);
    if (o.plastic_steps < 0)
        throw ConfigError(cli::keyed("--plastic-steps", cli::text(o.plastic_steps), "must be >= 0"));
    if (o.train_steps < 1)
        throw ConfigError(cli::keyed("--train-steps", cli::text(o.train_steps), "must be >= 1"));
    if (o.test_steps < 1)
        throw ConfigError(cli::keyed("--test-steps", cli::text(o.test_steps), "must be >= 1"));
    if (!(o.ridge >= 0.0))
        throw ConfigError(cli::keyed("--ridge", cli::text(o.ridge), "must be >= 0"));

    model::RuleFlags plastic{false, false, false, false, false};
    for (const std::string& r : items(o.rules, "--rules")) {
        const std::optional<model::Rule> rule = cli::find_word<model::Rule>(r);
        if (!rule)
            throw ConfigError(cli::keyed("--rules", r, "unknown rule (valid: " +
                                                           cli::words<model::Rule>(", ") + ")"));
        plastic[static_cast<std::size_t>(*rule)] = true;
    }
    auto frozen_of = [](model::RuleFlags p) {
        for (bool& f : p) f = !f;
        return p;
    };
    for (const std::string& c : items(o.conditions, "--conditions")) {
        Condition cond{c, frozen_of(plastic)};
        if (c == "static") {
            cond.frozen.fill(true);
        } else if (c.rfind("no-", 0) == 0) {
            const std::optional<model::Rule> rule = cli::find_word<model::Rule>(c.substr(3));
            if (!rule || !plastic[static_cast<std::size_t>(*rule)])
                throw ConfigError(cli::keyed("--conditions", c,
                                             "no-RULE needs a rule of --rules (" +
                                                 cli::join(items(o.rules, "--rules"), ",") + ")"));
            cond.frozen[static_cast<std::size_t>(*rule)] = true;
        } else if (c != "sorn") {
            throw ConfigError(cli::keyed("--conditions", c, "must be sorn, static or no-RULE"));
        }
        for (const Condition& d : t.conditions)
            if (d.name == c) throw ConfigError(cli::keyed("--conditions", c, "is given twice"));
        t.conditions.push_back(cond);
    }
    for (const std::string& s : cli::split_list(o.set)) {
        const auto eq = s.find('=');
        std::string name = s.substr(0, eq);
        if (name.rfind("--", 0) == 0) name.erase(0, 2);
        if (eq == std::string::npos || name.empty())
            throw ConfigError(cli::keyed("--set", s, "must be NAME=VALUE"));
        for (const char* own : own_network_options)
            if (name == own)
                throw ConfigError(cli::keyed("--set", s, "'" + name +
                                                             "' is set by sorn-counting-task"));
        t.network.emplace_back(name, s.substr(eq + 1));
    }
    return t;
}

/// sorn-simulate's options of one run; `extra` are appended last.
std::vector<std::string> network_options(const Task& t, Index n, std::uint64_t seed,
                                         const std::vector<std::string>& extra = {}) {
    std::vector<std::string> v;
    if (!t.o.network_config.empty()) v.push_back("--config=" + t.o.network_config);
    for (const auto& [name, value] : t.network) {
        bool replaced = false;
        for (const std::string& e : extra) replaced = replaced || e.rfind("--" + name + "=", 0) == 0;
        if (!replaced) v.push_back("--" + name + "=" + value);
    }
    const std::string N = std::to_string(n);
    v.insert(v.end(), {"--seed=" + std::to_string(seed), "--nu=6", "--input-source=words",
                       "--input-mapping=pool", "--input-words=ab^" + N + "c,de^" + N + "f"});
    v.insert(v.end(), extra.begin(), extra.end());
    return v;
}

struct Counts {
    std::int64_t all = 0, all_ok = 0, predictable = 0, predictable_ok = 0, end = 0, end_ok = 0;
    void add(int kind, bool ok) { // kind: 0 a word's first letter, 1 middle, 2 end letter
        ++all;
        all_ok += ok;
        if (kind > 0) {
            ++predictable;
            predictable_ok += ok;
        }
        if (kind == 2) {
            ++end;
            end_ok += ok;
        }
    }
};

double ratio(std::int64_t a, std::int64_t b) { return b > 0 ? double(a) / double(b) : 0.0; }

struct Result {
    Counts readout, markov1;
    double rate = 0.0;        ///< mean E rate of the train and test phases
    std::uint64_t hash = 0;   ///< FNV-1a of the readout weights' bits
    double seconds = 0.0;
};

std::uint64_t fnv1a(const std::vector<double>& w) {
    std::uint64_t h = 1469598103934665603ull;
    for (double d : w) {
        unsigned char b[sizeof d];
        std::memcpy(b, &d, sizeof d);
        for (unsigned char c : b) h = (h ^ c) * 1099511628211ull;
    }
    return h;
}

/// One condition, n and seed. Collective.
Result run_one(MPI_Comm comm, const Task& t, const Condition& cond, Index n, std::uint64_t seed,
               const std::string& scratch) {
    const auto start = std::chrono::steady_clock::now();
    auto net = std::make_unique<api::Network>(
        comm, api::setup_from_options(comm, network_options(t, n, seed), "sorn-counting-task"));
    for (const std::string& f : {net->setup().config.run.output, net->setup().config.run.state_file,
                                 net->setup().config.run.checkpoint})
        if (!f.empty())
            throw ConfigError("--network-config " + t.o.network_config +
                              ": may not name output, state or checkpoint files");
    const model::RuleFlags all_frozen{true, true, true, true, true};

    // ---- plastic phase: the condition's rules and the noise
    net->set_frozen(cond.frozen);
    if (t.o.plastic_steps > 0) {
        io::RunParams run;
        run.steps = t.o.plastic_steps;
        run.record = {};
        run.quiet = true;
        net->run(run);
    }

    // ---- noise off: the network continues from its saved state with the noise at 0
    const model::NetworkParams& np = net->params().network;
    if (np.noise_sigma != 0.0 || np.sigma_i() != 0.0 || np.noise_fire != 0.0) {
        net->set_frozen(all_frozen);
        net->save(scratch, true);
        auto quiet = network_options(t, n, seed, {"--state=" + scratch, "--noise-sigma=0",
                                                  "--noise-sigma-i=-1", "--noise-fire=0"});
        auto next = std::make_unique<api::Network>(
            comm, api::setup_from_options(comm, quiet, "sorn-counting-task"));
        net = std::move(next);
        SORN_MPI_CALL(MPI_Barrier(comm)); // every rank has read it
        if (mpi::rank(comm) == 0) std::filesystem::remove(scratch);
    }
    net->set_frozen(all_frozen);

    // ---- training and test phases: x(t+1) saw letter(t) and predicts letter(t+1)
    const model::WordSource source = model::parse_word_source(net->params().input);
    model::WordSequence letters(source, net->params().seed);
    std::vector<int> kind(source.letters.size(), 1);
    for (const auto& w : source.words) {
        kind[static_cast<std::size_t>(w.back())] = 2;
        kind[static_cast<std::size_t>(w.front())] = 0;
    }
    const Index N = net->params().network.N_e, K = static_cast<Index>(source.letters.size());
    const int rank = mpi::rank(comm), size = mpi::size(comm);
    lazar2009::RidgeReadout readout(N, K, net->state().layout.e.local(), rank == size - 1);
    std::vector<std::int64_t> transitions(static_cast<std::size_t>(K * K), 0); // markov1
    std::vector<std::vector<Index>> test_states;
    std::vector<std::pair<Index, Index>> test_letters; // (current, next)
    double spikes = 0.0;
    for (Index k = 0; k < t.o.train_steps + t.o.test_steps; ++k) {
        const Index s = net->step_count();
        net->step();
        const Index now = letters.at(s), next = letters.at(s + 1);
        spikes += static_cast<double>(net->state().x.count());
        if (k < t.o.train_steps) {
            readout.add(net->state().x.active(), next);
            ++transitions[static_cast<std::size_t>(now * K + next)];
        } else {
            test_states.push_back(net->state().x.active());
            test_letters.emplace_back(now, next);
        }
    }
    const lazar2009::ReadoutWeights w = readout.solve(comm, t.o.ridge);

    Result r;
    std::vector<Index> markov1(static_cast<std::size_t>(K), 0); // the most frequent successor
    for (Index a = 0; a < K; ++a)
        for (Index b = 1; b < K; ++b)
            if (transitions[a * K + b] > transitions[a * K + markov1[a]]) markov1[a] = b;
    for (std::size_t i = 0; i < test_states.size(); ++i) {
        const auto [now, next] = test_letters[i];
        const int k = kind[static_cast<std::size_t>(next)];
        r.readout.add(k, w.predict(test_states[i]) == next);
        r.markov1.add(k, markov1[now] == next);
    }
    r.rate = spikes / (double(t.o.train_steps + t.o.test_steps) * double(N));
    r.hash = fnv1a(w.w);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
}

int run(MPI_Comm comm, int argc, char** argv) {
    bool help = false;
    const Task t = parse(argc, argv, help);
    const int rank = mpi::rank(comm);
    if (help) {
        if (rank == 0) std::fputs(help_text().c_str(), stdout);
        return 0;
    }
    const std::string partial = t.o.output + ".partial", scratch = t.o.output + ".state.h5";
    // Everything is checked before the first step: the network options (by sorn-simulate's
    // table, with the first run's n and seed) and the directory of --output.
    (void)api::setup_from_options(comm, network_options(t, t.n_values[0], t.seeds[0]),
                                  "sorn-counting-task");
    const std::filesystem::path dir =
        std::filesystem::absolute(t.o.output).parent_path();
    if (!std::filesystem::is_directory(dir))
        throw ConfigError("--output " + t.o.output + ": no directory " + dir.string());
    if (std::filesystem::is_directory(t.o.output))
        throw ConfigError("--output " + t.o.output + ": is a directory");
    std::ostringstream csv;
    csv << "condition,n,seed,acc_all,acc_predictable,acc_end,markov1_all,markov1_predictable,"
           "markov1_end,test_all,test_predictable,test_end,rate,weights_fnv1a\n";
    for (const Condition& cond : t.conditions)
        for (Index n : t.n_values)
            for (std::uint64_t seed : t.seeds) {
                const Result r = run_one(comm, t, cond, n, seed, scratch);
                const Counts &a = r.readout, &m = r.markov1;
                std::ostringstream row;
                row << std::fixed << std::setprecision(6) << cond.name << ',' << n << ',' << seed
                    << ',' << ratio(a.all_ok, a.all) << ',' << ratio(a.predictable_ok, a.predictable)
                    << ',' << ratio(a.end_ok, a.end) << ',' << ratio(m.all_ok, m.all) << ','
                    << ratio(m.predictable_ok, m.predictable) << ',' << ratio(m.end_ok, m.end)
                    << ',' << a.all << ',' << a.predictable << ',' << a.end << ',' << r.rate << ','
                    << std::hex << std::setw(16) << std::setfill('0') << r.hash << '\n';
                csv << row.str();
                if (rank == 0 && !t.o.quiet)
                    std::printf("%-8s n=%-3d seed=%-3llu all %.3f predictable %.3f end %.3f "
                                "(markov1 %.3f %.3f %.3f) rate %.3f  %.1f s\n",
                                cond.name.c_str(), static_cast<int>(n),
                                static_cast<unsigned long long>(seed), ratio(a.all_ok, a.all),
                                ratio(a.predictable_ok, a.predictable), ratio(a.end_ok, a.end),
                                ratio(m.all_ok, m.all), ratio(m.predictable_ok, m.predictable),
                                ratio(m.end_ok, m.end), r.rate, r.seconds);
                std::fflush(stdout);
            }
    bool ok = true;
    if (rank == 0) {
        std::ofstream out(partial, std::ios::trunc);
        out << csv.str();
        out.close();
        ok = static_cast<bool>(out);
        if (ok) std::filesystem::rename(partial, t.o.output);
    }
    SORN_MPI_CALL(MPI_Bcast(&ok, 1, MPI_CXX_BOOL, 0, comm));
    if (!ok) throw ConfigError("--output " + t.o.output + ": writing " + partial + " failed");
    return 0;
}

} // namespace

int main(int argc, char** argv) { return sorn::run_driver("sorn-counting-task", argc, argv, run); }
