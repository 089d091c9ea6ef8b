#pragma once
// Every model parameter of MODEL.md with its default (the Python package's defaults: class
// attributes of sorn.Sorn in v0.7.3; configuration.ini in older releases). Option names are given
// as `--kebab-name`; the one table of option names, types and meanings is io/parameter_table.cpp: a
// new field needs an entry there (tests/unit/test_parameter_table.cpp checks that every field has
// exactly one).
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "sorn/types.hpp"

namespace sorn::model {

/// "Sparse": Bernoulli(lambda / N_post) per pair; "Dense": all-to-all.
enum class ConnectionType { Sparse, Dense };
/// How W_ee rows get their in-degree in Sparse mode.
enum class EeDegree { Bernoulli, Package };
/// How the I units get their out-degree in W_ei in Sparse mode.
enum class EiDegree { Bernoulli, Package };
/// Initial activity x(0), y(0): zero; x ~ Bernoulli(h_ip) and y ~ Bernoulli(mu-ip); or
/// x ~ Bernoulli(h_ip) and y = 0 (RandomE, the authors' code).
enum class InitialActivity { Zero, Random, RandomE };
/// Initial thresholds: U(min, max) per unit, or evenly spaced (Hartmann 2015).
enum class InitialThresholds { Random, Ordered };
/// Theta(z) of x, r and y: z > 0 (ours), or z >= 0 (the authors' code).
enum class ThresholdComparison { Greater, GreaterEqual };
/// The noise xi added to R_e and R_i: sigma Normal(0, 1), or sigma U[0, 1) (SORN_V2).
enum class NoiseDistribution { Gaussian, Uniform };
/// Where u(t) comes from.
enum class InputSource { None, Random, File, Uniform, Words };
/// How input unit k reaches the E units (the package: unit k; papers: a pool).
enum class InputMapping { Feature, Pool };
/// The target rate of IP: h_ip (mu-ip, per unit with sigma-ip), or the package's 2 N_u / N_e.
enum class IpTarget { Mu, Package };
/// How structural plasticity picks a new synapse: a row, then a free column of it; or a pair
/// uniform among all free pairs (the package).
enum class SpSampling { Row, Pair };
/// How the SP probability scales with N_e: not at all, or by N_e (N_e - 1) / (200 * 199)
/// (Del Papa et al. 2017: --sp-prob is then the value of an N_e = 200 network).
enum class SpScaling { None, Dpt17 };
/// The iSTDP lower bound w_min > 0: clip every weight below it, or reset to it only the
/// weights that reach <= 0 (the authors' code).
enum class IstdpBound { Clip, Reset };
/// When a step's synapse counts are taken: after its plasticity, or before it (the package).
enum class CountTiming { After, Before };

struct NetworkParams {
    Index N_e = 200;               ///< --ne        excitatory units
    double inhibitory_ratio = 0.2; ///< --inhibitory-ratio  N_i = floor(ratio * N_e)
    Index N_u = 10;                ///< --nu        input units
    ConnectionType type_ee = ConnectionType::Sparse; ///< --network-type-ee
    ConnectionType type_ei = ConnectionType::Sparse; ///< --network-type-ei
    ConnectionType type_ie = ConnectionType::Dense;  ///< --network-type-ie
    double lambda_ee = 20.0;                         ///< --lambda-ee mean out-degree E->E
    double lambda_ei = 40.0;                         ///< --lambda-ei mean out-degree I->E
    double lambda_ie = 100.0;                        ///< --lambda-ie mean out-degree E->I
    EeDegree ee_degree = EeDegree::Bernoulli;        ///< --ee-degree
    EiDegree ei_degree = EiDegree::Bernoulli;        ///< --ei-degree
    double w_init_max = 1.0;           ///< --w-init-max initial weights U(0, w_init_max]
    double te_min = 0.0, te_max = 1.0; ///< --te-min --te-max  T_e ~ U(te_min, te_max)
    double ti_min = 0.0, ti_max = 0.5; ///< --ti-min --ti-max  T_i ~ U(ti_min, ti_max)
    InitialActivity initial_activity = InitialActivity::Zero;         ///< --initial-activity
    InitialThresholds initial_thresholds = InitialThresholds::Random; ///< --initial-thresholds
    double noise_sigma = 0.04;    ///< --noise-sigma std. dev. of xi per unit and step
    bool fast_inhibition = false; ///< --fast-inhibition  R_i uses x(t+1)
    /// --threshold-comparison
    ThresholdComparison threshold_comparison = ThresholdComparison::Greater;
    NoiseDistribution noise_distribution = NoiseDistribution::Gaussian; ///< --noise-distribution
    double noise_sigma_i = -1.0; ///< --noise-sigma-i  sigma of the I units; < 0: noise_sigma
    double noise_fire = 0.0;     ///< --noise-fire  P(an E unit is forced to fire) per step

    /// The noise sigma of the I units.
    double sigma_i() const { return noise_sigma_i < 0.0 ? noise_sigma : noise_sigma_i; }

    Index N_i() const { return static_cast<Index>(inhibitory_ratio * static_cast<double>(N_e)); }
};

struct InputParams {
    InputSource source = InputSource::None;       ///< --input-source (file: --input)
    std::string file;                             ///< --input FILE.h5
    std::string dataset = "input";                ///< --input-dataset  shape N_u x T
    InputMapping mapping = InputMapping::Feature; ///< --input-mapping feature|pool
    Index pool_size = 10; ///< --input-pool-size  E units per input unit (pool)
    double gain = 1.0;    ///< --input-gain g
    std::string words;    ///< --input-words  the words of the words source, e.g. "ab^4c,de^4f"
    std::string word_transitions; ///< --input-word-transitions  "p11 p12;p21 p22" ("": uniform)
};

struct StdpParams {
    double eta = 0.004;       ///< --eta-stdp
    double prune_below = 0.0; ///< --stdp-prune-below  weights below it are pruned (authors: 1e-10)
};

struct IpParams {
    double eta = 0.01;              ///< --eta-ip
    double mu = 0.1;                ///< --mu-ip     mean target rate h_ip
    double sigma = 0.0;             ///< --sigma-ip  h_ip per unit ~ Normal(mu, sigma)
    bool clip = false;              ///< --ip-clip   clip T_e to [te_min, te_max]
    IpTarget target = IpTarget::Mu; ///< --ip-target  IP's target: h_ip, or 2 N_u / N_e (package)
};

struct SpParams {
    double prob = 0.1;                     ///< --sp-prob  mean new E->E synapses per step
    double initial_weight = 0.001;         ///< --sp-initial-weight
    SpSampling sampling = SpSampling::Row; ///< --sp-sampling row|pair
    SpScaling scaling = SpScaling::None;   ///< --sp-scaling none|dpt17
};

struct IstdpParams {
    double eta = 0.001; ///< --eta-inhib
    double w_min = 0.0; ///< --istdp-w-min  0: weights <= 0 are pruned (package); > 0: clip (papers)
    IstdpBound bound = IstdpBound::Clip; ///< --istdp-bound clip|reset (how w_min > 0 acts)
};

/// The plasticity rules; each can be frozen on its own.
enum class Rule { Stdp, Ip, Sp, Istdp, Sn };
/// One flag per Rule, indexed by its value.
using RuleFlags = std::array<bool, 5>;

struct PlasticityParams {
    StdpParams stdp;
    IpParams ip;
    SpParams sp;
    IstdpParams istdp;
    RuleFlags frozen_rules{}; ///< --freeze / --phase training  (all false: every rule learns)

    bool frozen(Rule r) const;
    void freeze(Rule r);
    void freeze_all();
};

/// What the recordings mean, where the package's differ (not the dynamics).
struct RecordingParams {
    CountTiming count_timing = CountTiming::After; ///< --count-timing after|before
};

/// The package's IP target rate h_ip = 2 N_u / N_e (Plasticity.__init__), for --ip-target
/// package. Local.
double package_ip_target(const NetworkParams& n);

/// The mean number of new E->E synapses per step: sp-prob, scaled by --sp-scaling. Local.
double sp_probability(const NetworkParams& n, const SpParams& sp);

/// Everything that defines the network and its dynamics (not the run), and what its
/// recordings mean.
struct ModelParams {
    std::uint64_t seed = 1; ///< --seed
    NetworkParams network;
    InputParams input;
    PlasticityParams plasticity;
    RecordingParams recording;

    /// Throws ConfigError naming the first invalid option.
    void validate() const;
};

} // namespace sorn::model
