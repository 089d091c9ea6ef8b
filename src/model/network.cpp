#include "sorn/model/network.hpp"

#include <algorithm>
#include <memory>
#include <utility>

#include "sorn/model/connectivity.hpp"
#include "sorn/rng.hpp"

namespace sorn::model {

namespace {

ConnectivitySpec spec_ee(const ModelParams& p) {
    const NetworkParams& n = p.network;
    return {p.seed,
            rng::Stream::ConnectivityEE,
            rng::Stream::WeightEE,
            n.N_e,
            n.N_e,
            n.type_ee,
            n.lambda_ee,
            true,
            n.ee_degree == EeDegree::Package ? DegreeMode::PackageIn : DegreeMode::Bernoulli,
            n.w_init_max};
}

// The package's out-degree mode draws per I unit, from a stream of its own.
ConnectivitySpec spec_ei(const ModelParams& p) {
    const NetworkParams& n = p.network;
    const bool package = n.ei_degree == EiDegree::Package;
    return {p.seed,
            package ? rng::Stream::ConnectivityEIOut : rng::Stream::ConnectivityEI,
            rng::Stream::WeightEI,
            n.N_e,
            n.N_i(),
            n.type_ei,
            n.lambda_ei,
            false,
            package ? DegreeMode::PackageOut : DegreeMode::Bernoulli,
            n.w_init_max};
}

ConnectivitySpec spec_ie(const ModelParams& p) {
    const NetworkParams& n = p.network;
    return {p.seed,
            rng::Stream::ConnectivityIE,
            rng::Stream::WeightIE,
            n.N_i(),
            n.N_e,
            n.type_ie,
            n.lambda_ie,
            false,
            DegreeMode::Bernoulli,
            n.w_init_max};
}

// h_ip ~ Normal(mu, sigma) truncated to (0, 1) by redrawing: iSTDP divides by it.
double target_rate(const ModelParams& p, Index i) {
    const IpParams& ip = p.plasticity.ip;
    if (ip.sigma == 0.0) return ip.mu;
    for (std::uint64_t k = 0;; ++k) {
        const double h = ip.mu + ip.sigma * rng::normal(p.seed, rng::Stream::TargetRate, i, 0, k);
        if (h > 0.0 && h < 1.0) return h;
    }
}

// x(0) ~ Bernoulli(rate) (papers) or all zero (package), drawn identically on every rank;
// random-e: y(0) = 0.
std::vector<Index> initial_activity(const ModelParams& p, Index N, rng::Stream stream,
                                    bool excitatory) {
    std::vector<Index> active;
    const InitialActivity a = p.network.initial_activity;
    if (a == InitialActivity::Zero || (a == InitialActivity::RandomE && !excitatory)) return active;
    for (Index i = 0; i < N; ++i) {
        const double rate = excitatory ? target_rate(p, i) : p.plasticity.ip.mu;
        if (rng::uniform(p.seed, stream, i, 0) < rate) active.push_back(i);
    }
    return active;
}

// U(lo, hi) per unit, or ordered: unit k of N gets lo + (hi - lo) (k + 1/2) / N.
std::vector<Real> thresholds(const ModelParams& p, Range rows, Index N, rng::Stream stream,
                             double lo, double hi) {
    std::vector<Real> T(rows.size());
    const bool ordered = p.network.initial_thresholds == InitialThresholds::Ordered;
    for (Index r = 0; r < rows.size(); ++r) {
        const double u = ordered
                             ? (static_cast<double>(rows.begin + r) + 0.5) / static_cast<double>(N)
                             : rng::uniform(p.seed, stream, rows.begin + r, 0);
        T[r] = lo + (hi - lo) * u;
    }
    return T;
}

} // namespace

LocalState initial_state(const ModelParams& p, const Layout& layout) {
    const Range e = layout.e.local(), i = layout.i.local();
    const NetworkParams& n = p.network;
    LocalState s;
    s.W_ee = std::make_unique<InitialRows>(spec_ee(p), e);
    s.W_ei = std::make_unique<InitialRows>(spec_ei(p), e);
    s.W_ie = std::make_unique<InitialRows>(spec_ie(p), i);
    s.T_e = thresholds(p, e, n.N_e, rng::Stream::ThresholdE, n.te_min, n.te_max);
    s.T_i = thresholds(p, i, n.N_i(), rng::Stream::ThresholdI, n.ti_min, n.ti_max);
    for (Index r = 0; r < e.size(); ++r) s.h_ip.push_back(target_rate(p, e.begin + r));
    s.x_active = initial_activity(p, n.N_e, rng::Stream::InitialActivityE, true);
    s.y_active = initial_activity(p, n.N_i(), rng::Stream::InitialActivityI, false);
    return s;
}

Network::Network(const Layout& layout, LocalState&& s, Index column_view_limit)
    : layout(layout), W_ee(layout.comm, layout.e, layout.e, *s.W_ee, column_view_limit),
      W_ei(layout.comm, layout.e, layout.i, *s.W_ei,
           std::min(column_view_limit, ei_column_view_limit)),
      W_ie(layout.comm, layout.i, layout.e, *s.W_ie,
           std::min(column_view_limit, ie_column_view_limit)),
      T_e(s.T_e), T_i(s.T_i), h_ip(s.h_ip), x(layout.e.global_size()), y(layout.i.global_size()),
      step(s.step) {
    x.assign(s.x_active.data(), s.x_active.size());
    y.assign(s.y_active.data(), s.y_active.size());
}

} // namespace sorn::model
