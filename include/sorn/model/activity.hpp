#pragma once
// Which units of a population are active at one step, known on every rank.
#include <cstdint>
#include <vector>

#include "sorn/types.hpp"

namespace sorn::model {

/// Global activity of N binary units: a flag per unit plus the sorted list of active ones.
/// Replacing it costs O(active), never O(N).
class Activity {
public:
    explicit Activity(Index N = 0) : flag_(N, 0) {}

    bool operator[](Index i) const { return flag_[i] != 0; }
    const std::vector<Index>& active() const { return active_; }
    /// flags()[i] is 1 if unit i is active, else 0. Local.
    const std::uint8_t* flags() const { return flag_.data(); }
    Index size() const { return static_cast<Index>(flag_.size()); }
    Index count() const { return static_cast<Index>(active_.size()); }

    /// Makes exactly the units in `sorted_active` active. Local.
    void assign(const Index* sorted_active, std::size_t n) {
        for (Index i : active_) flag_[i] = 0;
        active_.assign(sorted_active, sorted_active + n);
        for (Index i : active_) flag_[i] = 1;
    }

    friend void swap(Activity& a, Activity& b) noexcept {
        a.flag_.swap(b.flag_);
        a.active_.swap(b.active_);
    }

private:
    std::vector<std::uint8_t> flag_;
    std::vector<Index> active_;
};

} // namespace sorn::model
