#include "sorn/analysis/smoothness.hpp"

#include <cmath>
#include <limits>

namespace sorn::analysis {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

struct Moments {
    double mean = 0.0, std = 0.0;
};

Moments moments(const std::vector<double>& v) {
    Moments m;
    for (double x : v) m.mean += x;
    m.mean /= static_cast<double>(v.size());
    for (double x : v) m.std += (x - m.mean) * (x - m.mean);
    m.std = std::sqrt(m.std / static_cast<double>(v.size()));
    return m;
}

std::vector<double> differences(const std::vector<double>& s) {
    std::vector<double> d;
    for (std::size_t t = 1; t < s.size(); ++t) d.push_back(s[t] - s[t - 1]);
    return d;
}

} // namespace

double scale_dependent_smoothness(const std::vector<double>& s) {
    if (s.size() < 2) return nan;
    return moments(differences(s)).std;
}

double scale_independent_smoothness(const std::vector<double>& s) {
    if (s.size() < 2) return nan;
    const double mean = moments(s).mean;
    return mean != 0.0 ? moments(differences(s)).std / mean : nan;
}

double package_scale_independent_smoothness(const std::vector<double>& s) {
    if (s.size() < 2) return nan;
    const Moments d = moments(differences(s));
    return d.mean != 0.0 ? d.std / std::abs(d.mean) : std::numeric_limits<double>::infinity();
}

} // namespace sorn::analysis
