#include "sorn/sim/progress.hpp"

#include <unistd.h>

#include "sorn/mpi.hpp"

namespace sorn::sim {

Progress::Progress(MPI_Comm comm, Index total_steps, bool quiet, std::FILE* out)
    : enabled_(!quiet && mpi::rank(comm) == 0 && total_steps > 0),
      terminal_(isatty(fileno(out)) != 0), out_(out), total_(total_steps),
      start_(std::chrono::steady_clock::now()), last_print_(start_) {}

double Progress::elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::update(Index done, Index active_e, Index N_e) {
    done_ = done;
    spikes_ += static_cast<double>(active_e);
    unit_steps_ += static_cast<double>(N_e);
    if (!enabled_) return;
    if (terminal_) {
        // Checking the clock every step is cheap enough only every 256 steps.
        if ((done & 255) != 0 && done != total_) return;
        const auto now = std::chrono::steady_clock::now();
        if (std::chrono::duration<double>(now - last_print_).count() < 0.25) return;
        last_print_ = now;
        print(done);
    } else if (done * 10 >= next_decile_ * total_) {
        while (done * 10 >= next_decile_ * total_) ++next_decile_;
        print(done);
    }
}

void Progress::finish() {
    if (!enabled_) return;
    if (terminal_) {
        print(done_);
        std::fputc('\n', out_);
    }
    std::fflush(out_);
}

void Progress::print(Index done) {
    const double t = elapsed();
    const double rate = t > 0.0 ? static_cast<double>(done) / t : 0.0;
    const double eta = rate > 0.0 ? static_cast<double>(total_ - done) / rate : 0.0;
    const double mean_e = unit_steps_ > 0.0 ? spikes_ / unit_steps_ : 0.0;
    std::fprintf(out_, "%sstep %lld/%lld (%3.0f%%)  %.0f steps/s  ETA %.0f s  mean E rate %.4f%s",
                 terminal_ ? "\r" : "", static_cast<long long>(done),
                 static_cast<long long>(total_), 100.0 * static_cast<double>(done) / total_, rate,
                 eta, mean_e, terminal_ ? "   " : "\n");
    std::fflush(out_);
}

} // namespace sorn::sim
