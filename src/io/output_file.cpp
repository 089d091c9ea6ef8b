#include "sorn/io/output_file.hpp"

#include <unistd.h>

#include <ctime>
#include <filesystem>

#include "sorn/error.hpp"
#include "sorn/io/state.hpp"
#include "sorn/mpi.hpp"

#ifndef SORN_VERSION
#define SORN_VERSION "unknown"
#endif
#ifndef SORN_GIT_HASH
#define SORN_GIT_HASH "unknown"
#endif

namespace sorn::io {

namespace {

// Rank 0's value on every rank: attributes are written collectively with equal values.
std::string from_rank0(MPI_Comm comm, std::string s) {
    int n = static_cast<int>(s.size());
    SORN_MPI_CALL(MPI_Bcast(&n, 1, MPI_INT, 0, comm));
    s.resize(n);
    SORN_MPI_CALL(MPI_Bcast(s.data(), n, MPI_CHAR, 0, comm));
    return s;
}

std::string host_name() {
    char name[256] = {};
    gethostname(name, sizeof name - 1);
    return name;
}

std::string utc_now() {
    char text[32];
    const std::time_t t = std::time(nullptr);
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return text;
}

std::string joined(const std::vector<std::string>& parts, const char* sep) {
    std::string s;
    for (const std::string& p : parts) s += (s.empty() ? "" : sep) + p;
    return s;
}

std::string recording_list(const RunParams& run) {
    std::vector<std::string> names;
    for (Recording r : run.record) names.emplace_back(recording_name(r));
    return names.empty() ? "none" : joined(names, ",");
}

h5::File create(MPI_Comm comm, const std::string& partial, const std::string& path) {
    try {
        return h5::File::create(comm, partial);
    } catch (const H5Error&) {
        throw ConfigError(path + ": cannot create " + partial);
    }
}

// Everything that describes the run rather than the network.
void write_provenance(hid_t prov, MPI_Comm comm, const Config& c, const std::string& command_line,
                      const std::vector<std::string>& changes) {
    const RunParams& r = c.run;
    h5::write_attribute(prov, "program", "sorn-simulate");
    h5::write_attribute(prov, "version", SORN_VERSION);
    h5::write_attribute(prov, "git_commit", SORN_GIT_HASH);
    h5::write_attribute(prov, "created_utc", from_rank0(comm, utc_now()));
    h5::write_attribute(prov, "host", from_rank0(comm, host_name()));
    h5::write_attribute(prov, "ranks", static_cast<std::int64_t>(mpi::size(comm)));
    h5::write_attribute(prov, "command_line", from_rank0(comm, command_line));
    h5::write_attribute(prov, "config_file", r.config_file);
    h5::write_attribute(prov, "state_file", r.state_file);
    h5::write_attribute(prov, "parameter_changes", joined(changes, "; "));
    h5::write_attribute(prov, "input_file", c.model.input.file);
    h5::write_attribute(prov, "phase", r.phase == Phase::Training ? "training" : "plasticity");
    h5::write_attribute(prov, "steps_requested", static_cast<std::int64_t>(r.steps));
    h5::write_attribute(prov, "output", r.output);
    h5::write_attribute(prov, "overwrite", static_cast<std::int64_t>(r.overwrite));
    h5::write_attribute(prov, "record", recording_list(r));
    h5::write_attribute(prov, "record_every", static_cast<std::int64_t>(r.record_every));
    h5::write_attribute(prov, "record_from", static_cast<std::int64_t>(r.record_from));
    h5::write_attribute(prov, "record_to", static_cast<std::int64_t>(r.record_to));
    h5::write_attribute(prov, "checkpoint", r.checkpoint);
    h5::write_attribute(prov, "checkpoint_every", static_cast<std::int64_t>(r.checkpoint_every));
}

// Attributes are collective with equal values: every rank writes rank 0's measurement.
double from_rank0(MPI_Comm comm, double v) {
    SORN_MPI_CALL(MPI_Bcast(&v, 1, MPI_DOUBLE, 0, comm));
    return v;
}

} // namespace

void OutputFile::check_writable(MPI_Comm comm, const std::string& path, bool overwrite,
                                const char* option) {
    int exists = 0;
    if (mpi::rank(comm) == 0) exists = std::filesystem::exists(path) ? 1 : 0;
    SORN_MPI_CALL(MPI_Bcast(&exists, 1, MPI_INT, 0, comm));
    if (exists && !overwrite)
        throw ConfigError(std::string(option) + " " + path +
                          ": file exists (add --overwrite to replace it)");
}

OutputFile::OutputFile(MPI_Comm comm, const std::string& path, const Config& c,
                       const std::string& command_line, const std::vector<std::string>& changes,
                       bool with_recordings)
    : comm_(comm), path_(path), partial_(path + ".partial"), file_(create(comm, partial_, path)) {
    write_header(file_.get(), c.model);
    provenance_ = h5::create_group(file_.get(), "provenance");
    write_provenance(provenance_.get(), comm, c, command_line, changes);
    if (with_recordings) recordings_ = h5::create_group(file_.get(), "recordings");
}

void OutputFile::write_state(const model::Network& n) {
    h5::Handle state = h5::create_group(file_.get(), "state");
    io::write_state(state.get(), n);
}

void OutputFile::commit(double seconds, Index steps_done, double recording_seconds) {
    h5::write_attribute(provenance_.get(), "wall_seconds", from_rank0(comm_, seconds));
    if (recordings_.valid())
        h5::write_attribute(provenance_.get(), "recording_write_seconds",
                            from_rank0(comm_, recording_seconds));
    seconds = from_rank0(comm_, seconds);
    h5::write_attribute(provenance_.get(), "steps_per_second",
                        seconds > 0.0 ? static_cast<double>(steps_done) / seconds : 0.0);
    recordings_ = h5::Handle();
    provenance_ = h5::Handle();
    file_.close();
    // rename(2) replaces an older file of the same name atomically.
    if (mpi::rank(comm_) == 0) std::filesystem::rename(partial_, path_);
    SORN_MPI_CALL(MPI_Barrier(comm_));
}

} // namespace sorn::io
