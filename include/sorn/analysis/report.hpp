#pragma once
// Text forms of the results: JSON of the scalars (for scripts) and the summary table (for
// people). Both are local functions of the result tree, which is identical on every rank.
#include <string>

#include "sorn/analysis/results.hpp"

namespace sorn::analysis {

/// {"<header>": ..., "<group>": {"<scalar>": value, "<subgroup>": {...}}, "skipped": {...}}.
/// Doubles are printed with 17 significant digits (they read back bit for bit); NaN and
/// infinities become null. Local.
std::string results_json(const Results& results);

/// A readable table: one heading per group, one line per scalar with its meaning. Local.
std::string summary_table(const Results& results);

} // namespace sorn::analysis
