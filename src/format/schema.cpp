#include "sorn/format/schema.hpp"

#include <cstdio>
#include <cstring>
#include <type_traits>
#include <utility>
#include <variant>

#include "sorn/format/names.hpp"
#include "sorn/io/parameter_table.hpp"

namespace sorn::format {

namespace {

constexpr unsigned saved = Result | Checkpoint; // files holding a saved network
constexpr const char* i64 = "int64";
constexpr const char* f64 = "float64";
constexpr const char* u8 = "uint8";
constexpr const char* str = "string";
constexpr const char* always = "always";

// ---- JSON text ------------------------------------------------------------------------------

std::string quoted(const std::string& s) {
    std::string q = "\"";
    for (const unsigned char c : s) {
        if (c == '"' || c == '\\') {
            q += '\\';
            q += static_cast<char>(c);
        } else if (c < 0x20) {
            char e[8];
            std::snprintf(e, sizeof e, "\\u%04x", c);
            q += e;
        } else {
            q += static_cast<char>(c);
        }
    }
    return q + "\"";
}

const char* type_of(const io::Parameter& p) {
    if (std::holds_alternative<double>(p.value)) return f64;
    if (std::holds_alternative<std::int64_t>(p.value)) return i64;
    return str;
}

// ---- the objects ----------------------------------------------------------------------------

class Builder {
public:
    void group(unsigned files, const std::string& path, const std::string& presence = always,
               const std::string& shape = "") {
        add({ObjectKind::Group, path, "", "", shape, presence, "", files});
    }
    void dataset(unsigned files, const std::string& path, const char* type,
                 const std::string& shape, const std::string& presence = always) {
        add({ObjectKind::Dataset, path, "", type, shape, presence, "", files});
    }
    void attribute(unsigned files, const std::string& path, const std::string& name,
                   const char* type, const std::string& presence = always,
                   const std::string& value = "") {
        add({ObjectKind::Attribute, path, name, type, "scalar", presence, value, files});
    }
    std::vector<Object> take() { return std::move(objects_); }

private:
    void add(Object o) { objects_.push_back(std::move(o)); }
    std::vector<Object> objects_;
};

struct Member {
    const char* name;
    const char* type;
    const char* shape = nullptr;    ///< datasets only
    bool per_step = false;          ///< datasets: attribute first_step
    const char* presence = nullptr; ///< nullptr: whenever the group is there
};

// A statistic group of an analysis file: attribute title, its scalars (attributes) and
// datasets (each with the attribute meaning).
void statistic(Builder& b, const std::string& path, const std::string& presence,
               std::initializer_list<Member> scalars, const std::vector<Member>& arrays = {}) {
    b.group(Analysis, path, presence);
    b.attribute(Analysis, path, analysis::title, str);
    for (const Member& m : scalars)
        b.attribute(Analysis, path, m.name, m.type, m.presence ? m.presence : always);
    for (const Member& m : arrays) {
        const std::string d = path + "/" + m.name;
        b.dataset(Analysis, d, m.type, m.shape, m.presence ? m.presence : always);
        b.attribute(Analysis, d, analysis::meaning, str);
        if (m.per_step) b.attribute(Analysis, d, analysis::first_step, i64);
    }
}

// A CSR group; its shape is the matrix's (rows, cols).
void csr_matrix(Builder& b, const char* name, const std::string& shape) {
    const std::string g = path(group::state, name);
    b.group(saved, g, always, shape);
    b.attribute(saved, g, csr::rows, i64);
    b.attribute(saved, g, csr::cols, i64);
    b.dataset(saved, path(group::state, name, csr::indptr), i64, "(rows + 1,)");
    b.dataset(saved, path(group::state, name, csr::indices), i64, "(nnz,)");
    b.dataset(saved, path(group::state, name, csr::data), f64, "(nnz,)");
}

// Which population a recording's rows or columns hold, and how it is stored.
struct RecordingKind {
    const char* kind;       ///< "spikes", "counts", "snapshots", "sparse_series", "letters"
    const char* population; ///< "E", "I", "R" (spikes, snapshots), or ""
    const char* matrix;     ///< "W_ee", "W_ei" (counts, sparse series), or ""
};

RecordingKind kind_of(io::Recording r) {
    using R = io::Recording;
    switch (r) {
    case R::ExcitatoryActivation: return {"spikes", "E", ""};
    case R::InhibitoryActivation: return {"spikes", "I", ""};
    case R::RecurrentActivation: return {"spikes", "R", ""};
    case R::EEConnectionCounts: return {"counts", "", state::W_ee};
    case R::EIConnectionCounts: return {"counts", "", state::W_ei};
    case R::TE: return {"snapshots", "E", ""};
    case R::TI: return {"snapshots", "I", ""};
    case R::WEE: return {"sparse_series", "", state::W_ee};
    case R::WEI: return {"sparse_series", "", state::W_ei};
    case R::InputLetters: return {"letters", "", ""};
    }
    return {"", "", ""};
}

const char* units_of(const char* population) {
    return std::strcmp(population, "I") == 0 ? "N_i" : "N_e";
}

void recordings(Builder& b) {
    const std::string rec = path(group::recordings);
    b.group(Result, rec);
    b.attribute(Result, rec, recordings::first_step, i64);
    b.attribute(Result, rec, recordings::record_every, i64);
    std::string snapshot_names;
    for (io::Recording r : io::all_recordings()) {
        const std::string name = io::recording_name(r);
        const std::string d = path(group::recordings, name), when = "--record " + name;
        const RecordingKind k = kind_of(r);
        const std::string N = units_of(k.population);
        if (std::strcmp(k.kind, "spikes") == 0) {
            b.dataset(Result, d, u8, "(T, ceil(" + N + "/8))", when);
            b.attribute(Result, d, spikes::units, i64);
            b.attribute(Result, d, spikes::first_step, i64);
            b.attribute(Result, d, spikes::bitorder, str, always, quoted(spikes::little));
        } else if (std::strcmp(k.kind, "counts") == 0) {
            b.dataset(Result, d, i64, "(T,)", when);
        } else if (std::strcmp(k.kind, "letters") == 0) {
            const std::string with = when + " with --input-source words";
            b.dataset(Result, d, i64, "(T,)", with);
            b.attribute(Result, d, input_letters::alphabet, str);
        } else if (std::strcmp(k.kind, "snapshots") == 0) {
            b.dataset(Result, d, f64, "(S, " + N + ")", when);
            snapshot_names += (snapshot_names.empty() ? "" : ", ") + name;
        } else {
            b.group(Result, d, when);
            b.dataset(Result, path(group::recordings, name, sparse_series::offset), i64, "(S + 1,)",
                      when);
            b.dataset(Result, path(group::recordings, name, sparse_series::row), i64, "(nnz,)",
                      when);
            b.dataset(Result, path(group::recordings, name, sparse_series::col), i64, "(nnz,)",
                      when);
            b.dataset(Result, path(group::recordings, name, sparse_series::weight), f64, "(nnz,)",
                      when);
            snapshot_names += (snapshot_names.empty() ? "" : ", ") + name;
        }
    }
    b.dataset(Result, path(group::recordings, recordings::snapshot_steps), i64, "(S,)",
              "any of " + snapshot_names + " recorded");
}

// The attributes of /provenance that every file sorn writes holds.
void program_provenance(Builder& b, unsigned files) {
    const std::string p = path(group::provenance);
    b.group(files, p);
    for (const char* name : {provenance::program, provenance::version, provenance::git_commit,
                             provenance::created_utc, provenance::host})
        b.attribute(files, p, name, str);
    b.attribute(files, p, provenance::ranks, i64);
    b.attribute(files, p, provenance::command_line, str);
}

void saved_network(Builder& b) {
    b.group(saved, "/");
    b.attribute(saved, "/", root::format, str, always, quoted(result_format));
    b.attribute(saved, "/", root::format_version, i64, always, std::to_string(version));

    const std::string params = path(group::parameters);
    b.group(saved, params);
    for (const io::Parameter& q : parameters())
        b.attribute(saved, params, q.name, type_of(q),
                    io::find_parameter(q.name)->optional_attribute()
                        ? "when not at its default (absent: the default)"
                        : always);

    program_provenance(b, saved);
    const std::string p = path(group::provenance);
    for (const char* name :
         {provenance::lineage, provenance::config_file, provenance::state_file,
          provenance::parameter_changes, provenance::input_file, provenance::phase})
        b.attribute(saved, p, name, str);
    b.attribute(saved, p, provenance::steps_requested, i64);
    b.attribute(saved, p, provenance::output, str);
    b.attribute(saved, p, provenance::overwrite, i64);
    b.attribute(saved, p, provenance::record, str);
    for (const char* name :
         {provenance::record_every, provenance::record_from, provenance::record_to})
        b.attribute(saved, p, name, i64);
    b.attribute(saved, p, provenance::checkpoint, str);
    b.attribute(saved, p, provenance::checkpoint_every, i64);
    b.attribute(saved, p, provenance::wall_seconds, f64);
    b.attribute(Result, p, provenance::recording_write_seconds, f64);
    b.attribute(saved, p, provenance::steps_per_second, f64);
    const char* converted = "written by scripts/sorn_pkg_to_h5.py";
    b.attribute(Checkpoint, p, provenance::converted_from, str, converted);
    b.attribute(Checkpoint, p, provenance::template_file, str, converted);

    recordings(b);

    const std::string s = path(group::state);
    b.group(saved, s);
    b.attribute(saved, s, state::step, i64);
    csr_matrix(b, state::W_ee, "(N_e, N_e)");
    csr_matrix(b, state::W_ei, "(N_e, N_i)");
    csr_matrix(b, state::W_ie, "(N_i, N_e)");
    b.dataset(saved, path(group::state, state::T_e), f64, "(N_e,)");
    b.dataset(saved, path(group::state, state::T_i), f64, "(N_i,)");
    b.dataset(saved, path(group::state, state::h_ip), f64, "(N_e,)");
    b.dataset(saved, path(group::state, state::x), u8, "(N_e,)");
    b.dataset(saved, path(group::state, state::y), u8, "(N_i,)");
}

// The scalars and datasets of each statistic: named in src/analysis/*_statistics.cpp, where
// they are computed (they are also the JSON members and the summary table's rows);
// tests/cli/test_format_doc.sh checks this list against the files sorn-analyze writes.
void analysis_file(Builder& b) {
    namespace A = analysis;
    const char* spike_stats = "with spike statistics";
    b.group(Analysis, "/");
    b.attribute(Analysis, "/", root::format, str, always, quoted(analysis_format));
    b.attribute(Analysis, "/", root::format_version, i64, always, std::to_string(version));
    b.attribute(Analysis, "/", A::input, str);
    b.attribute(Analysis, "/", A::population, str, spike_stats);
    b.attribute(Analysis, "/", A::dataset, str, spike_stats);
    for (const char* name : {A::units, A::from_step, A::to_step, A::steps})
        b.attribute(Analysis, "/", name, i64, spike_stats);
    program_provenance(b, Analysis);
    const char* not_computed = "a statistic not computed";
    b.group(Analysis, path(A::skipped), not_computed);
    b.attribute(Analysis, path(A::skipped), "*", str,
                "one per statistic not computed, named after it");

    const std::string times = path(A::spike_times);
    b.group(Analysis, times, "with spike statistics, without --no-spike-times");
    b.attribute(Analysis, times, spike_times::units, i64);
    b.attribute(Analysis, times, spike_times::order, str);
    b.dataset(Analysis, path(A::spike_times, spike_times::step), i64, "(spikes,)");
    b.dataset(Analysis, path(A::spike_times, spike_times::unit), i64, "(spikes,)");

    const std::string computed = "computed (--stats)";
    statistic(b, path(A::rates), computed,
              {{"bin_size", i64},
               {"total_spikes", i64},
               {"mean_rate", f64},
               {"rate_std", f64},
               {"rate_min", f64},
               {"rate_median", f64},
               {"rate_max", f64},
               {"mean_spikes_per_bin", f64},
               {"silent_units", i64},
               {"mean_activity", f64},
               {"activity_std", f64},
               {"activity_max", f64}},
              {{"spike_count", i64, "(N,)"},
               {"rate", f64, "(N,)"},
               {"spikes_per_bin", f64, "(N,)"},
               {"network_activity", i64, "(W,)", true},
               {"network_rate", f64, "(W,)", true},
               {"network_rate_binned", f64, "(floor(W/B),)", true},
               {"histogram_edges", f64, "(K + 1,)"},
               {"histogram_counts", i64, "(K,)"}});
    statistic(b, path(A::fano), computed,
              {{"window", i64},
               {"windows", i64},
               {"mean", f64},
               {"std", f64},
               {"min", f64},
               {"median", f64},
               {"max", f64},
               {"units_defined", i64},
               {"units_undefined", i64}},
              {{"fano_factor", f64, "(N,)"},
               {"histogram_edges", f64, "(K + 1,)"},
               {"histogram_counts", i64, "(K,)"}});
    statistic(b, path(A::autocorr), computed, {{"max_lag", i64}, {"lag1", f64}},
              {{"lag", i64, "(L,)"}, {"autocorr", f64, "(L,)"}});
    statistic(b, path(A::isi), computed,
              {{"count", i64},
               {"mean", f64},
               {"std", f64},
               {"cv", f64},
               {"geometric_p", f64},
               {"exponential_rate", f64},
               {"ks_distance", f64}},
              {{"histogram", i64, "(max ISI + 1,)"}, {"fit_expected", f64, "(max ISI + 1,)"}});
    statistic(b, path(A::entropy), computed, {{"spike_source_entropy", f64}});
    const char* sampled = "method = sampled";
    statistic(b, path(A::correlation), computed,
              {{"method", str},
               {"exact_max", i64},
               {"seed", str},
               {"pairs", i64},
               {"pairs_used", i64},
               {"pairs_undefined", i64},
               {"mean", f64},
               {"std", f64},
               {"mean_stderr", f64}},
              {{"subset_units", i64, "(M,)"},
               {"subset_matrix", f64, "(M, M)"},
               {"histogram_edges", f64, "(K + 1,)"},
               {"histogram_counts", i64, "(K,)"},
               {"pair_a", i64, "(P,)", false, sampled},
               {"pair_b", i64, "(P,)", false, sampled},
               {"pair_r", f64, "(P,)", false, sampled}});
    statistic(
        b, path(A::smoothness), computed,
        {{"scale_dependent", f64}, {"scale_independent", f64}, {"package_scale_independent", f64}});
    statistic(b, path(A::avalanches), computed,
              {{"threshold", i64},
               {"threshold_rule", str},
               {"mean_activity", f64},
               {"count", i64},
               {"truncated", i64},
               {"mean_size", f64},
               {"mean_duration", f64},
               {"size_definition", str},
               {"bin_steps", i64},
               {"runs", i64}},
              {{"start_step", i64, "(A,)"},
               {"size", i64, "(A,)"},
               {"duration", i64, "(A,)"},
               {"run", i64, "(A,)", false, "with --pool"}});
    // A power-law fit with its alternatives (avalanche_statistics.cpp tail_fit_group).
    const auto fit_group = [&](const std::string& at, bool curves) {
        statistic(b, at, computed,
                  {{"fitted", i64},
                   {"alpha", f64},
                   {"alpha_stderr", f64},
                   {"alpha_at_bound", i64},
                   {"xmin", i64},
                   {"ks_distance", f64},
                   {"n", i64},
                   {"n_tail", i64},
                   {"xmin_candidates", i64},
                   {"min_tail", i64},
                   {"xmax", i64},
                   {"truncated_alpha", f64},
                   {"truncated_lambda", f64},
                   {"lr_truncated", f64},
                   {"lr_truncated_p", f64},
                   {"exponential_lambda", f64},
                   {"lr_exponential", f64},
                   {"lr_exponential_normalized", f64},
                   {"lr_exponential_p", f64},
                   {"lognormal_mu", f64},
                   {"lognormal_sigma", f64},
                   {"lr_lognormal", f64},
                   {"lr_lognormal_normalized", f64},
                   {"lr_lognormal_p", f64},
                   {"bootstrap_replicates", i64},
                   {"bootstrap_seed", str},
                   {"bootstrap_p", f64}},
                  curves ? std::vector<Member>{{"ccdf_value", i64, "(V,)"},
                                               {"ccdf", f64, "(V,)"},
                                               {"fit_ccdf", f64, "(V,)"}}
                         : std::vector<Member>{});
    };
    for (const char* fit : {A::size_fit, A::duration_fit})
        fit_group(path(A::avalanches, fit), true);
    statistic(b, path(A::avalanches, A::scaling), computed,
              {{"gamma", f64},
               {"gamma_stderr", f64},
               {"duration_min", i64},
               {"duration_max", i64},
               {"durations_used", i64},
               {"crackling_prediction", f64}},
              {{"duration", i64, "(D,)"}, {"mean_size", f64, "(D,)"}});
    statistic(b, path(A::hamming), "computed (--compare)",
              {{"compare_file", str},
               {"mean", f64},
               {"max", i64},
               {"final", i64},
               {"first_difference_step", i64}},
              {{"distance", i64, "(W,)", true}});
    const char* ee = "with /recordings/EEConnectionCounts";
    const char* ei = "with /recordings/EIConnectionCounts";
    statistic(b, path(A::connections), computed,
              {{A::first_step, i64},
               {"last_step", i64},
               {"ee_first", i64, nullptr, false, ee},
               {"ee_last", i64, nullptr, false, ee},
               {"ee_mean", f64, nullptr, false, ee},
               {"ee_min", f64, nullptr, false, ee},
               {"ee_max", f64, nullptr, false, ee},
               {"ei_first", i64, nullptr, false, ei},
               {"ei_last", i64, nullptr, false, ei},
               {"ei_mean", f64, nullptr, false, ei},
               {"ei_min", f64, nullptr, false, ei},
               {"ei_max", f64, nullptr, false, ei}},
              {{"ee_count", i64, "(C,)", true, ee}, {"ei_count", i64, "(C,)", true, ei}});
    statistic(b, path(A::degrees), computed,
              {{"source", str},
               {A::units, i64},
               {"synapses", i64},
               {"mean_in_degree", f64},
               {"std_in_degree", f64},
               {"max_in_degree", f64},
               {"mean_out_degree", f64},
               {"std_out_degree", f64},
               {"max_out_degree", f64}},
              {{"in_degree", i64, "(N_e,)"},
               {"out_degree", i64, "(N_e,)"},
               {"in_degree_histogram", i64, "(max in-degree + 1,)"},
               {"out_degree_histogram", i64, "(max out-degree + 1,)"}});
    statistic(b, path(A::weights), computed,
              {{"source", str},
               {"count", i64},
               {"mean", f64},
               {"std", f64},
               {"min", f64},
               {"median", f64},
               {"max", f64},
               {"nonpositive", i64},
               {"lognormal_mu", f64},
               {"lognormal_sigma", f64},
               {"lognormal_ks_distance", f64},
               {"lognormal_median", f64},
               {"lognormal_mode", f64}},
              {{"histogram_edges", f64, "(K + 1,)"},
               {"histogram_counts", i64, "(K,)"},
               {"lognormal_expected", f64, "(K,)"},
               {"linear_histogram_edges", f64, "(K + 1,)"},
               {"linear_histogram_counts", i64, "(K,)"}});
    const char* te = "with /recordings/TE";
    const char* final_te = "with /state/T_e";
    statistic(b, path(A::thresholds), computed,
              {{"snapshots", i64},
               {"final_step", i64, nullptr, false, final_te},
               {"final_mean", f64, nullptr, false, final_te},
               {"final_std", f64, nullptr, false, final_te},
               {"final_min", f64, nullptr, false, final_te},
               {"final_median", f64, nullptr, false, final_te},
               {"final_max", f64, nullptr, false, final_te}},
              {{"snapshot_step", i64, "(S,)", false, te},
               {"snapshot_count", i64, "(S,)", false, te},
               {"snapshot_mean", f64, "(S,)", false, te},
               {"quantile_levels", f64, "(Q,)", false, te},
               {"snapshot_quantiles", f64, "(S, Q)", false, te},
               {"final_histogram_edges", f64, "(K + 1,)", false, final_te},
               {"final_histogram_counts", i64, "(K,)", false, final_te}});
    statistic(b, path(A::weight_snapshots), computed, {{"snapshots", i64}},
              {{"snapshot_step", i64, "(S,)"},
               {"snapshot_count", i64, "(S,)"},
               {"snapshot_mean", f64, "(S,)"},
               {"quantile_levels", f64, "(Q,)"},
               {"snapshot_quantiles", f64, "(S, Q)"},
               {"histogram_edges", f64, "(K + 1,)"},
               {"histogram_counts", i64, "(S, K)"}});
    statistic(b, path(A::turnover), computed,
              {{"snapshots", i64},
               {"first_snapshot_step", i64},
               {"last_snapshot_step", i64},
               {"created", i64},
               {"pruned", i64},
               {"lifetimes", i64},
               {"pruned_censored", i64},
               {"alive_at_end", i64},
               {"alive_throughout", i64},
               {"fraction_first", f64},
               {"fraction_last", f64},
               {"weight_changes", i64},
               {"weight_change_mean", f64},
               {"weight_change_std", f64},
               {"weight_floor", f64}},
              {{"snapshot_step", i64, "(S,)"},
               {"synapses", i64, "(S,)"},
               {"fraction", f64, "(S,)"},
               {"lifetime", i64, "(L,)", false, "with complete lifetimes"},
               {"lifetime_steps", i64, "(L,)", false, "with complete lifetimes"},
               {"weight_bin_edges", f64, "(K + 1,)"},
               {"change_count", i64, "(K + 1,)"},
               {"change_mean", f64, "(K + 1,)"},
               {"change_std", f64, "(K + 1,)"}});
    fit_group(path(A::turnover, A::lifetime_fit), false);
}

// ---- the names, by namespace, for the scripts ---------------------------------------------

using Names = std::vector<std::pair<const char*, const char*>>;
// The key is the C++ identifier, so that scripts name things as the C++ code does.
#define SORN_NAME(ns, id)                                                                          \
    { #id, ns::id }

std::vector<std::pair<const char*, Names>> all_names() {
    return {
        {"root", {SORN_NAME(root, format), SORN_NAME(root, format_version)}},
        {"group",
         {SORN_NAME(group, parameters), SORN_NAME(group, provenance), SORN_NAME(group, recordings),
          SORN_NAME(group, state)}},
        {"state",
         {SORN_NAME(state, step), SORN_NAME(state, W_ee), SORN_NAME(state, W_ei),
          SORN_NAME(state, W_ie), SORN_NAME(state, T_e), SORN_NAME(state, T_i),
          SORN_NAME(state, h_ip), SORN_NAME(state, x), SORN_NAME(state, y)}},
        {"csr",
         {SORN_NAME(csr, rows), SORN_NAME(csr, cols), SORN_NAME(csr, indptr),
          SORN_NAME(csr, indices), SORN_NAME(csr, data)}},
        {"recordings",
         {SORN_NAME(recordings, first_step), SORN_NAME(recordings, record_every),
          SORN_NAME(recordings, snapshot_steps)}},
        {"spikes",
         {SORN_NAME(spikes, units), SORN_NAME(spikes, first_step), SORN_NAME(spikes, bitorder),
          SORN_NAME(spikes, little)}},
        {"input_letters", {SORN_NAME(input_letters, alphabet)}},
        {"sparse_series",
         {SORN_NAME(sparse_series, offset), SORN_NAME(sparse_series, row),
          SORN_NAME(sparse_series, col), SORN_NAME(sparse_series, weight)}},
        {"provenance",
         {SORN_NAME(provenance, program),
          SORN_NAME(provenance, version),
          SORN_NAME(provenance, git_commit),
          SORN_NAME(provenance, created_utc),
          SORN_NAME(provenance, host),
          SORN_NAME(provenance, ranks),
          SORN_NAME(provenance, command_line),
          SORN_NAME(provenance, lineage),
          SORN_NAME(provenance, config_file),
          SORN_NAME(provenance, state_file),
          SORN_NAME(provenance, parameter_changes),
          SORN_NAME(provenance, input_file),
          SORN_NAME(provenance, phase),
          SORN_NAME(provenance, steps_requested),
          SORN_NAME(provenance, output),
          SORN_NAME(provenance, overwrite),
          SORN_NAME(provenance, record),
          SORN_NAME(provenance, record_every),
          SORN_NAME(provenance, record_from),
          SORN_NAME(provenance, record_to),
          SORN_NAME(provenance, checkpoint),
          SORN_NAME(provenance, checkpoint_every),
          SORN_NAME(provenance, wall_seconds),
          SORN_NAME(provenance, recording_write_seconds),
          SORN_NAME(provenance, steps_per_second),
          SORN_NAME(provenance, converted_from),
          SORN_NAME(provenance, template_file)}},
        {"analysis",
         {SORN_NAME(analysis, input),
          SORN_NAME(analysis, population),
          SORN_NAME(analysis, dataset),
          SORN_NAME(analysis, units),
          SORN_NAME(analysis, from_step),
          SORN_NAME(analysis, to_step),
          SORN_NAME(analysis, steps),
          SORN_NAME(analysis, title),
          SORN_NAME(analysis, meaning),
          SORN_NAME(analysis, first_step),
          SORN_NAME(analysis, skipped),
          SORN_NAME(analysis, spike_times),
          SORN_NAME(analysis, rates),
          SORN_NAME(analysis, fano),
          SORN_NAME(analysis, autocorr),
          SORN_NAME(analysis, isi),
          SORN_NAME(analysis, entropy),
          SORN_NAME(analysis, correlation),
          SORN_NAME(analysis, smoothness),
          SORN_NAME(analysis, avalanches),
          SORN_NAME(analysis, size_fit),
          SORN_NAME(analysis, duration_fit),
          SORN_NAME(analysis, scaling),
          SORN_NAME(analysis, hamming),
          SORN_NAME(analysis, connections),
          SORN_NAME(analysis, degrees),
          SORN_NAME(analysis, weights),
          SORN_NAME(analysis, thresholds),
          SORN_NAME(analysis, weight_snapshots),
          SORN_NAME(analysis, turnover),
          SORN_NAME(analysis, lifetime_fit)}},
        {"spike_times",
         {SORN_NAME(spike_times, step), SORN_NAME(spike_times, unit), SORN_NAME(spike_times, units),
          SORN_NAME(spike_times, order)}},
    };
}

#undef SORN_NAME

const char* kind_text(ObjectKind k) {
    switch (k) {
    case ObjectKind::Group: return "group";
    case ObjectKind::Dataset: return "dataset";
    case ObjectKind::Attribute: return "attribute";
    }
    return "";
}

std::string files_json(unsigned files) {
    std::string s;
    for (auto [bit, name] : {std::pair{Result, "result"}, std::pair{Checkpoint, "checkpoint"},
                             std::pair{Analysis, "analysis"}})
        if (files & bit) s += (s.empty() ? "" : ", ") + quoted(name);
    return "[" + s + "]";
}

} // namespace

std::vector<io::Parameter> parameters() { return io::model_parameters(model::ModelParams{}); }

std::vector<Object> objects() {
    Builder b;
    saved_network(b);
    analysis_file(b);
    return b.take();
}

std::string schema_json() {
    std::string j = "{\n";
    j += "  \"format_version\": " + std::to_string(version) + ",\n";
    j += "  \"formats\": {\"result\": " + quoted(result_format) +
         ", \"checkpoint\": " + quoted(result_format) +
         ", \"analysis\": " + quoted(analysis_format) + "},\n";

    j += "  \"names\": {\n";
    const auto names = all_names();
    for (std::size_t n = 0; n < names.size(); ++n) {
        j += "    " + quoted(names[n].first) + ": {";
        const Names& v = names[n].second;
        for (std::size_t k = 0; k < v.size(); ++k)
            j += (k ? ", " : "") + quoted(v[k].first) + ": " + quoted(v[k].second);
        j += n + 1 < names.size() ? "},\n" : "}\n";
    }
    j += "  },\n";

    j += "  \"recordings\": [\n";
    const auto& all = io::all_recordings();
    for (std::size_t k = 0; k < all.size(); ++k) {
        const RecordingKind r = kind_of(all[k]);
        j += "    {\"name\": " + quoted(io::recording_name(all[k])) +
             ", \"kind\": " + quoted(r.kind) + ", \"population\": " + quoted(r.population) +
             ", \"matrix\": " + quoted(r.matrix) + (k + 1 < all.size() ? "},\n" : "}\n");
    }
    j += "  ],\n";

    j += "  \"parameters\": " + io::parameters_json("  ") + ",\n";

    j += "  \"objects\": [\n";
    const auto objs = objects();
    for (std::size_t k = 0; k < objs.size(); ++k) {
        const Object& o = objs[k];
        j += "    {\"kind\": " + quoted(kind_text(o.kind)) + ", \"path\": " + quoted(o.path);
        if (o.kind == ObjectKind::Attribute) j += ", \"name\": " + quoted(o.name);
        if (!o.type.empty()) j += ", \"type\": " + quoted(o.type);
        if (!o.shape.empty()) j += ", \"shape\": " + quoted(o.shape);
        if (!o.value.empty()) j += ", \"value\": " + o.value;
        j += ", \"presence\": " + quoted(o.presence) + ", \"files\": " + files_json(o.files);
        j += k + 1 < objs.size() ? "},\n" : "}\n";
    }
    j += "  ]\n}\n";
    return j;
}

bool schema_requested(int argc, const char* const argv[], std::string* format) {
    const std::string flag = "--print-schema";
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == flag) {
            *format = i + 1 < argc ? argv[i + 1] : "";
            return true;
        }
        if (a.rfind(flag + "=", 0) == 0) {
            *format = a.substr(flag.size() + 1);
            return true;
        }
    }
    return false;
}

} // namespace sorn::format
