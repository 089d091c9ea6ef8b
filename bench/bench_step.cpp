// Time of one SORN step (all plasticity on, noise on) for several network sizes, on the
// ranks the benchmark is started with. Run: mpiexec -n 1 build/bin/bench_step
#include <benchmark/benchmark.h>

#include "sorn/petsc/session.hpp"
#include "sorn/sim/simulation.hpp"

namespace {

sorn::model::ModelParams network(sorn::Index N_e) {
    sorn::model::ModelParams p; // the package's defaults
    if (N_e > 1000) {           // large networks: sparse E<->I as in docs/PERFORMANCE.md
        p.network.type_ie = sorn::model::ConnectionType::Sparse;
        p.network.lambda_ie = 20;
    }
    p.network.N_e = N_e;
    return p;
}

void BM_Step(benchmark::State& state) {
    sorn::sim::Simulation s(PETSC_COMM_WORLD, network(state.range(0)));
    for (int k = 0; k < 2000; ++k) s.step(); // past the initial transient
    for (auto _ : state) s.step();
    state.counters["steps/s"] =
        benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Step)->Arg(200)->Arg(2000)->Arg(20000)->Unit(benchmark::kMicrosecond);

} // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    sorn::petsc::Session session(argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
