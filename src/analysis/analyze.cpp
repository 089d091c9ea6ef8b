#include "sorn/analysis/analyze.hpp"

#include <optional>

#include "sorn/analysis/analysis_file.hpp"
#include "sorn/analysis/avalanche_statistics.hpp"
#include "sorn/analysis/connectivity_statistics.hpp"
#include "sorn/analysis/curves.hpp"
#include "sorn/analysis/result_file.hpp"
#include "sorn/analysis/snapshot_statistics.hpp"
#include "sorn/analysis/spike_pass.hpp"
#include "sorn/analysis/spike_statistics.hpp"
#include "sorn/analysis/synapse_reader.hpp"
#include "sorn/analysis/turnover.hpp"
#include "sorn/driver.hpp"
#include "sorn/error.hpp"
#include "sorn/format/names.hpp"
#include "sorn/h5/dataset.hpp"
#include "sorn/mpi.hpp"

namespace sorn::analysis {

namespace {

std::string text(std::int64_t v) { return std::to_string(static_cast<long long>(v)); }

} // namespace

// The one place where options become the statistics' parameters.
StatisticParams statistic_params(const AnalysisOptions& o) {
    StatisticParams p;
    p.rates.bin_size = o.bin_size;
    p.rates.histogram_bins = o.histogram_bins;
    p.fano.window = o.fano_window;
    p.fano.histogram_bins = o.histogram_bins;
    p.autocorr.max_lag = o.autocorr_lags;
    p.correlation.exact_max = o.corr_exact_max;
    p.correlation.sample_size = o.corr_pairs;
    p.correlation.seed = o.corr_seed;
    p.correlation.subset_first = o.corr_subset_first;
    p.correlation.subset_units = o.corr_subset_units;
    p.correlation.histogram_bins = o.histogram_bins;
    p.avalanches.threshold = o.avalanche_threshold;
    p.avalanches.rule = o.avalanche_rule;
    p.avalanches.percentile = o.avalanche_percentile;
    p.avalanches.size = o.avalanche_size;
    p.avalanches.bin_steps = o.avalanche_bin;
    for (PowerLawParams* fit : {&p.avalanches.size_fit, &p.avalanches.duration_fit}) {
        fit->min_tail = o.powerlaw_min_tail;
        fit->xmin = o.powerlaw_xmin;
    }
    if (o.size_xmin > 0) p.avalanches.size_fit.xmin = o.size_xmin;
    if (o.duration_xmin > 0) p.avalanches.duration_fit.xmin = o.duration_xmin;
    p.avalanches.size_fit.xmax = o.size_xmax;
    p.avalanches.duration_fit.xmax = o.duration_xmax;
    p.avalanches.tests.bootstrap = o.bootstrap;
    p.avalanches.tests.seed = o.bootstrap_seed;
    p.hamming.compare_file = o.compare;
    p.weights.histogram_bins = o.histogram_bins;
    p.snapshots.histogram_bins = o.histogram_bins;
    p.turnover.histogram_bins = o.histogram_bins;
    p.turnover.lifetime_fit.min_tail = o.powerlaw_min_tail;
    p.turnover.lifetime_fit.xmin = o.powerlaw_xmin;
    p.turnover.tests = p.avalanches.tests;
    return p;
}

namespace {

// Everything decided (and checked) before any output exists.
struct Plan {
    StatisticParams params;
    std::vector<std::pair<std::string, std::string>> skipped;
    std::vector<Statistic> spike_stats; // computed from the spike pass, in enum order
    std::optional<SpikeDataset> spikes, compare;
    Window window;
    std::vector<std::pair<SpikeDataset, Window>> pool; // the --pool files' tables and windows
    std::optional<CorrelationPlan> correlation;
    std::optional<CountSeries> counts;
    std::optional<Window> counts_window;
    std::optional<SynapseSource> synapses;
    bool degrees = false, weights = false;
    std::optional<ThresholdData> thresholds;
    std::optional<WeightSnapshots> weight_snapshots;
    std::vector<SynapseSource> snapshots; // turnover: the WEE snapshots in the window

    bool computes(Statistic s) const {
        for (Statistic t : spike_stats)
            if (t == s) return true;
        return false;
    }
    bool empty() const {
        return spike_stats.empty() && !counts && !degrees && !weights && !thresholds &&
               !weight_snapshots && snapshots.empty();
    }
};

class Planner {
public:
    Planner(const AnalysisOptions& o, const ResultFile& input, const ResultFile* other,
            const std::vector<ResultFile>& pool)
        : o_(o), input_(input), other_(other), pool_(pool) {}

    Plan plan() {
        plan_.params = statistic_params(o_);
        plan_spikes();
        plan_counts();
        plan_synapses();
        plan_snapshots();
        plan_turnover();
        if (plan_.empty()) {
            std::string why;
            for (const auto& [name, reason] : plan_.skipped) why += "; " + name + ": " + reason;
            throw ConfigError(input_.path() + ": nothing to analyse" + why);
        }
        return std::move(plan_);
    }

private:
    // A statistic the file cannot give: an error if the user named it, else skipped.
    void unavailable(Statistic s, const std::string& why) {
        if (o_.explicitly_requested(s))
            throw ConfigError(std::string("--stats ") + statistic_name(s) + ": " + why + " (" +
                              input_.path() + ")");
        plan_.skipped.emplace_back(statistic_name(s), why);
    }

    Window checked_window(const SpikeDataset& d, const ResultFile& f) const {
        Window w{o_.from.value_or(d.first_step), o_.to.value_or(d.last_step())};
        if (w.first < d.first_step || w.last > d.last_step() || w.first > w.last)
            throw ConfigError("--from/--to: window " + text(w.first) + ".." + text(w.last) +
                              " lies outside the recorded steps " + text(d.first_step) + ".." +
                              text(d.last_step()) + " of " + f.path() + ":" + d.path);
        return w;
    }

    // Each --pool file holds the population (same N) over its window: else an error.
    void plan_pool(const SpikeDataset& d) {
        if (pool_.empty()) return;
        if (!plan_.computes(Statistic::Avalanches))
            throw ConfigError("--pool " + pool_.front().path() +
                              ": pooling needs the avalanches statistic (--stats avalanches)");
        for (const ResultFile& f : pool_) {
            const auto p = f.spike_dataset(d.path);
            const std::string where = "--pool " + f.path();
            if (!p) throw ConfigError(where + ": no " + d.path);
            if (p->units != d.units)
                throw ConfigError(where + ": " + d.path + " has " + text(p->units) + " units, " +
                                  input_.path() + " has " + text(d.units));
            if (p->rows == 0) throw ConfigError(where + ": " + d.path + " holds no recorded steps");
            plan_.pool.emplace_back(*p, checked_window(*p, f));
        }
    }

    void plan_spikes() {
        std::vector<Statistic> wanted;
        for (Statistic s : all_statistics())
            if (needs_spikes(s) && o_.wanted(s)) wanted.push_back(s);
        if (wanted.empty()) return;
        const std::string path = spike_dataset_path(o_.population);
        const auto d = input_.spike_dataset(path);
        std::string missing;
        if (!d)
            missing = "needs " + path;
        else if (d->rows == 0)
            missing = path + " holds no recorded steps";
        else if (d->units == 0)
            missing = path + " has no units";
        if (!missing.empty()) {
            for (Statistic s : wanted) unavailable(s, missing);
            return;
        }
        plan_.spikes = d;
        plan_.window = checked_window(*d, input_);
        const Step W = plan_.window.steps();
        for (Statistic s : wanted) {
            const std::string why = spike_requirement(s, *d, W);
            if (why.empty())
                plan_.spike_stats.push_back(s);
            else
                unavailable(s, why);
        }
        if (plan_.computes(Statistic::Correlation)) {
            for (Index u : o_.corr_subset_units)
                require(u < d->units, "--corr-subset", u,
                        ("must be a unit index < " + text(d->units)).c_str());
            plan_.correlation = plan_correlation(d->units, plan_.params.correlation);
        }
        plan_pool(*d);
        if (plan_.spike_stats.empty()) plan_.spikes.reset();
    }

    // Why statistic s cannot be computed over W steps of d ("" if it can).
    std::string spike_requirement(Statistic s, const SpikeDataset& d, Step W) {
        switch (s) {
        case Statistic::Rates:
            return o_.bin_size <= W ? ""
                                    : "--bin-size " + text(o_.bin_size) +
                                          " exceeds the window of " + text(W) + " steps";
        case Statistic::Fano:
            return o_.fano_window <= W ? ""
                                       : "--fano-window " + text(o_.fano_window) +
                                             " exceeds the window of " + text(W) + " steps";
        case Statistic::Autocorr:
            return o_.autocorr_lags <= W - 2
                       ? ""
                       : "--autocorr-lags " + text(o_.autocorr_lags) +
                             " needs a window of at least " +
                             text(std::int64_t{o_.autocorr_lags} + 2) + " steps";
        case Statistic::Correlation: return d.units >= 2 ? "" : "needs at least 2 units";
        case Statistic::Hamming: return compare_requirement(d);
        default: return "";
        }
    }

    // The --compare file must hold the same population over the whole window.
    std::string compare_requirement(const SpikeDataset& d) {
        const auto c = other_->spike_dataset(d.path);
        const std::string where = "--compare " + other_->path();
        if (!c) throw ConfigError(where + ": no " + d.path);
        if (c->units != d.units)
            throw ConfigError(where + ": " + d.path + " has " + text(c->units) + " units, " +
                              input_.path() + " has " + text(d.units));
        if (plan_.window.first < c->first_step || plan_.window.last > c->last_step())
            throw ConfigError(where + ": the window " + text(plan_.window.first) + ".." +
                              text(plan_.window.last) + " lies outside its recorded steps " +
                              text(c->first_step) + ".." + text(c->last_step()));
        plan_.compare = c;
        return "";
    }

    void plan_counts() {
        if (!o_.wanted(Statistic::Connections)) return;
        std::string why;
        auto series = find_count_series(input_, &why);
        if (!series) return unavailable(Statistic::Connections, why);
        if (series->rows == 0)
            return unavailable(Statistic::Connections, "the connection counts hold no steps");
        // The spike window if there is one; else --from/--to; else the whole series.
        std::optional<Window> w;
        if (plan_.spikes)
            w = plan_.window;
        else if (o_.from || o_.to)
            w = Window{o_.from.value_or(series->first_step), o_.to.value_or(series->last_step())};
        if (w && (w->last < series->first_step || w->first > series->last_step()))
            return unavailable(Statistic::Connections,
                               "the connection counts (steps " + text(series->first_step) + ".." +
                                   text(series->last_step()) + ") do not overlap the window " +
                                   text(w->first) + ".." + text(w->last));
        plan_.counts = series;
        plan_.counts_window = w;
    }

    void plan_synapses() {
        const bool degrees = o_.wanted(Statistic::Degrees), weights = o_.wanted(Statistic::Weights);
        if (!degrees && !weights) return;
        std::string why;
        plan_.synapses = find_synapse_source(input_, o_.weights_source, &why);
        if (!plan_.synapses) {
            if (degrees) unavailable(Statistic::Degrees, why);
            if (weights) unavailable(Statistic::Weights, why);
            return;
        }
        plan_.degrees = degrees;
        plan_.weights = weights;
    }

    void plan_snapshots() {
        std::string why;
        if (o_.wanted(Statistic::Thresholds)) {
            plan_.thresholds = find_thresholds(input_, &why);
            if (!plan_.thresholds) unavailable(Statistic::Thresholds, why);
        }
        if (o_.wanted(Statistic::WeightSnapshots)) {
            plan_.weight_snapshots = find_weight_snapshots(input_, &why);
            if (!plan_.weight_snapshots) unavailable(Statistic::WeightSnapshots, why);
        }
    }

    // The snapshots in --from/--to (all without), at least two.
    void plan_turnover() {
        if (!o_.wanted(Statistic::Turnover)) return;
        std::string why;
        const auto series = snapshot_series(input_, &why);
        if (!series) return unavailable(Statistic::Turnover, why);
        std::vector<SynapseSource> in;
        for (const SynapseSource& s : *series)
            if ((!o_.from || s.step >= *o_.from) && (!o_.to || s.step <= *o_.to)) in.push_back(s);
        if (in.size() < 2)
            return unavailable(Statistic::Turnover,
                               "needs at least 2 /recordings/WEE snapshots in the window (has " +
                                   std::to_string(in.size()) + ")");
        plan_.snapshots = std::move(in);
    }

    const AnalysisOptions& o_;
    const ResultFile& input_;
    const ResultFile* other_;
    const std::vector<ResultFile>& pool_;
    Plan plan_;
};

std::vector<Scalar> header(const AnalysisOptions& o, const Plan& p) {
    namespace A = format::analysis;
    std::vector<Scalar> h;
    h.push_back({format::root::format, std::string(format::analysis_format),
                 "what produced these results"});
    h.push_back({A::input, o.input, "the analysed result file"});
    if (p.spikes) {
        h.push_back({A::population, std::string(population_name(o.population)), "units analysed"});
        h.push_back({A::dataset, p.spikes->path, "their spike table"});
        h.push_back({A::units, std::int64_t{p.spikes->units}, "number of units N"});
        h.push_back({A::from_step, std::int64_t{p.window.first}, "first step of the window"});
        h.push_back(
            {A::to_step, std::int64_t{p.window.last}, "last step of the window (inclusive)"});
        h.push_back({A::steps, std::int64_t{p.window.steps()}, "steps in the window"});
    }
    return h;
}

// The spike statistics, in the order of the Statistic enum.
// pooled: the activity of the --pool files (their avalanches join RESULT.h5's).
void add_spike_groups(Results& r, const Plan& p, const SpikeTotals& t,
                      const std::vector<ActivityRun>& pooled) {
    const StatisticParams& q = p.params;
    for (Statistic s : p.spike_stats) {
        switch (s) {
        case Statistic::Rates: r.groups.push_back(rates_group(t, q.rates)); break;
        case Statistic::Fano: r.groups.push_back(fano_group(t, q.fano)); break;
        case Statistic::Autocorr: r.groups.push_back(autocorr_group(t, q.autocorr)); break;
        case Statistic::Isi:
            r.groups.push_back(isi_group(t));
            add_isi_curve(r.groups.back());
            break;
        case Statistic::Entropy: r.groups.push_back(entropy_group(t)); break;
        case Statistic::Correlation:
            r.groups.push_back(correlation_group(t, *p.correlation, q.correlation));
            break;
        case Statistic::Smoothness: r.groups.push_back(smoothness_group(t)); break;
        case Statistic::Avalanches: {
            std::vector<ActivityRun> runs{{t.first_step, t.step_active}};
            runs.insert(runs.end(), pooled.begin(), pooled.end());
            r.groups.push_back(avalanches_group(runs, q.avalanches));
            add_avalanche_curves(r.groups.back());
            break;
        }
        case Statistic::Hamming: r.groups.push_back(hamming_group(t, q.hamming)); break;
        default: break;
        }
    }
}

} // namespace

Results analyze(MPI_Comm comm, const AnalysisOptions& o, const std::string& command_line) {
    o.validate();
    // ---- every check before anything is created
    const ResultFile input = ResultFile::open(comm, o.input, "RESULT.h5");
    std::optional<ResultFile> other;
    if (!o.compare.empty()) other.emplace(ResultFile::open(comm, o.compare, "--compare"));
    std::vector<ResultFile> pool;
    for (const std::string& path : o.pool) pool.push_back(ResultFile::open(comm, path, "--pool"));
    // Planning reads metadata and row pointers, the same on every rank, so it fails alike on
    // every rank; raise_if_any makes sure of it before the next collective call, so that no
    // rank leaves alone (its input file's H5Fclose would wait for the others). Only these two
    // are caught: any other error aborts every rank (sorn/driver.hpp).
    std::optional<Plan> planned;
    std::string error;
    try {
        planned = Planner(o, input, other ? &*other : nullptr, pool).plan();
        test_failure_point(TestFailurePoint::Plan); // SORN_TEST_FAIL_AT=plan (tests only)
    } catch (const ConfigError& e) {
        error = e.what();
    } catch (const H5Error& e) {
        // A malformed file that the checks did not name.
        error = input.path() + ": unexpected layout (" + e.what() + ")";
    }
    mpi::raise_if_any(comm, error);
    Plan plan = std::move(*planned);
    // The bootstraps' replicates are shared by the ranks (the same p-value on any number).
    plan.params.avalanches.tests.comm = comm;
    plan.params.turnover.tests.comm = comm;
    if (!o.output.empty()) {
        std::vector<std::string> inputs{o.input, o.compare};
        inputs.insert(inputs.end(), o.pool.begin(), o.pool.end());
        AnalysisFile::check_writable(comm, o.output, o.overwrite, inputs);
    }
    // Read (and checked) before the output exists: a bad synapse stops the run here.
    std::optional<SynapseBlock> synapses;
    if (plan.synapses) synapses = read_synapses(comm, input, *plan.synapses);
    // The snapshot statistics read (and check) their data here too, before the output exists.
    std::vector<Group> snapshot_groups;
    if (plan.thresholds) {
        std::optional<std::vector<double>> final_te;
        if (plan.thresholds->final_state) {
            const std::string path = format::path(format::group::state, format::state::T_e);
            final_te =
                h5::read_vector<double>(input.get(), path, 0, h5::shape(input.get(), path)[0]);
        }
        snapshot_groups.push_back(
            thresholds_group(read_threshold_snapshots(input, *plan.thresholds), final_te,
                             plan.thresholds->final_step, plan.params.snapshots.histogram_bins));
    }
    if (plan.weight_snapshots)
        snapshot_groups.push_back(weight_snapshots_group(input, *plan.weight_snapshots,
                                                         plan.params.snapshots.histogram_bins));
    // Turnover: every rank reads every snapshot (one at a time), so that each computes the
    // same group; a bad entry stops the run here, before the output exists.
    std::optional<Group> turnover;
    if (!plan.snapshots.empty()) {
        TurnoverAccumulator acc(plan.snapshots.front().units, plan.params.turnover);
        for (const SynapseSource& s : plan.snapshots) {
            const SynapseBlock b = read_synapses(MPI_COMM_SELF, input, s);
            acc.add(s.step, b.row, b.col, b.weight);
        }
        turnover = acc.finish();
    }

    std::optional<AnalysisFile> out;
    if (!o.output.empty()) out.emplace(comm, o.output, command_line);
    Results results;
    results.header = header(o, plan);

    // ---- spike statistics: one pass over the window
    if (plan.spikes) {
        SpikePassPlan pass;
        pass.dataset = *plan.spikes;
        pass.window = plan.window;
        pass.fano_window = plan.params.fano.window;
        pass.chunk_steps = o.chunk_steps;
        if (plan.correlation) pass.pairs = plan.correlation->pairs;
        pass.compare = plan.compare;
        pass.compare_file = other ? other->get() : -1;
        if (out && o.spike_times) pass.events = out->spike_times(plan.spikes->units);
        const SpikeTotals totals = run_spike_pass(comm, input.get(), pass);
        // The --pool files: one pass each for their network activity.
        std::vector<ActivityRun> pooled;
        for (std::size_t k = 0; k < plan.pool.size(); ++k) {
            SpikePassPlan other_pass;
            other_pass.dataset = plan.pool[k].first;
            other_pass.window = plan.pool[k].second;
            other_pass.fano_window = 1;
            other_pass.chunk_steps = o.chunk_steps;
            SpikeTotals t = run_spike_pass(comm, pool[k].get(), other_pass);
            pooled.push_back({t.first_step, std::move(t.step_active)});
        }
        add_spike_groups(results, plan, totals, pooled);
    }

    // ---- connectivity
    if (plan.counts)
        results.groups.push_back(
            connections_group(read_connection_counts(input, *plan.counts, plan.counts_window)));
    if (synapses) {
        const std::string& source = plan.synapses->description;
        if (plan.degrees)
            results.groups.push_back(
                degrees_group(count_degrees(comm, *synapses, plan.synapses->units), source));
        if (plan.weights) {
            const std::vector<double> w = gather_weights(comm, *synapses);
            results.groups.push_back(weights_group(w, source, plan.params.weights));
            add_weight_curves(results.groups.back(), w, plan.params.weights.histogram_bins);
        }
        synapses.reset();
    }
    for (Group& g : snapshot_groups) results.groups.push_back(std::move(g));
    if (turnover) results.groups.push_back(std::move(*turnover));
    results.skipped = plan.skipped;

    if (out) {
        out->write(results);
        out->commit();
    }
    return results;
}

} // namespace sorn::analysis
