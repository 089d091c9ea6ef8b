#include "sorn/sim/simulation.hpp"

#include "sorn/plasticity/ip.hpp"
#include "sorn/plasticity/istdp.hpp"
#include "sorn/plasticity/sn.hpp"
#include "sorn/plasticity/sp.hpp"
#include "sorn/plasticity/stdp.hpp"
#include "sorn/sim/row_pass.hpp"
#include <algorithm>
#include <optional>

#include "sorn/huge_pages.hpp"
#include "sorn/rng.hpp"
#include "sorn/ziggurat.hpp"

namespace sorn::sim {

using model::Rule;

namespace {

// Sum over the active presynaptic units of W[r, j] for every local row r, accumulated
// column by column in ascending j (the same additions in the same order as a row loop), or
// by a pass over the rows where the matrix keeps no column view (large matrices).
void accumulate(model::SynapticMatrix& W, const model::Activity& active, std::vector<Real>& sum) {
    if (!W.has_column_view()) return W.sum_active_columns(active, sum.data());
    std::fill(sum.begin(), sum.end(), 0.0);
    for (Index j : active.active()) W.for_each_in_column(j, [&](Index r, Real w) { sum[r] += w; });
}

// out[r] = sigma * xi of unit own.begin + r at `step`. Gaussian: units 4m..4m+3 draw in turn
// from one word stream keyed by m; own.begin is a multiple of 8 (units are partitioned in
// groups of 8), so a group never straddles two ranks. Uniform: xi ~ U[0, 1) keyed by the unit.
void fill_noise(std::vector<Real>& out, model::Range own, double sigma,
                model::NoiseDistribution distribution, std::uint64_t seed, rng::Stream stream,
                Index step) {
    if (distribution == model::NoiseDistribution::Uniform) {
        for (Index i = own.begin; i < own.end; ++i)
            out[i - own.begin] = sigma * rng::uniform(seed, stream, static_cast<std::uint64_t>(i),
                                                      static_cast<std::uint64_t>(step));
        return;
    }
    for (Index group = own.begin; group < own.end; group += 4) {
        rng::WordStream words(seed, stream, static_cast<std::uint64_t>(group / 4), step);
        for (Index i = group; i < std::min(group + 4, own.end); ++i)
            out[i - own.begin] = sigma * rng::ziggurat_normal(words);
    }
}

// Theta(z): z > 0, or z >= 0 (--threshold-comparison ge).
bool fires(Real z, bool at_zero) { return at_zero ? z >= 0.0 : z > 0.0; }

} // namespace

Simulation::Simulation(MPI_Comm comm, const model::ModelParams& p,
                       std::vector<double> input_columns, const StateSource& source,
                       Index column_view_limit)
    : p_(p), layout_(comm, p.network.N_e, p.network.N_i()),
      net_(layout_, source ? source(layout_) : model::initial_state(p, layout_), column_view_limit),
      input_(p.input, p.network.N_u, net_.layout.e, p.seed, std::move(input_columns)),
      exchange_(comm), first_step_(net_.step), x_next_(p.network.N_e), y_next_(p.network.N_i()),
      // Summed into at random by the drive's column walk: on huge pages at 10^6 units.
      excitation_(huge_page_vector<Real>(net_.layout.e.local().size())),
      inhibition_(huge_page_vector<Real>(net_.layout.e.local().size())),
      drive_(net_.layout.e.local().size()),
      excitation_i_(huge_page_vector<Real>(net_.layout.i.local().size())),
      noise_(std::max(net_.layout.e.local().size(), net_.layout.i.local().size())),
      recurrent_(net_.layout.e.local().size()) {
    local_active_.reserve(net_.layout.e.local().size());
    if (p.plasticity.ip.target == model::IpTarget::Package)
        ip_target_.assign(net_.layout.e.local().size(), model::package_ip_target(p.network));
}

void Simulation::step() { step(nullptr); }

void Simulation::step(const double* u) {
    ee_before_ = net_.W_ee.local_synapses(); // kept up to date by the rules: O(1)
    ei_before_ = net_.W_ei.local_synapses();
    update_excitatory(u);
    update_inhibitory();
    apply_plasticity();
    swap(net_.x, x_next_);
    swap(net_.y, y_next_);
    ++net_.step;
}

// R_e = W_ee x(t) - W_ei y(t) - T_e + xi;  r(t+1) = Theta(R_e);  x(t+1) = Theta(R_e + g u(t)),
// u(t) from the source, or given_input unless null; with spike noise x_i(t+1) = 1 with
// probability noise_fire, keyed by (unit, step).
void Simulation::update_excitatory(const double* given_input) {
    const model::Range e = net_.layout.e.local();
    const model::NetworkParams& n = p_.network;
    const double sigma = n.noise_sigma;
    const bool at_zero = n.threshold_comparison == model::ThresholdComparison::GreaterEqual;
    std::optional<PhaseTimer::Scope> timed(std::in_place, timer_, Part::DriveE);
    if (excitation_step_ != net_.step) accumulate(net_.W_ee, net_.x, excitation_);
    if (inhibition_step_ != net_.step) accumulate(net_.W_ei, net_.y, inhibition_);
    if (sigma > 0.0)
        fill_noise(noise_, e, sigma, n.noise_distribution, p_.seed, rng::Stream::NoiseE, net_.step);
    for (Index r = 0; r < e.size(); ++r) {
        Real R = excitation_[r] - inhibition_[r] - net_.T_e[r];
        if (sigma > 0.0) R += noise_[r];
        recurrent_[r] = fires(R, at_zero);
        drive_[r] = R;
    }
    if (given_input)
        input_.add_given_drive(given_input, drive_);
    else
        input_.add_drive(net_.step, first_step_, drive_);
    local_active_.clear();
    const auto step = static_cast<std::uint64_t>(net_.step);
    for (Index r = 0; r < e.size(); ++r)
        if (fires(drive_[r], at_zero) ||
            (n.noise_fire > 0.0 &&
             rng::uniform(p_.seed, rng::Stream::NoiseFire, e.begin + r, step) < n.noise_fire))
            local_active_.push_back(e.begin + r);
    timed.emplace(timer_, Part::ExchangeE);
    exchange_.gather(local_active_, x_next_);
}

// R_i = W_ie x - T_i + xi with x = x(t), or x(t+1) under fast inhibition;  y(t+1) = Theta(R_i).
void Simulation::update_inhibitory() {
    const model::Range i = net_.layout.i.local();
    const model::NetworkParams& n = p_.network;
    const double sigma = n.sigma_i();
    const bool at_zero = n.threshold_comparison == model::ThresholdComparison::GreaterEqual;
    std::optional<PhaseTimer::Scope> timed(std::in_place, timer_, Part::DriveI);
    accumulate(net_.W_ie, n.fast_inhibition ? x_next_ : net_.x, excitation_i_);
    if (sigma > 0.0)
        fill_noise(noise_, i, sigma, n.noise_distribution, p_.seed, rng::Stream::NoiseI, net_.step);
    local_active_.clear();
    for (Index r = 0; r < i.size(); ++r) {
        Real R = excitation_i_[r] - net_.T_i[r];
        if (sigma > 0.0) R += noise_[r];
        if (fires(R, at_zero)) local_active_.push_back(i.begin + r);
    }
    timed.emplace(timer_, Part::ExchangeI);
    exchange_.gather(local_active_, y_next_);
}

model::SpParams Simulation::sp_params() const {
    model::SpParams sp = p_.plasticity.sp;
    sp.prob = model::sp_probability(p_.network, sp); // --sp-scaling
    return sp;
}

void Simulation::apply_plasticity() {
    const model::PlasticityParams& p = p_.plasticity;
    // Without a column view of W_ee the next step's drive passes over all its rows: the row
    // pass does STDP and SN there too (not with pair sampling: its rows are not known ahead).
    const bool row_pass = !net_.W_ee.has_column_view() &&
                          (p.frozen(Rule::Sp) || p.sp.sampling == model::SpSampling::Row);
    if (row_pass) {
        const auto timed = timer_.time(Part::EeRows);
        deferred_rows_.clear();
        if (!p.frozen(Rule::Sp))
            plasticity::rows_sp_may_change(net_.W_ee.rows(), net_.W_ee.global_cols(),
                                           sp_params(), p_.seed, net_.step, deferred_rows_);
        ee_row_pass(net_.W_ee, net_.x, x_next_, p.stdp, !p.frozen(Rule::Stdp),
                    !p.frozen(Rule::Sn), deferred_rows_, stdp_codes_, excitation_.data());
    } else if (!p.frozen(Rule::Stdp)) {
        const auto timed = timer_.time(Part::Stdp);
        plasticity::apply_stdp(net_.W_ee, net_.x, x_next_, p.stdp, stdp_codes_);
    }
    // iSTDP always uses h_ip; IP uses the package's 2 N_u / N_e instead with --ip-target package.
    if (!p.frozen(Rule::Ip)) {
        const auto timed = timer_.time(Part::Ip);
        plasticity::apply_ip(net_.T_e, net_.layout.e.local(), x_next_,
                             ip_target_.empty() ? net_.h_ip : ip_target_, p.ip, p_.network.te_min,
                             p_.network.te_max);
    }
    if (!p.frozen(Rule::Sp)) {
        const auto timed = timer_.time(Part::Sp);
        plasticity::apply_sp(net_.W_ee, sp_params(), p_.seed, net_.step);
    }
    // Without a column view of W_ei, iSTDP, SN of W_ei and the next W_ei y(t+1) are one pass
    // over its rows.
    if (!net_.W_ei.has_column_view()) {
        const auto timed = timer_.time(Part::EiRows);
        ei_row_pass(net_.W_ei, net_.y, y_next_, x_next_, net_.h_ip, p.istdp, !p.frozen(Rule::Istdp),
                    !p.frozen(Rule::Sn), istdp_codes_, inhibition_.data());
        inhibition_step_ = net_.step + 1; // merge_pending() keeps every weight and its order
    } else if (!p.frozen(Rule::Istdp)) {
        const auto timed = timer_.time(Part::Istdp);
        plasticity::apply_istdp(net_.W_ei, net_.y, x_next_, net_.h_ip, p.istdp);
    }
    if (!p.frozen(Rule::Sn)) {
        const auto timed = timer_.time(Part::Sn);
        plasticity::normalize_changed_rows(net_.W_ee);
        plasticity::normalize_changed_rows(net_.W_ei);
    }
    if (row_pass) {
        const auto timed = timer_.time(Part::EeRows);
        sum_deferred_rows(net_.W_ee, deferred_rows_, excitation_.data());
        excitation_step_ = net_.step + 1; // merge_pending() keeps every weight and its order
    }
    // Maintenance: SP's pending synapses, and the pruned slots that STDP and iSTDP leave, go
    // into rebuilt matrices (when there are any: merge_pending decides, collectively).
    if (net_.step % plasticity::merge_interval == 0) {
        const auto timed = timer_.time(Part::Sp);
        net_.W_ee.merge_pending();
        net_.W_ei.merge_pending();
    }
}

} // namespace sorn::sim
