#pragma once
// The "avalanches" statistic of one run or of several runs pooled (Del Papa, Priesemann &
// Triesch 2017): θ by a rule from all runs' (binned) activity at once, the avalanches of each
// run, the power-law fits of sizes and durations on their windows with the model comparison
// of tail_models.hpp and the bootstrap p-value, and the scaling <S>(T) ∝ T^γ against the
// crackling-noise prediction γ = (α_T - 1)/(α_S - 1). Definitions: docs/ANALYSIS.md.
// Local and pure: the same on every rank.
#include <cstdint>
#include <string>
#include <vector>

#include "sorn/analysis/params.hpp"
#include "sorn/analysis/results.hpp"
#include "sorn/types.hpp"

namespace sorn::analysis {

/// The network activity a(t) of one run over its window.
struct ActivityRun {
    std::int64_t first_step = 0;        ///< absolute step of activity[0]
    std::vector<std::int64_t> activity; ///< active units per step
};

/// Least-squares slope of ln <S>(T) against ln T over the distinct durations T in
/// [tmin, tmax] (tmax = 0: no bound), <S>(T) the mean size of the avalanches of duration T.
struct SizeDurationScaling {
    bool ok = false;                     ///< at least two distinct durations
    double gamma = 0.0;                  ///< the slope γ
    double gamma_stderr = 0.0;           ///< its standard error (NaN for fewer than 3 durations)
    std::vector<std::int64_t> durations; ///< the distinct T used, increasing
    std::vector<double> mean_size;       ///< <S>(T) of each
};

/// Local.
SizeDurationScaling size_duration_scaling(const std::vector<std::int64_t>& sizes,
                                          const std::vector<std::int64_t>& durations,
                                          std::int64_t tmin, std::int64_t tmax);

/// A power-law fit group (size_fit, duration_fit): the fit of `samples` under p, the
/// truncated power law, exponential and lognormal fits on the same support with their
/// log-likelihood ratios against the power law, and the bootstrap p-value (t). Local.
Group tail_fit_group(const std::string& name, const std::vector<std::int64_t>& samples,
                     const PowerLawParams& p, const TailTestParams& t, const std::string& of);

/// "avalanches" of the runs pooled (one run: sorn-analyze without --pool). Local.
Group avalanches_group(const std::vector<ActivityRun>& runs, const AvalancheParams& p = {});

} // namespace sorn::analysis
