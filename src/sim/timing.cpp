#include "sorn/sim/timing.hpp"

#include "sorn/error.hpp"
#include "sorn/mpi.hpp"

namespace sorn::sim {

namespace {

constexpr std::array<const char*, part_count> names = {
    "drive E", "exchange E", "drive I",   "exchange I", "W_ee rows", "STDP",       "IP",
    "SP",      "iSTDP",      "W_ei rows", "SN",         "recording", "checkpoint", "final write"};

// PETSc event names: no spaces, prefixed so that -log_view groups them.
constexpr std::array<const char*, part_count> event_names = {
    "SornDriveE", "SornExchangeE", "SornDriveI",     "SornExchangeI", "SornEERows",
    "SornSTDP",   "SornIP",        "SornSP",         "SornISTDP",     "SornEIRows",
    "SornSN",     "SornRecording", "SornCheckpoint", "SornOutput"};

const std::array<PetscLogEvent, part_count>& registered_events() {
    static const std::array<PetscLogEvent, part_count> events = [] {
        std::array<PetscLogEvent, part_count> e{};
        PetscClassId id = 0;
        SORN_PETSC_CALL(PetscClassIdRegister("SORN", &id));
        for (int k = 0; k < part_count; ++k)
            SORN_PETSC_CALL(PetscLogEventRegister(event_names[k], id, &e[k]));
        return e;
    }();
    return events;
}

} // namespace

const char* part_name(Part p) { return names[static_cast<int>(p)]; }

PhaseTimer::PhaseTimer() : events_(registered_events()) {}

void PhaseTimer::report(MPI_Comm comm, double loop_seconds, Index steps, std::FILE* out,
                        double setup_seconds) const {
    // [0, part_count) parts, then the loop, the rest of it, and the set-up before it.
    constexpr int n = part_count + 3;
    std::array<double, n> mine{}, lo{}, hi{};
    double timed = 0.0;
    for (int k = 0; k < part_count; ++k) {
        mine[k] = seconds_[k];
        if (k != static_cast<int>(Part::Output)) timed += seconds_[k];
    }
    mine[part_count] = loop_seconds;
    mine[part_count + 1] = loop_seconds - timed;
    mine[part_count + 2] = setup_seconds;
    SORN_MPI_CALL(MPI_Reduce(mine.data(), lo.data(), n, MPI_DOUBLE, MPI_MIN, 0, comm));
    SORN_MPI_CALL(MPI_Reduce(mine.data(), hi.data(), n, MPI_DOUBLE, MPI_MAX, 0, comm));
    if (mpi::rank(comm) != 0) return;
    const double per_step = steps > 0 ? 1e6 / static_cast<double>(steps) : 0.0;
    std::fprintf(out, "time per phase (--timing), %d rank(s), %lld steps; min and max over ranks\n",
                 mpi::size(comm), static_cast<long long>(steps));
    std::fprintf(out, "  %-12s %10s %10s %12s %8s\n", "phase", "min [s]", "max [s]",
                 "max [us/step]", "max [%]");
    auto line = [&](const char* name, int k) {
        std::fprintf(out, "  %-12s %10.4f %10.4f %13.3f %8.1f\n", name, lo[k], hi[k],
                     hi[k] * per_step, hi[part_count] > 0.0 ? 100.0 * hi[k] / hi[part_count] : 0.0);
    };
    const int output = static_cast<int>(Part::Output);
    for (int k = 0; k < output; ++k) line(names[k], k);
    line("other", part_count + 1); // the loop less every phase above
    line("step loop", part_count);
    line(names[output], output); // after the loop
    line("set-up", part_count + 2); // before it
}

} // namespace sorn::sim
