#include "sorn/cli/command_line.hpp"

#include <algorithm>
#include <cctype>

namespace sorn::cli {

// ---- text ---------------------------------------------------------------------------------

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

std::vector<std::string> split_list(const std::vector<std::string>& values) {
    std::vector<std::string> items;
    for (const std::string& v : values) {
        std::istringstream s(v);
        for (std::string item; std::getline(s, item, ',');) items.push_back(trim(item));
    }
    return items;
}

std::string shown(const std::string& value) {
    constexpr std::size_t most = 60;
    if (value.size() <= most) return value;
    return value.substr(0, most) + "... (" + std::to_string(value.size()) + " characters)";
}

std::string keyed(const std::string& key, const std::string& value, const std::string& rule) {
    return key + " = " + shown(value) + ": " + rule;
}

// ---- value types --------------------------------------------------------------------------

void validate(boost::any& v, const std::vector<std::string>& tokens, Flag*, int) {
    const std::string s = lower(trim(po::validators::get_single_string(tokens, true)));
    if (s.empty() || s == "true" || s == "1" || s == "yes" || s == "on")
        v = Flag{true};
    else if (s == "false" || s == "0" || s == "no" || s == "off")
        v = Flag{false};
    else
        throw ConfigError("must be true or false (or 1/0, yes/no, on/off)");
}

// ---- option values ------------------------------------------------------------------------

po::options_description section(const std::string& caption) {
    constexpr unsigned width = 100, meaning_width = 54;
    return po::options_description(caption, width, meaning_width);
}

po::typed_value<std::string>* string_value(std::string& field, const char* value_name) {
    return po::value<std::string>(&field)->default_value(field, field)->value_name(value_name);
}

po::typed_value<Flag>* flag(bool& field) {
    return po::value<Flag>()
        ->default_value(Flag{field}, field ? "true" : "false")
        ->implicit_value(Flag{true}, "true")
        ->value_name("BOOL")
        ->notifier([&field](const Flag& f) { field = f.value; });
}

// composing() marks an option that may be repeated.
po::typed_value<std::vector<std::string>>* list(std::vector<std::string>& field,
                                                const std::string& default_text) {
    return po::value(&field)->default_value(field, default_text)->composing()->value_name("LIST");
}

// ---- settings -----------------------------------------------------------------------------

void add(Settings& s, const po::options_description& desc, const std::string& name,
         const std::vector<std::string>& values, const std::string& origin) {
    auto [it, fresh] = s.try_emplace(name, Given{{}, origin});
    if (!fresh && !desc.find(name, false).semantic()->is_composing())
        throw ConfigError(origin + ": given more than once");
    it->second.values.insert(it->second.values.end(), values.begin(), values.end());
}

namespace {

bool petsc_option(const std::string& a) {
    return a.size() >= 2 && a[0] == '-' && std::isalpha(static_cast<unsigned char>(a[1]));
}

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// PETSc reads its single-dash options from argv itself: skip them and their value (the next
// argument, unless it is an option, or looks like the driver's positional file).
std::vector<std::string> boost_arguments(int argc, const char* const argv[], bool positional) {
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "-h") {
            args.emplace_back("--help");
        } else if (!petsc_option(a)) {
            args.push_back(a);
        } else if (i + 1 < argc) {
            const std::string next = argv[i + 1];
            if (!petsc_option(next) && next.rfind("--", 0) != 0 &&
                !(positional && ends_with(next, ".h5")))
                ++i; // the PETSc option's value
        }
    }
    return args;
}

po::parsed_options parse_tokens(const std::vector<std::string>& args,
                                const po::options_description& desc) {
    // No short options and no abbreviations: "-0.5" stays a value, "--eta" is not "--eta-ip".
    namespace style = po::command_line_style;
    try {
        return po::command_line_parser(args)
            .options(desc)
            .style(style::allow_long | style::long_allow_adjacent | style::long_allow_next)
            .allow_unregistered()
            .run();
    } catch (const po::invalid_command_line_syntax& e) {
        if (e.kind() == po::invalid_syntax::missing_parameter)
            throw ConfigError("missing value for option '" + e.get_option_name() + "'");
        throw ConfigError(e.what());
    } catch (const po::error& e) {
        throw ConfigError(e.what());
    }
}

// Boost takes the "--nu" of "--ne --nu 5" as the value of --ne; "--ne=--x" stays a value.
bool takes_next_option(const po::option& o) {
    return o.original_tokens.size() > 1 && !o.value.empty() && o.value.front().rfind("--", 0) == 0;
}

// A flag's value is optional and must be attached ("--json=false"): Boost would take the
// next argument ("--json run.h5") as its value, so a bare flag is given its value here.
void attach_flag_values(std::vector<std::string>& args, const po::options_description& desc) {
    for (std::string& a : args) {
        if (a.rfind("--", 0) != 0 || a.find('=') != std::string::npos) continue;
        const po::option_description* d = desc.find_nothrow(a.substr(2), false);
        if (d && dynamic_cast<const po::typed_value<Flag>*>(d->semantic().get())) a += "=true";
    }
}

} // namespace

Arguments parse_arguments(int argc, const char* const argv[], const po::options_description& desc,
                          const char* positional) {
    std::vector<std::string> args = boost_arguments(argc, argv, positional != nullptr);
    attach_flag_values(args, desc);
    const po::parsed_options parsed = parse_tokens(args, desc);
    Arguments a;
    if (std::any_of(parsed.options.begin(), parsed.options.end(),
                    [](const po::option& o) { return o.string_key == "help"; })) {
        a.help = true;
        return a;
    }
    for (const po::option& o : parsed.options) {
        if (o.string_key.empty()) {
            const std::string& token = o.original_tokens.front();
            if (!positional || a.given.count(positional))
                throw ConfigError("unexpected argument '" + shown(token) + "'");
            add(a.given, desc, positional, {token}, "--" + std::string(positional));
            continue;
        }
        const std::string option = "--" + o.string_key;
        if (o.unregistered) throw ConfigError("unknown option '" + shown(option) + "'");
        if (takes_next_option(o)) {
            const std::string& next = o.value.front();
            throw ConfigError("missing value for option '" + option + "' (before '" +
                              shown(next.substr(0, next.find('='))) + "')");
        }
        add(a.given, desc, o.string_key, o.value, option);
    }
    return a;
}

void store_one(const std::string& name, const Given& g, const po::options_description& desc,
               po::variables_map& vm) {
    po::parsed_options one(&desc);
    one.options.emplace_back(name, g.values);
    try {
        po::store(one, vm);
    } catch (const ConfigError& e) {
        throw ConfigError(keyed(g.origin, join(g.values, ","), e.what()));
    } catch (const po::error& e) {
        throw ConfigError(keyed(g.origin, join(g.values, ","), e.what()));
    }
}

void store(const Settings& settings, const po::options_description& desc) {
    po::variables_map vm;
    for (const auto& [name, g] : settings) store_one(name, g, desc, vm);
    po::store(po::parsed_options(&desc), vm); // the defaults of the options not given
    po::notify(vm);                           // writes every value into its field
}

} // namespace sorn::cli
