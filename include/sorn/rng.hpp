#pragma once
// Counter-based random numbers (Random123 Philox4x64-10).
//
// Every draw is a pure function of (seed, stream, index, step, k): the same
// draw comes out whichever rank makes it, so results do not depend on how
// neurons are split across ranks. `index` is a global neuron (or row) index,
// `step` the time step, `k` distinguishes several draws of one (index, step).
#include <Random123/philox.h>

#include <cmath>
#include <cstdint>

namespace sorn::rng {

/// What a draw is for. Each purpose has its own independent stream.
enum class Stream : std::uint64_t {
    ConnectivityEE = 1,
    ConnectivityEI,
    ConnectivityIE,
    WeightEE,
    WeightEI,
    WeightIE,
    ThresholdE,
    ThresholdI,
    TargetRate,
    InitialActivityE,
    InitialActivityI,
    NoiseE,
    NoiseI,
    InputSymbol,
    InputPool,
    StructuralCount,
    StructuralRow,
    StructuralColumn,
    // Added later: appended so that the streams above keep their numbers.
    InputUniform,
    ConnectivityEIOut,
    StructuralPair,
    NoiseFire,
    InputWord,
};

/// Four independent 64-bit words for (seed, stream, index, step, k). Local, pure.
inline r123::Philox4x64::ctr_type bits(std::uint64_t seed, Stream stream, std::uint64_t index,
                                       std::uint64_t step, std::uint64_t k = 0) {
    const r123::Philox4x64::key_type key = {{seed, static_cast<std::uint64_t>(stream)}};
    const r123::Philox4x64::ctr_type ctr = {{index, step, k, 0}};
    return r123::Philox4x64()(ctr, key);
}

/// 53-bit uniform in [0, 1).
inline double to_unit(std::uint64_t word) { return static_cast<double>(word >> 11) * 0x1.0p-53; }

/// Uniform in [0, 1). Local, pure.
inline double uniform(std::uint64_t seed, Stream stream, std::uint64_t index, std::uint64_t step,
                      std::uint64_t k = 0) {
    return to_unit(bits(seed, stream, index, step, k)[0]);
}

/// Uniform in (0, 1]. Local, pure.
inline double uniform_open_closed(std::uint64_t seed, Stream stream, std::uint64_t index,
                                  std::uint64_t step, std::uint64_t k = 0) {
    return 1.0 - uniform(seed, stream, index, step, k);
}

/// Uniform integer in [0, n), n > 0. Local, pure.
inline std::uint64_t below(std::uint64_t n, std::uint64_t seed, Stream stream, std::uint64_t index,
                           std::uint64_t step, std::uint64_t k = 0) {
    const auto u =
        static_cast<std::uint64_t>(uniform(seed, stream, index, step, k) * static_cast<double>(n));
    return u < n ? u : n - 1;
}

/// Standard normal by Box-Muller. Local, pure.
inline double normal(std::uint64_t seed, Stream stream, std::uint64_t index, std::uint64_t step,
                     std::uint64_t k = 0) {
    const auto w = bits(seed, stream, index, step, k);
    const double u1 = 1.0 - to_unit(w[0]); // (0, 1]: log is finite
    const double u2 = to_unit(w[1]);
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

} // namespace sorn::rng
