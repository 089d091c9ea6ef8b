#include "sorn/analysis/curves.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sorn/analysis/histogram.hpp"
#include "sorn/analysis/power_law.hpp"
#include "sorn/error.hpp"
#include "sorn/format/names.hpp"

namespace sorn::analysis {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

template <class T> const std::vector<T>& array_of(const Group& g, const std::string& name) {
    const Array* a = g.find_array(name);
    if (a == nullptr || !std::holds_alternative<std::vector<T>>(a->data))
        throw InternalError("analysis group " + g.name + " has no array " + name);
    return std::get<std::vector<T>>(a->data);
}

} // namespace

Ccdf empirical_ccdf(const std::vector<std::int64_t>& samples) {
    std::vector<std::int64_t> x;
    for (std::int64_t v : samples)
        if (v >= 1) x.push_back(v);
    std::sort(x.begin(), x.end());
    Ccdf c;
    const double n = static_cast<double>(x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
        if (i == 0 || x[i] != x[i - 1]) {
            c.values.push_back(x[i]);
            c.ccdf.push_back(static_cast<double>(x.size() - i) / n);
        }
    return c;
}

std::vector<double> power_law_ccdf(double alpha, std::int64_t xmin, double share,
                                   const std::vector<std::int64_t>& values) {
    SORN_ASSERT(alpha > 1.0 && xmin >= 1);
    const double norm = hurwitz_zeta(alpha, static_cast<double>(xmin));
    std::vector<double> out;
    out.reserve(values.size());
    for (std::int64_t x : values)
        out.push_back(x >= xmin ? share * hurwitz_zeta(alpha, static_cast<double>(x)) / norm : nan);
    return out;
}

std::vector<double> geometric_expected(std::int64_t count, double p, std::size_t size) {
    std::vector<double> out(size, 0.0);
    if (!(p > 0.0 && p <= 1.0)) return std::vector<double>(size, nan);
    for (std::size_t k = 1; k < size; ++k)
        out[k] = static_cast<double>(count) * p * std::pow(1.0 - p, static_cast<double>(k - 1));
    return out;
}

std::vector<double> lognormal_expected(const std::vector<double>& edges, double mu, double sigma,
                                       std::int64_t n) {
    if (edges.size() < 2) return {};
    std::vector<double> out(edges.size() - 1, nan);
    if (!(sigma > 0.0)) return out;
    const auto cdf = [&](double w) {
        return 0.5 * std::erfc(-(std::log(w) - mu) / (sigma * std::sqrt(2.0)));
    };
    for (std::size_t b = 0; b + 1 < edges.size(); ++b)
        out[b] = static_cast<double>(n) * (cdf(edges[b + 1]) - cdf(edges[b]));
    return out;
}

const std::vector<double>& quantile_levels() {
    static const std::vector<double> levels = {0.05, 0.25, 0.5, 0.75, 0.95};
    return levels;
}

std::vector<double> quantiles(std::vector<double> values, const std::vector<double>& levels) {
    values.erase(
        std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
        values.end());
    std::sort(values.begin(), values.end());
    std::vector<double> out;
    for (double q : levels) {
        if (values.empty()) {
            out.push_back(nan);
            continue;
        }
        const double pos = q * static_cast<double>(values.size() - 1);
        const auto lo = static_cast<std::size_t>(std::floor(pos));
        const std::size_t hi = std::min(lo + 1, values.size() - 1);
        const double f = pos - static_cast<double>(lo);
        out.push_back(f == 0.0 ? values[lo] : values[lo] + f * (values[hi] - values[lo]));
    }
    return out;
}

void add_avalanche_curves(Group& g) {
    namespace A = format::analysis;
    for (Group& fit : g.groups) {
        const char* of = fit.name == A::size_fit       ? "size"
                         : fit.name == A::duration_fit ? "duration"
                                                       : nullptr;
        if (of == nullptr) continue;
        const Ccdf c = empirical_ccdf(array_of<std::int64_t>(g, of));
        std::vector<double> model(c.values.size(), nan);
        const Scalar* fitted = fit.find("fitted");
        if (fitted && std::get<std::int64_t>(fitted->value) == 1) {
            const double alpha = fit.number("alpha"), n = fit.number("n");
            if (std::isfinite(alpha) && alpha > 1.0 && n > 0.0)
                model = power_law_ccdf(alpha, static_cast<std::int64_t>(fit.number("xmin")),
                                       fit.number("n_tail") / n, c.values);
        }
        fit.array("ccdf_value", c.values, std::string("distinct avalanche ") + of + "s >= 1");
        fit.array("ccdf", c.ccdf,
                  "share of the avalanches with " + std::string(of) +
                      " >= ccdf_value (empirical CCDF)");
        fit.array("fit_ccdf", model,
                  "the fit's P(X >= ccdf_value) times n_tail/n (NaN below xmin or unfitted)");
    }
}

void add_isi_curve(Group& g) {
    const std::size_t size = array_of<std::int64_t>(g, "histogram").size();
    g.array("fit_expected",
            geometric_expected(static_cast<std::int64_t>(g.number("count")),
                               g.number("geometric_p"), size),
            "entry k: count p (1-p)^(k-1), the intervals of k steps the geometric fit expects");
}

void add_weight_curves(Group& g, const std::vector<double>& w, int bins) {
    const std::vector<double>& edges = array_of<double>(g, "histogram_edges");
    const double count = g.number("count") - g.number("nonpositive");
    g.array("lognormal_expected",
            lognormal_expected(edges, g.number("lognormal_mu"), g.number("lognormal_sigma"),
                               static_cast<std::int64_t>(count)),
            "weights the lognormal fit expects in each bin of histogram_edges");
    const Histogram h = histogram_from_zero(w, bins);
    g.array("linear_histogram_edges", h.edges, "equal-width bin edges on [0, max weight]");
    g.array("linear_histogram_counts", h.counts, "counts of the linear-scale weight histogram");
}

} // namespace sorn::analysis
