#include "sorn/model/network.hpp"

#include "sorn/model/connectivity.hpp"
#include "sorn/rng.hpp"

namespace sorn::model {

namespace {

ConnectivitySpec spec_ee(const ModelParams& p) {
    const NetworkParams& n = p.network;
    return {p.seed,  rng::Stream::ConnectivityEE, rng::Stream::WeightEE, n.N_e, n.N_e,
            n.type_ee, n.lambda_ee, true, n.ee_degree, n.w_init_max};
}

ConnectivitySpec spec_ei(const ModelParams& p) {
    const NetworkParams& n = p.network;
    return {p.seed,  rng::Stream::ConnectivityEI, rng::Stream::WeightEI, n.N_e, n.N_i(),
            n.type_ei, n.lambda_ei, false, EeDegree::Bernoulli, n.w_init_max};
}

ConnectivitySpec spec_ie(const ModelParams& p) {
    const NetworkParams& n = p.network;
    return {p.seed,  rng::Stream::ConnectivityIE, rng::Stream::WeightIE, n.N_i(), n.N_e,
            n.type_ie, n.lambda_ie, false, EeDegree::Bernoulli, n.w_init_max};
}

double target_rate(const ModelParams& p, Index i) {
    const IpParams& ip = p.plasticity.ip;
    if (ip.sigma == 0.0) return ip.mu;
    return ip.mu + ip.sigma * rng::normal(p.seed, rng::Stream::TargetRate, i, 0);
}

// x(0) ~ Bernoulli(rate) (papers) or all zero (package), drawn identically on every rank.
void initial_activity(const ModelParams& p, Activity& a, rng::Stream stream, bool excitatory) {
    if (p.network.initial_activity == InitialActivity::Zero) return;
    std::vector<Index> active;
    for (Index i = 0; i < a.size(); ++i) {
        const double rate = excitatory ? target_rate(p, i) : p.plasticity.ip.mu;
        if (rng::uniform(p.seed, stream, i, 0) < rate) active.push_back(i);
    }
    a.assign(active.data(), active.size());
}

std::vector<Real> thresholds(const ModelParams& p, Range rows, rng::Stream stream, double lo,
                             double hi) {
    std::vector<Real> T(rows.size());
    for (Index r = 0; r < rows.size(); ++r)
        T[r] = lo + (hi - lo) * rng::uniform(p.seed, stream, rows.begin + r, 0);
    return T;
}

} // namespace

Network::Network(MPI_Comm comm, const ModelParams& p)
    : layout(comm, p.network.N_e, p.network.N_i()),
      W_ee(comm, layout.e, layout.e, initial_rows(spec_ee(p), layout.e.local())),
      W_ei(comm, layout.e, layout.i, initial_rows(spec_ei(p), layout.e.local())),
      W_ie(comm, layout.i, layout.e, initial_rows(spec_ie(p), layout.i.local())),
      T_e(thresholds(p, layout.e.local(), rng::Stream::ThresholdE, p.network.te_min,
                     p.network.te_max)),
      T_i(thresholds(p, layout.i.local(), rng::Stream::ThresholdI, p.network.ti_min,
                     p.network.ti_max)),
      x(p.network.N_e), y(p.network.N_i()) {
    const Range e = layout.e.local();
    h_ip.resize(e.size());
    for (Index r = 0; r < e.size(); ++r) h_ip[r] = target_rate(p, e.begin + r);
    initial_activity(p, x, rng::Stream::InitialActivityE, true);
    initial_activity(p, y, rng::Stream::InitialActivityI, false);
}

} // namespace sorn::model
