#pragma once
// One SORN time step t -> t+1 (MODEL.md), distributed over the ranks of a communicator.
//
// Step order: excitatory drive of the local rows -> x(t+1) -> exchange of the new
// E spikes -> inhibitory drive -> y(t+1) -> exchange of the new I spikes ->
// plasticity of the local rows (STDP, IP, SP, iSTDP, SN, each unless frozen). Where W_ee
// keeps no column view, STDP, SN of W_ee and the next step's W_ee x(t+1) are one pass over
// its rows, and likewise iSTDP, SN of W_ei and W_ei y(t+1) where W_ei keeps none
// (sim/row_pass.hpp), with the same results.
#include <mpi.h>

#include <cstdint>
#include <functional>
#include <vector>

#include "sorn/model/input.hpp"
#include "sorn/model/network.hpp"
#include "sorn/model/params.hpp"
#include "sorn/model/spike_exchange.hpp"
#include "sorn/plasticity/spike_codes.hpp"
#include "sorn/sim/timing.hpp"

namespace sorn::sim {

/// Where a simulation's network comes from: this rank's part of it, given the layout.
using StateSource = std::function<model::LocalState(const model::Layout&)>;

class Simulation {
public:
    /// Builds the network from `source` (default: the initial network of MODEL.md).
    /// `input_columns`: u(t) rows for the file input. `column_view_limit`: see model::Network
    /// (it changes the speed and memory, never a result). Collective.
    Simulation(MPI_Comm comm, const model::ModelParams& p, std::vector<double> input_columns = {},
               const StateSource& source = {},
               Index column_view_limit = model::default_column_view_limit);

    /// Advances the network by one step, u(t) from the input source. Collective.
    void step();
    /// Advances the network by one step with u(t) = u, N_u values given by the caller, the
    /// same on every rank (the input source is not used). Collective.
    void step(const double* u);

    /// Freezes (true) or unfreezes the rules from the next step on; the same on every rank.
    /// Local.
    void set_frozen(const model::RuleFlags& frozen) { p_.plasticity.frozen_rules = frozen; }

    /// Read only: the simulation keeps sums of it between steps (the E->E row pass). Local.
    const model::Network& network() const { return net_; }
    /// r(t) = Theta(R_e) of the local E units at the last step (no external input). Local.
    const std::vector<std::uint8_t>& recurrent() const { return recurrent_; }
    const model::ModelParams& params() const { return p_; }
    /// The input source (its letters with --input-source words). Local.
    const model::Input& input() const { return input_; }
    /// The synapses of this rank's rows of W_ee and W_ei at the start of the last step,
    /// before its plasticity (--count-timing before). Local, O(1).
    Index ee_synapses_before() const { return ee_before_; }
    Index ei_synapses_before() const { return ei_before_; }
    /// Time per phase of step() (off until enabled; api::Network::run adds its own). Local.
    PhaseTimer& timer() { return timer_; }
    const PhaseTimer& timer() const { return timer_; }

private:
    void update_excitatory(const double* given_input);
    void update_inhibitory();
    void apply_plasticity();
    model::SpParams sp_params() const; // with sp_probability (--sp-scaling)

    model::ModelParams p_;
    model::Layout layout_;
    model::Network net_;
    model::Input input_;
    model::SpikeExchange exchange_;
    PhaseTimer timer_;
    Index first_step_;
    Index ee_before_ = 0, ei_before_ = 0;
    // Scratch reused every step: no allocation in the loop.
    model::Activity x_next_, y_next_;
    // The row passes' scratch, kept so that a step allocates nothing.
    plasticity::SpikeCodes stdp_codes_, istdp_codes_;
    std::vector<Real> excitation_, inhibition_, drive_; // local E units
    std::vector<Real> excitation_i_;                    // local I units
    std::vector<Real> noise_;                           // sigma * xi of the local E or I units
    std::vector<Real> ip_target_; // IP's target of the local E units if not h_ip (--ip-target)
    std::vector<std::uint8_t> recurrent_;
    std::vector<Index> local_active_;
    // The E->E row pass (sim/row_pass.hpp): the step whose W_ee x excitation_ already
    // holds (-1: none), and the rows SP may change at this step.
    Index excitation_step_ = -1;
    std::vector<Index> deferred_rows_;
    // The I->E row pass (sim/row_pass.hpp): the step whose W_ei y inhibition_ holds.
    Index inhibition_step_ = -1;
};

} // namespace sorn::sim
