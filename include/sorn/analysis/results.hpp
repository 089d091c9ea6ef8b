#pragma once
// The results of an analysis as a small tree: groups of named scalars (with the parameters
// they were computed with) and arrays. One tree feeds the three outputs, so they cannot
// disagree: the HDF5 analysis file (groups, attributes, datasets), the JSON document (the
// scalars) and the summary table. The tree is identical on every rank.
#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace sorn::analysis {

using ScalarValue = std::variant<std::int64_t, double, std::string>;

/// A named scalar: an HDF5 attribute of its group, a JSON member, a line of the table.
struct Scalar {
    std::string name; ///< lower_snake_case
    ScalarValue value;
    std::string meaning; ///< one line, with the unit, for the table and the docs
};

using ArrayData = std::variant<std::vector<std::int64_t>, std::vector<double>>;

/// A dataset; shape empty means 1-D of the data's length.
struct Array {
    std::string name;
    ArrayData data;
    std::string meaning;              ///< written as the dataset's attribute "meaning"
    std::vector<std::uint64_t> shape; ///< row-major; empty: {size}
    std::vector<Scalar> attributes;   ///< extra attributes (e.g. first_step)
};

struct Group {
    std::string name;  ///< HDF5 group and JSON member name
    std::string title; ///< heading of the summary table
    std::vector<Scalar> scalars;
    std::vector<Array> arrays;
    std::vector<Group> groups;

    /// Appends a scalar. Local.
    Group& scalar(std::string name, ScalarValue value, std::string meaning);
    /// Appends an array. Local.
    Array& array(std::string name, ArrayData data, std::string meaning);
    /// The scalar called name, or nullptr. Local.
    const Scalar* find(const std::string& name) const;
    /// The array called name, or nullptr. Local.
    const Array* find_array(const std::string& name) const;
    /// The subgroup called name, or nullptr. Local.
    const Group* find_group(const std::string& name) const;
    /// A numeric scalar as double; throws InternalError if missing or a string. Local.
    double number(const std::string& name) const;
};

struct Results {
    std::vector<Scalar> header; ///< root attributes: input, population, window, ...
    std::vector<Group> groups;
    /// Statistics not computed, with the reason (e.g. the dataset they need is missing).
    std::vector<std::pair<std::string, std::string>> skipped;

    /// The group called name, or nullptr. Local.
    const Group* find(const std::string& name) const;
};

} // namespace sorn::analysis
