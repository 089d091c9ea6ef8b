#include "sorn/analysis/autocorr.hpp"

#include <cmath>
#include <limits>

namespace sorn::analysis {

double autocorr(const std::vector<double>& s, std::int64_t lag) {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    const auto n = static_cast<std::int64_t>(s.size()) - lag; // points per segment
    if (lag < 0 || n < 2) return nan;
    double ma = 0.0, mb = 0.0;
    for (std::int64_t t = 0; t < n; ++t) {
        ma += s[t];
        mb += s[t + lag];
    }
    ma /= static_cast<double>(n);
    mb /= static_cast<double>(n);
    double ab = 0.0, aa = 0.0, bb = 0.0;
    for (std::int64_t t = 0; t < n; ++t) {
        const double a = s[t] - ma, b = s[t + lag] - mb;
        ab += a * b;
        aa += a * a;
        bb += b * b;
    }
    if (aa == 0.0 || bb == 0.0) return nan;
    return ab / std::sqrt(aa * bb);
}

std::vector<double> autocorr_lags(const std::vector<double>& series, std::int64_t max_lag) {
    std::vector<double> r;
    for (std::int64_t lag = 1; lag <= max_lag; ++lag) r.push_back(autocorr(series, lag));
    return r;
}

} // namespace sorn::analysis
