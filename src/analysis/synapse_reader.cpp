#include "sorn/analysis/synapse_reader.hpp"

#include <algorithm>

#include "sorn/error.hpp"
#include "sorn/h5/dataset.hpp"
#include "sorn/mpi.hpp"

namespace sorn::analysis {

namespace {

std::string text(std::int64_t v) { return std::to_string(static_cast<long long>(v)); }

// N_e for a snapshot: /parameters/ne, else the width of the E recordings.
std::optional<Index> excitatory_units(const ResultFile& file) {
    if (const auto ne = file.parameter("ne")) return *ne;
    if (const auto e = file.spike_dataset(spike_dataset_path(Population::E))) return e->units;
    return std::nullopt;
}

std::optional<SynapseSource> state_source(const ResultFile& file, std::string* why) {
    for (const char* part : {"/state/W_ee/indptr", "/state/W_ee/indices", "/state/W_ee/data"})
        if (!file.has(part)) {
            *why = std::string("needs ") + part;
            return std::nullopt;
        }
    h5::Handle g = h5::open_group(file.get(), "/state/W_ee");
    SynapseSource s;
    s.state = true;
    if (h5::attribute_exists(g.get(), "rows"))
        s.units = h5::read_attribute_int64(g.get(), "rows");
    else
        s.units = static_cast<Index>(h5::shape(g.get(), "indptr").at(0)) - 1;
    if (h5::shape(g.get(), "indptr").at(0) != static_cast<std::uint64_t>(s.units) + 1)
        throw ConfigError(file.path() + ": /state/W_ee/indptr does not have rows + 1 entries");
    h5::Handle state = h5::open_group(file.get(), "/state");
    if (h5::attribute_exists(state.get(), "step"))
        s.step = h5::read_attribute_int64(state.get(), "step");
    s.description = "/state/W_ee" + (s.step >= 0 ? " (step " + text(s.step) + ")" : "");
    return s;
}

std::optional<SynapseSource> snapshot_source(const ResultFile& file, std::string* why) {
    for (const char* part : {"/recordings/WEE/offset", "/recordings/WEE/row", "/recordings/WEE/col",
                             "/recordings/WEE/weight"})
        if (!file.has(part)) {
            *why = std::string("needs ") + part;
            return std::nullopt;
        }
    const auto offsets = h5::shape(file.get(), "/recordings/WEE/offset").at(0);
    if (offsets < 2) {
        *why = "/recordings/WEE holds no snapshot";
        return std::nullopt;
    }
    const auto units = excitatory_units(file);
    if (!units) {
        *why = "/recordings/WEE: the number of E units is unknown (no /parameters ne)";
        return std::nullopt;
    }
    SynapseSource s;
    s.state = false;
    s.units = *units;
    s.snapshot = static_cast<Index>(offsets) - 2;
    if (file.has("/recordings/snapshot_steps") &&
        h5::shape(file.get(), "/recordings/snapshot_steps").at(0) >
            static_cast<std::uint64_t>(s.snapshot))
        s.step = h5::read_vector<std::int64_t>(file.get(), "/recordings/snapshot_steps",
                                               static_cast<std::uint64_t>(s.snapshot), 1)[0];
    s.description = "/recordings/WEE snapshot " + text(s.snapshot) +
                    (s.step >= 0 ? " (step " + text(s.step) + ")" : "");
    return s;
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

SynapseBlock read_synapses(MPI_Comm comm, const ResultFile& file, const SynapseSource& source) {
    SynapseBlock b;
    const hid_t f = file.get();
    std::uint64_t first = 0, count = 0; // the entries of the matrix
    std::vector<std::int64_t> indptr;
    if (source.state) {
        indptr = h5::read_vector<std::int64_t>(f, "/state/W_ee/indptr", 0,
                                               static_cast<std::uint64_t>(source.units + 1));
        count = static_cast<std::uint64_t>(indptr.back());
    } else {
        const auto off = h5::read_vector<std::int64_t>(
            f, "/recordings/WEE/offset", static_cast<std::uint64_t>(source.snapshot), 2);
        first = static_cast<std::uint64_t>(off[0]);
        count = static_cast<std::uint64_t>(off[1] - off[0]);
    }
    const auto [begin, end] = share(comm, count);
    const std::uint64_t n = end - begin;
    if (source.state) {
        const auto col = h5::read_vector<std::int64_t>(f, "/state/W_ee/indices", begin, n);
        b.weight = h5::read_vector<double>(f, "/state/W_ee/data", begin, n);
        b.col.assign(col.begin(), col.end());
        for (std::uint64_t e = begin; e < end; ++e) { // the row whose entries hold e
            const auto it =
                std::upper_bound(indptr.begin(), indptr.end(), static_cast<std::int64_t>(e));
            b.row.push_back(static_cast<Index>(it - indptr.begin()) - 1);
        }
    } else {
        const auto row = h5::read_vector<std::int64_t>(f, "/recordings/WEE/row", first + begin, n);
        const auto col = h5::read_vector<std::int64_t>(f, "/recordings/WEE/col", first + begin, n);
        b.weight = h5::read_vector<double>(f, "/recordings/WEE/weight", first + begin, n);
        b.row.assign(row.begin(), row.end());
        b.col.assign(col.begin(), col.end());
    }
    bool ok = true;
    for (std::size_t e = 0; e < b.row.size(); ++e)
        ok = ok && b.row[e] >= 0 && b.row[e] < source.units && b.col[e] >= 0 &&
             b.col[e] < source.units;
    if (!mpi::all_ok(comm, ok))
        throw ConfigError(file.path() + ": " + source.description +
                          " has synapse indices outside [0, " + text(source.units) + ")");
    return b;
}

} // namespace sorn::analysis
