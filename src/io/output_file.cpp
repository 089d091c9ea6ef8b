#include "sorn/io/output_file.hpp"

#include "sorn/error.hpp"
#include "sorn/format/names.hpp"
#include "sorn/io/partial_file.hpp"
#include "sorn/io/provenance.hpp"
#include "sorn/io/state.hpp"
#include "sorn/mpi.hpp"

namespace sorn::io {

namespace {

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
    } catch (const H5Error& e) {
        throw Error(path + ": cannot create " + partial + ": " + e.what());
    }
}

// Everything that describes the run rather than the network.
void write_provenance(hid_t prov, MPI_Comm comm, const Config& c, const RunRecord& record) {
    namespace P = format::provenance;
    const RunParams& r = c.run;
    write_program_provenance(prov, comm, "sorn-simulate", record.command_line);
    h5::write_attribute(prov, P::lineage, record.lineage);
    h5::write_attribute(prov, P::config_file, r.config_file);
    h5::write_attribute(prov, P::state_file, r.state_file);
    h5::write_attribute(prov, P::parameter_changes, joined(record.changes, "; "));
    h5::write_attribute(prov, P::input_file, c.model.input.file);
    h5::write_attribute(prov, P::phase, r.phase == Phase::Training ? "training" : "plasticity");
    h5::write_attribute(prov, P::steps_requested, static_cast<std::int64_t>(r.steps));
    h5::write_attribute(prov, P::output, r.output);
    h5::write_attribute(prov, P::overwrite, static_cast<std::int64_t>(r.overwrite));
    h5::write_attribute(prov, P::record, recording_list(r));
    h5::write_attribute(prov, P::record_every, static_cast<std::int64_t>(r.record_every));
    h5::write_attribute(prov, P::record_from, static_cast<std::int64_t>(r.record_from));
    h5::write_attribute(prov, P::record_to, static_cast<std::int64_t>(r.record_to));
    h5::write_attribute(prov, P::checkpoint, r.checkpoint);
    h5::write_attribute(prov, P::checkpoint_every, static_cast<std::int64_t>(r.checkpoint_every));
}

} // namespace

OutputFile::OutputFile(MPI_Comm comm, const std::string& path, const Config& c,
                       const RunRecord& record, bool with_recordings)
    : comm_(comm), path_(path),
      partial_(reserve_partial(comm, path, with_recordings ? "--output" : "--checkpoint")),
      file_(create(comm, partial_, path)) {
    write_header(file_.get(), c.model);
    provenance_ = h5::create_group(file_.get(), format::group::provenance);
    write_provenance(provenance_.get(), comm, c, record);
    if (with_recordings) recordings_ = h5::create_group(file_.get(), format::group::recordings);
}

void OutputFile::write_state(const model::Network& n) {
    h5::Handle state = h5::create_group(file_.get(), format::group::state);
    io::write_state(state.get(), n);
}

void OutputFile::commit(double seconds, Index steps_done, double recording_seconds) {
    namespace P = format::provenance;
    h5::write_attribute(provenance_.get(), P::wall_seconds, from_rank0(comm_, seconds));
    if (recordings_.valid())
        h5::write_attribute(provenance_.get(), P::recording_write_seconds,
                            from_rank0(comm_, recording_seconds));
    seconds = from_rank0(comm_, seconds);
    h5::write_attribute(provenance_.get(), P::steps_per_second,
                        seconds > 0.0 ? static_cast<double>(steps_done) / seconds : 0.0);
    recordings_ = h5::Handle();
    provenance_ = h5::Handle();
    file_.close();
    commit_partial(comm_, partial_, path_);
}

} // namespace sorn::io
