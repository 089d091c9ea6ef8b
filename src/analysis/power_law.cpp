#include "sorn/analysis/power_law.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sorn/analysis/golden_section.hpp"
#include "sorn/analysis/goodness_of_fit.hpp"
#include "sorn/analysis/tail_models.hpp"
#include "sorn/error.hpp"

namespace sorn::analysis {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// B_2j / (2j)! for j = 1..8 (Bernoulli numbers over factorials).
constexpr double bernoulli_over_factorial[] = {
    1.0 / 6.0 / 2.0,           -1.0 / 30.0 / 24.0,
    1.0 / 42.0 / 720.0,        -1.0 / 30.0 / 40320.0,
    5.0 / 66.0 / 3628800.0,    -691.0 / 2730.0 / 479001600.0,
    7.0 / 6.0 / 87178291200.0, -3617.0 / 510.0 / 20922789888000.0,
};

// KS distance between the tail values[first..] (all >= xmin) and the law fitted with
// (alpha, xmin): sup over the integers x >= xmin of |S_n(x) - S(x)| with survival functions
// S(x) = P(X >= x) = ζ(α, x)/ζ(α, xmin), checked just below and at every sample value.
// Below 12, ζ(α, x) follows from the previous value by a short sum (above 12 a new ζ costs
// one pow). Once both survivals are below the distance found, nothing further can exceed it
// (both only decrease): the scan stops there. Neither shortcut changes the result.
double tail_ks(const ValueCounts& vc, std::size_t first, double alpha, std::int64_t xmin) {
    const double norm = hurwitz_zeta(alpha, static_cast<double>(xmin));
    double n = 0.0;
    for (std::size_t j = first; j < vc.values.size(); ++j) n += static_cast<double>(vc.counts[j]);
    double d = 0.0, z = 0.0; // z = ζ(α, values[j])
    std::int64_t at_or_above = static_cast<std::int64_t>(n);
    for (std::size_t j = first; j < vc.values.size(); ++j) {
        const std::int64_t x = vc.values[j];
        if (j == first || x >= 12) {
            z = hurwitz_zeta(alpha, static_cast<double>(x));
        } else {
            for (std::int64_t k = vc.values[j - 1]; k < x; ++k)
                z -= std::pow(static_cast<double>(k), -alpha);
        }
        const double model = z / norm, empirical = static_cast<double>(at_or_above) / n;
        if (std::max(model, empirical) <= d) break;
        d = std::max(d, std::abs(empirical - model)); // S(x) for x in (previous value, x]
        at_or_above -= vc.counts[j];
        const double model_after = (z - std::pow(static_cast<double>(x), -alpha)) / norm;
        d = std::max(d, std::abs(static_cast<double>(at_or_above) / n - model_after)); // S(x + 1)
    }
    return d;
}

} // namespace

double hurwitz_zeta(double s, double q) {
    SORN_ASSERT(s > 1.0 && q > 0.0);
    // Sum the first terms directly until q + m >= 12, then the Euler-Maclaurin tail.
    double sum = 0.0, a = q;
    while (a < 12.0) {
        sum += std::pow(a, -s);
        a += 1.0;
    }
    const double a_s = std::pow(a, -s); // one pow: the other powers follow from it
    sum += a_s * a / (s - 1.0) + 0.5 * a_s;
    double rising = s;      // s (s+1) ... (s + 2j - 2)
    double power = a_s / a; // a^(-s-2j+1)
    for (int j = 0; j < 8; ++j) {
        sum += bernoulli_over_factorial[j] * rising * power;
        rising *= (s + 2.0 * j + 1.0) * (s + 2.0 * j + 2.0);
        power /= a * a;
    }
    return sum;
}

double discrete_power_law_alpha(std::int64_t n_tail, double sum_log, std::int64_t xmin,
                                double alpha_max) {
    // -ℓ(α)/n is convex in α (ln ζ is a log-sum-exp), so golden-section search finds the MLE.
    const double mean_log = sum_log / static_cast<double>(n_tail);
    const double q = static_cast<double>(xmin);
    auto cost = [&](double a) { return std::log(hurwitz_zeta(a, q)) + a * mean_log; };
    return golden_section(cost, 1.0 + 1e-9, alpha_max, 1e-10);
}

PowerLawFit fit_power_law(const std::vector<std::int64_t>& samples, const PowerLawParams& params) {
    std::vector<std::int64_t> positive;
    for (std::int64_t x : samples)
        if (x >= 1) positive.push_back(x);
    const ValueCounts vc = count_values(std::move(positive));
    if (params.xmax > 0) return fit_power_law_bounded(vc, params);
    PowerLawFit best;
    best.n = vc.total();
    best.alpha = best.alpha_stderr = best.ks = nan;
    const std::size_t m = vc.values.size();
    // Suffix sums over the distinct values: tail sizes and Σ ln x of every candidate tail.
    std::vector<std::int64_t> tail_n(m + 1, 0);
    std::vector<double> tail_log(m + 1, 0.0);
    for (std::size_t j = m; j-- > 0;) {
        tail_n[j] = tail_n[j + 1] + vc.counts[j];
        tail_log[j] = tail_log[j + 1] + static_cast<double>(vc.counts[j]) *
                                            std::log(static_cast<double>(vc.values[j]));
    }
    const auto accept = [&](std::size_t j, std::int64_t xmin) {
        ++best.candidates;
        const double alpha =
            discrete_power_law_alpha(tail_n[j], tail_log[j], xmin, params.alpha_max);
        const double ks = tail_ks(vc, j, alpha, xmin);
        if (best.ok && !(ks < best.ks)) return;
        best.ok = true;
        best.alpha = alpha;
        best.ks = ks;
        best.xmin = xmin;
        best.n_tail = tail_n[j];
        best.alpha_stderr = (alpha - 1.0) / std::sqrt(static_cast<double>(tail_n[j]));
    };
    if (params.xmin > 0) { // fixed xmin: the tail starts at the first value >= xmin
        const auto j = static_cast<std::size_t>(
            std::lower_bound(vc.values.begin(), vc.values.end(), params.xmin) - vc.values.begin());
        if (j < m && tail_n[j] >= 2) accept(j, params.xmin);
        return best;
    }
    const std::int64_t min_tail = std::max<std::int64_t>(params.min_tail, 2);
    for (std::size_t j = 0; j < m && tail_n[j] >= min_tail; ++j) accept(j, vc.values[j]);
    return best;
}

} // namespace sorn::analysis
