#include "sorn/io/config.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <type_traits>
#include <variant>

#include <boost/program_options.hpp>

#include "sorn/error.hpp"

namespace sorn::cli {
template <> struct Words<io::Phase> {
    static constexpr Choice<io::Phase> list[] = {{"plasticity", io::Phase::Plasticity},
                                                 {"training", io::Phase::Training}};
};
} // namespace sorn::cli

namespace sorn::io {

namespace po = boost::program_options;
using cli::join;
using cli::shown;
using cli::split_list;
using cli::trim;

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
    case Recording::InputLetters: return "InputLetters";
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
                                               Recording::EIConnectionCounts,
                                               Recording::InputLetters};
    return all;
}

bool RunParams::records(Recording r) const {
    return std::find(record.begin(), record.end(), r) != record.end();
}

void Config::validate() const {
    model.validate();
    require(run.steps >= 0, "--steps", run.steps, "must be >= 0");
    require(run.record_every >= 1, "--record-every", run.record_every, "must be >= 1");
    require(std::isfinite(run.max_memory_gib) && run.max_memory_gib >= 0.0, "--max-memory",
            run.max_memory_gib, "must be >= 0 [GiB] (0: the memory available)");
    require(run.checkpoint_every >= 0, "--checkpoint-every", run.checkpoint_every,
            "must be >= 0 (0: only at the end)");
    if (run.checkpoint_every > 0)
        require(!run.checkpoint.empty(), "--checkpoint-every", run.checkpoint_every,
                "needs --checkpoint FILE");
    if (model.input.source == model::InputSource::File)
        require(!model.input.file.empty(), "--input", "\"\"", "must name an HDF5 file");
}

namespace {

// ---- the options table: the run options here, the model's from the parameter table --------

// --record and --freeze: lists of names, resolved after parsing.
struct Lists {
    std::vector<std::string> record, freeze;
    std::string record_steps = "0:";
};

std::vector<std::string> recording_names(const std::vector<Recording>& rs) {
    std::vector<std::string> names;
    for (Recording r : rs) names.emplace_back(recording_name(r));
    return names;
}

po::options_description run_options(RunParams& r, Lists& l) {
    using cli::flag;
    using cli::number;
    using cli::string_value;
    l.record = recording_names(r.record);
    po::options_description d = cli::section("Run");
    // clang-format off
    d.add_options()
        ("help", "show this help and exit (also -h)")
        ("config", string_value(r.config_file, "FILE"),
         "read options from this INI file first; the command line overrides it")
        ("steps", number(r.steps, "INT"), "number of time steps to simulate [steps]")
        ("phase", cli::choice(r.phase),
         "plasticity: unfrozen rules learn; training: all plasticity off (freezes every rule)")
        ("output", string_value(r.output, "FILE.h5"), "HDF5 output file (none: nothing is written)")
        ("overwrite", flag(r.overwrite), "replace an existing --output file")
        ("record", cli::list(l.record, join(l.record, ",")),
         ("comma-separated recordings, repeatable, or 'all' / 'none': " +
          join(recording_names(all_recordings()), ", ") +
          ". Without --output the default list is dropped and an explicit one is an error")
             .c_str())
        ("record-every", number(r.record_every, "INT"),
         "interval of the WEE, WEI, TE and TI snapshots [steps]; snapshots are taken at the "
         "steps that are multiples of it")
        ("record-steps", string_value(l.record_steps, "A:B"),
         "record only the states of steps t with A <= t < B (t counts steps since the network "
         "was built; 'A:' = no end)")
        ("quiet", flag(r.quiet), "print nothing but errors")
        ("state", string_value(r.state_file, "FILE.h5"),
         "continue the network saved in this file (a checkpoint or an --output file); its "
         "parameters apply, learning rates etc. may be changed, ne/nu may not")
        ("checkpoint", string_value(r.checkpoint, "FILE.h5"),
         "write the full state to this file every --checkpoint-every steps and at the end "
         "(written to FILE.h5.partial, then renamed)")
        ("checkpoint-every", number(r.checkpoint_every, "INT"),
         "checkpoint at the steps that are multiples of this [steps]; 0: only at the end")
        ("max-memory", number(r.max_memory_gib, "GIB"),
         "refuse a network whose estimated peak memory per rank exceeds this [GiB]; 0: the "
         "memory available (MemAvailable / ranks on the node)")
        ("timing", flag(r.timing),
         "time every phase of the step (drive, spike exchange, each rule, recording, "
         "checkpoints) on every rank and print a table with the least and largest time over "
         "the ranks at the end (also with --quiet); -log_view lists the same phases as PETSc "
         "events");
    // clang-format on
    return d;
}

// The Boost value of a model parameter, bound to its field: the field's type decides how the
// option is parsed and shown.
struct ModelOption {
    model::ModelParams& m;
    Lists& l;
    const ParameterDescriptor& d;

    const char* value_name(const char* by_type) const {
        return d.value_name ? d.value_name : by_type;
    }
    template <class T> po::value_semantic* operator()(Field<T> field) const {
        T& v = field(m);
        if constexpr (std::is_same_v<T, bool>)
            return cli::flag(v);
        else if constexpr (std::is_same_v<T, std::string>)
            return cli::string_value(v, value_name("TEXT"));
        else if constexpr (std::is_same_v<T, model::RuleFlags>)
            return cli::list(l.freeze, "none"); // resolve_freeze() sets the flags
        else if constexpr (cli::has_words<T>::value)
            return cli::choice(v);
        else if constexpr (std::is_floating_point_v<T>)
            return cli::number(v, value_name("REAL"));
        else if constexpr (std::is_unsigned_v<T>)
            return cli::number(v, value_name("UINT"));
        else
            return cli::number(v, value_name("INT"));
    }
    po::value_semantic* operator()(Derived) const { return nullptr; }
};

po::options_description model_options(model::ModelParams& m, Lists& l, ParameterSection section,
                                      const char* caption) {
    po::options_description options = cli::section(caption);
    for (const ParameterDescriptor& d : parameter_table()) {
        if (d.section != section || !d.is_option()) continue;
        options.add_options()(d.name, std::visit(ModelOption{m, l, d}, d.field),
                              parameter_help(d).c_str());
    }
    return options;
}

po::options_description option_table(Config& c, Lists& l) {
    po::options_description all = cli::section("");
    all.add(run_options(c.run, l))
        .add(model_options(c.model, l, ParameterSection::Network, "Network"))
        .add(model_options(c.model, l, ParameterSection::Input, "Input"))
        .add(model_options(c.model, l, ParameterSection::Plasticity, "Plasticity"))
        .add(model_options(c.model, l, ParameterSection::Recording, "Recordings"));
    return all;
}

// ---- settings from the INI file -----------------------------------------------------------

using cli::Settings;

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
std::string option_for_key(const std::string& key, const std::string& section,
                           const std::string& path, const std::string& origin,
                           const po::options_description& desc) {
    std::string name = cli::lower(key);
    std::replace(name.begin(), name.end(), '_', '-');
    if (name == "config" || name == "help")
        throw ConfigError(origin + ": only allowed on the command line");
    if (!desc.find_nothrow(name, false))
        throw ConfigError("unknown key '" + shown(key) + "'" +
                          (section.empty() ? "" : " in section [" + section + "]") + " of " + path);
    return name;
}

Settings ini_settings(const std::string& path, const po::options_description& desc) {
    // Looked at before it is opened: opening a FIFO would wait for a writer forever.
    std::error_code ec;
    const std::filesystem::file_status st = std::filesystem::status(path, ec);
    if (!std::filesystem::exists(st)) throw ConfigError("--config " + path + ": no such file");
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
        // The key of messages: "run.ini:3: [Network_Config] Ne".
        const std::string origin =
            where + ": " + (section.empty() ? "" : "[" + shown(section) + "] ") + shown(key);
        cli::add(s, desc, option_for_key(key, section, path, origin, desc),
                 {trim(line.substr(eq + 1))}, origin);
    }
    return s;
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
        const std::optional<model::Rule> r = cli::find_word<model::Rule>(name);
        if (!r)
            throw ConfigError(cli::keyed("--freeze", join(names, ","),
                                         "unknown rule '" + shown(name) + "' (valid: " +
                                             cli::words<model::Rule>(", ") + ", none)"));
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
            throw ConfigError(cli::keyed("--record", join(names, ","),
                                         "unknown recording '" + shown(name) + "' (valid: " +
                                             join(recording_names(all), ", ") + ", all, none)"));
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
        throw ConfigError(
            cli::keyed("--record", join(names, ","), "needs --output (or use --record none)"));
    r.record.clear();
}

// "A:B" or "A:" with 0 <= A < B.
void resolve_record_steps(RunParams& r, const std::string& text) {
    const auto colon = text.find(':');
    auto bad = [&] {
        return ConfigError(cli::keyed("--record-steps", text, "must be A:B or A: with 0 <= A < B"));
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
        cli::store_one(name, setting, desc, scratch);
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
    cli::Arguments args = cli::parse_arguments(argc, argv, desc);
    if (args.help) {
        cl.help = true;
        return cl;
    }
    Settings& settings = args.given;
    if (const auto it = settings.find("config"); it != settings.end()) {
        Settings ini = ini_settings(it->second.values.front(), desc);
        check_overridden(ini, settings, desc);
        settings.merge(ini); // keeps command-line keys
    }
    cli::store(settings, desc);
    resolve(cl.config, lists, settings);
    cl.config.validate();
    cl.given = std::move(settings);
    return cl;
}

Config continue_from(const CommandLine& cl, const std::vector<Parameter>& saved,
                     const std::string& file, std::vector<std::string>& changes) {
    Config c;
    Lists lists;
    const po::options_description desc = option_table(c, lists);
    Settings settings;
    bool saved_file_input = false;
    for (const Parameter& p : saved) {
        // Not read back: derived (ni), or chosen by each run (freeze: --phase / --freeze).
        const ParameterDescriptor* d = find_parameter(p.name);
        if (!d || !d->read_back()) continue;
        if (p.name == "input-source" && parameter_text(p) == cli::word(model::InputSource::File)) {
            saved_file_input = true; // the input file itself is not part of the network
            continue;
        }
        settings[p.name] = {{parameter_text(p)}, file + ": /parameters/" + p.name};
    }
    if (saved_file_input && !cl.given.count("input") && !cl.given.count("input-source"))
        throw ConfigError("--state " + file +
                          ": the saved network was driven by an input file; "
                          "give --input FILE again, or --input-source none|random|uniform");
    if (cl.given.count("input")) settings.erase("input-source");
    for (const auto& [name, option] : cl.given) settings[name] = option;
    cli::store(settings, desc);
    resolve(c, lists, settings);
    c.validate();

    const std::vector<Parameter> now = model_parameters(c.model);
    for (const Parameter& before : saved) {
        const ParameterDescriptor* d = find_parameter(before.name);
        const auto it = std::find_if(now.begin(), now.end(),
                                     [&](const Parameter& p) { return p.name == before.name; });
        if (!d || it == now.end() || it->value == before.value ||
            (d->flags & ParameterDescriptor::per_run))
            continue;
        if (before.name == "ni") // derived: name the option that sets it
            throw ConfigError("--inhibitory-ratio gives ni = " + parameter_text(*it) +
                              ", which contradicts the network saved in " + file +
                              " (ni = " + parameter_text(before) + ")");
        if (d->fixed_by_saved_network())
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
