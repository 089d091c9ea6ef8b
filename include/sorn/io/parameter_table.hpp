#pragma once
// Every model parameter, once: its option name (which is also its attribute name in
// /parameters), its ModelParams field and so its type and default (the field's in-class
// initializer), its help text, and whether a saved network fixes it. Everything else derives
// from this table: the sorn-simulate options and --help (io/config.cpp), /parameters
// (model_parameters, read_parameters), the --state merge (continue_from) and
// the "parameters" of --print-schema json, which the Python converter reads (parameters_json).
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "sorn/cli/command_line.hpp"
#include "sorn/model/params.hpp"

namespace sorn::cli {

// The words of the model's enum options; "Sparse" (the package's spelling) matches "sparse".
template <> struct Words<model::ConnectionType> {
    static constexpr Choice<model::ConnectionType> list[] = {
        {"sparse", model::ConnectionType::Sparse}, {"dense", model::ConnectionType::Dense}};
};
template <> struct Words<model::EeDegree> {
    static constexpr Choice<model::EeDegree> list[] = {{"bernoulli", model::EeDegree::Bernoulli},
                                                       {"package", model::EeDegree::Package}};
};
template <> struct Words<model::EiDegree> {
    static constexpr Choice<model::EiDegree> list[] = {{"bernoulli", model::EiDegree::Bernoulli},
                                                       {"package", model::EiDegree::Package}};
};
template <> struct Words<model::InitialActivity> {
    static constexpr Choice<model::InitialActivity> list[] = {
        {"zero", model::InitialActivity::Zero},
        {"random", model::InitialActivity::Random},
        {"random-e", model::InitialActivity::RandomE}};
};
template <> struct Words<model::InitialThresholds> {
    static constexpr Choice<model::InitialThresholds> list[] = {
        {"random", model::InitialThresholds::Random},
        {"ordered", model::InitialThresholds::Ordered}};
};
template <> struct Words<model::ThresholdComparison> {
    static constexpr Choice<model::ThresholdComparison> list[] = {
        {"gt", model::ThresholdComparison::Greater},
        {"ge", model::ThresholdComparison::GreaterEqual}};
};
template <> struct Words<model::NoiseDistribution> {
    static constexpr Choice<model::NoiseDistribution> list[] = {
        {"gaussian", model::NoiseDistribution::Gaussian},
        {"uniform", model::NoiseDistribution::Uniform}};
};
template <> struct Words<model::SpScaling> {
    static constexpr Choice<model::SpScaling> list[] = {{"none", model::SpScaling::None},
                                                        {"dpt17", model::SpScaling::Dpt17}};
};
template <> struct Words<model::IstdpBound> {
    static constexpr Choice<model::IstdpBound> list[] = {{"clip", model::IstdpBound::Clip},
                                                         {"reset", model::IstdpBound::Reset}};
};
// "file" is what --input FILE selects.
template <> struct Words<model::InputSource> {
    static constexpr Choice<model::InputSource> list[] = {{"none", model::InputSource::None},
                                                          {"random", model::InputSource::Random},
                                                          {"uniform", model::InputSource::Uniform},
                                                          {"words", model::InputSource::Words},
                                                          {"file", model::InputSource::File}};
};
template <> struct Words<model::InputMapping> {
    static constexpr Choice<model::InputMapping> list[] = {
        {"feature", model::InputMapping::Feature}, {"pool", model::InputMapping::Pool}};
};
template <> struct Words<model::SpSampling> {
    static constexpr Choice<model::SpSampling> list[] = {{"row", model::SpSampling::Row},
                                                         {"pair", model::SpSampling::Pair}};
};
template <> struct Words<model::CountTiming> {
    static constexpr Choice<model::CountTiming> list[] = {{"after", model::CountTiming::After},
                                                          {"before", model::CountTiming::Before}};
};
template <> struct Words<model::IpTarget> {
    static constexpr Choice<model::IpTarget> list[] = {{"mu", model::IpTarget::Mu},
                                                       {"package", model::IpTarget::Package}};
};
// The --freeze names, in Rule order; "sn" (synaptic normalization) is an alias of "ss"
// (synaptic scaling).
template <> struct Words<model::Rule> {
    static constexpr Choice<model::Rule> list[] = {
        {"stdp", model::Rule::Stdp},   {"ip", model::Rule::Ip}, {"sp", model::Rule::Sp},
        {"istdp", model::Rule::Istdp}, {"ss", model::Rule::Sn}, {"sn", model::Rule::Sn}};
};

} // namespace sorn::cli

namespace sorn::io {

/// A field of ModelParams reached from the whole, e.g. m.network.lambda_ee.
template <class T> using Field = T& (*)(model::ModelParams&);
/// A parameter computed from others (ni): stored in /parameters, not an option.
using Derived = std::int64_t (*)(const model::ModelParams&);

/// What a descriptor refers to; the field's type is the parameter's type.
using FieldRef =
    std::variant<Field<double>, Field<Index>, Field<std::uint64_t>, Field<bool>, Field<std::string>,
                 Field<model::ConnectionType>, Field<model::EeDegree>, Field<model::EiDegree>,
                 Field<model::InitialActivity>, Field<model::InputSource>,
                 Field<model::InputMapping>, Field<model::IpTarget>, Field<model::SpSampling>,
                 Field<model::CountTiming>, Field<model::InitialThresholds>,
                 Field<model::ThresholdComparison>, Field<model::NoiseDistribution>,
                 Field<model::SpScaling>, Field<model::IstdpBound>, Field<model::RuleFlags>,
                 Derived>;

/// The --help section an option is listed in.
enum class ParameterSection { Network, Input, Plasticity, Recording };

/// How a parameter is stored in /parameters: float64, int64 (integers and 0/1 flags) or a
/// string (the seed in decimal, words, names).
enum class ParameterType { Real, Integer, Text };

struct ParameterDescriptor {
    /// Flags.
    static constexpr unsigned fixed = 1;   ///< a saved network fixes it (--state may not change it)
    static constexpr unsigned unsaved = 2; ///< not in /parameters (not part of the network)
    static constexpr unsigned per_run = 4; ///< in /parameters, but each run chooses it anew
    /// In /parameters only when it differs from its default, so that files written before
    /// the option existed, and runs that leave it alone, keep the /parameters of format
    /// version 1; a file without it has the default.
    static constexpr unsigned optional = 8;

    const char* name; ///< the option without "--" and the attribute in /parameters
    FieldRef field;
    ParameterSection section;
    unsigned flags;
    const char* help;                 ///< "{words}" stands for the enum's words
    const char* value_name = nullptr; ///< in --help; nullptr: from the type (REAL, INT, ...)

    bool is_option() const { return !std::holds_alternative<Derived>(field); }
    bool saved() const { return (flags & unsaved) == 0; }
    /// Read back by --state as the next run's default.
    bool read_back() const { return saved() && is_option() && (flags & per_run) == 0; }
    bool fixed_by_saved_network() const { return (flags & fixed) != 0; }
    /// /parameters may lack it (then it has its default).
    bool optional_attribute() const { return (flags & optional) != 0; }
    ParameterType type() const;
};

/// Every model parameter, in the order of /parameters and of --help. Local.
const std::vector<ParameterDescriptor>& parameter_table();
/// The descriptor named `name`, or nullptr. Local.
const ParameterDescriptor* find_parameter(const std::string& name);
/// The help text with "{words}" replaced by the enum's words. Local.
std::string parameter_help(const ParameterDescriptor& d);

/// One model parameter under its option name, for the output file's attributes.
struct Parameter {
    std::string name;
    std::variant<double, std::int64_t, std::string> value;
};
/// Every saved parameter of the model (not of the run), named as on the command line, in
/// table order, optional ones included. Local.
std::vector<Parameter> model_parameters(const model::ModelParams& m);
/// What /parameters holds: model_parameters() without the optional parameters that have
/// their default value. Local.
std::vector<Parameter> stored_parameters(const model::ModelParams& m);

/// A parameter's value as text that parses back to exactly the same value.
std::string parameter_text(const Parameter& p);

/// The table as a JSON array, one object per parameter of /parameters: its name, stored type,
/// kind, default, words, whether it is an option, whether a saved network fixes it, whether it
/// is optional (stored only when not at its default), and its help. The "parameters" of
/// `sorn-simulate --print-schema json` (format/schema.hpp), which the Python scripts read.
/// Every line after the first starts with `indent`. Local.
std::string parameters_json(const std::string& indent = "");

} // namespace sorn::io
