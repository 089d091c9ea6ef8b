#include "sorn/model/params.hpp"

#include <cmath>

#include "sorn/error.hpp"

namespace sorn::model {

bool PlasticityParams::frozen(Rule r) const {
    switch (r) {
    case Rule::Stdp: return frozen_stdp;
    case Rule::Ip: return frozen_ip;
    case Rule::Sp: return frozen_sp;
    case Rule::Istdp: return frozen_istdp;
    case Rule::Sn: return frozen_sn;
    }
    return false;
}

void PlasticityParams::freeze(Rule r) {
    switch (r) {
    case Rule::Stdp: frozen_stdp = true; break;
    case Rule::Ip: frozen_ip = true; break;
    case Rule::Sp: frozen_sp = true; break;
    case Rule::Istdp: frozen_istdp = true; break;
    case Rule::Sn: frozen_sn = true; break;
    }
}

void PlasticityParams::freeze_all() {
    for (Rule r : {Rule::Stdp, Rule::Ip, Rule::Sp, Rule::Istdp, Rule::Sn}) freeze(r);
}

namespace {
bool finite_nonneg(double v) { return std::isfinite(v) && v >= 0.0; }

// lambda is a mean out-degree: at most the number of possible postsynaptic partners.
void check_lambda(const char* key, double lambda, ConnectionType type, Index max_partners) {
    require(finite_nonneg(lambda) && lambda > 0.0, key, lambda, "must be a positive number");
    if (type == ConnectionType::Sparse)
        require(lambda <= static_cast<double>(max_partners), key, lambda,
                ("larger than possible: a Sparse network allows at most " +
                 std::to_string(max_partners) + " (use the Dense network type for all-to-all)")
                    .c_str());
}
} // namespace

void ModelParams::validate() const {
    const NetworkParams& n = network;
    require(n.N_e >= 2, "ne", n.N_e, "must be >= 2");
    require(std::isfinite(n.inhibitory_ratio) && n.inhibitory_ratio > 0.0, "inhibitory-ratio",
            n.inhibitory_ratio, "must be > 0");
    require(n.N_i() >= 1, "inhibitory-ratio", n.inhibitory_ratio,
            "gives no inhibitory unit (N_i = floor(ratio * ne) must be >= 1)");
    require(n.N_u >= 0, "nu", n.N_u, "must be >= 0");
    check_lambda("lambda-ee", n.lambda_ee, n.type_ee, n.N_e - 1);
    check_lambda("lambda-ei", n.lambda_ei, n.type_ei, n.N_e);
    check_lambda("lambda-ie", n.lambda_ie, n.type_ie, n.N_i());
    require(std::isfinite(n.w_init_max) && n.w_init_max > 0.0 && n.w_init_max <= 1.0, "w-init-max",
            n.w_init_max, "must lie in (0, 1]");
    require(std::isfinite(n.te_min), "te-min", n.te_min, "must be finite");
    require(std::isfinite(n.te_max), "te-max", n.te_max, "must be finite");
    require(n.te_min <= n.te_max, "te-min", n.te_min, "must be <= te-max");
    require(std::isfinite(n.ti_min), "ti-min", n.ti_min, "must be finite");
    require(std::isfinite(n.ti_max), "ti-max", n.ti_max, "must be finite");
    require(n.ti_min <= n.ti_max, "ti-min", n.ti_min, "must be <= ti-max");
    require(finite_nonneg(n.noise_sigma), "noise-sigma", n.noise_sigma, "must be >= 0");

    require(std::isfinite(input.gain), "input-gain", input.gain, "must be finite");
    if (input.mapping == InputMapping::Pool) {
        require(input.pool_size >= 1, "input-pool-size", input.pool_size, "must be >= 1");
        require(input.pool_size * n.N_u <= n.N_e, "input-pool-size", input.pool_size,
                "times nu must not exceed ne (pools are disjoint)");
    } else {
        require(n.N_u <= n.N_e, "nu", n.N_u, "must be <= ne with the feature input mapping");
    }
    if (input.source == InputSource::Random)
        require(n.N_u >= 1, "nu", n.N_u, "must be >= 1 with --input-source random");

    const PlasticityParams& p = plasticity;
    require(finite_nonneg(p.stdp.eta), "eta-stdp", p.stdp.eta, "must be >= 0");
    require(finite_nonneg(p.ip.eta), "eta-ip", p.ip.eta, "must be >= 0");
    require(std::isfinite(p.ip.mu) && p.ip.mu > 0.0 && p.ip.mu < 1.0, "mu-ip", p.ip.mu,
            "must lie in (0, 1)");
    require(finite_nonneg(p.ip.sigma), "sigma-ip", p.ip.sigma, "must be >= 0");
    require(finite_nonneg(p.sp.prob), "sp-prob", p.sp.prob, "must be >= 0");
    require(std::isfinite(p.sp.initial_weight) && p.sp.initial_weight > 0.0 &&
                p.sp.initial_weight <= 1.0,
            "sp-initial-weight", p.sp.initial_weight, "must lie in (0, 1]");
    require(finite_nonneg(p.istdp.eta), "eta-inhib", p.istdp.eta, "must be >= 0");
    require(finite_nonneg(p.istdp.w_min) && p.istdp.w_min < 1.0, "istdp-w-min", p.istdp.w_min,
            "must lie in [0, 1)");
}

} // namespace sorn::model
