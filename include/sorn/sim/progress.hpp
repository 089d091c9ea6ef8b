#pragma once
// Progress of a long run on rank 0: step, percent, steps/s, ETA and mean E rate.
// On a terminal the line is updated in place (at most 4 times a second); otherwise
// one line per 10 %. Silent when quiet.
#include <mpi.h>

#include <chrono>
#include <cstdio>

#include "sorn/types.hpp"

namespace sorn::sim {

class Progress {
public:
    /// Local; prints only on rank 0 of comm.
    Progress(MPI_Comm comm, Index total_steps, bool quiet, std::FILE* out = stderr);
    /// Call after each step with the number of E units that fired in it. Local.
    void update(Index done, Index active_e, Index N_e);
    /// Final line. Local.
    void finish();
    /// Seconds since construction.
    double elapsed() const;

private:
    void print(Index done);

    bool enabled_;
    bool terminal_;
    std::FILE* out_;
    Index total_;
    double spikes_ = 0.0, unit_steps_ = 0.0;
    int next_decile_ = 1;
    std::chrono::steady_clock::time_point start_, last_print_;
    Index done_ = 0;
};

} // namespace sorn::sim
