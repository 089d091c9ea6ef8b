#pragma once
// Inter-spike-interval (ISI) distribution and its exponential (geometric) fit.
//
// ISIs of a binary unit are integers k >= 1. A memoryless unit that spikes with probability p
// per step (Bernoulli) has geometric ISIs, P(k) = p (1-p)^(k-1) = (e^λ - 1) e^(-λ k) with
// λ = -ln(1 - p): the discrete exponential. Maximum likelihood: p = 1 / mean(ISI).
// The package instead fits a·exp(-b·x) - c to histogram bins by least squares (see
// docs/ANALYSIS.md); the MLE needs no binning and has a closed form.
#include <cstdint>
#include <vector>

namespace sorn::analysis {

struct IsiFit {
    std::int64_t count = 0; ///< number of intervals
    double mean = 0.0;      ///< mean ISI [steps]; NaN without intervals
    double std = 0.0;       ///< population standard deviation [steps]
    double cv = 0.0;        ///< std / mean (sqrt(1 - p) for a geometric distribution)
    double p = 0.0;         ///< geometric MLE 1 / mean
    double rate = 0.0;      ///< exponential decay rate λ = -ln(1 - p) [1/step]; inf if p == 1
    double ks = 0.0;        ///< KS distance between the ISIs and the fitted geometric law
};

/// Fit of the pooled ISI histogram: histogram[k] = number of intervals of k steps (entry 0
/// is ignored). Every number is computed from exact integer sums. Local.
IsiFit fit_isi(const std::vector<std::int64_t>& histogram);

} // namespace sorn::analysis
