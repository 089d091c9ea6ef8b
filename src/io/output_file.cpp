#include "sorn/io/output_file.hpp"

#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <variant>

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

constexpr std::int64_t format_version = 1;

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

std::string joined_recordings(const RunParams& run) {
    std::string s;
    for (Recording r : run.record) s += (s.empty() ? "" : ",") + std::string(recording_name(r));
    return s.empty() ? "none" : s;
}

} // namespace

void OutputFile::check_writable(MPI_Comm comm, const RunParams& run) {
    int exists = 0;
    if (mpi::rank(comm) == 0) exists = std::filesystem::exists(run.output) ? 1 : 0;
    SORN_MPI_CALL(MPI_Bcast(&exists, 1, MPI_INT, 0, comm));
    if (exists && !run.overwrite)
        throw ConfigError("--output " + run.output + ": file exists (add --overwrite to replace it)");
}

OutputFile::OutputFile(MPI_Comm comm, const Config& c, const std::string& command_line)
    : comm_(comm), path_(c.run.output), partial_(c.run.output + ".partial"),
      file_([&] {
          try {
              return h5::File::create(comm, partial_);
          } catch (const H5Error&) {
              throw ConfigError("--output " + c.run.output + ": cannot create " + partial_);
          }
      }()) {
    const hid_t root = file_.get();
    h5::write_attribute(root, "format", "sorn");
    h5::write_attribute(root, "format_version", format_version);

    h5::Handle params = h5::create_group(root, "parameters");
    for (const Parameter& p : model_parameters(c.model))
        std::visit([&](const auto& v) { h5::write_attribute(params.get(), p.name, v); }, p.value);

    provenance_ = h5::create_group(root, "provenance");
    const hid_t prov = provenance_.get();
    h5::write_attribute(prov, "program", "sorn-simulate");
    h5::write_attribute(prov, "version", SORN_VERSION);
    h5::write_attribute(prov, "git_commit", SORN_GIT_HASH);
    h5::write_attribute(prov, "created_utc", from_rank0(comm, utc_now()));
    h5::write_attribute(prov, "host", from_rank0(comm, host_name()));
    h5::write_attribute(prov, "ranks", static_cast<std::int64_t>(mpi::size(comm)));
    h5::write_attribute(prov, "command_line", from_rank0(comm, command_line));
    h5::write_attribute(prov, "config_file", c.run.config_file);
    h5::write_attribute(prov, "input_file", c.model.input.file);
    h5::write_attribute(prov, "phase", c.run.phase == Phase::Training ? "training" : "plasticity");
    h5::write_attribute(prov, "steps_requested", static_cast<std::int64_t>(c.run.steps));
    h5::write_attribute(prov, "record", joined_recordings(c.run));
    h5::write_attribute(prov, "record_every", static_cast<std::int64_t>(c.run.record_every));
    h5::write_attribute(prov, "output", c.run.output);

    recordings_ = h5::create_group(root, "recordings");
}

OutputFile::~OutputFile() {
    if (committed_) return;
    // Only reached when a collective error unwinds every rank: the file is incomplete.
    recordings_ = h5::Handle();
    provenance_ = h5::Handle();
    try {
        file_.close();
    } catch (...) {
    }
    if (mpi::rank(comm_) == 0) std::remove(partial_.c_str());
}

void OutputFile::write_state(const model::Network& n) {
    h5::Handle state = h5::create_group(file_.get(), "state");
    io::write_state(state.get(), n);
}

void OutputFile::commit(double seconds, Index steps_done) {
    h5::write_attribute(provenance_.get(), "wall_seconds", seconds);
    h5::write_attribute(provenance_.get(), "steps_per_second",
                        seconds > 0.0 ? static_cast<double>(steps_done) / seconds : 0.0);
    recordings_ = h5::Handle();
    provenance_ = h5::Handle();
    file_.close();
    if (mpi::rank(comm_) == 0) std::filesystem::rename(partial_, path_);
    SORN_MPI_CALL(MPI_Barrier(comm_));
    committed_ = true;
}

} // namespace sorn::io
