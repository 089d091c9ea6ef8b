#pragma once
// Discrete heavy-tail models on a window of integers and their comparison (Clauset, Shalizi &
// Newman 2009, SIAM Review 51:661, section 5; the discrete forms of their Table 2.1):
//
//   power law            P(x) = x^-α / Z
//   truncated power law  P(x) = x^-α e^(-λx) / Z     (power law with exponential cut-off)
//   exponential          P(x) = e^(-λx) / Z
//   lognormal            P(x) = [Φ(z(x + 1)) - Φ(z(x))] / Z,  z(y) = (ln y - μ)/σ
//
// each normalized over the support [xmin, xmax] (xmax = 0: no upper bound), fitted by maximum
// likelihood, and compared by the log-likelihood ratio R = Σ ln P_1(x_i) - ln P_2(x_i) with
// Vuong's normalization R / (σ_d √n) (σ_d: standard deviation of the per-sample differences)
// and two-sided p = erfc(|R / (σ_d √n)| / √2); for the nested pair power law / truncated
// power law, p = erfc(√|R|) (χ² with one degree of freedom of 2|R|, Clauset section 5.1).
// Also: the power-law fit on a bounded window (called by fit_power_law when xmax > 0), and
// the bootstrap goodness-of-fit p-value of a power-law fit (Clauset section 4.1).
// Everything is deterministic arithmetic in a fixed order: the same on every rank. Local, pure.
#include <mpi.h>

#include <cstdint>
#include <vector>

#include "sorn/analysis/goodness_of_fit.hpp" // ValueCounts
#include "sorn/analysis/params.hpp"          // PowerLawParams
#include "sorn/analysis/power_law.hpp"       // PowerLawFit

namespace sorn::analysis {

/// The integers a model lives on: [xmin, xmax], xmax = 0 for [xmin, ∞).
struct Support {
    std::int64_t xmin = 1;
    std::int64_t xmax = 0;
    bool bounded() const { return xmax > 0; }
    bool contains(std::int64_t x) const { return x >= xmin && (!bounded() || x <= xmax); }
};

enum class TailModel { PowerLaw, TruncatedPowerLaw, Exponential, Lognormal };

/// A fitted model. Parameters: power law (α), truncated power law (α, λ), exponential (λ),
/// lognormal (μ, σ).
struct ModelFit {
    TailModel model = TailModel::PowerLaw;
    bool ok = false;             ///< false without samples or if the fit failed (fields NaN)
    double a = 0.0;              ///< α, α, λ or μ
    double b = 0.0;              ///< -, λ, - or σ
    double log_norm = 0.0;       ///< ln Z (of the exponential form's reference, see the .cpp)
    double log_likelihood = 0.0; ///< Σ ln P(x_i) over the samples fitted
};

/// The samples of vc that lie in s. Local.
ValueCounts restrict_to(const ValueCounts& vc, const Support& s);

/// ln P(x) under fit on s (x in s). Local.
double log_pmf(const ModelFit& fit, const Support& s, std::int64_t x);

/// The model with parameters (a, b) on s, normalized (ok: the normalization is finite);
/// log_likelihood is that of `samples`. Local.
ModelFit make_model(TailModel model, double a, double b, const Support& s,
                    const ValueCounts& samples = {});

/// Maximum-likelihood fit of `model` to samples (all in s). alpha_max bounds α of the two
/// power laws. Local.
ModelFit fit_model(TailModel model, const ValueCounts& samples, const Support& s,
                   double alpha_max = PowerLawParams{}.alpha_max);

struct LikelihoodRatio {
    double ratio = 0.0;      ///< R = Σ ln P_first(x) - ln P_second(x) (> 0: the first fits better)
    double normalized = 0.0; ///< R / (σ_d √n) (Vuong); NaN when σ_d = 0
    double p = 0.0;          ///< significance of the sign of R
};

/// Log-likelihood ratio of two fits on the same samples and support; nested: p from χ²(1) of
/// 2|R|, else Vuong's two-sided p. Local.
LikelihoodRatio compare_fits(const ModelFit& first, const ModelFit& second,
                             const ValueCounts& samples, const Support& s, bool nested);

/// Power-law fit on a bounded window (params.xmax > 0): samples > xmax are left out; xmin
/// fixed (params.xmin > 0) or chosen by the KS distance among the sample values; α in
/// (0, alpha_max] (in (1, alpha_max] for windows wider than 10^5); alpha_stderr =
/// 1 / √(n_tail Var(ln X)) from the Fisher information of the fitted law. Local.
PowerLawFit fit_power_law_bounded(const ValueCounts& positive, const PowerLawParams& params);

/// n draws of the discrete power law with exponent alpha on s (exact inverse transform);
/// draw k uses the counter-based generator at (seed, replicate, k). Local.
std::vector<std::int64_t> draw_power_law(double alpha, const Support& s, std::int64_t n,
                                         std::uint64_t seed, std::uint64_t replicate);

struct BootstrapResult {
    std::int64_t replicates = 0;
    std::int64_t at_least_as_far = 0; ///< replicates whose KS distance >= the observed one
    double p = 0.0;                   ///< at_least_as_far / replicates (NaN for none)
};

/// Clauset's goodness-of-fit p-value of `fit` (fit_power_law(samples, params)): each
/// replicate draws as many samples as were fitted — with a KS-chosen xmin, each one from the
/// fitted power law with probability n_tail/n, else uniformly from the samples below xmin —
/// refits them with the same params and compares the KS distances. The ranks of `comm` share
/// the replicates (rank k takes those ≡ k mod the size; each replicate's draws depend on its
/// number only, and the count is summed exactly), so the p-value is the same on any number of
/// ranks. Every rank of comm passes the same arguments. Collective.
BootstrapResult power_law_bootstrap(MPI_Comm comm, const std::vector<std::int64_t>& samples,
                                    const PowerLawParams& params, const PowerLawFit& fit,
                                    std::int64_t replicates, std::uint64_t seed);

} // namespace sorn::analysis
