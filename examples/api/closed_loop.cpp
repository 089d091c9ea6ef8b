// A closed loop in C++ through the library API (docs/API.md): the program computes each step's
// input from the network's last state, runs a plastic phase, freezes every rule, runs a frozen
// phase, and saves the network. Run: mpirun -n 2 build/bin/sorn-example-closed-loop [out.h5]
//
// The "environment" is deliberately tiny: input unit k is on when E unit k fired in the last
// step (the network hears its own first N_u units), plus a slow rotating cue.
#include <mpi.h>

#include <cstdio>
#include <string>
#include <vector>

#include "sorn/api/network.hpp"
#include "sorn/driver.hpp"
#include "sorn/mpi.hpp"

namespace {

using namespace sorn;

int run(MPI_Comm comm, int argc, char** argv) {
    const std::string out = argc > 1 ? argv[1] : "closed_loop.h5";
    // The options of sorn-simulate, checked by the same table (a bad one: ConfigError, exit 2).
    api::Network net(comm, api::setup_from_options(comm, {"--ne=400", "--nu=8", "--seed=3"},
                                                   "sorn-example-closed-loop"));
    const Index N_u = net.params().network.N_u;
    std::vector<double> u(static_cast<std::size_t>(N_u));
    auto feedback = [&](Index t) {
        for (Index k = 0; k < N_u; ++k) u[k] = net.state().x[k] ? 0.5 : 0.0; // x(t): every rank
        u[(t / 50) % N_u] += 1.0;
    };

    long long spikes_plastic = 0, spikes_frozen = 0;
    for (Index t = 0; t < 3000; ++t) { // plasticity phase
        feedback(t);
        net.step(u.data());
        spikes_plastic += net.state().x.count();
    }
    net.set_frozen({true, true, true, true, true}); // training phase: a frozen reservoir
    for (Index t = 3000; t < 4000; ++t) {
        feedback(t);
        net.step(u.data());
        spikes_frozen += net.state().x.count();
    }
    net.save(out, true);
    if (mpi::rank(comm) == 0)
        std::printf("closed loop: mean E rate %.4f (plastic), %.4f (frozen); saved %s at step %d\n",
                    spikes_plastic / (3000.0 * 400), spikes_frozen / (1000.0 * 400), out.c_str(),
                    static_cast<int>(net.step_count()));
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    return sorn::run_driver("sorn-example-closed-loop", argc, argv, run);
}
