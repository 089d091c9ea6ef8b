#pragma once
// The file formats as one module (docs/FORMAT.md, docs/ANALYSIS.md): the name of every group,
// dataset and attribute of a result file, a checkpoint and an analysis file, the values of
// the root attribute `format`, and the one format_version. Every writer and reader uses these
// names; format/schema.hpp adds the types and shape rules and prints them all as JSON
// (`sorn-simulate --print-schema json`), which is how scripts/*.py learn them.
//
// Not here, each with its one owner: the recording names (ExcitatoryActivation, ...:
// io::recording_name) and the parameter names (ne, eta-stdp, ...: io::model_parameters).
//
// A name is one path component; format::path joins names into an absolute path:
//     format::path(group::state, state::W_ee, csr::indptr) == "/state/W_ee/indptr"
// Header-only, no dependencies.
#include <cstdint>
#include <string>
#include <string_view>

namespace sorn::format {

/// The version of the layout of every file sorn writes and reads (result files, checkpoints,
/// analysis files). A change of any name, type or shape rule of this module changes it;
/// adding an object does not (readers ignore what they do not know).
inline constexpr std::int64_t version = 1;

/// "/a/b/c" from the names a, b, c ("/" from none). Local.
template <class... Names> std::string path(const Names&... names) {
    std::string p;
    ((p += '/', p += std::string_view(names)), ...);
    return p.empty() ? std::string("/") : p;
}

/// Values of the root attribute `format`.
inline constexpr const char* result_format = "sorn";            ///< result files and checkpoints
inline constexpr const char* analysis_format = "sorn-analysis"; ///< sorn-analyze --output

/// Root attributes of every file.
namespace root {
inline constexpr const char* format = "format";                 ///< string: result_format, ...
inline constexpr const char* format_version = "format_version"; ///< int64: `version`
} // namespace root

// ---- result files (--output) and checkpoints (--checkpoint) ---------------------------------

/// The groups under the root.
namespace group {
inline constexpr const char* parameters = "parameters"; ///< one attribute per model parameter
inline constexpr const char* provenance = "provenance"; ///< attributes describing the run
inline constexpr const char* recordings = "recordings"; ///< result files only
inline constexpr const char* state = "state";           ///< the network at one step
} // namespace group

/// The attribute and members of /state.
namespace state {
inline constexpr const char* step = "step"; ///< int64 attribute
inline constexpr const char* W_ee = "W_ee"; ///< CSR group, N_e x N_e
inline constexpr const char* W_ei = "W_ei"; ///< CSR group, N_e x N_i
inline constexpr const char* W_ie = "W_ie"; ///< CSR group, N_i x N_e
inline constexpr const char* T_e = "T_e";   ///< float64 (N_e,)
inline constexpr const char* T_i = "T_i";   ///< float64 (N_i,)
inline constexpr const char* h_ip = "h_ip"; ///< float64 (N_e,)
inline constexpr const char* x = "x";       ///< uint8 (N_e,)
inline constexpr const char* y = "y";       ///< uint8 (N_i,)
} // namespace state

/// A CSR matrix group (/state/W_ee, W_ei, W_ie).
namespace csr {
inline constexpr const char* rows = "rows";       ///< int64 attribute
inline constexpr const char* cols = "cols";       ///< int64 attribute
inline constexpr const char* indptr = "indptr";   ///< int64 (rows + 1,)
inline constexpr const char* indices = "indices"; ///< int64 (nnz,)
inline constexpr const char* data = "data";       ///< float64 (nnz,)
} // namespace csr

/// The attributes and the snapshot steps of /recordings; its datasets are named by
/// io::recording_name.
namespace recordings {
inline constexpr const char* first_step = "first_step";         ///< int64: step of row 0
inline constexpr const char* record_every = "record_every";     ///< int64: snapshot interval
inline constexpr const char* snapshot_steps = "snapshot_steps"; ///< int64 (S,)
} // namespace recordings

/// The attributes of a bit-packed spike table (/recordings/ExcitatoryActivation, ...).
namespace spikes {
inline constexpr const char* units = "units";       ///< int64: N, the columns after unpacking
using recordings::first_step;                       ///< int64: step of row 0
inline constexpr const char* bitorder = "bitorder"; ///< string: `little`
inline constexpr const char* little = "little";     ///< the value of bitorder
} // namespace spikes

/// The attribute of /recordings/InputLetters (int64 (T,): the input unit of each step's letter).
namespace input_letters {
inline constexpr const char* alphabet = "alphabet"; ///< string: input unit k is its k-th letter
} // namespace input_letters

/// The datasets of a sparse snapshot series (/recordings/WEE, WEI).
namespace sparse_series {
inline constexpr const char* offset = "offset"; ///< int64 (S + 1,)
inline constexpr const char* row = "row";       ///< int64 (nnz,)
inline constexpr const char* col = "col";       ///< int64 (nnz,)
inline constexpr const char* weight = "weight"; ///< float64 (nnz,)
} // namespace sparse_series

/// The attributes of /provenance. The first seven are in every file sorn writes.
namespace provenance {
inline constexpr const char* program = "program";
inline constexpr const char* version = "version";
inline constexpr const char* git_commit = "git_commit";
inline constexpr const char* created_utc = "created_utc";
inline constexpr const char* host = "host";
inline constexpr const char* ranks = "ranks";
inline constexpr const char* command_line = "command_line";
// sorn-simulate only
inline constexpr const char* lineage = "lineage";
inline constexpr const char* config_file = "config_file";
inline constexpr const char* state_file = "state_file";
inline constexpr const char* parameter_changes = "parameter_changes";
inline constexpr const char* input_file = "input_file";
inline constexpr const char* phase = "phase";
inline constexpr const char* steps_requested = "steps_requested";
inline constexpr const char* output = "output";
inline constexpr const char* overwrite = "overwrite";
inline constexpr const char* record = "record";
using recordings::record_every;
inline constexpr const char* record_from = "record_from";
inline constexpr const char* record_to = "record_to";
inline constexpr const char* checkpoint = "checkpoint";
inline constexpr const char* checkpoint_every = "checkpoint_every";
inline constexpr const char* wall_seconds = "wall_seconds";
inline constexpr const char* recording_write_seconds = "recording_write_seconds";
inline constexpr const char* steps_per_second = "steps_per_second";
// scripts/sorn_pkg_to_h5.py only
inline constexpr const char* converted_from = "converted_from";
inline constexpr const char* template_file = "template";
} // namespace provenance

// ---- analysis files (sorn-analyze --output) --------------------------------------------------
// The scalars and datasets inside a statistic's group are named where the statistic is
// computed (src/analysis/*_statistics.cpp); format/schema.cpp lists them, and
// tests/cli/test_format_doc.sh checks that list against the files sorn-analyze writes.

namespace analysis {
/// Root attributes besides format and format_version (the last six only with spike statistics).
inline constexpr const char* input = "input";
inline constexpr const char* population = "population";
inline constexpr const char* dataset = "dataset";
using spikes::units;
inline constexpr const char* from_step = "from_step";
inline constexpr const char* to_step = "to_step";
inline constexpr const char* steps = "steps";

/// Attributes of every statistic group and of every dataset in one.
inline constexpr const char* title = "title";     ///< string attribute of a group
inline constexpr const char* meaning = "meaning"; ///< string attribute of a dataset
using recordings::first_step;                     ///< int64 attribute of a per-step dataset

/// Groups besides /provenance.
inline constexpr const char* skipped = "skipped"; ///< one string attribute per statistic
inline constexpr const char* spike_times = "spike_times";

/// The statistic groups.
inline constexpr const char* rates = "rates";
inline constexpr const char* fano = "fano";
inline constexpr const char* autocorr = "autocorr";
inline constexpr const char* isi = "isi";
inline constexpr const char* entropy = "entropy";
inline constexpr const char* correlation = "correlation";
inline constexpr const char* smoothness = "smoothness";
inline constexpr const char* avalanches = "avalanches";
inline constexpr const char* size_fit = "size_fit";         ///< subgroup of avalanches
inline constexpr const char* duration_fit = "duration_fit"; ///< subgroup of avalanches
inline constexpr const char* scaling = "scaling";           ///< subgroup of avalanches
inline constexpr const char* hamming = "hamming";
inline constexpr const char* connections = "connections";
inline constexpr const char* degrees = "degrees";
inline constexpr const char* weights = "weights";
inline constexpr const char* thresholds = "thresholds";             ///< /recordings/TE, /state/T_e
inline constexpr const char* weight_snapshots = "weight_snapshots"; ///< /recordings/WEE
inline constexpr const char* turnover = "turnover";
inline constexpr const char* lifetime_fit = "lifetime_fit"; ///< subgroup of turnover
} // namespace analysis

/// The members of /spike_times.
namespace spike_times {
inline constexpr const char* step = "step";   ///< int64 (spikes,)
inline constexpr const char* unit = "unit";   ///< int64 (spikes,)
using spikes::units;                          ///< int64 attribute
inline constexpr const char* order = "order"; ///< string attribute
} // namespace spike_times

} // namespace sorn::format
