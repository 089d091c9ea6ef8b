// sorn-simulate: parse -> validate -> build -> run -> write. No model maths here.
#include <cstdio>
#include <exception>
#include <memory>
#include <optional>
#include <string>

#include "sorn/error.hpp"
#include "sorn/io/config.hpp"
#include "sorn/io/input_file.hpp"
#include "sorn/io/output_file.hpp"
#include "sorn/io/recorder.hpp"
#include "sorn/mpi.hpp"
#include "sorn/petsc/session.hpp"
#include "sorn/sim/progress.hpp"
#include "sorn/sim/simulation.hpp"

namespace {

std::string command_line(int argc, char** argv) {
    std::string s;
    for (int i = 0; i < argc; ++i) s += (i ? " " : "") + std::string(argv[i]);
    return s;
}

int run(MPI_Comm comm, int argc, char** argv) {
    using namespace sorn;
    const bool root = mpi::rank(comm) == 0;
    const io::CommandLine cl = io::parse_command_line(argc, argv);
    if (cl.help) {
        if (root) std::fputs(io::help_text().c_str(), stdout);
        return 0;
    }
    const io::Config& c = cl.config;

    // ---- every check on files before anything is built or created
    const bool writes = !c.run.output.empty();
    if (writes) io::OutputFile::check_writable(comm, c.run);
    std::vector<double> input;
    if (c.model.input.source == model::InputSource::File)
        input = io::read_input(comm, c.model.input, c.model.network.N_u, c.run.steps);

    // ---- build
    sim::Simulation sim(comm, c.model, std::move(input));
    std::optional<io::OutputFile> out;
    std::optional<io::Recorder> recorder;
    if (writes) {
        out.emplace(comm, c, command_line(argc, argv));
        recorder.emplace(out->recordings(), c.run, sim);
    }

    // ---- run
    sim::Progress progress(comm, c.run.steps, c.run.quiet);
    double spikes = 0.0;
    for (Index k = 1; k <= c.run.steps; ++k) {
        sim.step();
        if (recorder) recorder->record(sim);
        spikes += static_cast<double>(sim.network().x.count());
        progress.update(k, sim.network().x.count(), c.model.network.N_e);
    }
    progress.finish();
    const double seconds = progress.elapsed();

    // ---- write
    if (out) {
        recorder->finish();
        out->write_state(sim.network());
        out->commit(seconds, c.run.steps);
    }
    long long synapses = sim.network().W_ee.local_synapses(), total = 0;
    SORN_MPI_CALL(MPI_Reduce(&synapses, &total, 1, MPI_LONG_LONG, MPI_SUM, 0, comm));
    if (root && !c.run.quiet) {
        const double steps = static_cast<double>(c.run.steps);
        std::printf("sorn-simulate: %lld steps on %d rank(s) in %.3f s (%.0f steps/s)\n",
                    static_cast<long long>(c.run.steps), mpi::size(comm), seconds,
                    seconds > 0.0 ? steps / seconds : 0.0);
        std::printf("  N_e = %lld, N_i = %lld, mean E rate = %.4f (h_ip = %g)\n",
                    static_cast<long long>(c.model.network.N_e),
                    static_cast<long long>(c.model.network.N_i()),
                    steps > 0 ? spikes / (steps * c.model.network.N_e) : 0.0,
                    c.model.plasticity.ip.mu);
        std::printf("  E->E synapses: %lld\n", total);
        std::printf("  output: %s\n", writes ? c.run.output.c_str() : "(none: no --output)");
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    sorn::petsc::Session session(argc, argv);
    MPI_Comm comm = PETSC_COMM_WORLD;
    const int rank = sorn::mpi::rank(comm);
    try {
        return run(comm, argc, argv);
    } catch (const sorn::ConfigError& e) {
        // Bad input is detected identically on every rank: report once, exit 2.
        if (rank == 0) std::fprintf(stderr, "sorn-simulate: error: %s\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "[rank %d] sorn-simulate: error: %s\n", rank, e.what());
        std::fflush(stderr);
        MPI_Abort(comm, 1); // the other ranks may be waiting in a collective call
    }
    return 1;
}
