#include "sorn/analysis/tail_models.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include "sorn/analysis/golden_section.hpp"
#include "sorn/error.hpp"
#include "sorn/rng.hpp"

namespace sorn::analysis {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();
// Windows up to this width are normalized by direct summation (any α); wider ones, and
// unbounded supports, by the Hurwitz zeta or Euler-Maclaurin (α > 1 for the power law).
constexpr std::int64_t direct_width = 100000;
// The bootstrap's draws: a stream of the counter-based generator that the simulation does
// not use.
constexpr auto bootstrap_stream = static_cast<rng::Stream>(0x626f6f74); // "boot"

double dbl(std::int64_t x) { return static_cast<double>(x); }

bool narrow(const Support& s) { return s.bounded() && s.xmax - s.xmin < direct_width; }

// ---- normalizations ------------------------------------------------------------------------

// ln Σ_{k in s} k^-α.
double power_law_log_norm(double alpha, const Support& s) {
    if (narrow(s)) {
        const double l0 = std::log(dbl(s.xmin));
        double sum = 0.0;
        for (std::int64_t k = s.xmax; k >= s.xmin; --k)
            sum += std::exp(-alpha * (std::log(dbl(k)) - l0));
        return -alpha * l0 + std::log(sum);
    }
    if (!(alpha > 1.0)) return inf;
    double z = hurwitz_zeta(alpha, dbl(s.xmin));
    if (s.bounded()) z -= hurwitz_zeta(alpha, dbl(s.xmax) + 1.0);
    return std::log(z);
}

// J(β, c) = ∫_0^∞ exp(-β u - c (e^u - 1)) du for c > 0 (Simpson's rule up to where the
// integrand has fallen by e^-46 from its peak).
double tail_integral(double beta, double c) {
    const auto phi = [&](double u) { return -beta * u - c * std::expm1(u); };
    const double peak_u = (-beta > c) ? std::log(-beta / c) : 0.0;
    const double peak = phi(peak_u);
    double end = peak_u + 0.5;
    while (phi(end) > peak - 46.0) end += 0.5;
    const int n = 2 * static_cast<int>(std::ceil(end / 0.01));
    const double h = end / n;
    double sum = std::exp(phi(0.0)) + std::exp(phi(end));
    for (int i = 1; i < n; ++i) sum += (i % 2 ? 4.0 : 2.0) * std::exp(phi(i * h));
    return sum * h / 3.0;
}

// Σ_{k >= m} f(k), f(x) = exp(-α ln(x/xmin) - λ (x - xmin)), by Euler-Maclaurin: the
// integral, f(m)/2 and the corrections -B_2j/(2j)! f^(2j-1)(m) for j = 1..3, with
// f^(n)(x) = f(x) (-1)^n Σ_i C(n,i) (α)_i x^-i λ^(n-i) ((α)_i the rising factorial).
double euler_maclaurin_tail(double alpha, double lambda, std::int64_t xmin, std::int64_t m) {
    const double x = dbl(m);
    const double f = std::exp(-alpha * std::log(x / dbl(xmin)) - lambda * (x - dbl(xmin)));
    double integral;
    if (lambda == 0.0)
        integral = alpha > 1.0 ? f * x / (alpha - 1.0) : inf;
    else
        integral = f * x * tail_integral(alpha - 1.0, lambda * x);
    const auto derivative = [&](int n) {
        double s = 0.0, rising = 1.0, binom = 1.0;
        for (int i = 0; i <= n; ++i) {
            s += binom * rising * std::pow(x, -i) * std::pow(lambda, n - i);
            rising *= alpha + i;
            binom = binom * (n - i) / (i + 1);
        }
        return f * (n % 2 ? -s : s);
    };
    return integral + 0.5 * f - derivative(1) / 12.0 + derivative(3) / 720.0 -
           derivative(5) / 30240.0;
}

// ln Σ_{k in s} k^-α e^(-λk), λ >= 0, α >= 0.
double truncated_log_norm(double alpha, double lambda, const Support& s) {
    const double l0 = std::log(dbl(s.xmin));
    const double ref = -alpha * l0 - lambda * dbl(s.xmin);
    const std::int64_t last = s.bounded() ? s.xmax : std::numeric_limits<std::int64_t>::max();
    const std::int64_t direct_last = narrow(s) ? s.xmax : std::min(last, s.xmin + 2000);
    // After a term t the rest is below t / (1 - e^-λ) (the terms decrease at least as e^-λk).
    const double geometric = lambda > 0.0 ? -std::expm1(-lambda) : 0.0;
    double sum = 0.0;
    std::int64_t k = s.xmin;
    for (; k <= direct_last; ++k) {
        const double term =
            std::exp(-alpha * (std::log(dbl(k)) - l0) - lambda * (dbl(k) - dbl(s.xmin)));
        sum += term;
        if (geometric > 0.0 && term < 1e-17 * geometric * sum) return ref + std::log(sum);
    }
    if (k <= last) {
        double tail = euler_maclaurin_tail(alpha, lambda, s.xmin, k);
        if (s.bounded()) tail -= euler_maclaurin_tail(alpha, lambda, s.xmin, s.xmax + 1);
        sum += tail;
    }
    return ref + std::log(sum);
}

// ln(-expm1(-λ W)) for the exponential's normalization (W = ∞: 0).
double exponential_log_norm(double lambda, const Support& s) {
    double v = -std::log(-std::expm1(-lambda));
    if (s.bounded()) v += std::log(-std::expm1(-lambda * dbl(s.xmax - s.xmin + 1)));
    return v;
}

// ln Φ̄(t) = ln P(Z > t): by erfc up to t = 8, beyond by ln φ(t) + ln R(t), the Mills ratio
// R(t) = 1/(t + 1/(t + 2/(t + 3/(t + ...)))) (20 terms: converged to rounding for t > 8).
double log_upper_tail(double t) {
    if (t <= 8.0) return std::log(0.5 * std::erfc(t / std::sqrt(2.0)));
    if (std::isinf(t)) return -inf;
    double f = t;
    for (int k = 20; k >= 1; --k) f = t + k / f;
    return -0.5 * t * t - 0.5 * std::log(2.0 * M_PI) - std::log(f);
}

// ln(Φ(b) - Φ(a)), a < b (b may be +∞), accurate in both tails, also for b - a tiny.
double log_phi_difference(double a, double b) {
    if (b <= 0.0) return log_phi_difference(-b, -a); // by symmetry, Φ(b) - Φ(a) = Φ̄(-b) - Φ̄(-a)
    if (a < 0.0)                                     // both tails are below 1/2: no cancellation
        return std::log(1.0 - std::exp(log_upper_tail(-a)) - std::exp(log_upper_tail(b)));
    // Φ̄(a) - Φ̄(b) = Φ̄(a) (1 - Φ̄(b)/Φ̄(a)); far out, the ratio's log without cancellation.
    const double la = log_upper_tail(a);
    if (std::isinf(b)) return la;
    double diff; // ln Φ̄(b) - ln Φ̄(a) <= 0
    if (a > 8.0) {
        double fa = a, fb = b;
        for (int k = 20; k >= 1; --k) {
            fa = a + k / fa;
            fb = b + k / fb;
        }
        diff = -0.5 * (b - a) * (b + a) - std::log(fb / fa);
    } else {
        diff = log_upper_tail(b) - la;
    }
    return la + std::log(-std::expm1(diff));
}

double lognormal_z(double mu, double sigma, double y) { return (std::log(y) - mu) / sigma; }

double lognormal_log_norm(double mu, double sigma, const Support& s) {
    return log_phi_difference(lognormal_z(mu, sigma, dbl(s.xmin)),
                              s.bounded() ? lognormal_z(mu, sigma, dbl(s.xmax) + 1.0) : inf);
}

// ---- minimizers ----------------------------------------------------------------------------

struct Point {
    double x, y, f;
};

// Nelder-Mead on a function of two variables (+∞ outside its domain), from a start simplex.
Point nelder_mead(const std::function<double(double, double)>& f, Point a, Point b, Point c) {
    Point p[3] = {a, b, c};
    for (Point& q : p) q.f = f(q.x, q.y);
    for (int iter = 0; iter < 4000; ++iter) {
        std::sort(std::begin(p), std::end(p), [](const Point& l, const Point& r) {
            return l.f < r.f || (l.f == r.f && (l.x < r.x || (l.x == r.x && l.y < r.y)));
        });
        const double size = std::max(std::abs(p[2].x - p[0].x) + std::abs(p[1].x - p[0].x),
                                     std::abs(p[2].y - p[0].y) + std::abs(p[1].y - p[0].y));
        // Converged: values and simplex (relative to the point's scale) no longer change.
        if (std::isfinite(p[2].f) && p[2].f - p[0].f <= 1e-13 * (1.0 + std::abs(p[0].f)) &&
            size < 1e-9 * (1.0 + std::abs(p[0].x) + std::abs(p[0].y)))
            break;
        const double cx = 0.5 * (p[0].x + p[1].x), cy = 0.5 * (p[0].y + p[1].y);
        const auto at = [&](double t) {
            Point q{cx + t * (p[2].x - cx), cy + t * (p[2].y - cy), 0.0};
            q.f = f(q.x, q.y);
            return q;
        };
        const Point r = at(-1.0);
        if (r.f < p[0].f) {
            const Point e = at(-2.0);
            p[2] = e.f < r.f ? e : r;
        } else if (r.f < p[1].f) {
            p[2] = r;
        } else {
            const Point k = r.f < p[2].f ? at(-0.5) : at(0.5);
            if (k.f < std::min(r.f, p[2].f)) {
                p[2] = k;
            } else { // shrink towards the best
                for (int i = 1; i < 3; ++i) {
                    p[i].x = 0.5 * (p[i].x + p[0].x);
                    p[i].y = 0.5 * (p[i].y + p[0].y);
                    p[i].f = f(p[i].x, p[i].y);
                }
            }
        }
    }
    return *std::min_element(std::begin(p), std::end(p),
                             [](const Point& l, const Point& r) { return l.f < r.f; });
}

struct Moments {
    double n = 0.0, mean_log = 0.0, mean_x = 0.0, mean_log_x = 0.0, var_log_x = 0.0;
};

Moments moments(const ValueCounts& vc) {
    Moments m;
    for (std::size_t j = 0; j < vc.values.size(); ++j) {
        const double c = dbl(vc.counts[j]), x = dbl(vc.values[j]);
        m.n += c;
        m.mean_log += c * std::log(x);
        m.mean_x += c * x;
    }
    m.mean_log /= m.n;
    m.mean_x /= m.n;
    for (std::size_t j = 0; j < vc.values.size(); ++j) {
        const double d = std::log(dbl(vc.values[j])) - m.mean_log;
        m.var_log_x += dbl(vc.counts[j]) * d * d;
    }
    m.var_log_x /= m.n;
    return m;
}

double log_likelihood(const ModelFit& f, const ValueCounts& vc, const Support& s) {
    double l = 0.0;
    for (std::size_t j = 0; j < vc.values.size(); ++j)
        l += dbl(vc.counts[j]) * log_pmf(f, s, vc.values[j]);
    return l;
}

double alpha_floor(const Support& s) { return narrow(s) ? 0.0 : 1.0 + 1e-9; }

ModelFit fit_power_law_model(const ValueCounts& vc, const Support& s, double alpha_max) {
    const Moments m = moments(vc);
    ModelFit f;
    f.model = TailModel::PowerLaw;
    f.a = golden_section([&](double a) { return power_law_log_norm(a, s) + a * m.mean_log; },
                         alpha_floor(s), alpha_max, 1e-10);
    f.b = nan;
    f.log_norm = power_law_log_norm(f.a, s);
    f.ok = std::isfinite(f.log_norm);
    return f;
}

ModelFit fit_truncated(const ValueCounts& vc, const Support& s, double alpha_max) {
    const Moments m = moments(vc);
    const ModelFit pl = fit_power_law_model(vc, s, alpha_max);
    // λ = y², so that the nested power law (λ = 0) is inside the domain.
    const auto cost = [&](double a, double y) {
        if (a < 0.0 || a > alpha_max) return inf;
        const double lambda = y * y;
        const double z = truncated_log_norm(a, lambda, s);
        return std::isfinite(z) ? z + a * m.mean_log + lambda * m.mean_x : inf;
    };
    const double a0 = pl.ok ? std::min(pl.a, alpha_max - 0.25) : 1.5;
    const double y0 = std::sqrt(0.1 / m.mean_x);
    const Point best = nelder_mead(cost, {a0, y0, 0.0}, {a0 + 0.2, y0, 0.0},
                                   {std::max(a0 - 0.3, 0.0), 2.0 * y0, 0.0});
    ModelFit f;
    f.model = TailModel::TruncatedPowerLaw;
    f.a = best.x;
    f.b = best.y * best.y;
    f.log_norm = truncated_log_norm(f.a, f.b, s);
    f.ok = std::isfinite(best.f);
    // The power law is a truncated power law with λ = 0: never report a worse optimum.
    if (pl.ok && (!f.ok || cost(pl.a, 0.0) < best.f)) {
        f.a = pl.a;
        f.b = 0.0;
        f.log_norm = truncated_log_norm(pl.a, 0.0, s);
        f.ok = true;
    }
    return f;
}

ModelFit fit_exponential(const ValueCounts& vc, const Support& s) {
    const Moments m = moments(vc);
    const double excess = m.mean_x - dbl(s.xmin);
    ModelFit f;
    f.model = TailModel::Exponential;
    const double t = golden_section(
        [&](double t) {
            const double lambda = std::exp(t);
            return lambda * excess + exponential_log_norm(lambda, s);
        },
        std::log(1e-10), std::log(50.0), 1e-11);
    f.a = std::exp(t);
    f.b = nan;
    f.log_norm = exponential_log_norm(f.a, s);
    f.ok = std::isfinite(f.log_norm);
    return f;
}

ModelFit fit_lognormal(const ValueCounts& vc, const Support& s) {
    const Moments m = moments(vc);
    ModelFit trial;
    trial.model = TailModel::Lognormal;
    const auto cost = [&](double mu, double log_sigma) {
        trial.a = mu;
        trial.b = std::exp(log_sigma);
        trial.log_norm = lognormal_log_norm(mu, trial.b, s);
        const double l = log_likelihood(trial, vc, s) / m.n;
        return std::isfinite(l) ? -l : inf;
    };
    const double mu0 = m.mean_log, ls0 = std::log(std::max(std::sqrt(m.var_log_x), 0.1));
    const Point best =
        nelder_mead(cost, {mu0, ls0, 0.0}, {mu0 + 0.5, ls0, 0.0}, {mu0, ls0 + 0.3, 0.0});
    ModelFit f = trial;
    f.a = best.x;
    f.b = std::exp(best.y);
    f.log_norm = lognormal_log_norm(f.a, f.b, s);
    f.ok = std::isfinite(best.f);
    return f;
}

// KS distance between samples in [xmin, xmax] and the power law (α) on that window.
double bounded_power_law_ks(const ValueCounts& vc, double alpha, const Support& s,
                            double log_norm) {
    std::vector<double> at(vc.values.size()), below(vc.values.size());
    if (narrow(s)) {
        double cdf = 0.0;
        std::int64_t k = s.xmin;
        for (std::size_t j = 0; j < vc.values.size(); ++j) {
            for (; k < vc.values[j]; ++k) cdf += std::exp(-alpha * std::log(dbl(k)) - log_norm);
            below[j] = cdf;
            cdf += std::exp(-alpha * std::log(dbl(k)) - log_norm);
            ++k;
            at[j] = cdf;
        }
    } else {
        const double z0 = hurwitz_zeta(alpha, dbl(s.xmin)), z = std::exp(log_norm);
        for (std::size_t j = 0; j < vc.values.size(); ++j) {
            below[j] = (z0 - hurwitz_zeta(alpha, dbl(vc.values[j]))) / z;
            at[j] = (z0 - hurwitz_zeta(alpha, dbl(vc.values[j]) + 1.0)) / z;
        }
    }
    return ks_distance_discrete(vc, at, below);
}

// Var(ln X) under the power law (α) on a narrow window.
double power_law_var_log(double alpha, const Support& s, double log_norm) {
    double m1 = 0.0, m2 = 0.0;
    for (std::int64_t k = s.xmin; k <= s.xmax; ++k) {
        const double l = std::log(dbl(k)), p = std::exp(-alpha * l - log_norm);
        m1 += p * l;
        m2 += p * l * l;
    }
    return m2 - m1 * m1;
}

} // namespace

ValueCounts restrict_to(const ValueCounts& vc, const Support& s) {
    ValueCounts r;
    for (std::size_t j = 0; j < vc.values.size(); ++j)
        if (s.contains(vc.values[j])) {
            r.values.push_back(vc.values[j]);
            r.counts.push_back(vc.counts[j]);
        }
    return r;
}

double log_pmf(const ModelFit& f, const Support& s, std::int64_t x) {
    const double v = dbl(x);
    switch (f.model) {
    case TailModel::PowerLaw: return -f.a * std::log(v) - f.log_norm;
    case TailModel::TruncatedPowerLaw: return -f.a * std::log(v) - f.b * v - f.log_norm;
    case TailModel::Exponential: return -f.a * (v - dbl(s.xmin)) - f.log_norm;
    case TailModel::Lognormal:
        return log_phi_difference(lognormal_z(f.a, f.b, v), lognormal_z(f.a, f.b, v + 1.0)) -
               f.log_norm;
    }
    return nan;
}

ModelFit make_model(TailModel model, double a, double b, const Support& s, const ValueCounts& vc) {
    ModelFit f;
    f.model = model;
    f.a = a;
    f.b = b;
    switch (model) {
    case TailModel::PowerLaw: f.log_norm = power_law_log_norm(a, s); break;
    case TailModel::TruncatedPowerLaw: f.log_norm = truncated_log_norm(a, b, s); break;
    case TailModel::Exponential: f.log_norm = exponential_log_norm(a, s); break;
    case TailModel::Lognormal: f.log_norm = lognormal_log_norm(a, b, s); break;
    }
    f.ok = std::isfinite(f.log_norm);
    f.log_likelihood = f.ok ? log_likelihood(f, vc, s) : nan;
    return f;
}

ModelFit fit_model(TailModel model, const ValueCounts& vc, const Support& s, double alpha_max) {
    ModelFit f;
    f.model = model;
    f.a = f.b = f.log_norm = f.log_likelihood = nan;
    if (vc.total() < 2) return f;
    switch (model) {
    case TailModel::PowerLaw: f = fit_power_law_model(vc, s, alpha_max); break;
    case TailModel::TruncatedPowerLaw: f = fit_truncated(vc, s, alpha_max); break;
    case TailModel::Exponential: f = fit_exponential(vc, s); break;
    case TailModel::Lognormal: f = fit_lognormal(vc, s); break;
    }
    f.log_likelihood = f.ok ? log_likelihood(f, vc, s) : nan;
    if (!std::isfinite(f.log_likelihood)) f.ok = false;
    return f;
}

LikelihoodRatio compare_fits(const ModelFit& first, const ModelFit& second, const ValueCounts& vc,
                             const Support& s, bool nested) {
    LikelihoodRatio lr{nan, nan, nan};
    if (!first.ok || !second.ok) return lr;
    const double n = dbl(vc.total());
    std::vector<double> d(vc.values.size());
    double r = 0.0;
    for (std::size_t j = 0; j < d.size(); ++j) {
        d[j] = log_pmf(first, s, vc.values[j]) - log_pmf(second, s, vc.values[j]);
        r += dbl(vc.counts[j]) * d[j];
    }
    double var = 0.0;
    for (std::size_t j = 0; j < d.size(); ++j)
        var += dbl(vc.counts[j]) * (d[j] - r / n) * (d[j] - r / n);
    var /= n;
    lr.ratio = r;
    lr.normalized = var > 0.0 ? r / std::sqrt(n * var) : nan;
    if (nested)
        lr.p = std::erfc(std::sqrt(std::abs(r)));
    else
        lr.p = var > 0.0 ? std::erfc(std::abs(lr.normalized) / std::sqrt(2.0)) : 1.0;
    return lr;
}

PowerLawFit fit_power_law_bounded(const ValueCounts& positive, const PowerLawParams& p) {
    SORN_ASSERT(p.xmax > 0);
    const ValueCounts vc = restrict_to(positive, Support{1, p.xmax});
    PowerLawFit best;
    best.n = positive.total();
    best.alpha = best.alpha_stderr = best.ks = nan;
    const auto accept = [&](std::int64_t xmin) {
        const Support s{xmin, p.xmax};
        const ValueCounts tail = restrict_to(vc, s);
        ++best.candidates;
        const ModelFit f = fit_power_law_model(tail, s, p.alpha_max);
        if (!f.ok) return;
        const double ks = bounded_power_law_ks(tail, f.a, s, f.log_norm);
        if (best.ok && !(ks < best.ks)) return;
        best.ok = true;
        best.alpha = f.a;
        best.ks = ks;
        best.xmin = xmin;
        best.n_tail = tail.total();
        const double var = narrow(s) ? power_law_var_log(f.a, s, f.log_norm) : 0.0;
        best.alpha_stderr = var > 0.0 ? 1.0 / std::sqrt(dbl(best.n_tail) * var)
                                      : (f.a - 1.0) / std::sqrt(dbl(best.n_tail));
    };
    if (p.xmin > 0) {
        if (p.xmin <= p.xmax && restrict_to(vc, Support{p.xmin, p.xmax}).total() >= 2)
            accept(p.xmin);
        return best;
    }
    const std::int64_t min_tail = std::max<std::int64_t>(p.min_tail, 2);
    std::int64_t left = vc.total();
    for (std::size_t j = 0; j < vc.values.size() && left >= min_tail; ++j) {
        accept(vc.values[j]);
        left -= vc.counts[j];
    }
    return best;
}

std::vector<std::int64_t> draw_power_law(double alpha, const Support& s, std::int64_t n,
                                         std::uint64_t seed, std::uint64_t replicate) {
    const double log_norm = power_law_log_norm(alpha, s);
    // The CDF over the first 2^16 values (the whole window if narrow), then the Hurwitz zeta.
    const std::int64_t table_last =
        narrow(s) ? s.xmax : (s.bounded() ? std::min(s.xmax, s.xmin + 65535) : s.xmin + 65535);
    std::vector<double> cdf;
    double c = 0.0;
    for (std::int64_t k = s.xmin; k <= table_last; ++k) {
        c += std::exp(-alpha * std::log(dbl(k)) - log_norm);
        cdf.push_back(c);
    }
    const auto survival = [&](std::int64_t y) { // P(X >= y) for y beyond the table
        double z = hurwitz_zeta(alpha, dbl(y));
        if (s.bounded()) z -= hurwitz_zeta(alpha, dbl(s.xmax) + 1.0);
        return z / std::exp(log_norm);
    };
    std::vector<std::int64_t> x(static_cast<std::size_t>(std::max<std::int64_t>(n, 0)));
    for (std::size_t k = 0; k < x.size(); ++k) {
        const double u = rng::uniform(seed, bootstrap_stream, replicate, k, 2);
        if (u < cdf.back() || table_last == s.xmax) {
            const auto it = std::upper_bound(cdf.begin(), cdf.end(), u);
            x[k] = s.xmin + std::min<std::int64_t>(it - cdf.begin(), cdf.size() - 1);
            continue;
        }
        // Smallest y > table_last with P(X >= y + 1) <= 1 - u.
        const std::int64_t cap =
            s.bounded() ? s.xmax : std::numeric_limits<std::int64_t>::max() / 4;
        std::int64_t lo = table_last + 1, hi = lo;
        while (hi < cap && survival(hi + 1) > 1.0 - u) hi = std::min(cap, 2 * hi);
        while (lo < hi) {
            const std::int64_t mid = lo + (hi - lo) / 2;
            if (survival(mid + 1) <= 1.0 - u)
                hi = mid;
            else
                lo = mid + 1;
        }
        x[k] = lo;
    }
    return x;
}

BootstrapResult power_law_bootstrap(MPI_Comm comm, const std::vector<std::int64_t>& samples,
                                    const PowerLawParams& p, const PowerLawFit& fit,
                                    std::int64_t replicates, std::uint64_t seed) {
    BootstrapResult b;
    b.replicates = replicates;
    b.p = nan;
    if (!fit.ok || replicates <= 0) return b;
    const Support tail{fit.xmin, p.xmax};
    std::vector<std::int64_t> fitted, below;
    for (std::int64_t x : samples)
        if (x >= 1 && (p.xmax <= 0 || x <= p.xmax)) {
            fitted.push_back(x);
            if (x < fit.xmin) below.push_back(x);
        }
    std::sort(below.begin(), below.end());
    const bool scan = p.xmin <= 0;
    const auto n = static_cast<std::int64_t>(scan ? fitted.size() : fit.n_tail);
    const double tail_share = dbl(fit.n_tail) / dbl(n);
    int rank = 0, ranks = 1;
    SORN_MPI_CALL(MPI_Comm_rank(comm, &rank));
    SORN_MPI_CALL(MPI_Comm_size(comm, &ranks));
    std::int64_t mine = 0;
    for (std::int64_t r = rank; r < replicates; r += ranks) {
        const auto rep = static_cast<std::uint64_t>(r);
        std::vector<std::int64_t> synthetic;
        std::int64_t from_law = n;
        if (scan && !below.empty()) {
            from_law = 0;
            for (std::int64_t k = 0; k < n; ++k) {
                const auto kk = static_cast<std::uint64_t>(k);
                if (rng::uniform(seed, bootstrap_stream, rep, kk, 0) < tail_share) {
                    ++from_law;
                } else {
                    const double u = rng::uniform(seed, bootstrap_stream, rep, kk, 1);
                    const auto i =
                        std::min(below.size() - 1, static_cast<std::size_t>(u * dbl(below.size())));
                    synthetic.push_back(below[i]);
                }
            }
        }
        const std::vector<std::int64_t> drawn =
            draw_power_law(fit.alpha, tail, from_law, seed, rep);
        synthetic.insert(synthetic.end(), drawn.begin(), drawn.end());
        const PowerLawFit again = fit_power_law(synthetic, p);
        // A replicate that cannot be fitted counts against the power law.
        if (!again.ok || again.ks >= fit.ks) ++mine;
    }
    SORN_MPI_CALL(MPI_Allreduce(&mine, &b.at_least_as_far, 1, MPI_INT64_T, MPI_SUM, comm));
    b.p = dbl(b.at_least_as_far) / dbl(replicates);
    return b;
}

} // namespace sorn::analysis
