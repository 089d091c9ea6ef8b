#pragma once
// Histograms and order statistics of plain vectors. Local and pure: the same input gives the
// same output bit for bit, whatever rank computes it (values are visited in index order).
#include <cstdint>
#include <vector>

namespace sorn::analysis {

/// counts[b] = number of values in [edges[b], edges[b+1]) (the last bin also holds edges[B]).
struct Histogram {
    std::vector<double> edges;        ///< B + 1 increasing bin edges
    std::vector<std::int64_t> counts; ///< B counts
};

/// `bins` equal-width bins over [lo, hi]; NaN and values outside [lo, hi] are not counted.
/// Requires bins >= 1 and lo < hi. Local.
Histogram uniform_histogram(const std::vector<double>& values, int bins, double lo, double hi);

/// `bins` equal-width bins over [0, max finite value] ([0, 1] if that maximum is <= 0). Local.
Histogram histogram_from_zero(const std::vector<double>& values, int bins);

/// `bins` bins of equal width in log10 over [min, max] of the positive values (one bin
/// [v, v] widened by a factor 10^±0.5 when all values are equal; empty edges without
/// positive values). Local.
Histogram log_histogram(const std::vector<double>& values, int bins);

/// counts[v] = number of entries equal to v, for v = 0 .. max (negative entries are ignored;
/// empty when there are no entries >= 0). Local.
std::vector<std::int64_t> value_counts(const std::vector<std::int64_t>& values);

/// Summary of the finite entries of a vector (NaN and ±inf are skipped and counted).
struct Summary {
    std::int64_t count = 0;     ///< finite entries
    std::int64_t nonfinite = 0; ///< NaN or infinite entries, skipped
    double mean = 0.0;          ///< NaN when count == 0
    double std = 0.0;           ///< population standard deviation (ddof = 0); NaN when count == 0
    double min = 0.0, median = 0.0, max = 0.0; ///< NaN when count == 0
};

/// Mean, standard deviation, min, median, max of the finite entries, summed in index order.
/// Local.
Summary summarize(const std::vector<double>& values);

} // namespace sorn::analysis
