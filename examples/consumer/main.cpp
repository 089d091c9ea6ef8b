// The smallest program against an installed sorn (see CMakeLists.txt): the default network, 2000
// steps with the input source, the mean E rate and the step reached.
#include <cstdio>

#include "sorn/api/network.hpp"
#include "sorn/driver.hpp"
#include "sorn/mpi.hpp"

namespace {
int run(MPI_Comm comm, int, char**) {
    sorn::api::Network net(comm, sorn::api::setup_from_options(comm, {"--seed=2"}, "consumer"));
    sorn::io::RunParams run;
    run.steps = 2000;
    run.quiet = true;
    const sorn::api::RunSummary s = net.run(run);
    if (sorn::mpi::rank(comm) == 0)
        std::printf("sorn-consumer: step %d, mean E rate %.4f\n",
                    static_cast<int>(net.step_count()),
                    s.e_spikes / (2000.0 * net.params().network.N_e));
    return 0;
}
} // namespace

int main(int argc, char** argv) { return sorn::run_driver("sorn-consumer", argc, argv, run); }
