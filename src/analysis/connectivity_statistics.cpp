#include "sorn/analysis/connectivity_statistics.hpp"

#include <algorithm>

#include "sorn/analysis/histogram.hpp"
#include "sorn/analysis/lognormal.hpp"
#include "sorn/error.hpp"
#include "sorn/format/names.hpp"
#include "sorn/h5/dataset.hpp"
#include "sorn/io/config.hpp"
#include "sorn/mpi.hpp"

namespace sorn::analysis {

namespace {

std::string text(std::int64_t v) { return std::to_string(static_cast<long long>(v)); }

std::string base_name(const std::string& path) { return path.substr(path.rfind('/') + 1); }

// The path of a recording, e.g. /recordings/EEConnectionCounts.
std::string recording_path(io::Recording r) {
    return format::path(format::group::recordings, io::recording_name(r));
}

void add_degree(Group& g, const std::string& name, const std::vector<std::int64_t>& degree,
                const std::string& what) {
    const Summary s = summarize(std::vector<double>(degree.begin(), degree.end()));
    g.scalar("mean_" + name, s.mean, "mean " + what);
    g.scalar("std_" + name, s.std, "standard deviation of the " + what);
    g.scalar("max_" + name, s.max, "largest " + what);
    g.array(name, degree, what + " of each unit");
    g.array(name + "_histogram", value_counts(degree), "entry d: units with " + what + " d");
}

} // namespace

std::optional<CountSeries> find_count_series(const ResultFile& file, std::string* why) {
    CountSeries s;
    const std::string ee = recording_path(io::Recording::EEConnectionCounts),
                      ei = recording_path(io::Recording::EIConnectionCounts);
    for (const std::string& p : {ee, ei})
        if (file.has(p)) s.paths.push_back(p);
    if (s.paths.empty()) {
        *why = "needs " + ee + " or " + ei;
        return std::nullopt;
    }
    const auto first = file.recordings_first_step();
    if (!first) {
        *why = "the connection counts cannot be placed in time (no " +
               format::path(format::group::recordings) + " " + format::recordings::first_step + ")";
        return std::nullopt;
    }
    s.first_step = *first;
    // Every per-step recording has one row per recorded step (docs/FORMAT.md): as many as
    // the first spike table present, else as the first series.
    std::string reference;
    std::uint64_t rows = 0;
    for (io::Recording r :
         {io::Recording::ExcitatoryActivation, io::Recording::InhibitoryActivation,
          io::Recording::RecurrentActivation}) {
        const std::string spikes = recording_path(r);
        if (h5::object_kind(file.get(), spikes) != h5::ObjectKind::Dataset) continue;
        if (const auto dims = h5::shape(file.get(), spikes); !dims.empty()) {
            reference = spikes;
            rows = dims[0];
            break;
        }
    }
    for (const std::string& p : s.paths) {
        const std::uint64_t n = file.dataset_shape(p, Element::Int64, 1)[0];
        if (reference.empty()) {
            reference = p;
            rows = n;
        } else if (n != rows) {
            throw ConfigError(file.where(p) + ": " + std::to_string(n) + " entries, but " +
                              reference + " has " + std::to_string(rows) +
                              " rows (one entry per recorded step)");
        }
    }
    s.rows = checked_rows(file.where(s.paths[0]), s.first_step, rows);
    return s;
}

ConnectionCounts read_connection_counts(const ResultFile& file, const CountSeries& series,
                                        const std::optional<Window>& window) {
    ConnectionCounts c;
    Window& w = c.window;
    w = Window{series.first_step, series.last_step()};
    if (window) {
        w.first = std::max(w.first, window->first);
        w.last = std::min(w.last, window->last);
    }
    if (w.last < w.first)
        throw ConfigError(file.path() + ": the connection counts (steps " +
                          text(series.first_step) + ".." + text(series.last_step()) +
                          ") do not overlap the window " +
                          (window ? text(window->first) + ".." + text(window->last) : ""));
    for (const std::string& path : series.paths) {
        // Every rank reads the whole (short) series: the same values everywhere.
        const std::string key =
            base_name(path) == io::recording_name(io::Recording::EEConnectionCounts) ? "ee" : "ei";
        c.series.push_back(
            {key, path,
             h5::read_vector<std::int64_t>(file.get(), path,
                                           static_cast<std::uint64_t>(w.first - series.first_step),
                                           static_cast<std::uint64_t>(w.steps()))});
    }
    return c;
}

Group connections_group(const ConnectionCounts& c) {
    const Window& w = c.window;
    Group g{format::analysis::connections, "synapse counts over time", {}, {}, {}};
    g.scalar(format::analysis::first_step, std::int64_t{w.first}, "first step of the series");
    g.scalar("last_step", std::int64_t{w.last}, "last step of the series");
    for (const ConnectionCounts::Series& series : c.series) {
        const std::string& key = series.key;
        const std::vector<std::int64_t>& counts = series.counts;
        const Summary s = summarize(std::vector<double>(counts.begin(), counts.end()));
        g.scalar(key + "_first", counts.front(), key + " synapses at the first step");
        g.scalar(key + "_last", counts.back(), key + " synapses at the last step");
        g.scalar(key + "_mean", s.mean, "mean number of " + key + " synapses");
        g.scalar(key + "_min", s.min, "fewest " + key + " synapses");
        g.scalar(key + "_max", s.max, "most " + key + " synapses");
        Array& a =
            g.array(key + "_count", counts, key + " synapses at each step (" + series.path + ")");
        a.attributes.push_back(
            {format::analysis::first_step, std::int64_t{w.first}, "step of entry 0"});
    }
    return g;
}

Degrees count_degrees(MPI_Comm comm, const SynapseBlock& block, Index units) {
    Degrees d{std::vector<std::int64_t>(units, 0), std::vector<std::int64_t>(units, 0)};
    for (std::size_t e = 0; e < block.row.size(); ++e) {
        ++d.in[block.row[e]];  // row = postsynaptic: an incoming synapse of row
        ++d.out[block.col[e]]; // col = presynaptic: an outgoing synapse of col
    }
    if (units > 0) {
        SORN_MPI_CALL(MPI_Allreduce(MPI_IN_PLACE, d.in.data(), static_cast<int>(units), MPI_INT64_T,
                                    MPI_SUM, comm));
        SORN_MPI_CALL(MPI_Allreduce(MPI_IN_PLACE, d.out.data(), static_cast<int>(units),
                                    MPI_INT64_T, MPI_SUM, comm));
    }
    return d;
}

Group degrees_group(const Degrees& d, const std::string& source) {
    std::int64_t synapses = 0;
    for (std::int64_t k : d.in) synapses += k;
    Group g{format::analysis::degrees, "E->E in/out-degrees", {}, {}, {}};
    g.scalar("source", source, "where the synapses were read");
    g.scalar(format::analysis::units, static_cast<std::int64_t>(d.in.size()), "E units");
    g.scalar("synapses", synapses, "E->E synapses");
    add_degree(g, "in_degree", d.in, "in-degree (incoming E->E synapses)");
    add_degree(g, "out_degree", d.out, "out-degree (outgoing E->E synapses)");
    return g;
}

std::vector<double> gather_weights(MPI_Comm comm, const SynapseBlock& block) {
    // In rank order; weights_group sorts them before any sum, so the order does not matter.
    return mpi::all_gather(comm, block.weight);
}

Group weights_group(const std::vector<double>& w, const std::string& source,
                    const WeightsParams& p) {
    const LognormalFit f = fit_lognormal(w);
    const Summary s = summarize(w);
    Group g{format::analysis::weights, "E->E weight distribution", {}, {}, {}};
    g.scalar("source", source, "where the weights were read");
    g.scalar("count", static_cast<std::int64_t>(w.size()), "weights");
    g.scalar("mean", s.mean, "mean weight");
    g.scalar("std", s.std, "standard deviation of the weights");
    g.scalar("min", s.min, "smallest weight");
    g.scalar("median", s.median, "median weight");
    g.scalar("max", s.max, "largest weight");
    g.scalar("nonpositive", f.nonpositive, "weights <= 0, left out of the fit");
    g.scalar("lognormal_mu", f.mu, "lognormal fit: mean of ln w");
    g.scalar("lognormal_sigma", f.sigma, "lognormal fit: standard deviation of ln w");
    g.scalar("lognormal_ks_distance", f.ks, "KS distance between the weights and the fit");
    g.scalar("lognormal_median", f.median, "median exp(mu) of the fitted law");
    g.scalar("lognormal_mode", f.mode, "mode exp(mu - sigma^2) of the fitted law");
    const Histogram h = log_histogram(w, p.histogram_bins);
    g.array("histogram_edges", h.edges, "log-spaced bin edges of the weight histogram");
    g.array("histogram_counts", h.counts, "counts of the weight histogram");
    return g;
}

} // namespace sorn::analysis
