#include "sorn/analysis/spike_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sorn/analysis/autocorr.hpp"
#include "sorn/analysis/avalanche_statistics.hpp"
#include "sorn/analysis/entropy.hpp"
#include "sorn/analysis/histogram.hpp"
#include "sorn/analysis/isi_fit.hpp"
#include "sorn/analysis/smoothness.hpp"
#include "sorn/error.hpp"
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

std::vector<double> as_double(const std::vector<std::int64_t>& v) {
    return std::vector<double>(v.begin(), v.end());
}

void add_histogram(Group& g, const Histogram& h, const std::string& of) {
    g.array("histogram_edges", h.edges, "bin edges of the histogram of " + of);
    g.array("histogram_counts", h.counts, "counts of the histogram of " + of);
}

// std/min/median/max of a per-unit quantity as scalars "<prefix>std", "<prefix>min", ...
void add_summary(Group& g, const Summary& s, const std::string& prefix, const std::string& of) {
    g.scalar(prefix + "std", s.std, "standard deviation of the " + of + " over units");
    g.scalar(prefix + "min", s.min, "smallest " + of);
    g.scalar(prefix + "median", s.median, "median " + of);
    g.scalar(prefix + "max", s.max, "largest " + of);
}

} // namespace

CorrelationPlan plan_correlation(Index units, const CorrelationParams& q) {
    CorrelationPlan p;
    p.exact = units <= q.exact_max;
    p.pairs = p.exact ? all_pairs(units) : sample_pairs(units, q.sample_size, q.seed);
    p.main_pairs = static_cast<std::int64_t>(p.pairs.size());
    if (!q.subset_units.empty()) {
        for (Index u : q.subset_units)
            require(u < units, "subset_units", u,
                    ("must be a unit index < " + std::to_string(units)).c_str());
        p.subset = q.subset_units;
    } else {
        for (Index u = 0; u < std::min(q.subset_first, units); ++u) p.subset.push_back(u);
    }
    for (std::size_t i = 0; i < p.subset.size(); ++i)
        for (std::size_t j = i + 1; j < p.subset.size(); ++j)
            p.pairs.push_back(
                {std::min(p.subset[i], p.subset[j]), std::max(p.subset[i], p.subset[j])});
    return p;
}

Group rates_group(const SpikeTotals& t, const RatesParams& p) {
    const Index bin = p.bin_size;
    const double W = static_cast<double>(t.steps), N = static_cast<double>(t.units);
    std::vector<double> rate(t.units), per_bin(t.units), network(t.steps);
    std::int64_t silent = 0;
    for (Index u = 0; u < t.units; ++u) {
        rate[u] = static_cast<double>(t.unit_spikes[u]) / W;
        per_bin[u] = static_cast<double>(t.unit_spikes[u] * bin) / W;
        silent += t.unit_spikes[u] == 0;
    }
    for (Step k = 0; k < t.steps; ++k) network[k] = static_cast<double>(t.step_active[k]) / N;
    std::vector<double> binned(static_cast<std::size_t>(t.steps / bin));
    for (std::size_t b = 0; b < binned.size(); ++b) {
        std::int64_t n = 0;
        for (Step k = static_cast<Step>(b) * bin; k < static_cast<Step>(b + 1) * bin; ++k)
            n += t.step_active[k];
        binned[b] = static_cast<double>(n) / (static_cast<double>(bin) * N);
    }
    const std::int64_t total = sum(t.unit_spikes);
    const Summary activity = summarize(as_double(t.step_active));

    Group g{A::rates, "firing rates", {}, {}, {}};
    g.scalar("bin_size", std::int64_t{bin}, "parameter: bin of spikes_per_bin [steps]");
    g.scalar("total_spikes", total, "spikes in the window");
    g.scalar("mean_rate", static_cast<double>(total) / (N * W),
             "mean firing rate over units and steps [spikes/step]");
    add_summary(g, summarize(rate), "rate_", "per-unit rate [spikes/step]");
    g.scalar("mean_spikes_per_bin", static_cast<double>(total * bin) / (N * W),
             "mean spikes per unit and bin (the package's firing_rate_neuron)");
    g.scalar("silent_units", silent, "units without any spike in the window");
    g.scalar("mean_activity", static_cast<double>(total) / W, "mean active units per step");
    g.scalar("activity_std", activity.std, "standard deviation of the active units per step");
    g.scalar("activity_max", activity.max, "largest number of active units in a step");
    g.array("spike_count", t.unit_spikes, "spikes of each unit in the window");
    g.array("rate", rate, "spikes per step of each unit");
    g.array("spikes_per_bin", per_bin, "rate * bin_size: the package's firing_rate_neuron");
    Array& a = g.array("network_activity", t.step_active,
                       "active units at each step (the package's firing_rate_network)");
    a.attributes.push_back({A::first_step, std::int64_t{t.first_step}, "step of entry 0"});
    Array& r = g.array("network_rate", network, "network_activity / units");
    r.attributes.push_back({A::first_step, std::int64_t{t.first_step}, "step of entry 0"});
    Array& b = g.array("network_rate_binned", binned,
                       "mean network rate in consecutive bins of bin_size steps");
    b.attributes.push_back({A::first_step, std::int64_t{t.first_step}, "first step of bin 0"});
    add_histogram(g, histogram_from_zero(rate, p.histogram_bins), "the per-unit rates");
    return g;
}

Group fano_group(const SpikeTotals& t, const FanoParams& p) {
    std::vector<double> ff(t.units);
    for (Index u = 0; u < t.units; ++u) ff[u] = fano_factor(t.fano_counts[u]);
    const Summary s = summarize(ff);
    Group g{A::fano, "Fano factor", {}, {}, {}};
    g.scalar("window", std::int64_t{p.window}, "parameter: counting window [steps]");
    g.scalar("windows", t.fano_counts.empty() ? std::int64_t{0} : t.fano_counts[0].windows,
             "complete windows in the analysis window");
    g.scalar("mean", s.mean, "mean Fano factor over units with spikes");
    add_summary(g, s, "", "Fano factor");
    g.scalar("units_defined", s.count, "units with at least one spike in the windows");
    g.scalar("units_undefined", s.nonfinite, "silent units (Fano factor undefined, NaN)");
    g.array("fano_factor", ff, "variance/mean of each unit's window counts (NaN if silent)");
    add_histogram(g, histogram_from_zero(ff, p.histogram_bins), "the Fano factors");
    return g;
}

Group autocorr_group(const SpikeTotals& t, const AutocorrParams& p) {
    const Index L = p.max_lag;
    const std::vector<double> r = autocorr_lags(as_double(t.step_active), L);
    std::vector<std::int64_t> lags;
    for (Index k = 1; k <= L; ++k) lags.push_back(k);
    Group g{A::autocorr, "autocorrelation of the network activity", {}, {}, {}};
    g.scalar("max_lag", std::int64_t{L}, "parameter: largest lag [steps]");
    g.scalar("lag1", r.empty() ? nan : r[0], "autocorrelation at lag 1");
    g.array("lag", lags, "lags [steps]");
    g.array("autocorr", r, "Pearson correlation of activity(t) and activity(t + lag)");
    return g;
}

Group isi_group(const SpikeTotals& t) {
    const IsiFit f = fit_isi(t.isi_histogram);
    Group g{A::isi, "inter-spike intervals", {}, {}, {}};
    g.scalar("count", f.count, "intervals, pooled over units");
    g.scalar("mean", f.mean, "mean interval [steps]");
    g.scalar("std", f.std, "standard deviation of the intervals [steps]");
    g.scalar("cv", f.cv, "coefficient of variation std/mean");
    g.scalar("geometric_p", f.p, "MLE p of P(k) = p (1-p)^(k-1): 1 / mean");
    g.scalar("exponential_rate", f.rate, "decay rate -ln(1-p): P(k) ∝ exp(-rate k) [1/step]");
    g.scalar("ks_distance", f.ks, "KS distance between the intervals and the geometric fit");
    g.array("histogram", t.isi_histogram, "entry k: intervals of k steps (pooled over units)");
    return g;
}

Group entropy_group(const SpikeTotals& t) {
    Group g{A::entropy, "spike source entropy", {}, {}, {}};
    g.scalar("spike_source_entropy", spike_source_entropy(t.unit_spikes),
             "-sum p ln p / ln N over units, p = share of the spikes (1: uniform)");
    return g;
}

Group smoothness_group(const SpikeTotals& t) {
    const std::vector<double> s = as_double(t.step_active);
    Group g{A::smoothness, "smoothness of the network activity", {}, {}, {}};
    g.scalar("scale_dependent", scale_dependent_smoothness(s),
             "std of the step-to-step change of the active units");
    g.scalar("scale_independent", scale_independent_smoothness(s),
             "scale_dependent / mean active units");
    g.scalar("package_scale_independent", package_scale_independent_smoothness(s),
             "the package's std(diff)/|mean(diff)| (ill-defined, for comparison)");
    return g;
}

Group avalanches_group(const SpikeTotals& t, const AvalancheParams& p) {
    return avalanches_group(std::vector<ActivityRun>{{t.first_step, t.step_active}}, p);
}

Group correlation_group(const SpikeTotals& t, const CorrelationPlan& p,
                        const CorrelationParams& q) {
    const auto r_of = [&](std::size_t k) {
        return pearson_binary(t.coincidences[k], t.unit_spikes[p.pairs[k].a],
                              t.unit_spikes[p.pairs[k].b], t.steps);
    };
    std::vector<double> r(static_cast<std::size_t>(p.main_pairs));
    for (std::size_t k = 0; k < r.size(); ++k) r[k] = r_of(k);
    const Summary s = summarize(r); // sums in pair order: the same on every rank
    // Correlation matrix of the subset: diagonal 1 (NaN for a constant train).
    const std::size_t m = p.subset.size();
    std::vector<double> matrix(m * m, nan);
    for (std::size_t i = 0; i < m; ++i) {
        const std::int64_t ci = t.unit_spikes[p.subset[i]];
        matrix[i * m + i] = (ci > 0 && ci < t.steps) ? 1.0 : nan;
    }
    std::size_t k = static_cast<std::size_t>(p.main_pairs);
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = i + 1; j < m; ++j, ++k)
            matrix[i * m + j] = matrix[j * m + i] = r_of(k);

    Group g{A::correlation, "pairwise Pearson correlation", {}, {}, {}};
    g.scalar("method", std::string(p.exact ? "exact" : "sampled"),
             "exact: all pairs; sampled: uniform sample of pairs");
    g.scalar("exact_max", std::int64_t{q.exact_max}, "parameter: largest N for all pairs");
    g.scalar("seed", std::to_string(q.seed), "parameter: seed of the pair sample");
    g.scalar("pairs", p.main_pairs, "pairs evaluated (all, or the sample size)");
    g.scalar("pairs_used", s.count, "pairs with a defined correlation");
    g.scalar("pairs_undefined", s.nonfinite, "pairs with a silent (or always active) unit");
    g.scalar("mean", s.mean, "mean correlation over the pairs used");
    g.scalar("std", s.std, "standard deviation of the correlations over the pairs used");
    g.scalar("mean_stderr", p.exact || s.count == 0 ? 0.0 : s.std / std::sqrt(double(s.count)),
             "standard error of the mean due to sampling (0 when exact)");
    g.array("subset_units", std::vector<std::int64_t>(p.subset.begin(), p.subset.end()),
            "units of the correlation matrix");
    Array& a = g.array("subset_matrix", matrix,
                       "Pearson correlation of the subset's trains (NaN: undefined)");
    a.shape = {m, m};
    add_histogram(g, uniform_histogram(r, q.histogram_bins, -1.0, 1.0), "the pair correlations");
    if (!p.exact) {
        std::vector<std::int64_t> pa, pb;
        for (std::int64_t q = 0; q < p.main_pairs; ++q) {
            pa.push_back(p.pairs[q].a);
            pb.push_back(p.pairs[q].b);
        }
        g.array("pair_a", pa, "first unit of each sampled pair");
        g.array("pair_b", pb, "second unit of each sampled pair");
        g.array("pair_r", r, "correlation of each sampled pair");
    }
    return g;
}

Group hamming_group(const SpikeTotals& t, const HammingParams& p) {
    std::int64_t first = -1, largest = 0, total = 0;
    for (Step k = 0; k < t.steps; ++k) {
        if (first < 0 && t.hamming[k] > 0) first = t.first_step + k;
        largest = std::max(largest, t.hamming[k]);
        total += t.hamming[k];
    }
    Group g{A::hamming, "Hamming distance to --compare", {}, {}, {}};
    g.scalar("compare_file", p.compare_file, "the other result file");
    g.scalar("mean", static_cast<double>(total) / static_cast<double>(t.steps),
             "mean differing units per step");
    g.scalar("max", largest, "largest distance");
    g.scalar("final", t.hamming.empty() ? std::int64_t{0} : t.hamming.back(),
             "distance at the last step of the window");
    g.scalar("first_difference_step", first, "first step whose states differ (-1: none)");
    Array& a = g.array("distance", t.hamming, "units whose state differs, per step");
    a.attributes.push_back({A::first_step, std::int64_t{t.first_step}, "step of entry 0"});
    return g;
}

} // namespace sorn::analysis
