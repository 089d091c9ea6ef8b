// The one table of model parameters (io/parameter_table.hpp): every ModelParams field has
// exactly one entry, the /parameters names and types stay those of format version 1, the
// options, --help and validation messages use the table's names, and its JSON (the
// converter's parameter list, in --print-schema json) lists every saved parameter.
#include "sorn/io/parameter_table.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "sorn/error.hpp"
#include "sorn/io/config.hpp"

namespace {

namespace io = sorn::io;
namespace cli = sorn::cli;
using M = sorn::model::ModelParams;

template <class T> std::string str(const T& v) {
    std::ostringstream s;
    if constexpr (std::is_same_v<T, sorn::model::RuleFlags>) {
        for (bool b : v) s << b;
    } else if constexpr (std::is_enum_v<T>) {
        s << static_cast<int>(v);
    } else {
        s.precision(17);
        s << v;
    }
    return s.str();
}

// Every field of ModelParams, written out by hand: a new field needs an entry here and one in
// the parameter table (src/io/parameter_table.cpp).
struct FieldProbe {
    const char* field;
    std::function<std::string(const M&)> value;
};
// clang-format off
#define SORN_FIELD(path) {#path, [](const M& m) { return str(m.path); }}
// clang-format on
const std::vector<FieldProbe> all_fields = {
    SORN_FIELD(seed),
    SORN_FIELD(network.N_e),
    SORN_FIELD(network.inhibitory_ratio),
    SORN_FIELD(network.N_u),
    SORN_FIELD(network.type_ee),
    SORN_FIELD(network.type_ei),
    SORN_FIELD(network.type_ie),
    SORN_FIELD(network.lambda_ee),
    SORN_FIELD(network.lambda_ei),
    SORN_FIELD(network.lambda_ie),
    SORN_FIELD(network.ee_degree),
    SORN_FIELD(network.ei_degree),
    SORN_FIELD(network.w_init_max),
    SORN_FIELD(network.te_min),
    SORN_FIELD(network.te_max),
    SORN_FIELD(network.ti_min),
    SORN_FIELD(network.ti_max),
    SORN_FIELD(network.initial_activity),
    SORN_FIELD(network.initial_thresholds),
    SORN_FIELD(network.noise_sigma),
    SORN_FIELD(network.fast_inhibition),
    SORN_FIELD(network.threshold_comparison),
    SORN_FIELD(network.noise_distribution),
    SORN_FIELD(network.noise_sigma_i),
    SORN_FIELD(network.noise_fire),
    SORN_FIELD(input.source),
    SORN_FIELD(input.file),
    SORN_FIELD(input.dataset),
    SORN_FIELD(input.mapping),
    SORN_FIELD(input.pool_size),
    SORN_FIELD(input.gain),
    SORN_FIELD(input.words),
    SORN_FIELD(input.word_transitions),
    SORN_FIELD(plasticity.stdp.eta),
    SORN_FIELD(plasticity.stdp.prune_below),
    SORN_FIELD(plasticity.ip.eta),
    SORN_FIELD(plasticity.ip.mu),
    SORN_FIELD(plasticity.ip.sigma),
    SORN_FIELD(plasticity.ip.clip),
    SORN_FIELD(plasticity.ip.target),
    SORN_FIELD(plasticity.sp.prob),
    SORN_FIELD(plasticity.sp.initial_weight),
    SORN_FIELD(plasticity.sp.sampling),
    SORN_FIELD(plasticity.sp.scaling),
    SORN_FIELD(plasticity.istdp.eta),
    SORN_FIELD(plasticity.istdp.w_min),
    SORN_FIELD(plasticity.istdp.bound),
    SORN_FIELD(plasticity.frozen_rules),
    SORN_FIELD(recording.count_timing),
};
#undef SORN_FIELD

// Sets the field a descriptor refers to to a value no default has; false for a derived one.
struct SetSentinel {
    M& m;
    template <class T> bool operator()(io::Field<T> field) const {
        T& v = field(m);
        if constexpr (std::is_same_v<T, bool>) {
            v = !v;
        } else if constexpr (std::is_same_v<T, std::string>) {
            v = "sentinel";
        } else if constexpr (std::is_same_v<T, sorn::model::RuleFlags>) {
            v.fill(true);
        } else if constexpr (cli::has_words<T>::value) {
            for (const auto& c : cli::Words<T>::list)
                if (c.value != v) {
                    v = c.value;
                    break;
                }
        } else {
            v = static_cast<T>(12345);
        }
        return true;
    }
    bool operator()(io::Derived) const { return false; }
};

} // namespace

TEST(ParameterTable, EveryModelFieldHasExactlyOneEntry) {
    const M defaults;
    std::map<std::string, int> entries; // by field
    std::vector<std::string> derived;
    for (const io::ParameterDescriptor& d : io::parameter_table()) {
        M m;
        if (!std::visit(SetSentinel{m}, d.field)) {
            derived.emplace_back(d.name);
            continue;
        }
        std::vector<std::string> changed;
        for (const FieldProbe& f : all_fields)
            if (f.value(m) != f.value(defaults)) changed.emplace_back(f.field);
        EXPECT_EQ(changed.size(), 1u) << "--" << d.name << " sets " << changed.size() << " fields";
        for (const std::string& f : changed) ++entries[f];
    }
    for (const FieldProbe& f : all_fields)
        EXPECT_EQ(entries[f.field], 1)
            << f.field << ": " << entries[f.field] << " entries in the parameter table, expected 1";
    EXPECT_EQ(derived, std::vector<std::string>{"ni"});
}

TEST(ParameterTable, NamesAreUniqueAndKebabCase) {
    std::set<std::string> names;
    for (const io::ParameterDescriptor& d : io::parameter_table()) {
        const std::string n = d.name;
        EXPECT_TRUE(names.insert(n).second) << n << " appears twice";
        EXPECT_FALSE(n.empty());
        for (char c : n) EXPECT_TRUE(std::islower(c) || c == '-') << n;
        EXPECT_EQ(io::find_parameter(n), &d);
        EXPECT_NE(std::string(d.help), "") << n;
        EXPECT_EQ(io::parameter_help(d).find('{'), std::string::npos) << n;
    }
    EXPECT_EQ(io::find_parameter("no-such-option"), nullptr);
}

// The attributes of /parameters, their order and types are part of format version 1; the
// optional ones, added later, are stored only when they differ from their default.
TEST(ParameterTable, ParametersOfFormatVersion1) {
    enum { Real, Integer, Text };
    const std::vector<std::pair<std::string, int>> expected = {
        {"seed", Text},
        {"ne", Integer},
        {"ni", Integer},
        {"inhibitory-ratio", Real},
        {"nu", Integer},
        {"network-type-ee", Text},
        {"network-type-ei", Text},
        {"network-type-ie", Text},
        {"lambda-ee", Real},
        {"lambda-ei", Real},
        {"lambda-ie", Real},
        {"ee-degree", Text},
        {"ei-degree", Text},
        {"w-init-max", Real},
        {"te-min", Real},
        {"te-max", Real},
        {"ti-min", Real},
        {"ti-max", Real},
        {"initial-activity", Text},
        {"initial-thresholds", Text},
        {"noise-sigma", Real},
        {"fast-inhibition", Integer},
        {"threshold-comparison", Text},
        {"noise-distribution", Text},
        {"noise-sigma-i", Real},
        {"noise-fire", Real},
        {"input-source", Text},
        {"input-dataset", Text},
        {"input-mapping", Text},
        {"input-pool-size", Integer},
        {"input-gain", Real},
        {"input-words", Text},
        {"input-word-transitions", Text},
        {"eta-stdp", Real},
        {"stdp-prune-below", Real},
        {"eta-ip", Real},
        {"mu-ip", Real},
        {"sigma-ip", Real},
        {"ip-clip", Integer},
        {"ip-target", Text},
        {"sp-prob", Real},
        {"sp-initial-weight", Real},
        {"sp-sampling", Text},
        {"sp-scaling", Text},
        {"eta-inhib", Real},
        {"istdp-w-min", Real},
        {"istdp-bound", Text},
        {"count-timing", Text},
        {"freeze", Text},
    };
    const std::vector<io::Parameter> saved = io::model_parameters(M{});
    ASSERT_EQ(saved.size(), expected.size());
    for (std::size_t k = 0; k < saved.size(); ++k) {
        EXPECT_EQ(saved[k].name, expected[k].first);
        EXPECT_EQ(static_cast<int>(saved[k].value.index()), expected[k].second) << saved[k].name;
        EXPECT_EQ(static_cast<int>(io::find_parameter(saved[k].name)->type()), expected[k].second)
            << saved[k].name;
    }
    EXPECT_EQ(io::parameter_text(saved[0]), "1");        // seed: uint64 in decimal
    EXPECT_EQ(io::parameter_text(saved.back()), "none"); // freeze
    M m;
    m.plasticity.freeze(sorn::model::Rule::Sn);
    m.plasticity.freeze(sorn::model::Rule::Stdp);
    EXPECT_EQ(io::parameter_text(io::model_parameters(m).back()), "stdp,ss");

    const std::set<std::string> optional = {"ei-degree",
                                            "ip-target",
                                            "sp-sampling",
                                            "count-timing",
                                            "initial-thresholds",
                                            "threshold-comparison",
                                            "noise-distribution",
                                            "noise-sigma-i",
                                            "noise-fire",
                                            "input-words",
                                            "input-word-transitions",
                                            "stdp-prune-below",
                                            "sp-scaling",
                                            "istdp-bound"};
    std::set<std::string> flagged;
    for (const io::ParameterDescriptor& d : io::parameter_table())
        if (d.optional_attribute()) flagged.insert(d.name);
    EXPECT_EQ(flagged, optional);
    // At their defaults the optional ones are not stored: /parameters is that of version 1.
    const std::vector<io::Parameter> stored = io::stored_parameters(M{});
    EXPECT_EQ(stored.size(), saved.size() - optional.size());
    for (const io::Parameter& p : stored) EXPECT_EQ(optional.count(p.name), 0u) << p.name;
    M changed;
    changed.plasticity.ip.target = sorn::model::IpTarget::Package;
    const std::vector<io::Parameter> with = io::stored_parameters(changed);
    ASSERT_EQ(with.size(), stored.size() + 1);
    EXPECT_TRUE(std::any_of(with.begin(), with.end(), [](const io::Parameter& p) {
        return p.name == "ip-target" && io::parameter_text(p) == "package";
    }));
}

// docs/FORMAT.md, "How the parameters are merged".
TEST(ParameterTable, FixedBySavedNetwork) {
    const std::set<std::string> expected = {"ne",
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
                                            "ei-degree",
                                            "w-init-max",
                                            "ti-min",
                                            "ti-max",
                                            "initial-activity",
                                            "initial-thresholds",
                                            "mu-ip",
                                            "sigma-ip"};
    std::set<std::string> fixed;
    for (const io::ParameterDescriptor& d : io::parameter_table())
        if (d.fixed_by_saved_network()) fixed.insert(d.name);
    EXPECT_EQ(fixed, expected);
    EXPECT_FALSE(io::find_parameter("freeze")->read_back());
    EXPECT_FALSE(io::find_parameter("ni")->read_back());
    EXPECT_FALSE(io::find_parameter("input")->saved());
    EXPECT_TRUE(io::find_parameter("eta-stdp")->read_back());
}

// Validation names the parameter it refuses by the table's option name.
TEST(ParameterTable, ValidationNamesTheOption) {
    std::size_t checked = 0;
    for (const io::ParameterDescriptor& d : io::parameter_table()) {
        M m;
        if (const auto* real = std::get_if<io::Field<double>>(&d.field))
            (*real)(m) = std::nan("");
        else if (d.name == std::string("ne") || d.name == std::string("nu"))
            std::get<io::Field<sorn::Index>>(d.field)(m) = -1;
        else
            continue;
        ++checked;
        try {
            m.validate();
            ADD_FAILURE() << "--" << d.name << ": invalid value accepted";
        } catch (const sorn::ConfigError& e) {
            EXPECT_EQ(std::string(e.what()).rfind("--" + std::string(d.name) + " = ", 0), 0u)
                << e.what();
        }
    }
    EXPECT_EQ(checked, 24u);
}

// Every option accepts the text /parameters stores (what --state gives back to the parser).
TEST(ParameterTable, SavedTextParsesBackToTheSameValue) {
    const std::vector<io::Parameter> defaults = io::model_parameters(M{});
    for (const io::Parameter& p : defaults) {
        if (!io::find_parameter(p.name)->is_option()) continue;
        // An empty text (input-words) is an optional attribute at its default: never stored.
        if (io::parameter_text(p).empty()) {
            EXPECT_TRUE(io::find_parameter(p.name)->optional_attribute()) << p.name;
            continue;
        }
        const std::string arg = "--" + p.name + "=" + io::parameter_text(p);
        const char* argv[] = {"sorn-simulate", arg.c_str()};
        const io::CommandLine cl = io::parse_command_line(2, argv);
        const std::vector<io::Parameter> now = io::model_parameters(cl.config.model);
        ASSERT_EQ(now.size(), defaults.size());
        for (std::size_t k = 0; k < now.size(); ++k)
            EXPECT_TRUE(now[k].value == defaults[k].value) << arg;
    }
}

TEST(ParameterTable, HelpListsEveryOptionWithItsDefault) {
    const std::string help = io::help_text();
    const std::vector<io::Parameter> defaults = io::model_parameters(M{});
    for (const io::ParameterDescriptor& d : io::parameter_table()) {
        if (!d.is_option()) continue;
        EXPECT_NE(help.find("  --" + std::string(d.name) + " "), std::string::npos) << d.name;
    }
    for (const char* s : {"--ne INT (=200)", "--eta-stdp REAL (=0.004)", "--seed UINT (=1)",
                          "--network-type-ie sparse|dense (=dense)", "--freeze LIST (=none)",
                          "--input-dataset NAME (=input)", "stdp, ip, sp, istdp, ss, sn"})
        EXPECT_NE(help.find(s), std::string::npos) << s;
}

// The table as JSON (the "parameters" of --print-schema json, read by the Python converter):
// every saved parameter exactly once, in table order, with its kind, words and flags.
TEST(ParameterTable, JsonListsEverySavedParameterOnce) {
    const std::string json = io::parameters_json("  ");
    ASSERT_EQ(json.front(), '[');
    ASSERT_EQ(json.back(), ']');
    std::size_t last = 0;
    for (const io::ParameterDescriptor& d : io::parameter_table()) {
        const std::string key = "{\"name\": \"" + std::string(d.name) + "\"";
        const std::size_t at = json.find(key);
        if (!d.saved()) {
            EXPECT_EQ(at, std::string::npos) << d.name << " is not in /parameters";
            continue;
        }
        ASSERT_NE(at, std::string::npos) << d.name;
        EXPECT_EQ(json.find(key, at + 1), std::string::npos) << d.name << " twice";
        EXPECT_GT(at, last) << d.name << " out of table order";
        last = at;
    }
    for (const char* s :
         {"{\"name\": \"ne\", \"type\": \"int64\", \"kind\": \"integer\", \"default\": 200,",
          "{\"name\": \"seed\", \"type\": \"string\", \"kind\": \"seed\", \"default\": \"1\",",
          "\"kind\": \"choice\", \"default\": \"mu\", \"choices\": [\"mu\", \"package\"], "
          "\"option\": true, \"fixed_by_saved_network\": false, \"optional\": true",
          "\"kind\": \"rules\", \"default\": \"none\", \"choices\": [\"stdp\", \"ip\", \"sp\", "
          "\"istdp\", \"ss\"], \"aliases\": {\"sn\": \"ss\"}"})
        EXPECT_NE(json.find(s), std::string::npos) << s;
    // Each record on its own line, after the indent and two spaces.
    EXPECT_NE(json.find("\n    {\"name\": \"ni\""), std::string::npos);
}
