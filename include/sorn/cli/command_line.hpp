#pragma once
// The command-line layer of every driver (sorn-simulate, sorn-analyze): Boost.PO with
// PETSc's single-dash options left out, values parsed strictly and one form for every
// message about a value, `--name = value: rule` (an INI key: `run.ini:3: [Section] key`).
// The drivers' option tables are their own (io/config.cpp, analysis/options.cpp).
#include <charconv>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <system_error>
#include <type_traits>
#include <vector>

#include <boost/program_options.hpp>

#include "sorn/error.hpp"

namespace sorn::cli {

namespace po = boost::program_options;

// ---- text ---------------------------------------------------------------------------------

std::string lower(std::string s);
std::string trim(const std::string& s);
std::string join(const std::vector<std::string>& parts, const char* sep);
/// "--record A,B --record C" and "record = A, B" both give {A, B, C} (items trimmed).
std::vector<std::string> split_list(const std::vector<std::string>& values);
/// A value echoed in a message: a 10 MB typo is shown by its start and its length.
std::string shown(const std::string& value);
/// "key = value: rule", the form of every message about a value (value clipped by shown()).
std::string keyed(const std::string& key, const std::string& value, const std::string& rule);

template <class T> std::string text(const T& v) {
    std::ostringstream s;
    s << v;
    return s.str();
}

// ---- enum words: lowercase, matched case-insensitively ------------------------------------

template <class E> struct Choice {
    const char* word;
    E value;
};
/// Specialize with `static constexpr Choice<E> list[]`: the words an enum option accepts, in
/// --help order; the first word of a value is the one written (aliases follow it).
template <class E> struct Words;

template <class E, class = void> struct has_words : std::false_type {};
template <class E> struct has_words<E, std::void_t<decltype(Words<E>::list)>> : std::true_type {};

template <class E> std::string words(const char* sep) {
    std::vector<std::string> all;
    for (const auto& c : Words<E>::list) all.emplace_back(c.word);
    return join(all, sep);
}

template <class E> const char* word(E value) {
    for (const auto& c : Words<E>::list)
        if (c.value == value) return c.word;
    throw InternalError("cli::word: an enum value has no word");
}

template <class E> std::optional<E> find_word(const std::string& w) {
    for (const auto& c : Words<E>::list)
        if (lower(w) == c.word) return c.value;
    return std::nullopt;
}

// ---- value types: Boost calls validate() on them (found by argument-dependent lookup) -----

/// A number parsed strictly, the whole text and in range: lexical_cast would wrap "-1" into
/// an unsigned seed and take "1e-400" as 0 while refusing "1e999".
template <class T> struct Number { T value; };
/// true/false, 1/0, yes/no, on/off (any case).
struct Flag {
    bool value;
};
/// One of Words<E>.
template <class E> struct Word { E value; };

/// The rule a text that is not a T breaks, e.g. "must be an integer in [0, 18446744073709551615]".
template <class T> std::string number_rule() {
    if constexpr (std::is_floating_point_v<T>)
        return "must be a number (of magnitude about 2.2e-308 to 1.8e308, or 0)";
    else
        return "must be an integer in [" + std::to_string(std::numeric_limits<T>::min()) + ", " +
               std::to_string(std::numeric_limits<T>::max()) + "]";
}

/// The whole of `s` as a T, or ConfigError(number_rule<T>()). Local.
template <class T> T parse_number(std::string s) {
    if (s.size() > 1 && s[0] == '+' && s[1] != '-') s.erase(0, 1); // from_chars takes no '+'
    T x{};
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
    if (ec != std::errc() || end != s.data() + s.size()) throw ConfigError(number_rule<T>());
    return x;
}

template <class T>
void validate(boost::any& v, const std::vector<std::string>& tokens, Number<T>*, int) {
    v = Number<T>{parse_number<T>(po::validators::get_single_string(tokens))};
}
void validate(boost::any& v, const std::vector<std::string>& tokens, Flag*, int);
template <class E>
void validate(boost::any& v, const std::vector<std::string>& tokens, Word<E>*, int) {
    const std::optional<E> e = find_word<E>(po::validators::get_single_string(tokens));
    if (!e) throw ConfigError("must be one of " + words<E>(", "));
    v = Word<E>{*e};
}

// ---- option values bound to a field; its current value is the default shown in --help ----

/// --help: 100 columns, of which at least 54 for the meaning.
po::options_description section(const std::string& caption);

po::typed_value<std::string>* string_value(std::string& field, const char* value_name);

template <class T> po::typed_value<Number<T>>* number(T& field, const char* value_name) {
    static_assert(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>);
    return po::value<Number<T>>()
        ->default_value(Number<T>{field}, text(field))
        ->value_name(value_name)
        ->notifier([&field](const Number<T>& n) { field = n.value; });
}

/// A number without a default: `field` stays empty unless the option is given.
template <class T>
po::typed_value<Number<T>>* number(std::optional<T>& field, const char* value_name) {
    return po::value<Number<T>>()->value_name(value_name)->notifier([&field](const Number<T>& n) {
        field = n.value;
    });
}

template <class E> po::typed_value<Word<E>>* choice(E& field) {
    return po::value<Word<E>>()
        ->default_value(Word<E>{field}, word(field))
        ->value_name(words<E>("|"))
        ->notifier([&field](const Word<E>& w) { field = w.value; });
}

/// "--quiet" sets the flag; "--quiet=false" (to override an INI file) and the other words of
/// Flag are accepted too, attached with '=' (the next argument is never the flag's value).
po::typed_value<Flag>* flag(bool& field);

/// A list that may be repeated: its values are joined (split later with split_list()).
po::typed_value<std::vector<std::string>>* list(std::vector<std::string>& field,
                                                const std::string& default_text);

// ---- settings: the options given, and where each came from --------------------------------

/// An option given explicitly, on the command line, in an INI file or by a saved network.
struct Given {
    std::vector<std::string> values;
    std::string origin; ///< the key of messages: "--ne", "run.ini:3: [Network_Config] Ne"
};
using Settings = std::map<std::string, Given>; ///< by option name

/// Adds `values` for option `name`; a second value of a non-list option is an error.
void add(Settings& s, const po::options_description& desc, const std::string& name,
         const std::vector<std::string>& values, const std::string& origin);

/// What the command line gave.
struct Arguments {
    bool help = false; ///< --help or -h: nothing else was checked
    Settings given;
};

/// Parses argv. Single-dash options (-log_view, -options_left 0) are PETSc's and skipped,
/// with their value; "-h" is --help and "-0.5" a value. Long options only, no abbreviations.
/// With `positional` (an option name), the first bare argument is that option's value (and
/// a PETSc option is taken to have no value when the next argument ends in ".h5"); any other
/// bare argument is an error. Throws ConfigError. Local.
Arguments parse_arguments(int argc, const char* const argv[], const po::options_description& desc,
                          const char* positional = nullptr);

/// Parses the values of one option into `vm`; ConfigError "origin = value: rule".
void store_one(const std::string& name, const Given& g, const po::options_description& desc,
               po::variables_map& vm);

/// Parses every setting, then writes every option's value (given or default) into the fields
/// the table is bound to. Throws ConfigError naming the first bad setting. Local.
void store(const Settings& settings, const po::options_description& desc);

} // namespace sorn::cli
