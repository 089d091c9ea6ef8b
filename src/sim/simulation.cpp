#include "sorn/sim/simulation.hpp"

#include "sorn/plasticity/ip.hpp"
#include "sorn/plasticity/istdp.hpp"
#include "sorn/plasticity/sn.hpp"
#include "sorn/plasticity/sp.hpp"
#include "sorn/plasticity/stdp.hpp"
#include "sorn/rng.hpp"

namespace sorn::sim {

using model::Rule;

Simulation::Simulation(MPI_Comm comm, const model::ModelParams& p,
                       std::vector<double> input_columns, const StateSource& source)
    : p_(p), layout_(comm, p.network.N_e, p.network.N_i()),
      net_(layout_, source ? source(layout_) : model::initial_state(p, layout_)),
      input_(p.input, p.network.N_u, net_.layout.e, p.seed, std::move(input_columns)),
      exchange_(comm), first_step_(net_.step), x_next_(p.network.N_e), y_next_(p.network.N_i()),
      drive_(net_.layout.e.local().size()), recurrent_(net_.layout.e.local().size()) {
    local_active_.reserve(net_.layout.e.local().size());
}

void Simulation::step() {
    update_excitatory();
    update_inhibitory();
    apply_plasticity();
    swap(net_.x, x_next_);
    swap(net_.y, y_next_);
    ++net_.step;
}

// R_e = W_ee x(t) - W_ei y(t) - T_e + xi;  r(t+1) = Theta(R_e);  x(t+1) = Theta(R_e + g u(t)).
void Simulation::update_excitatory() {
    const model::Range e = net_.layout.e.local();
    const double sigma = p_.network.noise_sigma;
    for (Index r = 0; r < e.size(); ++r) {
        Real excitation = 0.0, inhibition = 0.0;
        net_.W_ee.for_each(r, [&](Index j, Real w) {
            if (net_.x[j]) excitation += w;
        });
        net_.W_ei.for_each(r, [&](Index k, Real w) {
            if (net_.y[k]) inhibition += w;
        });
        Real R = excitation - inhibition - net_.T_e[r];
        if (sigma > 0.0) R += sigma * rng::normal(p_.seed, rng::Stream::NoiseE, e.begin + r, net_.step);
        recurrent_[r] = R > 0.0;
        drive_[r] = R;
    }
    input_.add_drive(net_.step, first_step_, drive_);
    local_active_.clear();
    for (Index r = 0; r < e.size(); ++r)
        if (drive_[r] > 0.0) local_active_.push_back(e.begin + r);
    exchange_.gather(local_active_, x_next_);
}

// R_i = W_ie x - T_i + xi with x = x(t), or x(t+1) under fast inhibition;  y(t+1) = Theta(R_i).
void Simulation::update_inhibitory() {
    const model::Range i = net_.layout.i.local();
    const model::Activity& x = p_.network.fast_inhibition ? x_next_ : net_.x;
    const double sigma = p_.network.noise_sigma;
    local_active_.clear();
    for (Index r = 0; r < i.size(); ++r) {
        Real excitation = 0.0;
        net_.W_ie.for_each(r, [&](Index j, Real w) {
            if (x[j]) excitation += w;
        });
        Real R = excitation - net_.T_i[r];
        if (sigma > 0.0) R += sigma * rng::normal(p_.seed, rng::Stream::NoiseI, i.begin + r, net_.step);
        if (R > 0.0) local_active_.push_back(i.begin + r);
    }
    exchange_.gather(local_active_, y_next_);
}

void Simulation::apply_plasticity() {
    const model::PlasticityParams& p = p_.plasticity;
    if (!p.frozen(Rule::Stdp)) plasticity::apply_stdp(net_.W_ee, net_.x, x_next_, p.stdp);
    if (!p.frozen(Rule::Ip))
        plasticity::apply_ip(net_.T_e, net_.layout.e.local(), x_next_, net_.h_ip, p.ip,
                             p_.network.te_min, p_.network.te_max);
    if (!p.frozen(Rule::Sp)) plasticity::apply_sp(net_.W_ee, p.sp, p_.seed, net_.step);
    if (!p.frozen(Rule::Istdp))
        plasticity::apply_istdp(net_.W_ei, net_.y, x_next_, net_.h_ip, p.istdp);
    if (!p.frozen(Rule::Sn)) {
        plasticity::normalize_rows(net_.W_ee);
        plasticity::normalize_rows(net_.W_ei);
    }
}

} // namespace sorn::sim
