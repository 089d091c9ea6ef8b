#pragma once
// The curves and distributions the figures draw (scripts/plot.py, python/sorn/plot/), derived
// from a statistic's own results so that no plot computes a statistic: the empirical and
// fitted complementary CDFs of the avalanche sizes and durations, the interval counts the
// geometric ISI fit expects, a linear-scale weight histogram and the counts the lognormal fit
// expects per log-spaced bin, and order statistics (quantiles as numpy's default, linear
// interpolation). Local and pure: the same input gives the same output bit for bit, whatever
// rank computes it. Definitions: docs/ANALYSIS.md, "Curves for the figures".
#include <cstdint>
#include <vector>

#include "sorn/analysis/results.hpp"

namespace sorn::analysis {

/// The empirical complementary CDF of integer samples >= 1 (smaller ones are ignored).
struct Ccdf {
    std::vector<std::int64_t> values; ///< the distinct sample values, increasing
    std::vector<double> ccdf;         ///< ccdf[j] = P(X >= values[j]): share of the samples
};

/// The empirical CCDF of the samples >= 1. Local.
Ccdf empirical_ccdf(const std::vector<std::int64_t>& samples);

/// At each value x: share · ζ(α, x) / ζ(α, xmin) for x >= xmin (the fitted discrete power
/// law's P(X >= x) scaled to the tail's share of all samples), NaN below xmin. Requires
/// alpha > 1, xmin >= 1. Local.
std::vector<double> power_law_ccdf(double alpha, std::int64_t xmin, double share,
                                   const std::vector<std::int64_t>& values);

/// Entry k: count · p (1-p)^(k-1), the number of intervals of k steps the geometric fit
/// expects, for k = 1 .. size-1 (entry 0 is 0; NaN everywhere when p is not in (0, 1]). Local.
std::vector<double> geometric_expected(std::int64_t count, double p, std::size_t size);

/// Entry b: n · (Φ(z(edges[b+1])) - Φ(z(edges[b]))), z(w) = (ln w - mu)/sigma: the values the
/// lognormal fit expects in each bin (NaN when sigma is not > 0). Local.
std::vector<double> lognormal_expected(const std::vector<double>& edges, double mu, double sigma,
                                       std::int64_t n);

/// The levels of every quantile table: 5, 25, 50, 75 and 95 %.
const std::vector<double>& quantile_levels();

/// The quantiles of the finite values at the given levels in [0, 1], as numpy.percentile's
/// default: sorted values v_0..v_{n-1}, position q·(n-1), linear interpolation between the
/// neighbours (NaN without finite values). Local.
std::vector<double> quantiles(std::vector<double> values, const std::vector<double>& levels);

/// Adds to each fit subgroup (size_fit, duration_fit) of an "avalanches" group the arrays
/// ccdf_value, ccdf and fit_ccdf of its samples (the group's arrays size, duration) and fit
/// (alpha, xmin, fitted, n_tail). Local.
void add_avalanche_curves(Group& avalanches);

/// Adds the array fit_expected (geometric_expected of count, geometric_p) to an "isi" group.
/// Local.
void add_isi_curve(Group& isi);

/// Adds to a "weights" group of these weights the arrays lognormal_expected (of its
/// log-spaced histogram) and linear_histogram_edges / linear_histogram_counts (`bins` equal
/// bins on [0, max]). Local.
void add_weight_curves(Group& weights, const std::vector<double>& w, int bins);

} // namespace sorn::analysis
