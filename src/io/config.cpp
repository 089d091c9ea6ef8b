#include "sorn/io/config.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <type_traits>
#include <variant>

#include <boost/program_options.hpp>

#include "sorn/error.hpp"

namespace po = boost::program_options;

namespace sorn::io {

// ---- recordings ---------------------------------------------------------------------------

const char* recording_name(Recording r) {
    switch (r) {
    case Recording::ExcitatoryActivation: return "ExcitatoryActivation";
    case Recording::InhibitoryActivation: return "InhibitoryActivation";
    case Recording::RecurrentActivation: return "RecurrentActivation";
    case Recording::WEE: return "WEE";
    case Recording::WEI: return "WEI";
    case Recording::TE: return "TE";
    case Recording::TI: return "TI";
    case Recording::EEConnectionCounts: return "EEConnectionCounts";
    case Recording::EIConnectionCounts: return "EIConnectionCounts";
    }
    throw InternalError("recording_name: unknown Recording");
}

const std::vector<Recording>& all_recordings() {
    static const std::vector<Recording> all = {Recording::ExcitatoryActivation,
                                               Recording::InhibitoryActivation,
                                               Recording::RecurrentActivation,
                                               Recording::WEE,
                                               Recording::WEI,
                                               Recording::TE,
                                               Recording::TI,
                                               Recording::EEConnectionCounts,
                                               Recording::EIConnectionCounts};
    return all;
}

bool RunParams::records(Recording r) const {
    return std::find(record.begin(), record.end(), r) != record.end();
}

void Config::validate() const {
    model.validate();
    require(run.steps >= 0, "steps", run.steps, "must be >= 0");
    require(run.record_every >= 1, "record-every", run.record_every, "must be >= 1");
    require(std::isfinite(run.max_memory_gib) && run.max_memory_gib >= 0.0, "max-memory",
            run.max_memory_gib, "must be >= 0 [GiB] (0: the memory available)");
    require(run.checkpoint_every >= 0, "checkpoint-every", run.checkpoint_every,
            "must be >= 0 (0: only at the end)");
    if (run.checkpoint_every > 0)
        require(!run.checkpoint.empty(), "checkpoint-every", run.checkpoint_every,
                "needs --checkpoint FILE");
    if (model.input.source == model::InputSource::File)
        require(!model.input.file.empty(), "input", "\"\"", "must name an HDF5 file");
}

namespace {

// ---- small string helpers -----------------------------------------------------------------

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string trim(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return "";
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

std::string join(const std::vector<std::string>& parts, const char* sep) {
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : sep) + p;
    return out;
}

// "--record A,B --record C" and "record = A, B" both give the list {A, B, C}.
std::vector<std::string> split_list(const std::vector<std::string>& values) {
    std::vector<std::string> items;
    for (const std::string& v : values) {
        std::istringstream s(v);
        for (std::string item; std::getline(s, item, ',');) items.push_back(trim(item));
    }
    return items;
}

template <class T> std::string text(const T& v) {
    std::ostringstream s;
    s << v;
    return s.str();
}

// ---- enum options: lowercase words, matched case-insensitively ("Sparse" is the package's) --

template <class E> struct Choice {
    const char* word;
    E value;
};
template <class E> struct Words; // the words an enum option accepts, in --help order

template <> struct Words<model::ConnectionType> {
    static constexpr Choice<model::ConnectionType> list[] = {
        {"sparse", model::ConnectionType::Sparse}, {"dense", model::ConnectionType::Dense}};
};
template <> struct Words<model::EeDegree> {
    static constexpr Choice<model::EeDegree> list[] = {{"bernoulli", model::EeDegree::Bernoulli},
                                                       {"package", model::EeDegree::Package}};
};
template <> struct Words<model::InitialActivity> {
    static constexpr Choice<model::InitialActivity> list[] = {
        {"zero", model::InitialActivity::Zero}, {"random", model::InitialActivity::Random}};
};
// File has no word: --input FILE selects it.
template <> struct Words<model::InputSource> {
    static constexpr Choice<model::InputSource> list[] = {{"none", model::InputSource::None},
                                                          {"random", model::InputSource::Random},
                                                          {"file", model::InputSource::File}};
};
template <> struct Words<model::InputMapping> {
    static constexpr Choice<model::InputMapping> list[] = {
        {"feature", model::InputMapping::Feature}, {"pool", model::InputMapping::Pool}};
};
template <> struct Words<Phase> {
    static constexpr Choice<Phase> list[] = {{"plasticity", Phase::Plasticity},
                                             {"training", Phase::Training}};
};
// The --freeze names; "sn" (synaptic normalization) is an alias of "ss" (synaptic scaling).
template <> struct Words<model::Rule> {
    static constexpr Choice<model::Rule> list[] = {
        {"stdp", model::Rule::Stdp},   {"ip", model::Rule::Ip}, {"sp", model::Rule::Sp},
        {"istdp", model::Rule::Istdp}, {"ss", model::Rule::Sn}, {"sn", model::Rule::Sn}};
};

template <class E> std::string words(const char* sep) {
    std::vector<std::string> all;
    for (const auto& c : Words<E>::list) all.emplace_back(c.word);
    return join(all, sep);
}

template <class E> const char* word(E value) {
    for (const auto& c : Words<E>::list)
        if (c.value == value) return c.word;
    throw InternalError("config: an enum default has no option word");
}

template <class E> std::optional<E> find_word(const std::string& w) {
    for (const auto& c : Words<E>::list)
        if (lower(w) == c.word) return c.value;
    return std::nullopt;
}

// Numbers are parsed strictly, the whole text and in range: lexical_cast would wrap "-1" into
// an unsigned seed and take "1e-400" as 0 while refusing "1e999".
template <class T> struct Number {
    T value;
};

template <class T> std::string range_rule() {
    if constexpr (std::is_floating_point_v<T>)
        return "out of the range of a double (magnitude about 2.2e-308 to 1.8e308, or 0)";
    else
        return "must be an integer in [" + std::to_string(std::numeric_limits<T>::min()) + ", " +
               std::to_string(std::numeric_limits<T>::max()) + "]";
}

template <class T>
void validate(boost::any& v, const std::vector<std::string>& tokens, Number<T>*, int) {
    std::string s = po::validators::get_single_string(tokens);
    if (s.size() > 1 && s[0] == '+' && s[1] != '-') s.erase(0, 1); // from_chars takes no '+'
    T x{};
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
    if (ec == std::errc::result_out_of_range) throw ConfigError(range_rule<T>());
    if (ec != std::errc() || end != s.data() + s.size()) throw po::invalid_option_value(s);
    v = Number<T>{x};
}

// A value echoed in a message: a 10 MB typo is shown by its start and its length.
std::string shown(const std::string& value) {
    constexpr std::size_t most = 60;
    if (value.size() <= most) return value;
    return value.substr(0, most) + "... (" + std::to_string(value.size()) + " characters)";
}

} // namespace

// Boost.PO converts option values through an unqualified validate(), found by argument-dependent
// lookup: it must live in the enum's own namespace (sorn::io for Phase, sorn::model below).
template <class E, class = decltype(Words<E>::list)>
void validate(boost::any& v, const std::vector<std::string>& tokens, E*, int) {
    const std::optional<E> e = find_word<E>(po::validators::get_single_string(tokens));
    if (!e) throw ConfigError("must be one of " + words<E>(", "));
    v = *e;
}

} // namespace sorn::io

namespace sorn::model {
using io::validate;
} // namespace sorn::model

namespace sorn::io {
namespace {

// ---- the options table: every option, once ------------------------------------------------

// --help: 100 columns, of which at least 54 for the meaning.
constexpr unsigned help_width = 100, help_meaning_width = 54;

po::options_description section(const char* caption) {
    return po::options_description(caption, help_width, help_meaning_width);
}

// --record and --freeze: lists of names, resolved after parsing.
struct Lists {
    std::vector<std::string> record, freeze;
    std::string record_steps = "0:";
};

// A value bound to `field`; its in-class initializer is the default shown in --help.
po::typed_value<std::string>* value(std::string& field, const char* name) {
    return po::value<std::string>(&field)->default_value(field, field)->value_name(name);
}

// A number bound to `field`, parsed strictly (Number).
template <class T, std::enable_if_t<std::is_arithmetic_v<T> && !std::is_same_v<T, bool>, int> = 0>
po::typed_value<Number<T>>* value(T& field, const char* name) {
    return po::value<Number<T>>()
        ->default_value(Number<T>{field}, text(field))
        ->value_name(name)
        ->notifier([&field](const Number<T>& n) { field = n.value; });
}

template <class E> po::typed_value<E>* choice(E& field) {
    return po::value<E>(&field)->default_value(field, word(field))->value_name(words<E>("|"));
}

// "--quiet" sets the flag; "--quiet=false" (to override an INI file) and INI values
// true/false/1/0/yes/no/on/off are accepted too.
po::typed_value<bool>* flag(bool& field) {
    return po::value<bool>(&field)
        ->default_value(field, field ? "true" : "false")
        ->implicit_value(true, "true")
        ->value_name("BOOL");
}

// composing() marks an option that may be repeated: its values are joined.
po::typed_value<std::vector<std::string>>* list(std::vector<std::string>& field,
                                                const std::string& default_text) {
    return po::value(&field)->default_value(field, default_text)->composing()->value_name("LIST");
}

std::vector<std::string> recording_names(const std::vector<Recording>& rs) {
    std::vector<std::string> names;
    for (Recording r : rs) names.emplace_back(recording_name(r));
    return names;
}

po::options_description run_options(RunParams& r, Lists& l) {
    l.record = recording_names(r.record);
    po::options_description d = section("Run");
    // clang-format off
    d.add_options()
        ("help", "show this help and exit (also -h)")
        ("config", value(r.config_file, "FILE"),
         "read options from this INI file first; the command line overrides it")
        ("steps", value(r.steps, "INT"), "number of time steps to simulate [steps]")
        ("phase", choice(r.phase),
         "plasticity: unfrozen rules learn; training: all plasticity off (freezes every rule)")
        ("output", value(r.output, "FILE.h5"), "HDF5 output file (none: nothing is written)")
        ("overwrite", flag(r.overwrite), "replace an existing --output file")
        ("record", list(l.record, join(l.record, ",")),
         ("comma-separated recordings, repeatable, or 'all' / 'none': " +
          join(recording_names(all_recordings()), ", ") +
          ". Without --output the default list is dropped and an explicit one is an error")
             .c_str())
        ("record-every", value(r.record_every, "INT"),
         "interval of the WEE, WEI, TE and TI snapshots [steps]; snapshots are taken at the "
         "steps that are multiples of it")
        ("record-steps", value(l.record_steps, "A:B"),
         "record only the states of steps t with A <= t < B (t counts steps since the network "
         "was built; 'A:' = no end)")
        ("quiet", flag(r.quiet), "print nothing but errors")
        ("state", value(r.state_file, "FILE.h5"),
         "continue the network saved in this file (a checkpoint or an --output file); its "
         "parameters apply, learning rates etc. may be changed, ne/nu may not")
        ("checkpoint", value(r.checkpoint, "FILE.h5"),
         "write the full state to this file every --checkpoint-every steps and at the end "
         "(written to FILE.h5.partial, then renamed)")
        ("checkpoint-every", value(r.checkpoint_every, "INT"),
         "checkpoint at the steps that are multiples of this [steps]; 0: only at the end")
        ("max-memory", value(r.max_memory_gib, "GIB"),
         "refuse a network whose estimated peak memory per rank exceeds this [GiB]; 0: the "
         "memory available (MemAvailable / ranks on the node)");
    // clang-format on
    return d;
}

po::options_description network_options(model::ModelParams& m) {
    model::NetworkParams& n = m.network;
    po::options_description d = section("Network");
    // clang-format off
    d.add_options()
        ("seed", value(m.seed, "UINT"), "seed of every random stream")
        ("ne", value(n.N_e, "INT"), "excitatory units N_e")
        ("inhibitory-ratio", value(n.inhibitory_ratio, "REAL"), "N_i = floor(ratio * N_e)")
        ("nu", value(n.N_u, "INT"), "input units N_u")
        ("network-type-ee", choice(n.type_ee),
         "E->E connectivity: sparse = Bernoulli(lambda / N), dense = all-to-all")
        ("network-type-ei", choice(n.type_ei), "I->E connectivity")
        ("network-type-ie", choice(n.type_ie), "E->I connectivity")
        ("lambda-ee", value(n.lambda_ee, "REAL"), "mean out-degree E->E [synapses per neuron]")
        ("lambda-ei", value(n.lambda_ei, "REAL"), "mean out-degree I->E [synapses per neuron]")
        ("lambda-ie", value(n.lambda_ie, "REAL"), "mean out-degree E->I [synapses per neuron]")
        ("ee-degree", choice(n.ee_degree),
         "sparse W_ee in-degrees: bernoulli, or package = floor(Normal(lambda-ee, 1))")
        ("w-init-max", value(n.w_init_max, "REAL"), "initial weights ~ U(0, w-init-max]")
        ("te-min", value(n.te_min, "REAL"), "initial thresholds T_e ~ U(te-min, te-max)")
        ("te-max", value(n.te_max, "REAL"), "upper bound of the initial T_e")
        ("ti-min", value(n.ti_min, "REAL"), "initial thresholds T_i ~ U(ti-min, ti-max)")
        ("ti-max", value(n.ti_max, "REAL"), "upper bound of the initial T_i")
        ("initial-activity", choice(n.initial_activity),
         "x(0), y(0): zero (package) or random = Bernoulli(mu-ip) (papers)")
        ("noise-sigma", value(n.noise_sigma, "REAL"),
         "std. dev. of the Gaussian noise per unit and step (0: no noise)")
        ("fast-inhibition", flag(n.fast_inhibition), "R_i uses x(t+1) instead of x(t)");
    // clang-format on
    return d;
}

po::options_description input_options(model::InputParams& in) {
    po::options_description d = section("Input");
    // clang-format off
    d.add_options()
        ("input", value(in.file, "FILE.h5"), "read u(t) from this HDF5 file (the file source)")
        ("input-source", choice(in.source),
         "without --input: none = no external input, random = random input")
        ("input-dataset", value(in.dataset, "NAME"), "dataset in --input, shape N_u x T")
        ("input-mapping", choice(in.mapping),
         "feature: input unit k drives E unit k (package); pool: a pool of E units each (papers)")
        ("input-pool-size", value(in.pool_size, "INT"), "E units per input unit (pool mapping)")
        ("input-gain", value(in.gain, "REAL"), "gain g of the input: x(t+1) = Theta(R_e + g u(t))");
    // clang-format on
    return d;
}

po::options_description plasticity_options(model::PlasticityParams& p, Lists& l) {
    po::options_description d = section("Plasticity");
    // clang-format off
    d.add_options()
        ("eta-stdp", value(p.stdp.eta, "REAL"), "STDP learning rate [per step]")
        ("eta-ip", value(p.ip.eta, "REAL"), "intrinsic plasticity learning rate [per step]")
        ("mu-ip", value(p.ip.mu, "REAL"), "mean target firing rate h_ip [spikes per step]")
        ("sigma-ip", value(p.ip.sigma, "REAL"), "std. dev. of h_ip across units")
        ("ip-clip", flag(p.ip.clip), "clip T_e to [te-min, te-max] after IP (package)")
        ("sp-prob", value(p.sp.prob, "REAL"), "structural plasticity: new E->E synapses [per step]")
        ("sp-initial-weight", value(p.sp.initial_weight, "REAL"), "weight of a new synapse")
        ("eta-inhib", value(p.istdp.eta, "REAL"), "iSTDP learning rate [per step]")
        ("istdp-w-min", value(p.istdp.w_min, "REAL"),
         "iSTDP lower weight bound: 0 prunes weights <= 0 (package), > 0 clips (papers)")
        ("freeze", list(l.freeze, "none"),
         ("comma-separated rules to switch off, repeatable: " + words<model::Rule>(", ") +
          " (ss = sn = synaptic normalization)")
             .c_str());
    // clang-format on
    return d;
}

po::options_description option_table(Config& c, Lists& l) {
    po::options_description all = section("");
    all.add(run_options(c.run, l))
        .add(network_options(c.model))
        .add(input_options(c.model.input))
        .add(plasticity_options(c.model.plasticity, l));
    return all;
}

// ---- settings: option values from the command line and the INI file ----------------------

// The values of one option and where they came from, for error messages.
using Setting = GivenOption;
using Settings = std::map<std::string, Setting>; // by option name

void add(Settings& s, const po::options_description& desc, const std::string& name,
         const std::vector<std::string>& values, const std::string& origin) {
    auto [it, fresh] = s.try_emplace(name, Setting{{}, origin});
    if (!fresh && !desc.find(name, false).semantic()->is_composing())
        throw ConfigError(origin + " given more than once");
    it->second.values.insert(it->second.values.end(), values.begin(), values.end());
}

// PETSc reads its single-dash options (-log_view, -options_left 0) from argv itself: skip them
// and their value. "-h" is ours; "-0.5" is a number, not an option.
std::vector<std::string> boost_arguments(int argc, const char* const argv[]) {
    const auto petsc_option = [](const std::string& a) {
        return a.size() >= 2 && a[0] == '-' && std::isalpha(static_cast<unsigned char>(a[1]));
    };
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "-h") {
            args.emplace_back("--help");
        } else if (!petsc_option(a)) {
            args.push_back(a);
        } else if (i + 1 < argc && !petsc_option(argv[i + 1]) &&
                   std::string(argv[i + 1]).rfind("--", 0) != 0) {
            ++i; // the PETSc option's value: we take no positional arguments
        }
    }
    return args;
}

po::parsed_options parse_arguments(const std::vector<std::string>& args,
                                   const po::options_description& desc) {
    // No short options and no abbreviations: "-0.5" stays a value, "--eta" is not "--eta-ip".
    namespace style = po::command_line_style;
    try {
        return po::command_line_parser(args)
            .options(desc)
            .style(style::allow_long | style::long_allow_adjacent | style::long_allow_next)
            .allow_unregistered()
            .run();
    } catch (const po::error& e) {
        throw ConfigError(e.what());
    }
}

bool asks_for_help(const po::parsed_options& parsed) {
    return std::any_of(parsed.options.begin(), parsed.options.end(),
                       [](const po::option& o) { return o.string_key == "help"; });
}

// Boost takes the "--nu" of "--ne --nu 5" as the value of --ne; "--ne=--x" stays a value.
bool takes_next_option(const po::option& o) {
    return o.original_tokens.size() > 1 && !o.value.empty() && o.value.front().rfind("--", 0) == 0;
}

Settings command_line_settings(const po::parsed_options& parsed,
                               const po::options_description& desc) {
    Settings s;
    for (const po::option& o : parsed.options) {
        if (o.string_key.empty())
            throw ConfigError("unexpected argument '" + shown(o.original_tokens.front()) + "'");
        if (o.unregistered) throw ConfigError("unknown option '--" + shown(o.string_key) + "'");
        if (takes_next_option(o))
            throw ConfigError("missing value for option '--" + o.string_key + "' (before '" +
                              shown(o.value.front()) + "')");
        add(s, desc, o.string_key, o.value, "option '--" + o.string_key + "'");
    }
    return s;
}

// Full-line comments start with '#' or ';'; an inline comment with whitespace and '#'.
std::string strip_comment(const std::string& line) {
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#' || t[0] == ';') return "";
    for (std::size_t i = 1; i < t.size(); ++i)
        if (t[i] == '#' && std::isspace(static_cast<unsigned char>(t[i - 1])))
            return trim(t.substr(0, i));
    return t;
}

// Keys match option names case-insensitively with '_' == '-', so the package's
// [Network_Config] keys (Ne, eta_stdp, network_type_ee, ...) work unchanged.
std::string option_for_key(const std::string& key, const std::string& origin,
                           const po::options_description& desc) {
    std::string name = lower(key);
    std::replace(name.begin(), name.end(), '_', '-');
    if (name == "config" || name == "help")
        throw ConfigError(origin + ": only allowed on the command line");
    if (!desc.find_nothrow(name, false)) throw ConfigError("unknown " + origin);
    return name;
}

Settings ini_settings(const std::string& path, const po::options_description& desc) {
    // Looked at before it is opened: opening a FIFO would wait for a writer forever.
    std::error_code ec;
    const std::filesystem::file_status st = std::filesystem::status(path, ec);
    if (!std::filesystem::exists(st))
        throw ConfigError("--config " + path + ": no such file");
    if (!std::filesystem::is_regular_file(st))
        throw ConfigError("--config " + path + ": not a regular file");
    std::ifstream in(path);
    if (!in) throw ConfigError("--config " + path + ": cannot be read");
    Settings s;
    std::string line, section;
    for (int number = 1; std::getline(in, line); ++number) {
        const std::string where = path + ":" + std::to_string(number);
        line = strip_comment(line);
        if (line.empty()) continue;
        if (line.front() == '[') {
            if (line.back() != ']')
                throw ConfigError(where + ": unterminated section '" + shown(line) + "'");
            section = trim(line.substr(1, line.size() - 2));
            continue;
        }
        const auto eq = line.find('=');
        if (eq == std::string::npos)
            throw ConfigError(where + ": expected 'key = value', got '" + shown(line) + "'");
        const std::string key = trim(line.substr(0, eq));
        if (key.empty()) throw ConfigError(where + ": no key before '=' in '" + shown(line) + "'");
        const std::string origin = "key '" + shown(key) + "'" +
                                   (section.empty() ? "" : " in section [" + section + "]") +
                                   " of " + path;
        add(s, desc, option_for_key(key, origin, desc), {trim(line.substr(eq + 1))}, origin);
    }
    return s;
}

// ---- store: settings -> Config ------------------------------------------------------------

// One option per store() call, so that a bad value is reported with its origin.
void store_one(const std::string& name, const Setting& s, const po::options_description& desc,
               po::variables_map& vm) {
    po::parsed_options one(&desc);
    one.options.emplace_back(name, s.values);
    const std::string bad = "invalid value '" + shown(join(s.values, ",")) + "' for " + s.origin;
    try {
        po::store(one, vm);
    } catch (const ConfigError& e) {
        throw ConfigError(bad + ": " + e.what());
    } catch (const po::error&) {
        throw ConfigError(bad);
    }
}

void store(const Settings& settings, const po::options_description& desc) {
    po::variables_map vm;
    for (const auto& [name, s] : settings) store_one(name, s, desc, vm);
    po::store(po::parsed_options(&desc), vm); // the defaults of the options not given
    po::notify(vm);                           // writes every value into the Config
}

// ---- resolve: options that set more than one field ----------------------------------------

void resolve_input(model::InputParams& in, const Settings& given) {
    if (!given.count("input")) return;
    if (given.count("input-source"))
        throw ConfigError("--input FILE selects the file source: do not combine it with "
                          "--input-source");
    in.source = model::InputSource::File;
}

void resolve_freeze(model::PlasticityParams& p, const std::vector<std::string>& names) {
    for (const std::string& name : split_list(names)) {
        if (name == "none") continue;
        const std::optional<model::Rule> r = find_word<model::Rule>(name);
        if (!r)
            throw ConfigError("unknown --freeze name '" + shown(name) + "': valid names are " +
                              words<model::Rule>(", ") + ", none");
        p.freeze(*r);
    }
}

// Declaration order, no duplicates.
std::vector<Recording> recordings(const std::vector<std::string>& names) {
    const std::vector<Recording>& all = all_recordings();
    std::vector<bool> chosen(all.size(), false);
    for (const std::string& name : split_list(names)) {
        if (name == "none") continue;
        if (name == "all") {
            chosen.assign(all.size(), true);
            continue;
        }
        const auto it = std::find_if(all.begin(), all.end(),
                                     [&](Recording r) { return name == recording_name(r); });
        if (it == all.end())
            throw ConfigError("unknown --record name '" + shown(name) + "': valid names are " +
                              join(recording_names(all), ", ") + ", all, none");
        chosen[static_cast<std::size_t>(it - all.begin())] = true;
    }
    std::vector<Recording> out;
    for (std::size_t i = 0; i < all.size(); ++i)
        if (chosen[i]) out.push_back(all[i]);
    return out;
}

// The default list is only a wish: without --output nothing is written. An explicit --record
// without --output is a mistake. Checked here, since only parsing knows what was explicit.
void resolve_record(RunParams& r, const std::vector<std::string>& names, const Settings& given) {
    r.record = recordings(names);
    if (!r.output.empty()) return;
    if (given.count("record") && !r.record.empty())
        throw ConfigError("--record needs --output (or use --record none)");
    r.record.clear();
}

// "A:B" or "A:" with 0 <= A < B.
void resolve_record_steps(RunParams& r, const std::string& text) {
    const auto colon = text.find(':');
    auto bad = [&] {
        return ConfigError("--record-steps = " + shown(text) + ": must be A:B or A: with 0 <= A < B");
    };
    if (colon == std::string::npos) throw bad();
    try {
        std::size_t used = 0;
        const std::string a = trim(text.substr(0, colon)), b = trim(text.substr(colon + 1));
        r.record_from = a.empty() ? 0 : static_cast<Index>(std::stoll(a, &used));
        if (!a.empty() && used != a.size()) throw bad();
        r.record_to = b.empty() ? -1 : static_cast<Index>(std::stoll(b, &used));
        if (!b.empty() && used != b.size()) throw bad();
    } catch (const std::logic_error&) {
        throw bad();
    }
    if (r.record_from < 0 || (r.record_to >= 0 && r.record_to <= r.record_from)) throw bad();
}

void resolve(Config& c, const Lists& l, const Settings& given) {
    resolve_record_steps(c.run, l.record_steps);
    resolve_input(c.model.input, given);
    resolve_freeze(c.model.plasticity, l.freeze);
    if (c.run.phase == Phase::Training) c.model.plasticity.freeze_all();
    resolve_record(c.run, l.record, given);
}

// The INI values the command line overrides are never stored, but a bad one is still a mistake
// the user should hear about: each is checked as if it were used.
void check_overridden(const Settings& ini, const Settings& command_line,
                      const po::options_description& desc) {
    for (const auto& [name, setting] : ini) {
        if (!command_line.count(name)) continue;
        po::variables_map scratch;
        store_one(name, setting, desc, scratch);
        Config c;
        if (name == "record") recordings(setting.values);
        if (name == "freeze") resolve_freeze(c.model.plasticity, setting.values);
        if (name == "record-steps") resolve_record_steps(c.run, setting.values.front());
    }
}

} // namespace

CommandLine parse_command_line(int argc, const char* const argv[]) {
    CommandLine cl;
    Lists lists;
    const po::options_description desc = option_table(cl.config, lists);
    const po::parsed_options parsed = parse_arguments(boost_arguments(argc, argv), desc);
    if (asks_for_help(parsed)) {
        cl.help = true;
        return cl;
    }
    Settings settings = command_line_settings(parsed, desc);
    if (const auto it = settings.find("config"); it != settings.end()) {
        Settings ini = ini_settings(it->second.values.front(), desc);
        check_overridden(ini, settings, desc);
        settings.merge(ini); // keeps command-line keys
    }
    store(settings, desc);
    resolve(cl.config, lists, settings);
    cl.config.validate();
    cl.given = std::move(settings);
    return cl;
}

namespace {

bool same_value(const Parameter& a, const Parameter& b) { return a.value == b.value; }

// Options that describe the saved network itself or how it was built.
bool fixed_by_saved_network(const std::string& name) {
    static const std::set<std::string> fixed = {"ne",
                                                "ni",
                                                "nu",
                                                "inhibitory-ratio",
                                                "network-type-ee",
                                                "network-type-ei",
                                                "network-type-ie",
                                                "lambda-ee",
                                                "lambda-ei",
                                                "lambda-ie",
                                                "ee-degree",
                                                "w-init-max",
                                                "ti-min",
                                                "ti-max",
                                                "initial-activity",
                                                "mu-ip",
                                                "sigma-ip"};
    return fixed.count(name) > 0;
}

} // namespace

std::string parameter_text(const Parameter& p) {
    struct Text {
        std::string operator()(double v) const {
            char buf[40];
            const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr; // shortest exact
            return std::string(buf, end);
        }
        std::string operator()(std::int64_t v) const { return std::to_string(v); }
        std::string operator()(const std::string& v) const { return v; }
    };
    return std::visit(Text{}, p.value);
}

Config continue_from(const CommandLine& cl, const std::vector<Parameter>& saved,
                     const std::string& file, std::vector<std::string>& changes) {
    Config c;
    Lists lists;
    const po::options_description desc = option_table(c, lists);
    Settings settings;
    bool saved_file_input = false;
    for (const Parameter& p : saved) {
        // Derived (ni), or chosen per run (freeze comes with --phase / --freeze).
        if (p.name == "ni" || p.name == "freeze") continue;
        if (p.name == "input-source" && parameter_text(p) == word(model::InputSource::File)) {
            saved_file_input = true; // the input file itself is not part of the network
            continue;
        }
        settings[p.name] = {{parameter_text(p)}, "parameter '" + p.name + "' of " + file};
    }
    if (saved_file_input && !cl.given.count("input") && !cl.given.count("input-source"))
        throw ConfigError("--state " + file +
                          ": the saved network was driven by an input file; "
                          "give --input FILE again, or --input-source none|random");
    if (cl.given.count("input")) settings.erase("input-source");
    for (const auto& [name, option] : cl.given) settings[name] = option;
    store(settings, desc);
    resolve(c, lists, settings);
    c.validate();

    const std::vector<Parameter> now = model_parameters(c.model);
    for (const Parameter& before : saved) {
        const auto it = std::find_if(now.begin(), now.end(),
                                     [&](const Parameter& p) { return p.name == before.name; });
        if (it == now.end() || same_value(*it, before) || before.name == "freeze") continue;
        if (before.name == "ni") // derived: name the option that sets it
            throw ConfigError("--inhibitory-ratio gives ni = " + parameter_text(*it) +
                              ", which contradicts the network saved in " + file +
                              " (ni = " + parameter_text(before) + ")");
        if (fixed_by_saved_network(before.name))
            throw ConfigError("--" + before.name + " = " + parameter_text(*it) +
                              " contradicts the network saved in " + file + " (" + before.name +
                              " = " + parameter_text(before) + ")");
        changes.push_back(before.name + ": " + parameter_text(before) + " -> " +
                          parameter_text(*it));
    }
    return c;
}

std::string help_text() {
    Config defaults;
    Lists lists;
    std::ostringstream s;
    s << "Usage: sorn-simulate [options]   (mpirun -n N sorn-simulate ...)\n"
      << "Simulates a self-organizing recurrent neural network (SORN). Options may also come from\n"
      << "an INI file (--config; the package's [Network_Config] keys work), the command line\n"
      << "overrides it; single-dash options (-log_view, ...) are left to PETSc.\n"
      << option_table(defaults, lists);
    return s.str();
}

} // namespace sorn::io

namespace sorn::io {

std::vector<Parameter> model_parameters(const model::ModelParams& m) {
    const model::NetworkParams& n = m.network;
    const model::InputParams& in = m.input;
    const model::PlasticityParams& p = m.plasticity;
    auto i64 = [](auto v) { return static_cast<std::int64_t>(v); };
    std::string frozen;
    for (auto r :
         {model::Rule::Stdp, model::Rule::Ip, model::Rule::Sp, model::Rule::Istdp, model::Rule::Sn})
        if (p.frozen(r)) frozen += (frozen.empty() ? "" : ",") + std::string(word(r));
    return {
        {"seed", std::to_string(m.seed)}, // uint64: a string keeps every bit
        {"ne", i64(n.N_e)},
        {"ni", i64(n.N_i())},
        {"inhibitory-ratio", n.inhibitory_ratio},
        {"nu", i64(n.N_u)},
        {"network-type-ee", word(n.type_ee)},
        {"network-type-ei", word(n.type_ei)},
        {"network-type-ie", word(n.type_ie)},
        {"lambda-ee", n.lambda_ee},
        {"lambda-ei", n.lambda_ei},
        {"lambda-ie", n.lambda_ie},
        {"ee-degree", word(n.ee_degree)},
        {"w-init-max", n.w_init_max},
        {"te-min", n.te_min},
        {"te-max", n.te_max},
        {"ti-min", n.ti_min},
        {"ti-max", n.ti_max},
        {"initial-activity", word(n.initial_activity)},
        {"noise-sigma", n.noise_sigma},
        {"fast-inhibition", i64(n.fast_inhibition)},
        {"input-source", word(in.source)},
        {"input-dataset", in.dataset},
        {"input-mapping", word(in.mapping)},
        {"input-pool-size", i64(in.pool_size)},
        {"input-gain", in.gain},
        {"eta-stdp", p.stdp.eta},
        {"eta-ip", p.ip.eta},
        {"mu-ip", p.ip.mu},
        {"sigma-ip", p.ip.sigma},
        {"ip-clip", i64(p.ip.clip)},
        {"sp-prob", p.sp.prob},
        {"sp-initial-weight", p.sp.initial_weight},
        {"eta-inhib", p.istdp.eta},
        {"istdp-w-min", p.istdp.w_min},
        {"freeze", frozen.empty() ? std::string("none") : frozen},
    };
}

} // namespace sorn::io
