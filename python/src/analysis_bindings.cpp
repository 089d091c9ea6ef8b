// sorn._sorn's analysis functions (sorn::analysis, src/analysis): the statistics behind
// sorn.utils.Statistics (python/sorn/utils.py, docs/PYTHON.md "The package's API"), and the
// file format's schema that the package's readers of result files take their names from.
// Every function is Local and pure: plain arrays in, numbers out.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>
#include <vector>

#include "sorn/analysis/autocorr.hpp"
#include "sorn/analysis/correlation.hpp"
#include "sorn/analysis/entropy.hpp"
#include "sorn/analysis/isi_fit.hpp"
#include "sorn/analysis/lognormal.hpp"
#include "sorn/analysis/smoothness.hpp"
#include "sorn/analysis/spike_train.hpp"
#include "sorn/format/schema.hpp"

namespace py = pybind11;
using namespace sorn;

namespace {

using Doubles = py::array_t<double, py::array::c_style | py::array::forcecast>;
using Ints = py::array_t<std::int64_t, py::array::c_style | py::array::forcecast>;
using Bytes = py::array_t<std::uint8_t, py::array::c_style | py::array::forcecast>;

template <class T, class A> std::vector<T> vector_of(const A& a, const char* what) {
    if (a.ndim() != 1) throw py::value_error(std::string(what) + ": must be one-dimensional");
    return std::vector<T>(a.data(), a.data() + a.shape(0));
}

template <class T> py::array_t<T> to_numpy(const std::vector<T>& v) {
    return py::array_t<T>(static_cast<py::ssize_t>(v.size()), v.data());
}

// r(a, b) for every pair of N units from their spike counts, coincidences (N x N, symmetric)
// and the number of steps: analysis::pearson_binary; the diagonal is r(a, a).
py::array_t<double> correlation_matrix(const Ints& coincidences, const Ints& counts,
                                       std::int64_t steps) {
    const std::vector<std::int64_t> c = vector_of<std::int64_t>(counts, "counts");
    const auto n = static_cast<py::ssize_t>(c.size());
    if (coincidences.ndim() != 2 || coincidences.shape(0) != n || coincidences.shape(1) != n)
        throw py::value_error("coincidences: shape must be (N, N) with N = len(counts)");
    py::array_t<double> r({n, n});
    auto out = r.mutable_unchecked<2>();
    auto k = coincidences.unchecked<2>();
    for (py::ssize_t a = 0; a < n; ++a)
        for (py::ssize_t b = 0; b < n; ++b)
            out(a, b) = analysis::pearson_binary(k(a, b), c[a], c[b], steps);
    return r;
}

} // namespace

void bind_analysis(py::module_& m) {
    m.def(
        "schema_json", [] { return format::schema_json(); },
        "The file formats' names and shapes (sorn-simulate --print-schema json). Local.");

    m.def(
        "autocorr",
        [](const Doubles& s, std::int64_t lag) {
            return analysis::autocorr(vector_of<double>(s, "firing_rates"), lag);
        },
        py::arg("series"), py::arg("lag"), "analysis::autocorr: r(lag), NaN if undefined. Local.");
    m.def(
        "scale_dependent_smoothness",
        [](const Doubles& s) {
            return analysis::scale_dependent_smoothness(vector_of<double>(s, "firing_rates"));
        },
        py::arg("series"), "sigma(diff(s)). Local.");
    m.def(
        "scale_independent_smoothness",
        [](const Doubles& s) {
            return analysis::scale_independent_smoothness(vector_of<double>(s, "firing_rates"));
        },
        py::arg("series"), "sigma(diff(s)) / mean(s) (sorn-analyze's). Local.");
    m.def(
        "package_scale_independent_smoothness",
        [](const Doubles& s) {
            return analysis::package_scale_independent_smoothness(
                vector_of<double>(s, "firing_rates"));
        },
        py::arg("series"), "sigma(diff(s)) / |mean(diff(s))| (the package's). Local.");
    m.def(
        "spike_source_entropy",
        [](const Ints& counts) {
            return analysis::spike_source_entropy(vector_of<std::int64_t>(counts, "counts"));
        },
        py::arg("counts"), "Spike source entropy of per-unit spike counts. Local.");
    m.def(
        "spike_times",
        [](const Bytes& train) {
            return to_numpy(analysis::spike_times(vector_of<std::uint8_t>(train, "spike_train")));
        },
        py::arg("train"), "Indices of the spikes of a 0/1 train. Local.");
    m.def(
        "inter_spike_intervals",
        [](const Ints& times) {
            return to_numpy(
                analysis::inter_spike_intervals(vector_of<std::int64_t>(times, "spike_times")));
        },
        py::arg("times"), "Differences of consecutive spike times. Local.");
    m.def(
        "window_counts",
        [](const Bytes& train, std::int64_t window) {
            if (window < 1) throw py::value_error("window_size: must be >= 1");
            const analysis::WindowCounts c =
                analysis::window_counts(vector_of<std::uint8_t>(train, "spike_train"), window);
            return py::make_tuple(c.windows, c.sum, c.sum_sq, analysis::fano_factor(c));
        },
        py::arg("train"), py::arg("window"),
        "(windows, sum, sum of squares, Fano factor) of the complete windows' spike counts. "
        "Local.");
    m.def("correlation_matrix", &correlation_matrix, py::arg("coincidences"), py::arg("counts"),
          py::arg("steps"), "Pearson r of binary trains from exact counts. Local.");
    m.def(
        "fit_isi",
        [](const Ints& histogram) {
            const analysis::IsiFit f =
                analysis::fit_isi(vector_of<std::int64_t>(histogram, "histogram"));
            py::dict d;
            d["count"] = f.count;
            d["mean"] = f.mean;
            d["std"] = f.std;
            d["cv"] = f.cv;
            d["p"] = f.p;
            d["rate"] = f.rate;
            d["ks"] = f.ks;
            return d;
        },
        py::arg("histogram"), "Geometric (discrete exponential) fit of an ISI histogram. Local.");
    m.def(
        "fit_lognormal",
        [](const Doubles& values) {
            const analysis::LognormalFit f =
                analysis::fit_lognormal(vector_of<double>(values, "weights"));
            py::dict d;
            d["n"] = f.n;
            d["nonpositive"] = f.nonpositive;
            d["mu"] = f.mu;
            d["sigma"] = f.sigma;
            d["ks"] = f.ks;
            d["median"] = f.median;
            d["mean"] = f.mean;
            d["mode"] = f.mode;
            return d;
        },
        py::arg("values"), "Lognormal maximum-likelihood fit of the positive values. Local.");
}
