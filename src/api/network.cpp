#include "sorn/api/network.hpp"

#include <limits>
#include <optional>
#include <utility>

#include "sorn/driver.hpp"
#include "sorn/error.hpp"
#include "sorn/io/input_file.hpp"
#include "sorn/io/output_paths.hpp"
#include "sorn/io/recorder.hpp"
#include "sorn/io/state.hpp"
#include "sorn/model/memory_estimate.hpp"
#include "sorn/mpi.hpp"
#include "sorn/sim/progress.hpp"

namespace sorn::api {

namespace {

// Sizes this build cannot index, or that would not fit in memory, are refused before anything
// is allocated. The same verdict on every rank: the available memory is the least of them.
void check_size(MPI_Comm comm, const io::Config& c) {
    model::check_index_range(c.model, mpi::size(comm));
    const model::MemoryEstimate memory = model::estimate_memory(
        c.model, mpi::size(comm), !c.run.output.empty() || !c.run.checkpoint.empty());
    if (c.run.max_memory_gib > 0.0)
        model::check_memory(c.model, memory, c.run.max_memory_gib * 1073741824.0,
                            "per rank allowed by --max-memory");
    else
        model::check_memory(c.model, memory, model::available_bytes_per_rank(comm),
                            "available per rank (MemAvailable / ranks on the node)");
}

// Everything about `setup` that can be refused is refused here, before anything is built.
Setup checked(MPI_Comm comm, Setup setup) {
    setup.config.validate();
    io::check_output_paths(comm, setup.config, setup.record.lineage);
    check_size(comm, setup.config);
    note_activity("building the network");
    return setup;
}

std::vector<double> input_columns(MPI_Comm comm, const io::Config& c) {
    if (c.model.input.source != model::InputSource::File) return {};
    note_activity("reading the input file");
    std::vector<double> columns =
        io::read_input(comm, c.model.input, c.model.network.N_u, c.run.steps);
    note_activity("building the network");
    return columns;
}

sim::StateSource state_source(MPI_Comm comm, const io::Config& c) {
    if (c.run.state_file.empty()) return {};
    return [comm, path = c.run.state_file](const model::Layout& l) {
        return io::read_state(io::open_saved(comm, path), l);
    };
}

Setup setup_of(MPI_Comm comm, const model::ModelParams& p) {
    Setup s;
    s.config.model = p;
    s.config.run.steps = 0;
    s.record.lineage = io::run_lineage(comm, nullptr);
    return s;
}

} // namespace

Setup setup_from_options(MPI_Comm comm, const std::vector<std::string>& options,
                         const std::string& command_line) {
    std::vector<const char*> argv{"sorn"};
    for (const std::string& o : options) argv.push_back(o.c_str());
    const io::CommandLine cl = io::parse_command_line(static_cast<int>(argv.size()), argv.data());
    Setup s{cl.config, {command_line, {}, ""}};
    note_activity("reading the options and files");
    if (s.config.run.state_file.empty()) {
        s.record.lineage = io::run_lineage(comm, nullptr);
        return s;
    }
    const h5::File saved = io::open_saved(comm, s.config.run.state_file);
    s.config = io::continue_from(cl, io::read_parameters(saved), s.config.run.state_file,
                                 s.record.changes);
    s.record.lineage = io::run_lineage(comm, &saved);
    return s;
}

Network::Network(MPI_Comm comm, Setup setup)
    : comm_(comm), setup_(checked(comm, std::move(setup))),
      sim_(comm, setup_.config.model, input_columns(comm, setup_.config),
           state_source(comm, setup_.config)) {
    setup_seconds_ = MPI_Wtime() - constructed_at_;
}

Network::Network(MPI_Comm comm, const model::ModelParams& p) : Network(comm, setup_of(comm, p)) {}

void Network::step() { sim_.step(); }

void Network::step(const double* u) { sim_.step(u); }

void Network::set_frozen(const model::RuleFlags& frozen) {
    setup_.config.model.plasticity.frozen_rules = frozen;
    bool all = true;
    for (bool f : frozen) all = all && f;
    setup_.config.run.phase = all ? io::Phase::Training : io::Phase::Plasticity;
    sim_.set_frozen(frozen);
}

RunSummary Network::run(const io::RunParams& run, const double* inputs) {
    // The run's own options, with the files this network came from (for /provenance).
    io::Config c{setup_.config.model, run};
    c.run.phase = setup_.config.run.phase;
    if (c.run.state_file.empty()) c.run.state_file = setup_.config.run.state_file;
    if (c.run.config_file.empty()) c.run.config_file = setup_.config.run.config_file;
    c.validate();
    // The step counter is an Index: the run must not take it past its largest value.
    require(c.run.steps <= std::numeric_limits<Index>::max() - step_count(), "--steps", c.run.steps,
            "would take the step counter of the network past 2147483647");
    io::check_output_paths(comm_, c, setup_.record.lineage);

    std::optional<io::OutputFile> out;
    std::optional<io::Recorder> recorder;
    if (!c.run.output.empty()) {
        out.emplace(comm_, c.run.output, c, setup_.record, true);
        recorder.emplace(out->recordings(), c.run, sim_);
    }
    sim::Progress progress(comm_, c.run.steps, c.run.quiet);
    const Index first_step = step_count();
    sim::PhaseTimer& timer = sim_.timer();
    if (c.run.timing) timer.enable(true);
    auto checkpoint = [&] {
        note_activity("writing a checkpoint");
        io::OutputFile f(comm_, c.run.checkpoint, c, setup_.record, false);
        f.write_state(sim_.network());
        f.commit(progress.elapsed(), step_count() - first_step);
        note_activity("simulating");
    };

    note_activity("simulating");
    const std::size_t N_u = static_cast<std::size_t>(c.model.network.N_u);
    RunSummary summary;
    Index last_checkpoint = -1;
    for (Index k = 1; k <= c.run.steps; ++k) {
        sim_.step(inputs ? inputs + static_cast<std::size_t>(k - 1) * N_u : nullptr);
        test_failure_point(TestFailurePoint::Step, k); // SORN_TEST_FAIL_AT=step:k (tests only)
        if (recorder) {
            const auto timed = timer.time(sim::Part::Recording);
            recorder->record(sim_);
        }
        summary.e_spikes += static_cast<double>(sim_.network().x.count());
        progress.update(k, sim_.network().x.count(), c.model.network.N_e);
        const Index t = step_count();
        if (!c.run.checkpoint.empty() && c.run.checkpoint_every > 0 &&
            t % c.run.checkpoint_every == 0) {
            const auto timed = timer.time(sim::Part::Checkpoint);
            checkpoint();
            last_checkpoint = t;
        }
    }
    summary.loop_seconds = progress.elapsed();
    progress.finish();

    note_activity("writing the output file");
    {
        const auto timed = timer.time(sim::Part::Output);
        if (!c.run.checkpoint.empty() && last_checkpoint != step_count()) checkpoint();
        if (out) {
            recorder->finish();
            out->write_state(sim_.network());
            out->commit(progress.elapsed(), c.run.steps, recorder->write_seconds());
        }
    }
    summary.steps = c.run.steps;
    summary.seconds = progress.elapsed();
    summary.recording_seconds = recorder ? recorder->write_seconds() : 0.0;
    return summary;
}

void Network::save(const std::string& path, bool overwrite) {
    io::Config c{setup_.config.model, setup_.config.run};
    c.run.output.clear();
    c.run.checkpoint = path;
    c.run.checkpoint_every = 0;
    c.run.overwrite = overwrite;
    c.run.steps = 0;
    io::check_output_paths(comm_, c, setup_.record.lineage);
    note_activity("writing a checkpoint");
    io::OutputFile f(comm_, path, c, setup_.record, false);
    f.write_state(sim_.network());
    f.commit(0.0, 0);
}

} // namespace sorn::api
