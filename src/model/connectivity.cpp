#include "sorn/model/connectivity.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "sorn/error.hpp"

namespace sorn::model {

namespace {

// Candidate k in [0, N_pre - 1) skips the row's own index when self-synapses are excluded.
Index candidate_to_column(const ConnectivitySpec& s, Index row, Index k) {
    return (s.no_self && k >= row) ? k + 1 : k;
}

Index candidates(const ConnectivitySpec& s) { return s.N_pre - (s.no_self ? 1 : 0); }

// Bernoulli(p) per candidate by geometric skipping: cost grows with the degree, not N.
std::vector<Index> bernoulli_partners(const ConnectivitySpec& s, Index row, std::uint64_t attempt) {
    const double p = std::min(1.0, s.lambda / static_cast<double>(s.N_post));
    const Index M = candidates(s);
    std::vector<Index> cols;
    if (p >= 1.0) {
        for (Index k = 0; k < M; ++k) cols.push_back(candidate_to_column(s, row, k));
        return cols;
    }
    const double log_q = std::log1p(-p);
    double k = -1.0;
    for (std::uint64_t draw = 0;; ++draw) {
        const double u = rng::uniform_open_closed(s.seed, s.connection_stream, row, attempt, draw);
        k += 1.0 + std::floor(std::log(u) / log_q);
        if (k >= static_cast<double>(M)) break;
        cols.push_back(candidate_to_column(s, row, static_cast<Index>(k)));
    }
    return cols;
}

// The package's mode: in-degree floor(Normal(lambda, 1)), partners uniform (Floyd's sampling).
std::vector<Index> package_partners(const ConnectivitySpec& s, Index row, std::uint64_t attempt) {
    const Index M = candidates(s);
    const double d_real =
        std::floor(s.lambda + rng::normal(s.seed, s.connection_stream, row, attempt, 0));
    const Index d = static_cast<Index>(std::clamp(d_real, 1.0, static_cast<double>(M)));
    std::set<Index> chosen;
    for (Index j = M - d; j < M; ++j) {
        const auto t = static_cast<Index>(rng::below(static_cast<std::uint64_t>(j) + 1, s.seed,
                                                     s.connection_stream, row, attempt, 1 + j));
        chosen.insert(chosen.count(t) ? j : t);
    }
    std::vector<Index> cols;
    for (Index k : chosen) cols.push_back(candidate_to_column(s, row, k));
    return cols;
}

} // namespace

std::vector<Index> initial_partners(const ConnectivitySpec& s, Index row) {
    if (s.type == ConnectionType::Dense) {
        std::vector<Index> cols;
        for (Index k = 0; k < candidates(s); ++k) cols.push_back(candidate_to_column(s, row, k));
        return cols;
    }
    // A row without any incoming synapse is redrawn with the next attempt number. Validation
    // keeps P(empty) <= 0.999 (model/params.cpp), so 10^5 attempts fail with odds e^-100.
    constexpr std::uint64_t max_attempts = 100000;
    for (std::uint64_t attempt = 0; attempt < max_attempts; ++attempt) {
        std::vector<Index> cols = s.degree == EeDegree::Package
                                      ? package_partners(s, row, attempt)
                                      : bernoulli_partners(s, row, attempt);
        if (!cols.empty()) return cols;
    }
    throw InternalError("initial connectivity: row " + std::to_string(row) + " still empty after " +
                        std::to_string(max_attempts) + " draws (lambda " +
                        std::to_string(s.lambda) + ")");
}

std::vector<std::vector<Synapse>> initial_rows(const ConnectivitySpec& s, Range rows) {
    std::vector<std::vector<Synapse>> out(rows.size());
    for (Index r = 0; r < rows.size(); ++r) {
        const Index row = rows.begin + r;
        Real sum = 0.0;
        for (Index c : initial_partners(s, row)) {
            const Real w = s.w_init_max * rng::uniform_open_closed(s.seed, s.weight_stream, row, c);
            out[r].push_back({c, w});
            sum += w;
        }
        for (Synapse& syn : out[r]) syn.w /= sum;
    }
    return out;
}

} // namespace sorn::model
