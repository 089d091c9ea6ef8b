#pragma once
// What each unit did at t and t+1, in one byte: STDP reads one table per synapse, not two.
#include <cstdint>
#include <vector>

#include "sorn/model/activity.hpp"
#include "sorn/types.hpp"

namespace sorn::plasticity {

/// The bit of the code x_j(t) + 2 x_j(t+1) that is x_j(t+1): a row sum over the entries with
/// it is the next step's drive (the row passes).
inline constexpr std::uint8_t fired_next = 2;

/// code(j) = x_j(t) + 2 x_j(t+1) for every global unit j. Updating it costs O(active), never
/// O(N): the units set last time are cleared by their list, not by a sweep.
class SpikeCodes {
public:
    /// Makes the codes those of x(t) = x_old and x(t+1) = x_new (both of the same size). Local.
    void assign(const model::Activity& x_old, const model::Activity& x_new) {
        if (code_.size() != static_cast<std::size_t>(x_old.size())) {
            code_.assign(x_old.size(), 0);
            set_.clear();
        }
        for (Index j : set_) code_[j] = 0;
        set_.clear();
        for (Index j : x_old.active()) {
            code_[j] |= 1;
            set_.push_back(j);
        }
        for (Index j : x_new.active()) {
            code_[j] |= 2;
            set_.push_back(j);
        }
    }
    /// code(j) is data()[j]. Local.
    const std::uint8_t* data() const { return code_.data(); }
    /// The units whose code may be != 0 (each at most twice). Local.
    const std::vector<Index>& nonzero() const { return set_; }

private:
    std::vector<std::uint8_t> code_;
    std::vector<Index> set_; // the units with a code != 0
};

} // namespace sorn::plasticity
