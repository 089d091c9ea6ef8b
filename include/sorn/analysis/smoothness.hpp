#pragma once
// Smoothness of the network rate series (the package's scale_dependent_smoothness_measure
// and scale_independent_smoothness_measure). Smaller is smoother. With Δs_t = s_{t+1} - s_t:
//   scale-dependent   σ(Δs)                      (population std, as np.std)
//   scale-independent σ(Δs) / mean(s)           (ours: invariant under s -> c·s)
//   package's version σ(Δs) / |mean(Δs)|        (mean(Δs) = (s_{n-1} - s_0)/(n-1) telescopes:
//                                                 it depends on the end points only and is
//                                                 ~0 for a stationary series, so the ratio is
//                                                 ill-defined; reported for comparison)
// Local and pure.
#include <vector>

namespace sorn::analysis {

/// σ(Δs); NaN for fewer than 2 points. Local.
double scale_dependent_smoothness(const std::vector<double>& series);

/// σ(Δs) / mean(s); NaN for fewer than 2 points or mean(s) == 0. Local.
double scale_independent_smoothness(const std::vector<double>& series);

/// The package's σ(Δs) / |mean(Δs)|; +inf when mean(Δs) == 0, NaN for fewer than 2 points.
/// Local.
double package_scale_independent_smoothness(const std::vector<double>& series);

} // namespace sorn::analysis
