// sorn-simulate: the command line of api::Network (parse -> check -> build -> run -> write).
// No model maths here.
#include <cstdio>
#include <string>
#include <vector>

#include "sorn/api/network.hpp"
#include "sorn/driver.hpp"
#include "sorn/error.hpp"
#include "sorn/format/schema.hpp"
#include "sorn/io/config.hpp"
#include "sorn/mpi.hpp"

namespace {

using namespace sorn;

std::vector<std::string> options(int argc, char** argv) { return {argv + 1, argv + argc}; }

std::string command_line(int argc, char** argv) {
    std::string s;
    for (int i = 0; i < argc; ++i) s += (i ? " " : "") + std::string(argv[i]);
    return s;
}

void print_summary(MPI_Comm comm, const io::Config& c, const api::Network& net,
                   const api::RunSummary& run) {
    long long synapses = net.state().W_ee.local_synapses(), total = 0;
    SORN_MPI_CALL(MPI_Reduce(&synapses, &total, 1, MPI_LONG_LONG, MPI_SUM, 0, comm));
    if (mpi::rank(comm) != 0 || c.run.quiet) return;
    const double steps = static_cast<double>(run.steps);
    std::printf("sorn-simulate: %lld steps on %d rank(s) in %.3f s (%.0f steps/s)\n",
                static_cast<long long>(run.steps), mpi::size(comm), run.seconds,
                run.seconds > 0.0 ? steps / run.seconds : 0.0);
    std::printf("  N_e = %lld, N_i = %lld, mean E rate = %.4f (h_ip = %g), final step %lld\n",
                static_cast<long long>(c.model.network.N_e),
                static_cast<long long>(c.model.network.N_i()),
                steps > 0 ? run.e_spikes / (steps * c.model.network.N_e) : 0.0,
                c.model.plasticity.ip.mu, static_cast<long long>(net.step_count()));
    std::printf("  E->E synapses: %lld\n", total);
    if (c.run.output.empty())
        std::printf("  output: (none: no --output)\n");
    else
        std::printf("  output: %s (recordings written in %.3f s)\n", c.run.output.c_str(),
                    run.recording_seconds);
    if (!c.run.checkpoint.empty()) std::printf("  checkpoint: %s\n", c.run.checkpoint.c_str());
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
    if (io::parse_command_line(argc, argv).help) {
        if (mpi::rank(comm) == 0) std::fputs(io::help_text().c_str(), stdout);
        return 0;
    }
    // Every check of files and parameters happens before anything is built or created.
    api::Network net(comm,
                     api::setup_from_options(comm, options(argc, argv), command_line(argc, argv)));
    const io::Config& c = net.setup().config;
    const api::RunSummary summary = net.run(c.run);
    print_summary(comm, c, net, summary);
    if (c.run.timing)
        net.timer().report(comm, summary.loop_seconds, summary.steps, stdout, net.setup_seconds());
    return 0;
}

} // namespace

int main(int argc, char** argv) { return sorn::run_driver("sorn-simulate", argc, argv, run); }
