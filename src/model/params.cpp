#include "sorn/model/params.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <sstream>

#include "sorn/error.hpp"
#include "sorn/model/input.hpp"

namespace sorn::model {

double package_ip_target(const NetworkParams& n) {
    return static_cast<double>(2 * std::int64_t{n.N_u}) / static_cast<double>(n.N_e);
}

double sp_probability(const NetworkParams& n, const SpParams& sp) {
    if (sp.scaling == SpScaling::None) return sp.prob;
    const double N = static_cast<double>(n.N_e);
    return sp.prob * (N * (N - 1.0)) / (200.0 * 199.0);
}

bool PlasticityParams::frozen(Rule r) const { return frozen_rules[static_cast<std::size_t>(r)]; }

void PlasticityParams::freeze(Rule r) { frozen_rules[static_cast<std::size_t>(r)] = true; }

void PlasticityParams::freeze_all() {
    for (Rule r : {Rule::Stdp, Rule::Ip, Rule::Sp, Rule::Istdp, Rule::Sn}) freeze(r);
}

namespace {
bool finite_nonneg(double v) { return std::isfinite(v) && v >= 0.0; }

// Above this chance of an empty row a Sparse matrix is refused: an empty row is redrawn, and
// its expected number of draws, 1 / (1 - P(empty)), must stay small.
constexpr double max_empty_row_probability = 0.999;

// lambda is a mean out-degree: at most the number of possible postsynaptic partners, and large
// enough that a row (N_pre candidates, each with probability lambda / N_post) is rarely empty.
void check_lambda(const char* key, double lambda, ConnectionType type, Index max_partners,
                  Index N_post, Index candidates, bool can_be_empty) {
    require(finite_nonneg(lambda) && lambda > 0.0, key, lambda, "must be a positive number");
    if (type != ConnectionType::Sparse) return;
    require(lambda <= static_cast<double>(max_partners), key, lambda,
            ("larger than possible: a Sparse network allows at most " +
             std::to_string(max_partners) + " (use the Dense network type for all-to-all)")
                .c_str());
    if (!can_be_empty) return;
    const double p = lambda / static_cast<double>(N_post);
    const double empty = std::exp(static_cast<double>(candidates) * std::log1p(-p));
    if (empty > max_empty_row_probability) {
        const double least =
            static_cast<double>(N_post) *
            -std::expm1(std::log(max_empty_row_probability) / static_cast<double>(candidates));
        std::ostringstream rule;
        rule << "too small: a row would be empty with probability " << empty
             << " and empty rows are redrawn; use at least " << least;
        require(false, key, lambda, rule.str().c_str());
    }
}

// Largest count a 32-bit index holds.
constexpr double max_index = static_cast<double>(std::numeric_limits<Index>::max());
} // namespace

// Messages name the option, "--" included, as the parameter table (io/parameter_table.cpp)
// spells it; tests/unit/test_parameter_table.cpp checks the names.
void ModelParams::validate() const {
    const NetworkParams& n = network;
    require(n.N_e >= 2, "--ne", n.N_e, "must be >= 2");
    require(std::isfinite(n.inhibitory_ratio) && n.inhibitory_ratio > 0.0, "--inhibitory-ratio",
            n.inhibitory_ratio, "must be > 0");
    require(n.inhibitory_ratio * static_cast<double>(n.N_e) <= max_index, "--inhibitory-ratio",
            n.inhibitory_ratio, "gives more inhibitory units than an index holds (2147483647)");
    require(n.N_i() >= 1, "--inhibitory-ratio", n.inhibitory_ratio,
            "gives no inhibitory unit (N_i = floor(ratio * ne) must be >= 1)");
    require(n.N_u >= 0, "--nu", n.N_u, "must be >= 0");
    // W_to_from: rows are the postsynaptic units, a row's candidates the presynaptic ones.
    check_lambda("--lambda-ee", n.lambda_ee, n.type_ee, n.N_e - 1, n.N_e, n.N_e - 1,
                 n.ee_degree == EeDegree::Bernoulli);
    // Package out-degrees: an E row left without I input stays empty (it is not redrawn).
    check_lambda("--lambda-ei", n.lambda_ei, n.type_ei, n.N_e, n.N_e, n.N_i(),
                 n.ei_degree == EiDegree::Bernoulli);
    check_lambda("--lambda-ie", n.lambda_ie, n.type_ie, n.N_i(), n.N_i(), n.N_e, true);
    require(std::isfinite(n.w_init_max) && n.w_init_max > 0.0 && n.w_init_max <= 1.0,
            "--w-init-max", n.w_init_max, "must lie in (0, 1]");
    require(std::isfinite(n.te_min), "--te-min", n.te_min, "must be finite");
    require(std::isfinite(n.te_max), "--te-max", n.te_max, "must be finite");
    require(n.te_min <= n.te_max, "--te-min", n.te_min, "must be <= te-max");
    // Thresholds are drawn as min + (max - min) u: the width must be finite too.
    require(std::isfinite(n.te_max - n.te_min), "--te-max", n.te_max,
            "minus te-min must be finite (the initial T_e would be infinite)");
    require(std::isfinite(n.ti_min), "--ti-min", n.ti_min, "must be finite");
    require(std::isfinite(n.ti_max), "--ti-max", n.ti_max, "must be finite");
    require(n.ti_min <= n.ti_max, "--ti-min", n.ti_min, "must be <= ti-max");
    require(std::isfinite(n.ti_max - n.ti_min), "--ti-max", n.ti_max,
            "minus ti-min must be finite (the initial T_i would be infinite)");
    require(finite_nonneg(n.noise_sigma), "--noise-sigma", n.noise_sigma, "must be >= 0");
    require(n.noise_sigma_i == -1.0 || finite_nonneg(n.noise_sigma_i), "--noise-sigma-i",
            n.noise_sigma_i, "must be >= 0, or -1 for the same as --noise-sigma");
    require(std::isfinite(n.noise_fire) && n.noise_fire >= 0.0 && n.noise_fire <= 1.0,
            "--noise-fire", n.noise_fire, "must lie in [0, 1]");

    require(std::isfinite(input.gain), "--input-gain", input.gain, "must be finite");
    if (input.mapping == InputMapping::Pool) {
        require(input.pool_size >= 1, "--input-pool-size", input.pool_size, "must be >= 1");
        require(std::int64_t{input.pool_size} * n.N_u <= n.N_e, "--input-pool-size",
                input.pool_size, "times nu must not exceed ne (pools are disjoint)");
    } else {
        require(n.N_u <= n.N_e, "--nu", n.N_u, "must be <= ne with the feature input mapping");
    }
    if (input.source == InputSource::Random)
        require(n.N_u >= 1, "--nu", n.N_u, "must be >= 1 with --input-source random");
    if (input.source == InputSource::Uniform)
        require(n.N_u >= 1, "--nu", n.N_u, "must be >= 1 with --input-source uniform");
    if (input.source == InputSource::Words) {
        const WordSource words = parse_word_source(input);
        require(n.N_u == static_cast<Index>(words.letters.size()), "--nu", n.N_u,
                ("must equal the number of distinct letters of --input-words with --input-source "
                 "words (" +
                 std::to_string(words.letters.size()) + ")")
                    .c_str());
    }

    const PlasticityParams& p = plasticity;
    require(finite_nonneg(p.stdp.eta), "--eta-stdp", p.stdp.eta, "must be >= 0");
    require(finite_nonneg(p.stdp.prune_below) && p.stdp.prune_below < 1.0, "--stdp-prune-below",
            p.stdp.prune_below, "must lie in [0, 1)");
    require(finite_nonneg(p.ip.eta), "--eta-ip", p.ip.eta, "must be >= 0");
    require(std::isfinite(p.ip.mu) && p.ip.mu > 0.0 && p.ip.mu < 1.0, "--mu-ip", p.ip.mu,
            "must lie in (0, 1)");
    require(finite_nonneg(p.ip.sigma), "--sigma-ip", p.ip.sigma, "must be >= 0");
    if (p.ip.target == IpTarget::Package) {
        const double h = package_ip_target(n);
        require(
            h > 0.0 && h < 1.0, "--ip-target", "package",
            ("needs 0 < 2 * nu / ne < 1, the package's IP target (here " + std::to_string(h) + ")")
                .c_str());
    }
    require(finite_nonneg(p.sp.prob), "--sp-prob", p.sp.prob, "must be >= 0");
    require(sp_probability(n, p.sp) <= static_cast<double>(n.N_e) * static_cast<double>(n.N_e - 1),
            "--sp-prob", p.sp.prob,
            p.sp.scaling == SpScaling::None
                ? "must not exceed the number of possible E->E synapses, ne * (ne - 1)"
                : "scaled by --sp-scaling must not exceed the number of possible E->E synapses, "
                  "ne * (ne - 1)");
    require(std::isfinite(p.sp.initial_weight) && p.sp.initial_weight > 0.0 &&
                p.sp.initial_weight <= 1.0,
            "--sp-initial-weight", p.sp.initial_weight, "must lie in (0, 1]");
    require(finite_nonneg(p.istdp.eta), "--eta-inhib", p.istdp.eta, "must be >= 0");
    require(finite_nonneg(p.istdp.w_min) && p.istdp.w_min < 1.0, "--istdp-w-min", p.istdp.w_min,
            "must lie in [0, 1)");
    if (p.istdp.bound == IstdpBound::Reset)
        require(p.istdp.w_min > 0.0, "--istdp-bound", "reset",
                "needs --istdp-w-min > 0, the weight a weight that reaches <= 0 is reset to");
}

} // namespace sorn::model
