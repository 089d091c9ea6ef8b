#include "sorn/io/parameter_table.hpp"

#include <charconv>
#include <cstdio>
#include <sstream>
#include <string_view>
#include <type_traits>

#include "sorn/error.hpp"

namespace sorn::io {

namespace {

using M = model::ModelParams;
using N = model::NetworkParams;
using In = model::InputParams;
using P = model::PlasticityParams;

// The field at the end of a chain of member pointers: member<&M::network, &N::N_e>(m) is
// m.network.N_e.
// clang-format off
template <auto... members> auto& member(M& m) { return (m .* ... .* members); }
// clang-format on

std::int64_t ni_of(const M& m) { return static_cast<std::int64_t>(m.network.N_i()); }

// Flags.
constexpr unsigned none = 0, fixed = ParameterDescriptor::fixed,
                   unsaved = ParameterDescriptor::unsaved, per_run = ParameterDescriptor::per_run,
                   optional = ParameterDescriptor::optional;
constexpr ParameterSection network = ParameterSection::Network, input = ParameterSection::Input,
                           plasticity = ParameterSection::Plasticity,
                           recording = ParameterSection::Recording;

} // namespace

// ---- the table ----------------------------------------------------------------------------

const std::vector<ParameterDescriptor>& parameter_table() {
    // clang-format off
    static const std::vector<ParameterDescriptor> table = {
        {"seed", &member<&M::seed>, network, none, "seed of every random stream"},
        {"ne", &member<&M::network, &N::N_e>, network, fixed, "excitatory units N_e"},
        {"ni", &ni_of, network, fixed, "inhibitory units N_i = floor(inhibitory-ratio * ne)"},
        {"inhibitory-ratio", &member<&M::network, &N::inhibitory_ratio>, network, fixed,
         "N_i = floor(ratio * N_e)"},
        {"nu", &member<&M::network, &N::N_u>, network, fixed, "input units N_u"},
        {"network-type-ee", &member<&M::network, &N::type_ee>, network, fixed,
         "E->E connectivity: sparse = Bernoulli(lambda / N), dense = all-to-all"},
        {"network-type-ei", &member<&M::network, &N::type_ei>, network, fixed, "I->E connectivity"},
        {"network-type-ie", &member<&M::network, &N::type_ie>, network, fixed, "E->I connectivity"},
        {"lambda-ee", &member<&M::network, &N::lambda_ee>, network, fixed,
         "mean out-degree E->E [synapses per neuron]"},
        {"lambda-ei", &member<&M::network, &N::lambda_ei>, network, fixed,
         "mean out-degree I->E [synapses per neuron]"},
        {"lambda-ie", &member<&M::network, &N::lambda_ie>, network, fixed,
         "mean out-degree E->I [synapses per neuron]"},
        {"ee-degree", &member<&M::network, &N::ee_degree>, network, fixed,
         "sparse W_ee in-degrees: bernoulli, or package = floor(Normal(lambda-ee, 1))"},
        {"ei-degree", &member<&M::network, &N::ei_degree>, network, fixed | optional,
         "sparse W_ei: bernoulli = each (E, I) pair with p = lambda-ei / ne; package = each I "
         "unit projects to floor(Normal(lambda-ei, 1)) E units, uniform without replacement, "
         "as the package's generate_lambd_connections('EI')"},
        {"w-init-max", &member<&M::network, &N::w_init_max>, network, fixed,
         "initial weights ~ U(0, w-init-max]"},
        {"te-min", &member<&M::network, &N::te_min>, network, none,
         "initial thresholds T_e ~ U(te-min, te-max)"},
        {"te-max", &member<&M::network, &N::te_max>, network, none,
         "upper bound of the initial T_e"},
        {"ti-min", &member<&M::network, &N::ti_min>, network, fixed,
         "initial thresholds T_i ~ U(ti-min, ti-max)"},
        {"ti-max", &member<&M::network, &N::ti_max>, network, fixed,
         "upper bound of the initial T_i"},
        {"initial-activity", &member<&M::network, &N::initial_activity>, network, fixed,
         "x(0), y(0): zero (package); random = x ~ Bernoulli(h_ip), y ~ Bernoulli(mu-ip) "
         "(papers); random-e = x ~ Bernoulli(h_ip), y = 0 (the authors' code)"},
        {"initial-thresholds", &member<&M::network, &N::initial_thresholds>, network,
         fixed | optional,
         "initial T_e, T_i: random = U(min, max) per unit; ordered = evenly spaced, unit k of N "
         "gets min + (max - min) (k + 1/2) / N (Hartmann et al. 2015)"},
        {"noise-sigma", &member<&M::network, &N::noise_sigma>, network, none,
         "sigma of the noise of R_e (and of R_i unless noise-sigma-i is set) per unit and step "
         "(0: no noise)"},
        {"fast-inhibition", &member<&M::network, &N::fast_inhibition>, network, none,
         "R_i uses x(t+1) instead of x(t)"},
        {"threshold-comparison", &member<&M::network, &N::threshold_comparison>, network,
         optional,
         "Theta(z) of x, r and y: gt = z > 0 (ours), ge = z >= 0 (the authors' code)"},
        {"noise-distribution", &member<&M::network, &N::noise_distribution>, network, optional,
         "the noise xi of R_e and R_i: gaussian = sigma Normal(0, 1); uniform = sigma U[0, 1) "
         "(SORN_V2: mean sigma / 2)"},
        {"noise-sigma-i", &member<&M::network, &N::noise_sigma_i>, network, optional,
         "sigma of the noise of R_i (-1: the same as noise-sigma)"},
        {"noise-fire", &member<&M::network, &N::noise_fire>, network, optional,
         "spike noise: each E unit is forced to fire, x_i(t+1) = 1, with this probability per "
         "step (Del Papa et al. 2017, Fig. 5; 0: off)"},

        // The input file is not part of the network: /provenance names it.
        {"input", &member<&M::input, &In::file>, input, unsaved,
         "read u(t) from this HDF5 file (the file source)", "FILE.h5"},
        {"input-source", &member<&M::input, &In::source>, input, none,
         "without --input: none = no external input; random = each step one input unit, chosen "
         "uniformly, gets 1 (not the package examples' U(0,1) on every unit); uniform = every "
         "input unit k gets u_k(t) ~ U[0,1) each step, independently (the package examples' "
         "np.random.rand(nu, T)); words = one letter of the --input-words source per step, "
         "whose input unit gets 1"},
        {"input-dataset", &member<&M::input, &In::dataset>, input, none,
         "dataset in --input, shape N_u x T", "NAME"},
        {"input-mapping", &member<&M::input, &In::mapping>, input, none,
         "feature: input unit k drives E unit k (package); pool: a pool of E units each (papers)"},
        {"input-pool-size", &member<&M::input, &In::pool_size>, input, none,
         "E units per input unit (pool mapping)"},
        {"input-gain", &member<&M::input, &In::gain>, input, none,
         "gain g of the input: x(t+1) = Theta(R_e + g u(t))"},
        {"input-words", &member<&M::input, &In::words>, input, optional,
         "the words of --input-source words, comma-separated; a word is letters (a-z, A-Z, 0-9), "
         "each optionally repeated with ^n, e.g. 'ab^4c,de^4f'; the distinct letters, in order "
         "of first appearance, are input units 0..nu-1",
         "WORDS"},
        {"input-word-transitions", &member<&M::input, &In::word_transitions>, input, optional,
         "P(next word | word) for --input-source words: one row per word, rows separated by ';', "
         "entries by ',' or spaces, e.g. '0.9 0.1; 0.5 0.5' (empty: each next word uniform)",
         "ROWS"},

        {"eta-stdp", &member<&M::plasticity, &P::stdp, &model::StdpParams::eta>, plasticity, none,
         "STDP learning rate [per step]"},
        {"stdp-prune-below", &member<&M::plasticity, &P::stdp, &model::StdpParams::prune_below>,
         plasticity, optional,
         "STDP prunes the weights below this of the rows it visits (the authors' code: 1e-10; 0: "
         "only weights that reach 0)"},
        {"eta-ip", &member<&M::plasticity, &P::ip, &model::IpParams::eta>, plasticity, none,
         "intrinsic plasticity learning rate [per step]"},
        {"mu-ip", &member<&M::plasticity, &P::ip, &model::IpParams::mu>, plasticity, fixed,
         "mean target firing rate h_ip [spikes per step]"},
        {"sigma-ip", &member<&M::plasticity, &P::ip, &model::IpParams::sigma>, plasticity, fixed,
         "std. dev. of h_ip across units"},
        {"ip-clip", &member<&M::plasticity, &P::ip, &model::IpParams::clip>, plasticity, none,
         "clip T_e to [te-min, te-max] after IP (package)"},
        {"ip-target", &member<&M::plasticity, &P::ip, &model::IpParams::target>, plasticity,
         optional,
         "IP's target rate: mu = h_ip (mu-ip; iSTDP uses it too), package = 2 * nu / ne for IP "
         "only, as the package's Plasticity.ip (its iSTDP keeps mu-ip)"},
        {"sp-prob", &member<&M::plasticity, &P::sp, &model::SpParams::prob>, plasticity, none,
         "structural plasticity: new E->E synapses [per step]"},
        {"sp-initial-weight", &member<&M::plasticity, &P::sp, &model::SpParams::initial_weight>,
         plasticity, none, "weight of a new synapse"},
        {"sp-sampling", &member<&M::plasticity, &P::sp, &model::SpParams::sampling>, plasticity,
         optional,
         "where a new synapse goes: row = a uniform row, then a uniform free column of it; pair = "
         "uniform among all free off-diagonal pairs, as the package's structural_plasticity"},
        {"sp-scaling", &member<&M::plasticity, &P::sp, &model::SpParams::scaling>, plasticity,
         optional,
         "how sp-prob scales with ne: none; dpt17 = sp-prob * ne (ne - 1) / (200 * 199), "
         "sp-prob being the value at ne = 200 (Del Papa et al. 2017)"},
        {"eta-inhib", &member<&M::plasticity, &P::istdp, &model::IstdpParams::eta>, plasticity,
         none, "iSTDP learning rate [per step]"},
        {"istdp-w-min", &member<&M::plasticity, &P::istdp, &model::IstdpParams::w_min>, plasticity,
         none, "iSTDP lower weight bound: 0 prunes weights <= 0 (package), > 0 clips (papers)"},
        {"istdp-bound", &member<&M::plasticity, &P::istdp, &model::IstdpParams::bound>,
         plasticity, optional,
         "how istdp-w-min > 0 acts: clip = every weight below it is raised to it (papers); "
         "reset = only a weight that reaches <= 0 is set to it (the authors' code, w-min 0.001)"},
        {"count-timing", &member<&M::recording, &model::RecordingParams::count_timing>,
         recording, optional,
         "EEConnectionCounts, EIConnectionCounts of step t: after = the synapses after t's "
         "plasticity (as WEE, WEI); before = at the start of step t, before its plasticity, as "
         "the package's simulate_sorn counts them (the first row is then the initial count)"},
        // Saved as the record of what this run froze; --phase and --freeze of each run decide.
        {"freeze", &member<&M::plasticity, &P::frozen_rules>, plasticity, per_run,
         "comma-separated rules to switch off, repeatable: {words} (ss = sn = synaptic "
         "normalization)"},
    };
    // clang-format on
    return table;
}

const ParameterDescriptor* find_parameter(const std::string& name) {
    for (const ParameterDescriptor& d : parameter_table())
        if (name == d.name) return &d;
    return nullptr;
}

namespace {

template <class T> constexpr bool is_enum_field = cli::has_words<T>::value;

// The words of an enum field, "" for any other.
struct WordsOf {
    template <class T> std::string operator()(Field<T>) const {
        if constexpr (std::is_same_v<T, model::RuleFlags>)
            return cli::words<model::Rule>(", ");
        else if constexpr (is_enum_field<T>)
            return cli::words<T>(", ");
        else
            return "";
    }
    std::string operator()(Derived) const { return ""; }
};

} // namespace

std::string parameter_help(const ParameterDescriptor& d) {
    std::string h = d.help;
    const std::string placeholder = "{words}";
    if (const auto at = h.find(placeholder); at != std::string::npos)
        h.replace(at, placeholder.size(), std::visit(WordsOf{}, d.field));
    return h;
}

namespace {

struct TypeOf {
    template <class T> ParameterType operator()(Field<T>) const {
        if constexpr (std::is_same_v<T, double>)
            return ParameterType::Real;
        else if constexpr (std::is_same_v<T, Index> || std::is_same_v<T, bool>)
            return ParameterType::Integer;
        else
            return ParameterType::Text; // the seed (uint64 in decimal), words, names
    }
    ParameterType operator()(Derived) const { return ParameterType::Integer; }
};

} // namespace

ParameterType ParameterDescriptor::type() const { return std::visit(TypeOf{}, field); }

// ---- /parameters --------------------------------------------------------------------------

namespace {

// The first word of a value is the one written; the others are aliases.
template <class E> bool is_written(const cli::Choice<E>& c) {
    return std::string_view(cli::word(c.value)) == c.word;
}

std::string frozen_text(const model::RuleFlags& frozen) {
    std::string text;
    for (const auto& c : cli::Words<model::Rule>::list)
        if (frozen[static_cast<std::size_t>(c.value)] && is_written(c))
            text += (text.empty() ? "" : ",") + std::string(c.word);
    return text.empty() ? "none" : text;
}

// The value of a parameter as /parameters stores it.
struct StoredValue {
    M& m; // only read
    using Value = decltype(Parameter::value);
    template <class T> Value operator()(Field<T> f) const {
        const T& v = f(m);
        if constexpr (std::is_same_v<T, double>)
            return v;
        else if constexpr (std::is_same_v<T, Index> || std::is_same_v<T, bool>)
            return static_cast<std::int64_t>(v);
        else if constexpr (std::is_same_v<T, std::uint64_t>)
            return std::to_string(v); // uint64: a string keeps every bit
        else if constexpr (std::is_same_v<T, std::string>)
            return v;
        else if constexpr (std::is_same_v<T, model::RuleFlags>)
            return frozen_text(v);
        else
            return std::string(cli::word(v));
    }
    Value operator()(Derived f) const { return f(m); }
};

} // namespace

std::vector<Parameter> model_parameters(const model::ModelParams& m) {
    // The fields are reached through non-const accessors; StoredValue only reads them.
    StoredValue value{const_cast<M&>(m)};
    std::vector<Parameter> out;
    for (const ParameterDescriptor& d : parameter_table())
        if (d.saved()) out.push_back({d.name, std::visit(value, d.field)});
    return out;
}

std::vector<Parameter> stored_parameters(const model::ModelParams& m) {
    const std::vector<Parameter> all = model_parameters(m);
    const std::vector<Parameter> defaults = model_parameters(model::ModelParams{});
    std::vector<Parameter> out;
    for (std::size_t k = 0; k < all.size(); ++k) {
        SORN_ASSERT(all[k].name == defaults[k].name);
        if (find_parameter(all[k].name)->optional_attribute() && all[k].value == defaults[k].value)
            continue;
        out.push_back(all[k]);
    }
    return out;
}

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

// ---- JSON ---------------------------------------------------------------------------------

namespace {

std::string quoted(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
            out += buf;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

// A JSON number for reals keeps a '.' so that Python reads it as a float.
std::string json_value(const Parameter& p) {
    const std::string t = parameter_text(p);
    if (std::holds_alternative<std::string>(p.value)) return quoted(t);
    if (std::holds_alternative<double>(p.value) && t.find_first_of(".en") == std::string::npos)
        return t + ".0";
    return t;
}

struct Kind {
    template <class T> const char* operator()(Field<T>) const {
        if constexpr (std::is_same_v<T, double>)
            return "real";
        else if constexpr (std::is_same_v<T, Index>)
            return "integer";
        else if constexpr (std::is_same_v<T, std::uint64_t>)
            return "seed";
        else if constexpr (std::is_same_v<T, bool>)
            return "flag";
        else if constexpr (std::is_same_v<T, std::string>)
            return "text";
        else if constexpr (std::is_same_v<T, model::RuleFlags>)
            return "rules";
        else
            return "choice";
    }
    const char* operator()(Derived) const { return "integer"; }
};

// "choices": the written word of each value; "aliases": the other words, by written word.
template <class E> std::string word_lists() {
    std::string choices, aliases;
    for (const auto& c : cli::Words<E>::list) {
        const char* written = cli::word(c.value);
        if (is_written(c))
            choices += (choices.empty() ? "" : ", ") + quoted(c.word);
        else
            aliases += (aliases.empty() ? "" : ", ") + quoted(c.word) + ": " + quoted(written);
    }
    std::string out = ", \"choices\": [" + choices + "]";
    if (!aliases.empty()) out += ", \"aliases\": {" + aliases + "}";
    return out;
}

struct WordLists {
    template <class T> std::string operator()(Field<T>) const {
        if constexpr (std::is_same_v<T, model::RuleFlags>)
            return word_lists<model::Rule>();
        else if constexpr (is_enum_field<T>)
            return word_lists<T>();
        else
            return "";
    }
    std::string operator()(Derived) const { return ""; }
};

const char* type_name(ParameterType t) {
    switch (t) {
    case ParameterType::Real: return "float64";
    case ParameterType::Integer: return "int64";
    case ParameterType::Text: return "string";
    }
    return "";
}

} // namespace

std::string parameters_json(const std::string& indent) {
    const std::vector<Parameter> defaults = model_parameters(model::ModelParams{});
    std::ostringstream s;
    s << "[\n";
    std::size_t k = 0;
    for (const ParameterDescriptor& d : parameter_table()) {
        if (!d.saved()) continue;
        const Parameter& p = defaults.at(k);
        SORN_ASSERT(p.name == d.name);
        s << (k++ ? ",\n" : "") << indent << "  {\"name\": " << quoted(d.name)
          << ", \"type\": " << quoted(type_name(d.type()))
          << ", \"kind\": " << quoted(std::visit(Kind{}, d.field))
          << ", \"default\": " << json_value(p) << std::visit(WordLists{}, d.field)
          << ", \"option\": " << (d.is_option() ? "true" : "false")
          << ", \"fixed_by_saved_network\": " << (d.fixed_by_saved_network() ? "true" : "false")
          << ", \"optional\": " << (d.optional_attribute() ? "true" : "false")
          << ", \"help\": " << quoted(parameter_help(d)) << "}";
    }
    s << "\n" << indent << "]";
    return s.str();
}

} // namespace sorn::io
