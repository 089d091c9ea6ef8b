#include "sorn/model/input.hpp"

#include <numeric>

#include "sorn/error.hpp"
#include "sorn/rng.hpp"

namespace sorn::model {

namespace {
// Global E unit -> input unit feeding it (-1: none).
std::vector<Index> input_of_unit(const InputParams& p, Index N_u, Index N_e, std::uint64_t seed) {
    std::vector<Index> source(N_e, -1);
    if (p.mapping == InputMapping::Feature) {
        for (Index k = 0; k < N_u; ++k) source[k] = k;
        return source;
    }
    std::vector<Index> perm(N_e);
    std::iota(perm.begin(), perm.end(), 0);
    for (Index i = N_e - 1; i > 0; --i) // Fisher-Yates, keyed by position
        std::swap(perm[i], perm[rng::below(i + 1, seed, rng::Stream::InputPool, i, 0)]);
    for (Index k = 0; k < N_u; ++k)
        for (Index m = 0; m < p.pool_size; ++m) source[perm[k * p.pool_size + m]] = k;
    return source;
}
} // namespace

Input::Input(const InputParams& p, Index N_u, const Partition& e, std::uint64_t seed,
             std::vector<double> columns)
    : p_(p), N_u_(N_u), seed_(seed), columns_(std::move(columns)) {
    // Also with no source: a caller may give u(t) (add_given_drive).
    const Range local_e = e.local();
    const std::vector<Index> source = input_of_unit(p_, N_u, e.global_size(), seed);
    for (Index i = local_e.begin; i < local_e.end; ++i)
        if (source[i] >= 0) targets_.emplace_back(i - local_e.begin, source[i]);
}

void Input::add_drive(Index step, Index first_step, std::vector<Real>& drive) const {
    switch (p_.source) {
    case InputSource::None: return;
    case InputSource::Random: {
        const auto symbol =
            static_cast<Index>(rng::below(N_u_, seed_, rng::Stream::InputSymbol, 0, step));
        for (const auto& [r, k] : targets_)
            if (k == symbol) drive[r] += p_.gain;
        return;
    }
    case InputSource::Uniform:
        // u_k(t) ~ U[0, 1) per input unit and step, like numpy.random.rand: keyed by (k, t),
        // so every E unit of input k's pool gets the same value, on whichever rank.
        for (const auto& [r, k] : targets_)
            drive[r] += p_.gain * rng::uniform(seed_, rng::Stream::InputUniform,
                                               static_cast<std::uint64_t>(k), step);
        return;
    case InputSource::File: {
        const auto t = static_cast<std::size_t>(step - first_step);
        // The same verdict on every rank: every rank holds all columns.
        require((t + 1) * static_cast<std::size_t>(N_u_) <= columns_.size(), "--input", p_.file,
                "has no column left for this step: it was read for fewer steps than are run");
        const double* u = columns_.data() + t * N_u_;
        for (const auto& [r, k] : targets_) drive[r] += p_.gain * u[k];
        return;
    }
    }
}

void Input::add_given_drive(const double* u, std::vector<Real>& drive) const {
    for (const auto& [r, k] : targets_) drive[r] += p_.gain * u[k];
}

} // namespace sorn::model
