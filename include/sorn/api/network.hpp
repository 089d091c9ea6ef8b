#pragma once
// The library's front door (docs/API.md): a distributed SORN that a program builds, steps with
// its own input, inspects, freezes, saves and runs, as sorn-simulate does (sorn-simulate is
// this class and a command line). Each rank holds its rows; x(t) and y(t) are on every rank.
//
//   sorn::api::Setup s = sorn::api::setup_from_options(comm, {"--ne=400", "--seed=7"});
//   sorn::api::Network net(comm, s);
//   for (...) { net.step(u.data()); use(net.x()); }
//   net.save("trained.h5");
#include <mpi.h>

#include <string>
#include <vector>

#include "sorn/io/config.hpp"
#include "sorn/io/output_file.hpp"
#include "sorn/model/network.hpp"
#include "sorn/model/params.hpp"
#include "sorn/sim/simulation.hpp"
#include "sorn/types.hpp"

namespace sorn::api {

/// What a network and its runs are made from: the options (with a saved network's parameters
/// under --state) and what /provenance will say about them.
struct Setup {
    io::Config config;
    io::RunRecord record;
};

/// Parses sorn-simulate's options (`options` without the program name; single-dash PETSc
/// options are skipped), reads the parameters of a --state file and applies the rules of
/// docs/FORMAT.md (what a saved network fixes). `command_line` goes to /provenance.
/// Throws ConfigError naming the option or file, the same on every rank. Collective.
Setup setup_from_options(MPI_Comm comm, const std::vector<std::string>& options,
                         const std::string& command_line);

/// What a run did, for its summary.
struct RunSummary {
    Index steps = 0;
    double seconds = 0.0;           ///< wall time of the run, files included (rank 0)
    double recording_seconds = 0.0; ///< the part spent writing recordings
    double e_spikes = 0.0;          ///< E spikes over all steps and units
    double loop_seconds = 0.0;      ///< wall time of the step loop on this rank (no final write)
};

class Network {
public:
    /// Builds the network of `setup`: the saved network of config.run.state_file, or the
    /// initial network of MODEL.md. First refuses sizes this build cannot index or memory
    /// cannot hold, and output paths of config.run that could not be written, then reads the
    /// input file (config.run.steps columns) if the source is a file. Throws ConfigError.
    /// Collective.
    Network(MPI_Comm comm, Setup setup);
    /// The initial network of `p`. Throws ConfigError naming the first invalid option.
    /// Collective.
    Network(MPI_Comm comm, const model::ModelParams& p);
    Network(const Network&) = delete;
    Network& operator=(const Network&) = delete;

    /// One step with u(t) from the input source. Collective.
    void step();
    /// One step with u(t) = u: N_u values, the same on every rank (the source is not used).
    /// Collective.
    void step(const double* u);

    /// Runs `run.steps` steps with the recordings, output file, checkpoints and progress of
    /// `run`, as sorn-simulate does. `inputs`: null (the input source), or u(t) for every
    /// step, run.steps rows of N_u values, the same on every rank. Throws ConfigError for bad
    /// run options or paths before any step. Collective.
    RunSummary run(const io::RunParams& run, const double* inputs = nullptr);

    /// Writes the network as a checkpoint (docs/FORMAT.md) to `path`, through a .partial
    /// file. An existing file is replaced only with `overwrite` or if it is this network's
    /// own checkpoint (the same lineage). Throws ConfigError. Collective.
    void save(const std::string& path, bool overwrite = false);

    /// Freezes (true) or unfreezes the rules from the next step on. `--phase training` is
    /// all frozen. Must be the same on every rank. Local.
    void set_frozen(const model::RuleFlags& frozen);
    const model::RuleFlags& frozen() const { return setup_.config.model.plasticity.frozen_rules; }

    /// The options it was made from; config.model holds the current frozen rules. Local.
    const Setup& setup() const { return setup_; }
    /// The current parameters (frozen rules included). Local.
    const model::ModelParams& params() const { return setup_.config.model; }
    /// Weights, thresholds, x(t), y(t) (all units) and the step. Local.
    const model::Network& state() const { return sim_.network(); }
    /// r(t) = Theta(R_e) of the local E units at the last step. Local.
    const std::vector<std::uint8_t>& recurrent() const { return sim_.recurrent(); }
    /// The step counter t. Local.
    Index step_count() const { return sim_.network().step; }
    MPI_Comm comm() const { return comm_; }
    /// Time per phase of the steps and runs (taken while run.timing or enabled). Local.
    sim::PhaseTimer& timer() { return sim_.timer(); }
    /// Wall time of the construction on this rank: the checks, the input file, and the build
    /// of the initial network or the read of the saved one. Local.
    double setup_seconds() const { return setup_seconds_; }

private:
    Network(MPI_Comm comm, Setup setup, std::vector<double> input_columns);

    double constructed_at_ = MPI_Wtime(); // first: before the members below are made
    double setup_seconds_ = 0.0;
    MPI_Comm comm_;
    Setup setup_;
    sim::Simulation sim_;
};

} // namespace sorn::api
