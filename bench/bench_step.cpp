// Time of one SORN step (all plasticity on, noise on) for several network sizes, on the
// ranks the benchmark is started with, after 2000 steps of warm-up; with SORN_BENCH_STATE=FILE.h5
// also of the network saved in that file (a settled network: see docs/PERFORMANCE.md), with no
// warm-up. With SORN_BENCH_TIMING=1 rank 0 prints the time per phase of each benchmark.
// Run: mpiexec -n 1 build/bin/bench_step
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>

#include "sorn/io/config.hpp"
#include "sorn/io/state.hpp"
#include "sorn/petsc/session.hpp"
#include "sorn/sim/simulation.hpp"

namespace {

sorn::model::ModelParams network(sorn::Index N_e) {
    sorn::model::ModelParams p; // the package's defaults
    if (N_e >= 1000) {          // large networks: sparse E<->I as in docs/PERFORMANCE.md
        p.network.type_ie = sorn::model::ConnectionType::Sparse;
        p.network.lambda_ie = 20;
    }
    p.network.N_e = N_e;
    return p;
}

bool timing() {
    const char* t = std::getenv("SORN_BENCH_TIMING");
    return t && std::string(t) == "1";
}

void run(benchmark::State& state, sorn::sim::Simulation& s, int warm_up) {
    for (int k = 0; k < warm_up; ++k) s.step(); // past the initial transient
    s.timer().enable(timing());
    s.timer().reset();
    for (auto _ : state) s.step();
    state.counters["steps/s"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
    // Stored E->E entries (synapses and pruned slots) and synapses of rank 0's rows.
    const sorn::model::SynapticMatrix& W = s.network().W_ee;
    double stored = 0.0;
    for (sorn::Index r = 0; r < W.rows().size(); ++r)
        W.for_each(r, [&](sorn::Index, sorn::Real) { stored += 1.0; });
    state.counters["ee_stored"] = stored;
    state.counters["ee_synapses"] = static_cast<double>(W.local_synapses());
    if (timing()) {
        double loop = 0.0;
        for (int k = 0; k < sorn::sim::part_count; ++k)
            loop += s.timer().seconds(static_cast<sorn::sim::Part>(k));
        s.timer().report(PETSC_COMM_WORLD, loop, state.iterations(), stderr);
    }
}

void BM_Step(benchmark::State& state) {
    sorn::sim::Simulation s(PETSC_COMM_WORLD, network(state.range(0)));
    run(state, s, 2000);
}
BENCHMARK(BM_Step)->Arg(200)->Arg(1000)->Arg(2000)->Arg(5000)->Arg(20000)->Unit(
    benchmark::kMicrosecond);

// The network saved in $SORN_BENCH_STATE, with the parameters saved with it.
void BM_StepSaved(benchmark::State& state) {
    const char* path = std::getenv("SORN_BENCH_STATE");
    if (!path) {
        state.SkipWithError("SORN_BENCH_STATE is not set");
        return;
    }
    sorn::h5::File f = sorn::io::open_saved(PETSC_COMM_WORLD, path);
    const char* argv[] = {"bench_step"};
    std::vector<std::string> changes;
    const sorn::io::Config c = sorn::io::continue_from(sorn::io::parse_command_line(1, argv),
                                                       sorn::io::read_parameters(f), path, changes);
    sorn::sim::Simulation s(PETSC_COMM_WORLD, c.model, {}, [&](const sorn::model::Layout& l) {
        return sorn::io::read_state(std::move(f), l);
    });
    run(state, s, 0);
}
BENCHMARK(BM_StepSaved)->Unit(benchmark::kMicrosecond);

} // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    sorn::petsc::Session session(argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
