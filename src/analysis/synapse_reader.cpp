#include "sorn/analysis/synapse_reader.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "sorn/error.hpp"
#include "sorn/format/names.hpp"
#include "sorn/h5/dataset.hpp"
#include "sorn/io/config.hpp"
#include "sorn/mpi.hpp"

namespace sorn::analysis {

namespace {

namespace F = format;

// The objects read: /state/W_ee (CSR) and the /recordings/WEE snapshots.
const std::string state = F::path(F::group::state);
const std::string state_wee = F::path(F::group::state, F::state::W_ee);
const std::string state_indptr = F::path(F::group::state, F::state::W_ee, F::csr::indptr);
const std::string state_indices = F::path(F::group::state, F::state::W_ee, F::csr::indices);
const std::string state_data = F::path(F::group::state, F::state::W_ee, F::csr::data);
const std::string wee = F::path(F::group::recordings, io::recording_name(io::Recording::WEE));
const std::string wee_offset = wee + "/" + F::sparse_series::offset;
const std::string wee_row = wee + "/" + F::sparse_series::row;
const std::string wee_col = wee + "/" + F::sparse_series::col;
const std::string wee_weight = wee + "/" + F::sparse_series::weight;
const std::string snapshot_steps = F::path(F::group::recordings, F::recordings::snapshot_steps);

std::string text(std::int64_t v) { return std::to_string(static_cast<long long>(v)); }

std::string number(double v) {
    char s[32];
    std::snprintf(s, sizeof s, "%g", v);
    return s;
}

bool fits_index(std::int64_t n) { return n >= 0 && n <= std::numeric_limits<Index>::max(); }

// N_e for a snapshot: /parameters/ne, else the width of the E recordings.
std::optional<Index> excitatory_units(const ResultFile& file) {
    if (const auto ne = file.parameter("ne")) {
        if (!fits_index(*ne))
            throw ConfigError(file.where(F::path(F::group::parameters)) + ": ne = " + text(*ne) +
                              " is not a number of units");
        return static_cast<Index>(*ne);
    }
    if (const auto e = file.spike_dataset(
            F::path(F::group::recordings, io::recording_name(io::Recording::ExcitatoryActivation))))
        return e->units;
    return std::nullopt;
}

// The length nnz shared by the entry datasets of a matrix (first: int64 indices, the others
// as typed).
std::uint64_t entries(const ResultFile& file, const std::vector<std::string>& int64_paths,
                      const std::string& weight_path) {
    const std::uint64_t nnz = file.dataset_shape(int64_paths[0], Element::Int64, 1)[0];
    const auto same = [&](const std::string& p, std::uint64_t n) {
        if (n != nnz)
            throw ConfigError(file.where(p) + ": " + std::to_string(n) + " entries, but " +
                              int64_paths[0] + " has " + std::to_string(nnz));
    };
    for (const std::string& p : int64_paths) same(p, file.dataset_shape(p, Element::Int64, 1)[0]);
    same(weight_path, file.dataset_shape(weight_path, Element::Float64, 1)[0]);
    return nnz;
}

// A row pointer (CSR indptr, snapshot offsets) into nnz entries: from 0, non-decreasing, its
// last value at most nnz. Local (every rank holds the whole pointer).
void check_pointer(const ResultFile& file, const std::string& path,
                   const std::vector<std::int64_t>& p, std::uint64_t nnz) {
    const std::string at = file.where(path);
    if (p.front() != 0) throw ConfigError(at + ": starts at " + text(p.front()) + ", not at 0");
    for (std::size_t k = 1; k < p.size(); ++k)
        if (p[k] < p[k - 1])
            throw ConfigError(at + ": decreases at entry " + std::to_string(k) + " (" +
                              text(p[k - 1]) + " -> " + text(p[k]) + ")");
    if (static_cast<std::uint64_t>(p.back()) > nnz)
        throw ConfigError(at + ": ends at " + text(p.back()) + ", beyond the " +
                          std::to_string(nnz) + " entries of the synapse datasets");
}

std::optional<SynapseSource> state_source(const ResultFile& file, std::string* why) {
    for (const std::string* part : {&state_indptr, &state_indices, &state_data})
        if (!file.has(*part)) {
            *why = "needs " + *part;
            return std::nullopt;
        }
    const std::uint64_t nnz = entries(file, {state_indices}, state_data);
    const std::uint64_t n = file.dataset_shape(state_indptr, Element::Int64, 1)[0];
    if (n < 1 || !fits_index(static_cast<std::int64_t>(n - 1)))
        throw ConfigError(file.where(state_indptr) + ": " + std::to_string(n) +
                          " entries, expected rows + 1");
    SynapseSource s;
    s.state = true;
    s.units = static_cast<Index>(n - 1);
    if (const auto rows = file.integer_attribute(state_wee, F::csr::rows); rows && *rows != s.units)
        throw ConfigError(file.where(state_indptr) + ": " + std::to_string(n) + " entries, but " +
                          state_wee + " has " + F::csr::rows + " = " + text(*rows) +
                          " (expected rows + 1)");
    const auto indptr = h5::read_vector<std::int64_t>(file.get(), state_indptr, 0, n);
    check_pointer(file, state_indptr, indptr, nnz);
    s.first = 0;
    s.count = static_cast<std::uint64_t>(indptr.back());
    if (const auto step = file.integer_attribute(state, F::state::step)) s.step = *step;
    s.description = state_wee + (s.step >= 0 ? " (step " + text(s.step) + ")" : "");
    return s;
}

std::optional<SynapseSource> snapshot_source(const ResultFile& file, std::string* why) {
    for (const std::string* part : {&wee_offset, &wee_row, &wee_col, &wee_weight})
        if (!file.has(*part)) {
            *why = "needs " + *part;
            return std::nullopt;
        }
    const std::uint64_t offsets = file.dataset_shape(wee_offset, Element::Int64, 1)[0];
    const std::uint64_t nnz = entries(file, {wee_row, wee_col}, wee_weight);
    if (offsets < 2) {
        *why = wee + " holds no snapshot";
        return std::nullopt;
    }
    const auto units = excitatory_units(file);
    if (!units) {
        *why = wee + ": the number of E units is unknown (no " + F::path(F::group::parameters) +
               " ne)";
        return std::nullopt;
    }
    const auto offset = h5::read_vector<std::int64_t>(file.get(), wee_offset, 0, offsets);
    check_pointer(file, wee_offset, offset, nnz);
    SynapseSource s;
    s.state = false;
    s.units = *units;
    s.snapshot = static_cast<Index>(offsets) - 2;
    s.first = static_cast<std::uint64_t>(offset[offsets - 2]);
    s.count = static_cast<std::uint64_t>(offset[offsets - 1] - offset[offsets - 2]);
    if (file.has(snapshot_steps) &&
        file.dataset_shape(snapshot_steps, Element::Int64, 1)[0] > offsets - 2)
        s.step = h5::read_vector<std::int64_t>(file.get(), snapshot_steps, offsets - 2, 1)[0];
    s.description =
        wee + " snapshot " + text(s.snapshot) + (s.step >= 0 ? " (step " + text(s.step) + ")" : "");
    return s;
}

std::optional<std::vector<SynapseSource>> all_snapshots(const ResultFile& file, std::string* why) {
    if (!snapshot_source(file, why)) return std::nullopt; // the checks of the series
    if (!file.has(snapshot_steps)) {
        *why = "needs " + snapshot_steps;
        return std::nullopt;
    }
    const std::uint64_t offsets = file.dataset_shape(wee_offset, Element::Int64, 1)[0];
    const std::uint64_t n = file.dataset_shape(snapshot_steps, Element::Int64, 1)[0];
    if (n < offsets - 1) {
        *why = snapshot_steps + " has " + std::to_string(n) + " entries for " +
               std::to_string(offsets - 1) + " snapshots";
        return std::nullopt;
    }
    const auto offset = h5::read_vector<std::int64_t>(file.get(), wee_offset, 0, offsets);
    const auto steps = h5::read_vector<std::int64_t>(file.get(), snapshot_steps, 0, offsets - 1);
    const Index units = *excitatory_units(file);
    std::vector<SynapseSource> series;
    for (std::uint64_t k = 0; k + 1 < offsets; ++k) {
        if (k > 0 && steps[k] <= steps[k - 1])
            throw ConfigError(file.where(snapshot_steps) + ": does not increase at entry " +
                              std::to_string(k));
        SynapseSource s;
        s.state = false;
        s.units = units;
        s.snapshot = static_cast<Index>(k);
        s.first = static_cast<std::uint64_t>(offset[k]);
        s.count = static_cast<std::uint64_t>(offset[k + 1] - offset[k]);
        s.step = steps[k];
        s.description = wee + " snapshot " + text(s.snapshot) + " (step " + text(s.step) + ")";
        series.push_back(s);
    }
    return series;
}

// [begin, end) of n entries for this rank.
std::pair<std::uint64_t, std::uint64_t> share(MPI_Comm comm, std::uint64_t n) {
    const auto size = static_cast<std::uint64_t>(mpi::size(comm));
    const auto rank = static_cast<std::uint64_t>(mpi::rank(comm));
    return {n * rank / size, n * (rank + 1) / size};
}

} // namespace

std::optional<SynapseSource> find_synapse_source(const ResultFile& file, WeightsSource choice,
                                                 std::string* why) {
    std::string state_why, snapshot_why;
    if (choice != WeightsSource::Snapshot)
        if (auto s = state_source(file, &state_why)) return s;
    if (choice != WeightsSource::State)
        if (auto s = snapshot_source(file, &snapshot_why)) return s;
    *why = choice == WeightsSource::State      ? state_why
           : choice == WeightsSource::Snapshot ? snapshot_why
                                               : state_why + " or " + snapshot_why;
    return std::nullopt;
}

std::optional<std::vector<SynapseSource>> snapshot_series(const ResultFile& file,
                                                          std::string* why) {
    return all_snapshots(file, why);
}

SynapseBlock read_synapses(MPI_Comm comm, const ResultFile& file, const SynapseSource& source) {
    SynapseBlock b;
    const hid_t f = file.get();
    const auto [begin, end] = share(comm, source.count);
    const std::uint64_t first = source.first + begin, n = end - begin;
    const std::string& col_path = source.state ? state_indices : wee_col;
    const std::string& weight_path = source.state ? state_data : wee_weight;
    const auto col = h5::read_vector<std::int64_t>(f, col_path, first, n);
    b.weight = h5::read_vector<double>(f, weight_path, first, n);
    std::vector<std::int64_t> row;
    if (source.state) {
        const auto indptr = h5::read_vector<std::int64_t>(
            f, state_indptr, 0, static_cast<std::uint64_t>(source.units) + 1);
        for (std::uint64_t e = begin; e < end; ++e) { // the row whose entries hold e
            const auto it =
                std::upper_bound(indptr.begin(), indptr.end(), static_cast<std::int64_t>(e));
            row.push_back((it - indptr.begin()) - 1);
        }
    } else {
        row = h5::read_vector<std::int64_t>(f, wee_row, first, n);
    }
    // The first bad entry of this rank; the lowest rank's is the first of the file.
    std::string error;
    const std::string range = " outside [0, " + text(source.units) + ")";
    for (std::uint64_t e = 0; e < n && error.empty(); ++e) {
        const std::string entry = " at entry " + std::to_string(first + e);
        if (row[e] < 0 || row[e] >= source.units)
            error = file.where(wee_row) + ": unit " + text(row[e]) + entry + range;
        else if (col[e] < 0 || col[e] >= source.units)
            error = file.where(col_path) + ": unit " + text(col[e]) + entry + range;
        else if (!(b.weight[e] > 0.0 && b.weight[e] <= 1.0)) // also catches NaN
            error = file.where(weight_path) + ": weight " + number(b.weight[e]) + entry +
                    " not in (0, 1]";
    }
    mpi::raise_if_any(comm, error);
    b.row.assign(row.begin(), row.end());
    b.col.assign(col.begin(), col.end());
    return b;
}

} // namespace sorn::analysis
