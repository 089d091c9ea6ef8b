#include "sorn/analysis/snapshot_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>

#include "sorn/analysis/curves.hpp"
#include "sorn/error.hpp"
#include "sorn/format/names.hpp"
#include "sorn/h5/dataset.hpp"
#include "sorn/io/config.hpp"

namespace sorn::analysis {

namespace {

namespace F = format;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

const std::string snapshot_steps = F::path(F::group::recordings, F::recordings::snapshot_steps);
const std::string te = F::path(F::group::recordings, io::recording_name(io::Recording::TE));
const std::string state_te = F::path(F::group::state, F::state::T_e);
const std::string wee = F::path(F::group::recordings, io::recording_name(io::Recording::WEE));
const std::string wee_offset = wee + "/" + F::sparse_series::offset;
const std::string wee_weight = wee + "/" + F::sparse_series::weight;

std::string text(std::int64_t v) { return std::to_string(static_cast<long long>(v)); }

std::string number(double v) {
    char s[32];
    std::snprintf(s, sizeof s, "%g", v);
    return s;
}

// The snapshot steps, checked to number `rows` (the rows of the snapshot recording `of`).
std::vector<Step> read_snapshot_steps(const ResultFile& file, std::uint64_t rows,
                                      const std::string& of) {
    if (!file.has(snapshot_steps))
        throw ConfigError(file.where(of) + ": no " + snapshot_steps + " to place it in time");
    const std::uint64_t n = file.dataset_shape(snapshot_steps, Element::Int64, 1)[0];
    if (n != rows)
        throw ConfigError(file.where(snapshot_steps) + ": " + std::to_string(n) + " entries, but " +
                          of + " has " + std::to_string(rows) + " snapshots");
    return h5::read_vector<std::int64_t>(file.get(), snapshot_steps, 0, n);
}

std::vector<double> levels_array() { return quantile_levels(); }

// A (rows, columns) array, row-major.
Array& matrix(Group& g, const std::string& name, std::vector<double> data, std::size_t rows,
              std::size_t cols, const std::string& meaning) {
    Array& a = g.array(name, std::move(data), meaning);
    a.shape = {rows, cols};
    return a;
}

void add_quantile_table(Group& g, const std::vector<SnapshotSummary>& s, const std::string& of) {
    const std::size_t L = quantile_levels().size();
    std::vector<std::int64_t> steps, counts;
    std::vector<double> mean, q;
    for (const SnapshotSummary& x : s) {
        steps.push_back(x.step);
        counts.push_back(x.count);
        mean.push_back(x.mean);
        q.insert(q.end(), x.quantiles.begin(), x.quantiles.end());
    }
    g.array("snapshot_step", steps, "step of each snapshot");
    g.array("snapshot_count", counts, of + " in each snapshot");
    g.array("snapshot_mean", mean, "mean of the " + of + " of each snapshot");
    g.array("quantile_levels", levels_array(), "levels of the columns of snapshot_quantiles");
    matrix(g, "snapshot_quantiles", q, s.size(), L,
           "row s: quantiles of the " + of + " of snapshot s at quantile_levels");
}

Group weight_snapshots_from(const std::vector<Step>& steps,
                            const std::function<std::vector<double>(std::size_t)>& read, int bins) {
    std::vector<SnapshotSummary> s;
    double lo = std::numeric_limits<double>::infinity(), hi = 0.0;
    for (std::size_t k = 0; k < steps.size(); ++k) {
        s.push_back(summarize_snapshot(steps[k], read(k)));
        if (s.back().count > 0) {
            lo = std::min(lo, s.back().min);
            hi = std::max(hi, s.back().max);
        }
    }
    Group g{F::analysis::weight_snapshots, "E->E weights over the snapshots", {}, {}, {}};
    g.scalar("snapshots", static_cast<std::int64_t>(steps.size()), "snapshots of the weights");
    add_quantile_table(g, s, "E->E weights");
    std::vector<double> edges;
    std::vector<std::int64_t> counts;
    if (hi > 0.0) {
        if (lo == hi) {
            lo /= std::sqrt(10.0);
            hi *= std::sqrt(10.0);
        }
        for (std::size_t k = 0; k < steps.size(); ++k) {
            const Histogram h = log_histogram_between(read(k), bins, lo, hi);
            edges = h.edges;
            counts.insert(counts.end(), h.counts.begin(), h.counts.end());
        }
    }
    g.array("histogram_edges", edges,
            "log-spaced bin edges between the smallest and largest weight of all snapshots");
    Array& a = g.array("histogram_counts", counts, "row s: weight histogram of snapshot s");
    a.shape = {steps.size(), edges.empty() ? 0 : edges.size() - 1};
    return g;
}

} // namespace

SnapshotSummary summarize_snapshot(Step step, const std::vector<double>& values) {
    SnapshotSummary s;
    s.step = step;
    const Summary m = summarize(values);
    s.count = m.count;
    s.mean = m.mean;
    s.min = m.min;
    s.max = m.max;
    s.quantiles = quantiles(values, quantile_levels());
    return s;
}

Histogram log_histogram_between(const std::vector<double>& values, int bins, double lo, double hi) {
    SORN_ASSERT(lo > 0.0 && lo < hi);
    std::vector<double> logs;
    logs.reserve(values.size());
    for (double v : values) logs.push_back(v > 0.0 ? std::log10(v) : nan);
    Histogram h = uniform_histogram(logs, bins, std::log10(lo), std::log10(hi));
    for (double& e : h.edges) e = std::pow(10.0, e);
    return h;
}

std::optional<ThresholdData> find_thresholds(const ResultFile& file, std::string* why) {
    ThresholdData d;
    if (file.has(te) && file.has(snapshot_steps)) {
        const auto dims = file.dataset_shape(te, Element::Float64, 2);
        d.snapshots = true;
        d.rows = dims[0];
        d.units = dims[1];
        read_snapshot_steps(file, d.rows, te); // checks the length
    }
    if (file.has(state_te)) {
        file.dataset_shape(state_te, Element::Float64, 1);
        d.final_state = true;
        if (const auto step = file.integer_attribute(F::path(F::group::state), F::state::step))
            d.final_step = *step;
    }
    if (!d.snapshots && !d.final_state) {
        *why = "needs " + te + " (with " + snapshot_steps + ") or " + state_te;
        return std::nullopt;
    }
    return d;
}

std::vector<SnapshotSummary> read_threshold_snapshots(const ResultFile& file,
                                                      const ThresholdData& d) {
    std::vector<SnapshotSummary> out;
    if (!d.snapshots) return out;
    const std::vector<Step> steps = read_snapshot_steps(file, d.rows, te);
    for (std::uint64_t s = 0; s < d.rows; ++s)
        out.push_back(
            summarize_snapshot(steps[s], h5::read_block<double>(file.get(), te, s, 1, 0, d.units)));
    return out;
}

Group thresholds_group(const std::vector<SnapshotSummary>& snapshots,
                       const std::optional<std::vector<double>>& final_values, Step final_step,
                       int bins) {
    Group g{F::analysis::thresholds, "excitatory thresholds T_e", {}, {}, {}};
    g.scalar("snapshots", static_cast<std::int64_t>(snapshots.size()),
             "snapshots of T_e (/recordings/TE)");
    if (!snapshots.empty()) add_quantile_table(g, snapshots, "thresholds");
    if (final_values) {
        const Summary s = summarize(*final_values);
        g.scalar("final_step", std::int64_t{final_step}, "step of the final thresholds");
        g.scalar("final_mean", s.mean, "mean final threshold");
        g.scalar("final_std", s.std, "standard deviation of the final thresholds");
        g.scalar("final_min", s.min, "smallest final threshold");
        g.scalar("final_median", s.median, "median final threshold");
        g.scalar("final_max", s.max, "largest final threshold");
        double lo = s.min, hi = s.max;
        if (!(lo < hi)) { // one value (or none): a bin of width 1 around it
            lo = std::isfinite(lo) ? lo - 0.5 : 0.0;
            hi = lo + 1.0;
        }
        const Histogram h = uniform_histogram(*final_values, bins, lo, hi);
        g.array("final_histogram_edges", h.edges, "bin edges on [min, max] of the final T_e");
        g.array("final_histogram_counts", h.counts, "histogram of the final T_e");
    }
    return g;
}

std::optional<WeightSnapshots> find_weight_snapshots(const ResultFile& file, std::string* why) {
    if (!file.has(wee_offset) || !file.has(wee_weight) || !file.has(snapshot_steps)) {
        *why = "needs " + wee_offset + ", " + wee_weight + " and " + snapshot_steps;
        return std::nullopt;
    }
    const std::uint64_t n = file.dataset_shape(wee_offset, Element::Int64, 1)[0];
    const std::uint64_t nnz = file.dataset_shape(wee_weight, Element::Float64, 1)[0];
    if (n < 2) {
        *why = wee + " holds no snapshot";
        return std::nullopt;
    }
    WeightSnapshots s;
    s.offsets = h5::read_vector<std::int64_t>(file.get(), wee_offset, 0, n);
    const std::string at = file.where(wee_offset);
    if (s.offsets.front() != 0)
        throw ConfigError(at + ": starts at " + text(s.offsets.front()) + ", not at 0");
    for (std::size_t k = 1; k < s.offsets.size(); ++k)
        if (s.offsets[k] < s.offsets[k - 1])
            throw ConfigError(at + ": decreases at entry " + std::to_string(k));
    if (static_cast<std::uint64_t>(s.offsets.back()) > nnz)
        throw ConfigError(at + ": ends at " + text(s.offsets.back()) + ", beyond the " +
                          std::to_string(nnz) + " entries of " + wee_weight);
    s.steps = read_snapshot_steps(file, n - 1, wee);
    return s;
}

Group weight_snapshots_group(const ResultFile& file, const WeightSnapshots& s, int bins) {
    const auto read = [&](std::size_t k) {
        const auto a = static_cast<std::uint64_t>(s.offsets[k]),
                   b = static_cast<std::uint64_t>(s.offsets[k + 1]);
        std::vector<double> w = h5::read_vector<double>(file.get(), wee_weight, a, b - a);
        for (std::size_t e = 0; e < w.size(); ++e)
            if (!(w[e] > 0.0 && w[e] <= 1.0))
                throw ConfigError(file.where(wee_weight) + ": weight " + number(w[e]) +
                                  " at entry " + std::to_string(a + e) + " not in (0, 1]");
        return w;
    };
    return weight_snapshots_from(s.steps, read, bins);
}

Group weight_snapshots_group(const std::vector<Step>& steps,
                             const std::vector<std::vector<double>>& weights, int bins) {
    SORN_ASSERT(steps.size() == weights.size());
    return weight_snapshots_from(
        steps, [&](std::size_t k) { return weights[k]; }, bins);
}

} // namespace sorn::analysis
