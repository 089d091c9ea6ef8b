#pragma once
// Golden-section search: the minimum of a unimodal function on an interval, used by the
// maximum-likelihood fits (power_law.cpp, tail_models.cpp).
#include <cmath>

namespace sorn::analysis {

/// The x in [lo, hi] where the unimodal f is least, to within tol (the middle of the final
/// bracket). Local, pure.
template <class F> double golden_section(const F& f, double lo, double hi, double tol) {
    const double phi = 0.5 * (std::sqrt(5.0) - 1.0);
    double x1 = hi - phi * (hi - lo), x2 = lo + phi * (hi - lo);
    double f1 = f(x1), f2 = f(x2);
    while (hi - lo > tol) {
        if (f1 <= f2) {
            hi = x2;
            x2 = x1;
            f2 = f1;
            x1 = hi - phi * (hi - lo);
            f1 = f(x1);
        } else {
            lo = x1;
            x1 = x2;
            f1 = f2;
            x2 = lo + phi * (hi - lo);
            f2 = f(x2);
        }
    }
    return 0.5 * (lo + hi);
}

} // namespace sorn::analysis
