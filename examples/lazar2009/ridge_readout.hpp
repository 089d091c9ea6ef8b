#pragma once
// The linear readout of the counting task (Lazar et al. 2009): ridge regression from the binary
// E state x(t) plus a bias onto one-hot targets, the class being the argmax of the outputs.
//
//   features  phi(t) = (x_0(t), ..., x_{N-1}(t), 1),  targets Y(t) = e_{class(t)} (K classes)
//   G = sum_t phi phi^T,  B = sum_t phi Y^T            (integers: the features are 0 or 1)
//   (G + lambda D) W = B,  D = diag(1, ..., 1, 0)      (the bias is not penalized)
//   class(x) = argmax_k sum_j W[j][k] phi_j            (ties: the lowest k)
//
// Distributed without depending on the rank count: each rank accumulates the rows of G and B of
// the units it owns (the last rank also the bias row), exact int64 counts; the rows are gathered
// on every rank and every rank solves the same system with the same Cholesky factorization in
// the same order, so W is bit-identical on any number of ranks. G holds (N+1)^2 counts on every
// rank after the gather: meant for N up to a few thousand units.
#include <mpi.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "sorn/error.hpp"
#include "sorn/model/layout.hpp"
#include "sorn/types.hpp"

namespace sorn::lazar2009 {

/// The solved readout: (N+1) x K weights, row N the bias.
struct ReadoutWeights {
    Index N = 0, K = 0;
    std::vector<double> w; ///< row-major (N+1) x K

    /// The class of a state given by its sorted active units: argmax_k of the bias plus the
    /// weights of the active units, summed in ascending unit order (ties: the lowest k). Local.
    Index predict(const std::vector<Index>& active) const {
        std::vector<double> score(w.begin() + N * K, w.begin() + (N + 1) * K);
        for (Index j : active)
            for (Index k = 0; k < K; ++k) score[k] += w[j * K + k];
        Index best = 0;
        for (Index k = 1; k < K; ++k)
            if (score[k] > score[best]) best = k;
        return best;
    }
};

class RidgeReadout {
public:
    /// N units, K classes; this rank accumulates the rows of `owned` (and the bias row if
    /// `owns_bias`). Over the ranks the owned ranges must tile [0, N) in rank order and exactly
    /// one rank, the last, must own the bias. Local.
    RidgeReadout(Index N, Index K, model::Range owned, bool owns_bias)
        : N_(N), K_(K), owned_(owned), owns_bias_(owns_bias),
          G_(static_cast<std::size_t>(rows() * (N + 1)), 0),
          B_(static_cast<std::size_t>(rows() * K), 0) {}

    /// Adds one sample: its sorted active units (global indices, all of them) and its class
    /// in [0, K). Local.
    void add(const std::vector<Index>& active, Index target) {
        SORN_ASSERT(target >= 0 && target < K_);
        for (Index i : active) {
            if (!owned_.contains(i)) continue;
            const Index r = i - owned_.begin;
            std::int64_t* g = &G_[static_cast<std::size_t>(r * (N_ + 1))];
            for (Index j : active) ++g[j];
            ++g[N_];
            ++B_[static_cast<std::size_t>(r * K_ + target)];
        }
        if (owns_bias_) {
            const Index r = owned_.size();
            std::int64_t* g = &G_[static_cast<std::size_t>(r * (N_ + 1))];
            for (Index j : active) ++g[j];
            ++g[N_];
            ++B_[static_cast<std::size_t>(r * K_ + target)];
        }
        ++samples_;
    }

    /// The samples added on this rank (every rank adds every sample). Local.
    std::int64_t samples() const { return samples_; }

    /// Gathers G and B (row i of unit i, row N the bias) on every rank. Collective.
    void gather(MPI_Comm comm, std::vector<std::int64_t>& G, std::vector<std::int64_t>& B) const {
        gather_rows(comm, G_, G);
        gather_rows(comm, B_, B);
        if (static_cast<Index>(G.size()) != (N_ + 1) * (N_ + 1))
            throw InternalError("RidgeReadout: the owned ranges do not tile the units");
    }

    /// Solves (G + lambda D) W = B by Cholesky on every rank (the same W everywhere). Throws
    /// ConfigError if the matrix is not positive definite (lambda = 0 and a unit never active,
    /// or fewer distinct states than units), the same on every rank. Collective.
    ReadoutWeights solve(MPI_Comm comm, double lambda) const {
        std::vector<std::int64_t> G, B;
        gather(comm, G, B);
        return solve_normal_equations(N_, K_, G, B, lambda);
    }

    /// The solve itself, from the full integer G ((N+1)^2) and B ((N+1) x K). Local.
    static ReadoutWeights solve_normal_equations(Index N, Index K,
                                                 const std::vector<std::int64_t>& G,
                                                 const std::vector<std::int64_t>& B,
                                                 double lambda) {
        const Index M = N + 1;
        // A = L L^T, L stored in the lower triangle of A, column by column (fixed order).
        std::vector<double> A(static_cast<std::size_t>(M * M));
        for (Index i = 0; i < M; ++i)
            for (Index j = 0; j < M; ++j)
                A[i * M + j] = static_cast<double>(G[i * M + j]) + (i == j && i < N ? lambda : 0.0);
        for (Index j = 0; j < M; ++j) {
            double d = A[j * M + j];
            for (Index k = 0; k < j; ++k) d -= A[j * M + k] * A[j * M + k];
            if (!(d > 0.0))
                throw ConfigError("--ridge = " + std::to_string(lambda) +
                                  ": the readout's normal equations are singular (a unit never "
                                  "active?); use a ridge > 0");
            const double l = std::sqrt(d);
            A[j * M + j] = l;
            for (Index i = j + 1; i < M; ++i) {
                double s = A[i * M + j];
                for (Index k = 0; k < j; ++k) s -= A[i * M + k] * A[j * M + k];
                A[i * M + j] = s / l;
            }
        }
        ReadoutWeights out;
        out.N = N;
        out.K = K;
        out.w.assign(static_cast<std::size_t>(M * K), 0.0);
        std::vector<double> z(static_cast<std::size_t>(M));
        for (Index k = 0; k < K; ++k) {
            for (Index i = 0; i < M; ++i) { // L z = b
                double s = static_cast<double>(B[i * K + k]);
                for (Index j = 0; j < i; ++j) s -= A[i * M + j] * z[j];
                z[i] = s / A[i * M + i];
            }
            for (Index i = M - 1; i >= 0; --i) { // L^T w = z
                double s = z[i];
                for (Index j = i + 1; j < M; ++j) s -= A[j * M + i] * out.w[j * K + k];
                out.w[i * K + k] = s / A[i * M + i];
            }
        }
        return out;
    }

private:
    Index rows() const { return owned_.size() + (owns_bias_ ? 1 : 0); }

    // Concatenates every rank's rows (rank order) on every rank.
    static void gather_rows(MPI_Comm comm, const std::vector<std::int64_t>& mine,
                            std::vector<std::int64_t>& all) {
        int size = 0;
        SORN_MPI_CALL(MPI_Comm_size(comm, &size));
        if (static_cast<double>(mine.size()) > 2147483647.0)
            throw ConfigError("the readout's Gram rows of one rank exceed 2^31 counts: too many "
                              "units for this readout");
        const int n = static_cast<int>(mine.size());
        std::vector<int> counts(static_cast<std::size_t>(size)), displs(counts.size(), 0);
        SORN_MPI_CALL(MPI_Allgather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, comm));
        double total = 0.0;
        for (int r = 0; r < size; ++r) {
            if (r > 0) displs[r] = displs[r - 1] + counts[r - 1];
            total += counts[r];
        }
        if (total > 2147483647.0)
            throw ConfigError("the readout's Gram matrix exceeds 2^31 counts: too many units "
                              "for this readout");
        all.assign(static_cast<std::size_t>(total), 0);
        SORN_MPI_CALL(MPI_Allgatherv(mine.data(), n, MPI_INT64_T, all.data(), counts.data(),
                                     displs.data(), MPI_INT64_T, comm));
    }

    Index N_, K_;
    model::Range owned_;
    bool owns_bias_;
    std::vector<std::int64_t> G_, B_; // this rank's rows, row-major
    std::int64_t samples_ = 0;
};

} // namespace sorn::lazar2009
