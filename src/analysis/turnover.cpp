#include "sorn/analysis/turnover.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sorn/analysis/avalanche_statistics.hpp" // tail_fit_group
#include "sorn/error.hpp"
#include "sorn/format/names.hpp"

namespace sorn::analysis {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

} // namespace

TurnoverAccumulator::TurnoverAccumulator(Index units, const TurnoverParams& p)
    : units_(units), p_(p) {
    const int k = p.histogram_bins;
    const double lo = std::log(p.weight_floor);
    for (int i = 0; i <= k; ++i) edges_.push_back(std::exp(lo - lo * i / k));
    edges_.back() = 1.0;
    // Bin 0 holds the weights below the floor, bins 1..K those in [edge i-1, edge i).
    change_count_.assign(static_cast<std::size_t>(k) + 1, 0);
    change_sum_.assign(static_cast<std::size_t>(k) + 1, 0.0);
    change_sum2_.assign(static_cast<std::size_t>(k) + 1, 0.0);
}

void TurnoverAccumulator::add(std::int64_t step, const std::vector<Index>& row,
                              const std::vector<Index>& col, const std::vector<double>& weight) {
    SORN_ASSERT(row.size() == col.size() && col.size() == weight.size());
    SORN_ASSERT(steps_.empty() || step > steps_.back());
    std::vector<Synapse> now(row.size());
    for (std::size_t e = 0; e < row.size(); ++e)
        now[e] = {std::int64_t{row[e]} * units_ + col[e], weight[e], 0};
    std::sort(now.begin(), now.end(),
              [](const Synapse& a, const Synapse& b) { return a.key < b.key; });
    const auto k = static_cast<std::int64_t>(steps_.size()); // this snapshot's index
    if (k == 0) {
        for (Synapse& s : now) s.birth = -1;
    } else {
        std::size_t i = 0, j = 0;
        while (i < alive_.size() || j < now.size()) {
            if (j == now.size() || (i < alive_.size() && alive_[i].key < now[j].key)) {
                // Pruned between the previous snapshot and this one.
                ++pruned_;
                if (alive_[i].birth >= 0) {
                    lifetime_.push_back(k - alive_[i].birth);
                    lifetime_steps_.push_back(step - steps_[alive_[i].birth]);
                } else {
                    ++pruned_censored_;
                }
                ++i;
            } else if (i == alive_.size() || now[j].key < alive_[i].key) {
                ++created_;
                now[j].birth = k;
                ++j;
            } else { // present in both: its weight change, binned by its earlier weight
                now[j].birth = alive_[i].birth;
                const double w = alive_[i].weight, d = now[j].weight - w;
                const auto bin = static_cast<std::size_t>(
                    w < edges_.front()
                        ? 0
                        : std::min<std::ptrdiff_t>(
                              std::upper_bound(edges_.begin(), edges_.end(), w) - edges_.begin(),
                              p_.histogram_bins));
                ++change_count_[bin];
                change_sum_[bin] += d;
                change_sum2_[bin] += d * d;
                ++i;
                ++j;
            }
        }
    }
    alive_ = std::move(now);
    steps_.push_back(step);
    synapses_.push_back(static_cast<std::int64_t>(alive_.size()));
}

Group TurnoverAccumulator::finish() const {
    const double pairs = static_cast<double>(units_) * static_cast<double>(units_ - 1);
    std::vector<double> fraction;
    for (std::int64_t s : synapses_) fraction.push_back(pairs > 0 ? s / pairs : nan);
    std::int64_t alive_born = 0;
    for (const Synapse& s : alive_) alive_born += s.birth >= 0;
    std::int64_t changes = 0;
    double sum = 0.0, sum2 = 0.0;
    std::vector<double> mean(change_count_.size()), std(change_count_.size());
    for (std::size_t b = 0; b < change_count_.size(); ++b) {
        changes += change_count_[b];
        sum += change_sum_[b];
        sum2 += change_sum2_[b];
        const auto c = static_cast<double>(change_count_[b]);
        mean[b] = c > 0 ? change_sum_[b] / c : nan;
        std[b] = c > 0 ? std::sqrt(std::max(0.0, change_sum2_[b] / c - mean[b] * mean[b])) : nan;
    }
    const auto c = static_cast<double>(changes);
    Group g{format::analysis::turnover, "synapse turnover between the WEE snapshots", {}, {}, {}};
    g.scalar("snapshots", static_cast<std::int64_t>(steps_.size()), "snapshots used");
    g.scalar("first_snapshot_step", steps_.empty() ? std::int64_t{-1} : steps_.front(),
             "step of the first snapshot used");
    g.scalar("last_snapshot_step", steps_.empty() ? std::int64_t{-1} : steps_.back(),
             "step of the last snapshot used");
    g.scalar("created", created_, "synapses that appeared after the first snapshot");
    g.scalar("pruned", pruned_, "synapses that disappeared before the last snapshot");
    g.scalar("lifetimes", static_cast<std::int64_t>(lifetime_.size()),
             "complete lifetimes: created and pruned between the snapshots");
    g.scalar("pruned_censored", pruned_censored_,
             "pruned synapses present in the first snapshot (creation unknown)");
    g.scalar("alive_at_end", alive_born, "synapses created and still present at the end");
    g.scalar("alive_throughout", static_cast<std::int64_t>(alive_.size()) - alive_born,
             "synapses present in every snapshot");
    g.scalar("fraction_first", fraction.empty() ? nan : fraction.front(),
             "connection fraction at the first snapshot");
    g.scalar("fraction_last", fraction.empty() ? nan : fraction.back(),
             "connection fraction at the last snapshot");
    g.scalar("weight_changes", changes, "weight changes (synapse in two consecutive snapshots)");
    g.scalar("weight_change_mean", c > 0 ? sum / c : nan, "mean weight change");
    g.scalar("weight_change_std",
             c > 0 ? std::sqrt(std::max(0.0, sum2 / c - sum * sum / (c * c))) : nan,
             "standard deviation of the weight changes");
    g.scalar("weight_floor", p_.weight_floor, "parameter: lowest weight bin edge");
    g.array("snapshot_step", steps_, "step of each snapshot");
    g.array("synapses", synapses_, "E->E synapses at each snapshot");
    g.array("fraction", fraction, "connection fraction synapses / (N_e (N_e - 1))");
    if (!lifetime_.empty()) { // (no empty datasets: h5diff cannot compare them)
        g.array("lifetime", lifetime_, "complete lifetimes [snapshot intervals]");
        g.array("lifetime_steps", lifetime_steps_,
                "complete lifetimes [steps]: step seen pruned - step seen created");
    }
    g.array("weight_bin_edges", edges_, "log-spaced weight bins (bin 0 of the changes: below)");
    g.array("change_count", change_count_, "weight changes per bin of the earlier weight");
    g.array("change_mean", mean, "mean weight change per bin (NaN: empty)");
    g.array("change_std", std, "standard deviation of the weight change per bin");
    g.groups.push_back(tail_fit_group(format::analysis::lifetime_fit, lifetime_, p_.lifetime_fit,
                                      p_.tests, "the synapse lifetimes"));
    return g;
}

} // namespace sorn::analysis
