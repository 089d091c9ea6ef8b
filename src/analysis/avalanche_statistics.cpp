#include "sorn/analysis/avalanche_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "sorn/analysis/avalanche.hpp"
#include "sorn/analysis/power_law.hpp"
#include "sorn/analysis/tail_models.hpp"
#include "sorn/format/names.hpp"

namespace sorn::analysis {

namespace {

namespace A = format::analysis;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::int64_t sum(const std::vector<std::int64_t>& v) {
    std::int64_t s = 0;
    for (std::int64_t x : v) s += x;
    return s;
}

std::string threshold_rule_text(const AvalancheParams& p) {
    if (p.threshold) return "given";
    switch (p.rule) {
    case ThresholdRule::Round: return "auto: round(mean/2)";
    case ThresholdRule::Floor: return "floor(mean/2)";
    case ThresholdRule::FloorPlusOne: return "floor(mean/2) + 1";
    case ThresholdRule::Percentile: {
        std::string v = std::to_string(p.percentile);
        v.erase(v.find_last_not_of('0') + 1);
        if (v.back() == '.') v.pop_back();
        return "percentile " + v;
    }
    }
    return "";
}

void add_comparison(Group& g, const char* name, const LikelihoodRatio& lr, bool normalized,
                    const std::string& alternative) {
    const std::string n = name;
    g.scalar("lr_" + n, lr.ratio,
             "log-likelihood ratio power law / " + alternative + " (> 0: power law better)");
    if (normalized)
        g.scalar("lr_" + n + "_normalized", lr.normalized, "Vuong's R / (sigma_d sqrt(n))");
    g.scalar("lr_" + n + "_p", lr.p, "p-value of the sign of the ratio");
}

} // namespace

SizeDurationScaling size_duration_scaling(const std::vector<std::int64_t>& sizes,
                                          const std::vector<std::int64_t>& durations,
                                          std::int64_t tmin, std::int64_t tmax) {
    std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> by_t; // T -> (count, ΣS)
    for (std::size_t k = 0; k < durations.size(); ++k) {
        const std::int64_t t = durations[k];
        if (t < tmin || (tmax > 0 && t > tmax) || t < 1) continue;
        ++by_t[t].first;
        by_t[t].second += sizes[k];
    }
    SizeDurationScaling s;
    s.gamma = s.gamma_stderr = nan;
    std::vector<double> x, y;
    for (const auto& [t, cs] : by_t) {
        const double mean = static_cast<double>(cs.second) / static_cast<double>(cs.first);
        s.durations.push_back(t);
        s.mean_size.push_back(mean);
        if (mean > 0.0) {
            x.push_back(std::log(static_cast<double>(t)));
            y.push_back(std::log(mean));
        }
    }
    const auto m = static_cast<double>(x.size());
    if (x.size() < 2) return s;
    double mx = 0.0, my = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        mx += x[i];
        my += y[i];
    }
    mx /= m;
    my /= m;
    double sxx = 0.0, sxy = 0.0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxx += (x[i] - mx) * (x[i] - mx);
        sxy += (x[i] - mx) * (y[i] - my);
    }
    s.ok = true;
    s.gamma = sxy / sxx;
    if (x.size() >= 3) {
        double rss = 0.0;
        for (std::size_t i = 0; i < x.size(); ++i) {
            const double r = y[i] - my - s.gamma * (x[i] - mx);
            rss += r * r;
        }
        s.gamma_stderr = std::sqrt(rss / (m - 2.0) / sxx);
    }
    return s;
}

Group tail_fit_group(const std::string& name, const std::vector<std::int64_t>& samples,
                     const PowerLawParams& p, const TailTestParams& t, const std::string& of) {
    const PowerLawFit f = fit_power_law(samples, p);
    Group g{name, "power-law fit of " + of, {}, {}, {}};
    g.scalar("fitted", std::int64_t{f.ok}, "1 if there were enough samples to fit");
    g.scalar("alpha", f.ok ? f.alpha : nan,
             "exponent: P(x) ∝ x^-alpha for x >= xmin (discrete MLE)");
    g.scalar("alpha_stderr", f.ok ? f.alpha_stderr : nan,
             "(alpha - 1) / sqrt(n_tail); on a window 1 / sqrt(n_tail Var(ln x))");
    // A maximum at the edge of the search interval means no power law describes the tail.
    g.scalar("alpha_at_bound", std::int64_t{f.ok && f.alpha >= p.alpha_max - 1e-6},
             "1 if alpha reached the search bound: the tail falls faster than any power law");
    g.scalar("xmin", f.xmin, "smallest value of the fitted tail (KS-optimal unless fixed)");
    g.scalar("ks_distance", f.ok ? f.ks : nan, "KS distance between the tail and the fit");
    g.scalar("n", f.n, "samples");
    g.scalar("n_tail", f.n_tail, "samples >= xmin (and <= xmax)");
    g.scalar("xmin_candidates", f.candidates, "xmin values tried");
    g.scalar("min_tail", p.min_tail, "parameter: smallest tail allowed for xmin");

    // The alternatives, on the power law's support [xmin, xmax].
    const Support s{f.ok ? f.xmin : 1, p.xmax};
    std::vector<std::int64_t> positive;
    for (std::int64_t x : samples)
        if (x >= 1) positive.push_back(x);
    const ValueCounts tail = restrict_to(count_values(std::move(positive)), s);
    ModelFit pl, tpl, ex, ln;
    pl.ok = tpl.ok = ex.ok = ln.ok = false;
    if (f.ok) {
        pl = make_model(TailModel::PowerLaw, f.alpha, nan, s, tail);
        tpl = fit_model(TailModel::TruncatedPowerLaw, tail, s, p.alpha_max);
        ex = fit_model(TailModel::Exponential, tail, s);
        ln = fit_model(TailModel::Lognormal, tail, s);
    }
    const auto value = [](const ModelFit& m, double v) { return m.ok ? v : nan; };
    g.scalar("xmax", p.xmax, "parameter: largest value fitted (0: none)");
    g.scalar("truncated_alpha", value(tpl, tpl.a),
             "truncated power law x^-alpha e^(-lambda x): alpha (MLE)");
    g.scalar("truncated_lambda", value(tpl, tpl.b), "truncated power law: cut-off rate lambda");
    add_comparison(g, "truncated", compare_fits(pl, tpl, tail, s, true), false,
                   "truncated power law (nested: <= 0)");
    g.scalar("exponential_lambda", value(ex, ex.a), "exponential e^(-lambda x): lambda (MLE)");
    add_comparison(g, "exponential", compare_fits(pl, ex, tail, s, false), true, "exponential");
    g.scalar("lognormal_mu", value(ln, ln.a), "discrete lognormal: mu (MLE)");
    g.scalar("lognormal_sigma", value(ln, ln.b), "discrete lognormal: sigma (MLE)");
    add_comparison(g, "lognormal", compare_fits(pl, ln, tail, s, false), true, "lognormal");
    const BootstrapResult b = power_law_bootstrap(t.comm, samples, p, f, t.bootstrap, t.seed);
    g.scalar("bootstrap_replicates", b.replicates, "parameter: replicates of the p-value");
    g.scalar("bootstrap_seed", std::to_string(t.seed), "parameter: seed of the replicates");
    g.scalar("bootstrap_p", b.p,
             "goodness of fit: share of replicates with a KS distance >= ks_distance");
    return g;
}

Group avalanches_group(const std::vector<ActivityRun>& runs, const AvalancheParams& p) {
    std::vector<std::vector<std::int64_t>> binned;
    std::int64_t values = 0;
    for (const ActivityRun& r : runs) {
        binned.push_back(bin_activity(r.activity, p.bin_steps));
        values += static_cast<std::int64_t>(binned.back().size());
    }
    const std::int64_t theta =
        p.threshold ? *p.threshold : avalanche_threshold(binned, p.rule, p.percentile);
    std::vector<std::int64_t> start, size, duration, run;
    std::int64_t truncated = 0, total = 0;
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const Avalanches av = find_avalanches(binned[r], theta, p.size);
        for (std::int64_t s : av.start) start.push_back(runs[r].first_step + s * p.bin_steps);
        size.insert(size.end(), av.size.begin(), av.size.end());
        duration.insert(duration.end(), av.duration.begin(), av.duration.end());
        run.insert(run.end(), av.size.size(), static_cast<std::int64_t>(r));
        truncated += av.truncated;
        total += sum(binned[r]);
    }
    const auto n = static_cast<double>(size.size());
    Group g{A::avalanches, "neuronal avalanches", {}, {}, {}};
    g.scalar("threshold", theta, "activity threshold θ [active units]: avalanche while a(t) > θ");
    g.scalar("threshold_rule", threshold_rule_text(p), "how θ was chosen");
    g.scalar("mean_activity",
             values > 0 ? static_cast<double>(total) / static_cast<double>(values) : nan,
             "mean active units per step (per bin when bin_steps > 1, over all runs)");
    g.scalar("count", static_cast<std::int64_t>(size.size()), "complete avalanches");
    g.scalar("truncated", truncated, "avalanches cut by the window edges (not counted)");
    g.scalar("mean_size", n > 0 ? static_cast<double>(sum(size)) / n : nan,
             "mean size (spikes above θ)");
    g.scalar("mean_duration", n > 0 ? static_cast<double>(sum(duration)) / n : nan,
             "mean duration [steps]");
    g.scalar("size_definition",
             std::string(p.size == AvalancheSize::Total ? "total" : "above threshold"),
             "parameter: size = sum of a(t) - θ (above threshold) or of a(t) (total)");
    g.scalar("bin_steps", std::int64_t{p.bin_steps},
             "parameter: a(t) summed over bins of this many steps; durations in bins");
    g.scalar("runs", static_cast<std::int64_t>(runs.size()), "runs pooled (--pool)");
    g.array("start_step", start, "first step of each avalanche");
    g.array("size", size, "size S = sum over the avalanche of a(t) - θ");
    g.array("duration", duration, "duration T [steps]");
    if (runs.size() > 1) g.array("run", run, "run of each avalanche (0: RESULT.h5, then --pool)");
    g.groups.push_back(
        tail_fit_group(A::size_fit, size, p.size_fit, p.tests, "the avalanche sizes"));
    const Group& dfit = g.groups.emplace_back(tail_fit_group(
        A::duration_fit, duration, p.duration_fit, p.tests, "the avalanche durations"));
    const Group& sfit = g.groups.front();
    const bool fitted = dfit.number("fitted") > 0;
    const std::int64_t tmin = fitted ? static_cast<std::int64_t>(dfit.number("xmin")) : 1;
    const SizeDurationScaling sc = size_duration_scaling(size, duration, tmin, p.duration_fit.xmax);
    Group s{A::scaling, "mean size against duration", {}, {}, {}};
    s.scalar("gamma", sc.gamma, "slope of ln <S>(T) against ln T (least squares)");
    s.scalar("gamma_stderr", sc.gamma_stderr, "standard error of gamma");
    s.scalar("duration_min", tmin, "smallest T used (the duration fit's xmin)");
    s.scalar("duration_max", p.duration_fit.xmax, "largest T used (0: none)");
    s.scalar("durations_used", static_cast<std::int64_t>(sc.durations.size()),
             "distinct durations in the fit");
    s.scalar("crackling_prediction", (dfit.number("alpha") - 1.0) / (sfit.number("alpha") - 1.0),
             "(alpha_T - 1) / (alpha_S - 1) of the duration and size fits");
    s.array("duration", sc.durations, "distinct durations T in [duration_min, duration_max]");
    s.array("mean_size", sc.mean_size, "mean size <S>(T) of the avalanches of duration T");
    g.groups.push_back(std::move(s));
    return g;
}

} // namespace sorn::analysis
