#pragma once
// Discrete power-law fit by maximum likelihood with xmin chosen by the KS distance
// (Clauset, Shalizi & Newman 2009, SIAM Review 51:661, sections 3.1 and 3.3).
//
// Model for integers x >= xmin: P(x) = x^(-α) / ζ(α, xmin), ζ(α, q) = Σ_{k>=0} (k + q)^(-α)
// (Hurwitz zeta). For a fixed xmin the MLE α maximizes the exact discrete log-likelihood
//   ℓ(α) = -n ln ζ(α, xmin) - α Σ ln x_i            (Clauset eq. 3.5; we maximize it
// numerically instead of using the approximation of eq. 3.7, which is biased for xmin < 6).
// xmin is the candidate (a distinct sample value with at least `min_tail` samples >= it)
// that minimizes the KS distance between the tail and its fitted law (eq. 3.9).
// Standard error (α - 1)/sqrt(n_tail) (eq. 3.2). Local and pure.
#include <cstdint>
#include <vector>

#include "sorn/analysis/params.hpp" // PowerLawParams

namespace sorn::analysis {

/// Hurwitz zeta ζ(s, q) for s > 1, q > 0, by Euler-Maclaurin summation (relative error
/// ~1e-15). Local.
double hurwitz_zeta(double s, double q);

struct PowerLawFit {
    bool ok = false;             ///< false if there were too few samples (fields NaN / 0)
    double alpha = 0.0;          ///< exponent α of P(x) ∝ x^(-α)
    double alpha_stderr = 0.0;   ///< (α - 1) / sqrt(n_tail)
    std::int64_t xmin = 0;       ///< smallest value of the fitted tail
    double ks = 0.0;             ///< KS distance between the tail and the fitted law
    std::int64_t n = 0;          ///< samples >= 1 given
    std::int64_t n_tail = 0;     ///< samples >= xmin
    std::int64_t candidates = 0; ///< xmin values tried
};

/// MLE α for a fixed xmin from the tail's count and Σ ln x. Local.
double discrete_power_law_alpha(std::int64_t n_tail, double sum_log, std::int64_t xmin,
                                double alpha_max = PowerLawParams{}.alpha_max);

/// Fits integer samples (values < 1 are ignored); with params.xmax > 0 on the window
/// [xmin, xmax] (fit_power_law_bounded, tail_models.hpp). Local.
PowerLawFit fit_power_law(const std::vector<std::int64_t>& samples,
                          const PowerLawParams& params = {});

} // namespace sorn::analysis
