#pragma once
// External input u(t) and its mapping onto E units (the g * u(t) term of x(t+1)).
//
// Feature mapping (the package): input unit k drives E unit k, k < N_u.
// Pool mapping (the papers' W_eu): input unit k drives its own pool of
// --input-pool-size E units; pools are disjoint, drawn by a seeded shuffle of
// all E units (the same on every rank).
// Sources: none; random (one input unit, chosen uniformly, gets 1 per step, keyed by the
// step); uniform (u_k(t) ~ U[0, 1) for every input unit k, keyed by (k, step): the package
// examples' np.random.rand(nu, T)); a file (u(t) = column t of an N_u x T dataset, t counted
// from the run's start); words (--input-words: one letter per step, whose input unit gets 1,
// e.g. the counting task's words a b^n c and d e^n f of Lazar et al. 2009: see WordSequence).
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sorn/model/layout.hpp"
#include "sorn/model/params.hpp"

namespace sorn::model {

/// A words source: --input-words and --input-word-transitions parsed.
struct WordSource {
    std::string letters;                         ///< input unit k is letters[k]
    std::vector<std::vector<Index>> words;       ///< each word as input units
    std::vector<std::vector<double>> cumulative; ///< P(next <= j | word i) by row; empty: uniform
};

/// Parses p.words (words separated by ','; a word is letters a-z, A-Z, 0-9, each optionally
/// followed by ^n for n >= 1 repeats; spaces are ignored) and p.word_transitions (one row of
/// K non-negative numbers summing to 1 per word, rows separated by ';', entries by ',' or
/// spaces). Throws ConfigError naming the option. Local.
WordSource parse_word_source(const InputParams& p);

/// The letter sequence of a words source, a pure function of (source, seed, t): the first
/// word is uniform among the K words, drawn at step 0; when a word ends at step t - 1, the
/// word of step t is drawn from row `previous word` of the transitions (uniform without
/// them) by u ~ U[0, 1) keyed by (seed, InputWord, 0, t). Every rank computes the same
/// sequence; a run resumed at step s replays it from step 0.
class WordSequence {
public:
    WordSequence(WordSource source, std::uint64_t seed);
    /// The input unit of the letter of step t >= 0. Local; O(1) per step for increasing t,
    /// O(t) after a smaller t.
    Index at(Index step);
    const WordSource& source() const { return s_; }

private:
    Index next_word(Index step) const;
    WordSource s_;
    std::uint64_t seed_;
    Index step_ = -1, word_ = 0, pos_ = 0; // the letter of step_ is s_.words[word_][pos_]
};

class Input {
public:
    /// `columns`: for the file source, u(t) of t = 0..T-1 as T rows of N_u values. Local.
    Input(const InputParams& p, Index N_u, const Partition& e, std::uint64_t seed,
          std::vector<double> columns = {});

    /// drive[r] += g * u_k(t) for every local E row r fed by input unit k, at global step
    /// `step` of a run that started at `first_step`. Local.
    void add_drive(Index step, Index first_step, std::vector<Real>& drive) const;
    /// drive[r] += g * u[k] for every local E row r fed by input unit k: u(t) given by the
    /// caller (N_u values, the same on every rank), whatever the source. Local.
    void add_given_drive(const double* u, std::vector<Real>& drive) const;
    /// The input unit whose letter the words source gives at step t, or -1 for another
    /// source. Local.
    Index letter(Index step) const;
    /// The letters of the words source, input unit k being letters()[k] ("" for another
    /// source). Local.
    std::string letters() const;

private:
    InputParams p_;
    Index N_u_;
    std::uint64_t seed_;
    std::vector<std::pair<Index, Index>> targets_; // (local E row, input unit), every source
    std::vector<double> columns_;
    mutable std::optional<WordSequence> words_; // a cursor: at() moves it
};

} // namespace sorn::model
