#pragma once
// Synapse turnover between the /recordings/WEE snapshots (Zheng, Dimitrakakis & Triesch 2013,
// PLoS Comput Biol 9:e1002848): the lifetime of every synapse from its creation to its pruning,
// the weight change of every synapse present in two consecutive snapshots as a function of its
// weight, and the connection fraction at every snapshot. Fed one snapshot at a time (memory:
// two snapshots), in step order; everything is exact integer bookkeeping or sums in a fixed
// order over data that is the same on every rank. Definitions: docs/ANALYSIS.md. Local.
#include <cstdint>
#include <vector>

#include "sorn/analysis/params.hpp" // TurnoverParams
#include "sorn/analysis/results.hpp"
#include "sorn/types.hpp"

namespace sorn::analysis {

class TurnoverAccumulator {
public:
    /// units: N_e (the connection fraction is synapses / (N_e (N_e - 1))). Local.
    TurnoverAccumulator(Index units, const TurnoverParams& p = {});

    /// The next snapshot (step larger than the previous one's): its synapses (row = post,
    /// col = pre) and weights, in any order; (row, col) pairs distinct. Local.
    void add(std::int64_t step, const std::vector<Index>& row, const std::vector<Index>& col,
             const std::vector<double>& weight);

    /// The "turnover" group of the snapshots added. Local.
    Group finish() const;

private:
    struct Synapse {
        std::int64_t key; ///< row * N + col
        double weight;
        std::int64_t birth; ///< snapshot where it appeared; -1: present in the first one
    };
    Index units_;
    TurnoverParams p_;
    std::vector<double> edges_; ///< weight bin edges (K + 1), log-spaced on [floor, 1]
    std::vector<Synapse> alive_;
    std::vector<std::int64_t> steps_, synapses_;
    std::vector<std::int64_t> lifetime_, lifetime_steps_;
    std::int64_t created_ = 0, pruned_ = 0, pruned_censored_ = 0;
    std::vector<std::int64_t> change_count_;
    std::vector<double> change_sum_, change_sum2_;
};

} // namespace sorn::analysis
