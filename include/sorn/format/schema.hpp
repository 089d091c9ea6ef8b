#pragma once
// The schema of the files sorn writes: every group, dataset and attribute of a result file, a
// checkpoint and an analysis file with its type, shape rule and when it is present, built
// from the names of format/names.hpp, io::recording_name and io::model_parameters. Printed by
// `sorn-simulate --print-schema json`; scripts/sorn_format.py reads that JSON, and
// tests/cli/test_format_doc.sh checks docs/FORMAT.md, docs/ANALYSIS.md and real files
// against it.
#include <string>
#include <vector>

#include "sorn/io/config.hpp"

namespace sorn::format {

/// The kinds of file, as bits of Object::files.
enum FileKind : unsigned { Result = 1u, Checkpoint = 2u, Analysis = 4u };

enum class ObjectKind { Group, Dataset, Attribute };

/// One group, dataset or attribute.
struct Object {
    ObjectKind kind = ObjectKind::Group;
    std::string path;     ///< absolute; for an attribute the object that carries it
    std::string name;     ///< an attribute's name ("*": any name); empty otherwise
    std::string type;     ///< "int64", "float64", "uint8", "string"; empty for a group
    std::string shape;    ///< "scalar" (attributes), "(rows + 1,)", "(T, ceil(N_e/8))"; a CSR
                          ///< group: its matrix (N_e, N_i); empty for other groups
    std::string presence; ///< "always" (whenever its parent is there), or the condition
                          ///< ("--record WEE", ...)
    std::string value;    ///< the fixed value, as JSON text ("1", "\"sorn\""), or empty
    unsigned files = 0;   ///< FileKind bits
};

/// Every object of every kind of file, in a fixed order (a group before its members). Local.
std::vector<Object> objects();

/// The model parameters with their defaults (io::model_parameters(model::ModelParams{})),
/// stored as attributes of /parameters. Local.
std::vector<io::Parameter> parameters();

/// The whole schema as one JSON document: format_version, the values of `format`, the
/// names of format/names.hpp by namespace (for scripts), the recordings, the parameters
/// (name, type, default) and every object. Local.
std::string schema_json();

/// True if argv asks for the schema (`--print-schema json`, anywhere); sets *format to the
/// word after it ("" if there is none). Local.
bool schema_requested(int argc, const char* const argv[], std::string* format);

} // namespace sorn::format
