// sorn-simulate: parse -> validate -> build -> run -> write. No model maths here.
#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "sorn/driver.hpp"
#include "sorn/error.hpp"
#include "sorn/format/schema.hpp"
#include "sorn/io/config.hpp"
#include "sorn/io/input_file.hpp"
#include "sorn/io/output_file.hpp"
#include "sorn/io/output_paths.hpp"
#include "sorn/io/recorder.hpp"
#include "sorn/io/state.hpp"
#include "sorn/model/memory_estimate.hpp"
#include "sorn/mpi.hpp"
#include "sorn/petsc/session.hpp"
#include "sorn/sim/progress.hpp"
#include "sorn/sim/simulation.hpp"

namespace {

using namespace sorn;

std::string command_line(int argc, char** argv) {
    std::string s;
    for (int i = 0; i < argc; ++i) s += (i ? " " : "") + std::string(argv[i]);
    return s;
}

void print_summary(MPI_Comm comm, const io::Config& c, const sim::Simulation& sim, double spikes,
                   double seconds, double recording_seconds) {
    long long synapses = sim.network().W_ee.local_synapses(), total = 0;
    SORN_MPI_CALL(MPI_Reduce(&synapses, &total, 1, MPI_LONG_LONG, MPI_SUM, 0, comm));
    if (mpi::rank(comm) != 0 || c.run.quiet) return;
    const double steps = static_cast<double>(c.run.steps);
    std::printf("sorn-simulate: %lld steps on %d rank(s) in %.3f s (%.0f steps/s)\n",
                static_cast<long long>(c.run.steps), mpi::size(comm), seconds,
                seconds > 0.0 ? steps / seconds : 0.0);
    std::printf("  N_e = %lld, N_i = %lld, mean E rate = %.4f (h_ip = %g), final step %lld\n",
                static_cast<long long>(c.model.network.N_e),
                static_cast<long long>(c.model.network.N_i()),
                steps > 0 ? spikes / (steps * c.model.network.N_e) : 0.0, c.model.plasticity.ip.mu,
                static_cast<long long>(sim.network().step));
    std::printf("  E->E synapses: %lld\n", total);
    if (c.run.output.empty())
        std::printf("  output: (none: no --output)\n");
    else
        std::printf("  output: %s (recordings written in %.3f s)\n", c.run.output.c_str(),
                    recording_seconds);
    if (!c.run.checkpoint.empty()) std::printf("  checkpoint: %s\n", c.run.checkpoint.c_str());
}

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

int run(MPI_Comm comm, int argc, char** argv) {
    // --print-schema json: the file formats (sorn/format/schema.hpp), read by scripts/*.py.
    if (std::string schema; format::schema_requested(argc, argv, &schema)) {
        if (schema != "json")
            throw ConfigError("--print-schema" + (schema.empty() ? "" : " " + schema) +
                              ": the format must be json");
        if (mpi::rank(comm) == 0) std::fputs(format::schema_json().c_str(), stdout);
        return 0;
    }
    const io::CommandLine cl = io::parse_command_line(argc, argv);
    if (cl.help) {
        if (mpi::rank(comm) == 0) std::fputs(io::help_text().c_str(), stdout);
        return 0;
    }

    // ---- every check of files and parameters before anything is built or created
    io::Config c = cl.config;
    io::RunRecord record{command_line(argc, argv), {}, ""};
    std::optional<h5::File> saved;
    note_activity("reading the options and files");
    if (!c.run.state_file.empty()) {
        saved.emplace(io::open_saved(comm, c.run.state_file));
        c = io::continue_from(cl, io::read_parameters(*saved), c.run.state_file, record.changes);
    }
    record.lineage = io::run_lineage(comm, saved ? &*saved : nullptr);
    io::check_output_paths(comm, c, record.lineage);
    check_size(comm, c);
    std::vector<double> input;
    note_activity("reading the input file");
    if (c.model.input.source == model::InputSource::File)
        input = io::read_input(comm, c.model.input, c.model.network.N_u, c.run.steps);

    // ---- build
    note_activity("building the network");
    sim::StateSource source;
    if (saved) source = [&](const model::Layout& l) { return io::read_state(*saved, l); };
    sim::Simulation sim(comm, c.model, std::move(input), source);
    saved.reset();
    // The step counter is an Index: a continued network must not run it past its largest value.
    require(c.run.steps <= std::numeric_limits<Index>::max() - sim.network().step, "--steps",
            c.run.steps, "would take the step counter of the continued network past 2147483647");
    std::optional<io::OutputFile> out;
    std::optional<io::Recorder> recorder;
    if (!c.run.output.empty()) {
        out.emplace(comm, c.run.output, c, record, true);
        recorder.emplace(out->recordings(), c.run, sim);
    }
    sim::Progress progress(comm, c.run.steps, c.run.quiet);
    const Index first_step = sim.network().step;
    auto checkpoint = [&] {
        note_activity("writing a checkpoint");
        io::OutputFile f(comm, c.run.checkpoint, c, record, false);
        f.write_state(sim.network());
        f.commit(progress.elapsed(), sim.network().step - first_step);
        note_activity("simulating");
    };

    // ---- run
    note_activity("simulating");
    double spikes = 0.0;
    Index last_checkpoint = -1;
    for (Index k = 1; k <= c.run.steps; ++k) {
        sim.step();
        test_failure_point(TestFailurePoint::Step, k); // SORN_TEST_FAIL_AT=step:k (tests only)
        if (recorder) recorder->record(sim);
        spikes += static_cast<double>(sim.network().x.count());
        progress.update(k, sim.network().x.count(), c.model.network.N_e);
        const Index t = sim.network().step;
        if (!c.run.checkpoint.empty() && c.run.checkpoint_every > 0 &&
            t % c.run.checkpoint_every == 0) {
            checkpoint();
            last_checkpoint = t;
        }
    }
    progress.finish();

    // ---- write
    note_activity("writing the output file");
    if (!c.run.checkpoint.empty() && last_checkpoint != sim.network().step) checkpoint();
    if (out) {
        recorder->finish();
        out->write_state(sim.network());
        out->commit(progress.elapsed(), c.run.steps, recorder->write_seconds());
    }
    print_summary(comm, c, sim, spikes, progress.elapsed(),
                  recorder ? recorder->write_seconds() : 0.0);
    return 0;
}

} // namespace

int main(int argc, char** argv) { return sorn::run_driver("sorn-simulate", argc, argv, run); }
