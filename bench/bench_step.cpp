// Time of one SORN step (all plasticity on, noise on) for several network sizes, on the
// ranks the benchmark is started with, in a defined regime: every iteration builds the network
// anew (seed 1, untimed), runs warm_up steps past the initial transient (untimed: 2000, or
// $SORN_BENCH_WARMUP), then times `steps` steps (2000 up to N_e = 5000, 500 above, or
// $SORN_BENCH_STEPS). So every iteration, and every run, times the same steps of the same
// network, whatever the iteration count. Counters: steps/s and time/step (CPU time), the
// synapses (weight > 0) of W_ee and W_ei over all ranks at the end, the stored entries (synapses
// and pruned slots) of W_ee and W_ei, and the mean rate of E during the timed steps. With
// SORN_BENCH_STATE=FILE.h5 also of the network saved in that file (a settled network: see
// docs/PERFORMANCE.md), read anew every iteration, with no warm-up. With SORN_BENCH_TIMING=1
// rank 0 prints the time per phase of each benchmark. SORN_BENCH_COLUMN_VIEW_LIMIT=N keeps the
// column views of the matrices only up to N stored entries per rank (0: none, so both row
// passes run at any size; the default is model::default_column_view_limit, for W_ei and W_ie
// at most model::ei_column_view_limit and model::ie_column_view_limit).
// Run: mpiexec -n 1 build/bin/bench_step
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

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

// $name as a count >= least, or `fallback` when it is not set.
int count_from_env(const char* name, int fallback, int least) {
    const char* v = std::getenv(name);
    if (!v) return fallback;
    char* end = nullptr;
    const long n = std::strtol(v, &end, 10);
    if (end == v || *end != '\0' || n < least || n > 100000000) {
        std::fprintf(stderr, "bench_step: %s = %s: must be a count >= %d\n", name, v, least);
        std::exit(2);
    }
    return static_cast<int>(n);
}

// $SORN_BENCH_COLUMN_VIEW_LIMIT, or the default limit.
sorn::Index column_view_limit() {
    return std::getenv("SORN_BENCH_COLUMN_VIEW_LIMIT")
               ? count_from_env("SORN_BENCH_COLUMN_VIEW_LIMIT", 0, 0)
               : sorn::model::default_column_view_limit;
}

double global_sum(double local) {
    double all = 0.0;
    MPI_Allreduce(&local, &all, 1, MPI_DOUBLE, MPI_SUM, PETSC_COMM_WORLD);
    return all;
}

// Each iteration: make() a new simulation and run warm_up steps (both untimed), then time
// `steps` steps.
void run(benchmark::State& state,
         const std::function<std::unique_ptr<sorn::sim::Simulation>()>& make, int warm_up,
         int steps) {
    std::unique_ptr<sorn::sim::Simulation> s;
    double active = 0.0;
    for (auto _ : state) {
        state.PauseTiming();
        s.reset(); // the previous network goes first: never two at once
        s = make();
        for (int k = 0; k < warm_up; ++k) s->step(); // past the initial transient
        s->timer().enable(timing());
        s->timer().reset();
        active = 0.0;
        state.ResumeTiming();
        for (int k = 0; k < steps; ++k) {
            s->step();
            active += static_cast<double>(s->network().x.count());
        }
    }
    using benchmark::Counter;
    state.counters["steps/s"] = Counter(steps, Counter::kIsIterationInvariantRate);
    state.counters["time/step"] =
        Counter(steps, Counter::kIsIterationInvariantRate | Counter::kInvert);
    const sorn::model::Network& net = s->network();
    state.counters["rate_e"] = active / (static_cast<double>(steps) * net.x.size());
    auto stored = [](const sorn::model::SynapticMatrix& W) { // synapses and pruned slots
        double n = 0.0;
        for (sorn::Index r = 0; r < W.rows().size(); ++r)
            W.for_each(r, [&](sorn::Index, sorn::Real) { n += 1.0; });
        return global_sum(n);
    };
    state.counters["ee_stored"] = stored(net.W_ee);
    state.counters["ei_stored"] = stored(net.W_ei);
    state.counters["ee_synapses"] = global_sum(static_cast<double>(net.W_ee.local_synapses()));
    state.counters["ei_synapses"] = global_sum(static_cast<double>(net.W_ei.local_synapses()));
    if (timing()) {
        double loop = 0.0;
        for (int k = 0; k < sorn::sim::part_count; ++k)
            loop += s->timer().seconds(static_cast<sorn::sim::Part>(k));
        s->timer().report(PETSC_COMM_WORLD, loop, steps, stderr);
    }
}

void BM_Step(benchmark::State& state) {
    const sorn::Index N_e = state.range(0);
    run(
        state,
        [&] {
            return std::make_unique<sorn::sim::Simulation>(
                PETSC_COMM_WORLD, network(N_e), std::vector<double>{}, sorn::sim::StateSource{},
                column_view_limit());
        },
        count_from_env("SORN_BENCH_WARMUP", 2000, 0),
        count_from_env("SORN_BENCH_STEPS", N_e <= 5000 ? 2000 : 500, 1));
}
// Google Benchmark picks the iteration count; every iteration repeats the same steps.
BENCHMARK(BM_Step)->Arg(200)->Arg(1000)->Arg(2000)->Arg(5000)->Arg(20000)->Unit(
    benchmark::kMillisecond);

// The network saved in $SORN_BENCH_STATE, with the parameters saved with it.
void BM_StepSaved(benchmark::State& state) {
    const char* path = std::getenv("SORN_BENCH_STATE");
    if (!path) {
        state.SkipWithError("SORN_BENCH_STATE is not set");
        return;
    }
    const char* argv[] = {"bench_step"};
    std::vector<std::string> changes;
    const sorn::io::Config c = sorn::io::continue_from(
        sorn::io::parse_command_line(1, argv),
        sorn::io::read_parameters(sorn::io::open_saved(PETSC_COMM_WORLD, path)), path, changes);
    run(
        state,
        [&] { // the file is opened anew: read_state keeps it until the network is built
            return std::make_unique<sorn::sim::Simulation>(
                PETSC_COMM_WORLD, c.model, std::vector<double>{},
                [&](const sorn::model::Layout& l) {
                    return sorn::io::read_state(sorn::io::open_saved(PETSC_COMM_WORLD, path), l);
                },
                column_view_limit());
        },
        0, count_from_env("SORN_BENCH_STEPS", 2000, 1));
}
BENCHMARK(BM_StepSaved)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    sorn::petsc::Session session(argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
