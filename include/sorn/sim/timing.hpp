#pragma once
// Time per phase of a run (sorn-simulate --timing, bench_step): a wall-clock timer per rank
// for each phase of the step schedule, plus a PETSc log event of the same name per phase, so
// that -log_view lists them too. Cheap: a disabled timer costs a flag test (and PETSc's own
// test of whether logging is on); an enabled one two clock reads per phase and step, no
// allocation.
#include <mpi.h>

#include <array>
#include <chrono>
#include <cstdio>

#include <petsclog.h>

#include "sorn/types.hpp"

namespace sorn::sim {

/// The timed phases, in step order, then the driver's.
enum class Part : int {
    DriveE,     ///< E drive: W_ee x, W_ei y, noise, input, thresholds
    ExchangeE,  ///< allgather of the new E spikes
    DriveI,     ///< I drive: W_ie x, noise, thresholds
    ExchangeI,  ///< allgather of the new I spikes
    EeRows,     ///< the E->E row pass (no column view of W_ee): STDP, SN of W_ee, next W_ee x
    Stdp,       ///< STDP of W_ee
    Ip,         ///< intrinsic plasticity of T_e
    Sp,         ///< structural plasticity, and the batched maintenance of W_ee and W_ei
    Istdp,      ///< iSTDP of W_ei
    EiRows,     ///< the I->E row pass (no column view of W_ei): iSTDP, SN of W_ei, next W_ei y
    Sn,         ///< synaptic normalization of the changed rows of W_ee and W_ei
    Recording,  ///< the recorder's per-step work and buffer flushes
    Checkpoint, ///< periodic checkpoints
    Output,     ///< after the loop: the last checkpoint, the output file's state and flush
    Count
};
constexpr int part_count = static_cast<int>(Part::Count);

/// Name of a part as printed and as its PETSc event is called ("stdp", ...).
const char* part_name(Part p);

class PhaseTimer {
public:
    /// Registers the PETSc events (once per process; PETSc must be initialized). Local.
    PhaseTimer();

    /// Starts or stops taking times (PETSc events are logged whenever PETSc logs). Local.
    void enable(bool on) { enabled_ = on; }
    bool enabled() const { return enabled_; }

    /// Times one part from construction to destruction. Local.
    class Scope {
    public:
        Scope(PhaseTimer& t, Part p) : timer_(t.enabled_ ? &t : nullptr), part_(p) {
            PetscLogEventBegin(t.events_[index()], 0, 0, 0, 0);
            event_ = t.events_[index()];
            if (timer_) start_ = Clock::now();
        }
        ~Scope() {
            if (timer_)
                timer_->seconds_[index()] +=
                    std::chrono::duration<double>(Clock::now() - start_).count();
            PetscLogEventEnd(event_, 0, 0, 0, 0);
        }
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        int index() const { return static_cast<int>(part_); }
        PhaseTimer* timer_;
        Part part_;
        PetscLogEvent event_ = 0;
        std::chrono::steady_clock::time_point start_{};
    };
    Scope time(Part p) { return Scope(*this, p); }

    /// Seconds spent in part p on this rank since construction. Local.
    double seconds(Part p) const { return seconds_[static_cast<int>(p)]; }
    /// Sets every time to 0 (e.g. after a warm-up). Local.
    void reset() { seconds_.fill(0.0); }

    /// Rank 0 prints a table to `out`: per part the least and largest seconds over the ranks,
    /// microseconds per step and share of `loop_seconds` (the rank's time in the step loop),
    /// what no part accounts for, and last the rank's `setup_seconds` (building or reading
    /// the network, before the loop). Collective.
    void report(MPI_Comm comm, double loop_seconds, Index steps, std::FILE* out,
                double setup_seconds = 0.0) const;

private:
    using Clock = std::chrono::steady_clock;
    bool enabled_ = false;
    std::array<double, part_count> seconds_{};
    std::array<PetscLogEvent, part_count> events_{};
};

} // namespace sorn::sim
