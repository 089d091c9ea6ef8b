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

// floor(Normal(lambda, 1)) of the M candidates, uniform without replacement (Floyd's sampling),
// ascending; every draw keyed by (key, attempt). The degree is clamped to [d_min, M].
std::set<Index> package_choice(const ConnectivitySpec& s, Index key, std::uint64_t attempt, Index M,
                               double d_min) {
    const double d_real =
        std::floor(s.lambda + rng::normal(s.seed, s.connection_stream, key, attempt, 0));
    const Index d = static_cast<Index>(std::clamp(d_real, d_min, static_cast<double>(M)));
    std::set<Index> chosen;
    for (Index j = M - d; j < M; ++j) {
        const auto t = static_cast<Index>(rng::below(static_cast<std::uint64_t>(j) + 1, s.seed,
                                                     s.connection_stream, key, attempt, 1 + j));
        chosen.insert(chosen.count(t) ? j : t);
    }
    return chosen;
}

// The package's W_ee mode: in-degree floor(Normal(lambda, 1)), at least 1, partners uniform.
std::vector<Index> package_partners(const ConnectivitySpec& s, Index row, std::uint64_t attempt) {
    std::vector<Index> cols;
    for (Index k : package_choice(s, row, attempt, candidates(s), 1.0))
        cols.push_back(candidate_to_column(s, row, k));
    return cols;
}

// Rows of one column that a self-synapse exclusion leaves: the targets skip the column's index.
Index target_candidates(const ConnectivitySpec& s) { return s.N_post - (s.no_self ? 1 : 0); }

} // namespace

std::vector<Index> initial_targets(const ConnectivitySpec& s, Index col) {
    // The package's generate_lambd_connections('EI'): int(Normal(lambda, 1)) targets, which
    // random.sample draws without replacement; 0 targets is possible (the package fails below
    // 0 or above N_post, where we clamp). Drawn once, never redrawn.
    std::vector<Index> rows;
    for (Index k : package_choice(s, col, 0, target_candidates(s), 0.0))
        rows.push_back((s.no_self && k >= col) ? k + 1 : k);
    return rows;
}

std::vector<Index> initial_partners(const ConnectivitySpec& s, Index row) {
    if (s.type == ConnectionType::Sparse && s.degree == DegreeMode::PackageOut) {
        std::vector<Index> cols;
        for (Index c = 0; c < s.N_pre; ++c) {
            const std::vector<Index> t = initial_targets(s, c);
            if (std::binary_search(t.begin(), t.end(), row)) cols.push_back(c);
        }
        return cols;
    }
    if (s.type == ConnectionType::Dense) {
        std::vector<Index> cols;
        for (Index k = 0; k < candidates(s); ++k) cols.push_back(candidate_to_column(s, row, k));
        return cols;
    }
    // A row without any incoming synapse is redrawn with the next attempt number. Validation
    // keeps P(empty) <= 0.999 (model/params.cpp), so 10^5 attempts fail with odds e^-100.
    constexpr std::uint64_t max_attempts = 100000;
    for (std::uint64_t attempt = 0; attempt < max_attempts; ++attempt) {
        std::vector<Index> cols = s.degree == DegreeMode::PackageIn
                                      ? package_partners(s, row, attempt)
                                      : bernoulli_partners(s, row, attempt);
        if (!cols.empty()) return cols;
    }
    throw InternalError("initial connectivity: row " + std::to_string(row) + " still empty after " +
                        std::to_string(max_attempts) + " draws (lambda " +
                        std::to_string(s.lambda) + ")");
}

namespace {

// Every column's targets that fall into `rows`, as partner lists of those rows: ascending,
// since the columns are visited in order. Cost O(N_pre * lambda) on every rank.
std::vector<std::vector<Index>> partners_from_columns(const ConnectivitySpec& s, Range rows) {
    std::vector<std::vector<Index>> partners(rows.size());
    for (Index c = 0; c < s.N_pre; ++c)
        for (Index row : initial_targets(s, c))
            if (rows.contains(row)) partners[row - rows.begin].push_back(c);
    return partners;
}

} // namespace

InitialRows::InitialRows(const ConnectivitySpec& spec, Range rows, std::size_t chunk_columns)
    : spec_(spec), rows_(rows),
      by_column_mode_(spec.type == ConnectionType::Sparse && spec.degree == DegreeMode::PackageOut),
      by_column_(by_column_mode_ ? partners_from_columns(spec, rows)
                                 : std::vector<std::vector<Index>>{}),
      chunk_columns_(chunk_columns) {}

const std::vector<Index>& InitialRows::partners(Index r) {
    if (by_column_mode_) return by_column_[r];
    drawn_ = initial_partners(spec_, rows_.begin + r);
    return drawn_;
}

void InitialRows::keep(Index r, const std::vector<Index>& cols) {
    if (kept_.empty() || kept_.back().size() + cols.size() > kept_.back().capacity()) {
        kept_.emplace_back();
        kept_.back().reserve(std::max(chunk_columns_, cols.size()));
    }
    kept_.back().insert(kept_.back().end(), cols.begin(), cols.end());
    kept_length_[r] = static_cast<Index>(cols.size());
}

void InitialRows::count(Range own, std::vector<PetscInt>& d_nnz, std::vector<PetscInt>& o_nnz) {
    d_nnz.assign(rows_.size(), 0);
    o_nnz.assign(rows_.size(), 0);
    kept_.clear();
    kept_offset_ = 0;
    if (!by_column_mode_) kept_length_.assign(rows_.size(), 0);
    for (Index r = 0; r < rows_.size(); ++r) {
        const std::vector<Index>& cols = partners(r);
        const auto in_own = std::upper_bound(cols.begin(), cols.end(), own.end - 1) -
                            std::lower_bound(cols.begin(), cols.end(), own.begin);
        d_nnz[r] = static_cast<PetscInt>(in_own);
        o_nnz[r] = static_cast<PetscInt>(cols.size()) - d_nnz[r];
        if (!by_column_mode_) keep(r, cols);
    }
}

void InitialRows::row(Index r, std::vector<Synapse>& out) {
    const Index row = rows_.begin + r;
    const Index* cols = nullptr;
    std::size_t n = 0;
    if (by_column_mode_ || kept_length_.empty()) {
        const std::vector<Index>& drawn = partners(r);
        cols = drawn.data();
        n = drawn.size();
    } else {
        n = static_cast<std::size_t>(kept_length_[r]);
        if (kept_offset_ + n > kept_.front().size()) { // this row starts the next chunk
            kept_.pop_front();
            kept_offset_ = 0;
        }
        cols = kept_.front().data() + kept_offset_;
        kept_offset_ += n;
    }
    out.clear();
    out.reserve(n);
    Real sum = 0.0;
    for (std::size_t k = 0; k < n; ++k) {
        const Real w = spec_.w_init_max *
                       rng::uniform_open_closed(spec_.seed, spec_.weight_stream, row, cols[k]);
        out.push_back({cols[k], w});
        sum += w;
    }
    for (Synapse& syn : out) syn.w /= sum; // an empty row (PackageOut) has nothing to divide
    if (by_column_mode_) std::vector<Index>().swap(by_column_[r]); // needed no more
    if (!kept_length_.empty() && r + 1 == rows_.size()) { // the last row: free what was kept
        kept_.clear();
        std::vector<Index>().swap(kept_length_);
    }
}

std::vector<std::vector<Synapse>> initial_rows(const ConnectivitySpec& s, Range rows) {
    InitialRows source(s, rows);
    std::vector<std::vector<Synapse>> out(rows.size());
    for (Index r = 0; r < rows.size(); ++r) source.row(r, out[r]);
    return out;
}

} // namespace sorn::model
