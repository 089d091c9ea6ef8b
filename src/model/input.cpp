#include "sorn/model/input.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
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
// Longest word, in letters: a word of the source is kept in memory.
constexpr long max_word_letters = 1000000;

// Splits s at any of `separators`, keeping empty pieces.
std::vector<std::string> split(const std::string& s, const char* separators) {
    std::vector<std::string> pieces(1);
    for (char c : s) {
        if (std::strchr(separators, c))
            pieces.emplace_back();
        else
            pieces.back() += c;
    }
    return pieces;
}

bool blank(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c); });
}

std::vector<std::vector<double>> parse_transitions(const std::string& text, std::size_t K) {
    const char* key = "--input-word-transitions";
    std::vector<std::vector<double>> cumulative;
    if (blank(text)) return cumulative;
    const std::vector<std::string> rows = split(text, ";");
    require(rows.size() == K, key, text,
            ("needs one row per word of --input-words (" + std::to_string(K) + ")").c_str());
    for (const std::string& row : rows) {
        std::vector<double> c;
        double sum = 0.0;
        for (const std::string& entry : split(row, ", \t")) {
            if (entry.empty()) continue;
            char* end = nullptr;
            const double v = std::strtod(entry.c_str(), &end);
            require(end == entry.c_str() + entry.size() && std::isfinite(v) && v >= 0.0, key, text,
                    ("has '" + entry + "', not a number >= 0").c_str());
            sum += v;
            c.push_back(sum);
        }
        require(c.size() == K, key, text,
                ("needs " + std::to_string(K) + " entries in every row (one per word)").c_str());
        require(std::fabs(sum - 1.0) <= 1e-9, key, text, "needs every row to sum to 1");
        for (double& v : c) v /= sum;
        c.back() = 1.0;
        cumulative.push_back(std::move(c));
    }
    return cumulative;
}

} // namespace

WordSource parse_word_source(const InputParams& p) {
    const char* key = "--input-words";
    WordSource s;
    require(!blank(p.words), key, p.words, "needs at least one word, e.g. 'ab^4c,de^4f'");
    for (const std::string& text : split(p.words, ",")) {
        std::vector<Index> word;
        for (std::size_t k = 0; k < text.size(); ++k) {
            const auto c = static_cast<unsigned char>(text[k]);
            if (std::isspace(c)) continue;
            if (c == '^') {
                std::size_t end = k + 1;
                while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end])))
                    ++end;
                const long n =
                    end > k + 1 && end - k - 1 <= 7
                        ? std::strtol(text.substr(k + 1, end - k - 1).c_str(), nullptr, 10)
                        : 0;
                require(!word.empty() && n >= 1 &&
                            static_cast<long>(word.size()) + n - 1 <= max_word_letters,
                        key, p.words,
                        "needs ^n after a letter with n >= 1 (at most 1000000 letters a word)");
                word.insert(word.end(), static_cast<std::size_t>(n - 1), word.back());
                k = end - 1;
                continue;
            }
            require(std::isalnum(c) != 0 && c < 128, key, p.words,
                    ("has '" + std::string(1, text[k]) +
                     "': letters are a-z, A-Z, 0-9, repeated with ^n, words separated by ','")
                        .c_str());
            auto at = s.letters.find(static_cast<char>(c));
            if (at == std::string::npos) {
                at = s.letters.size();
                s.letters += static_cast<char>(c);
            }
            word.push_back(static_cast<Index>(at));
        }
        require(!word.empty(), key, p.words, "has an empty word");
        s.words.push_back(std::move(word));
    }
    s.cumulative = parse_transitions(p.word_transitions, s.words.size());
    return s;
}

WordSequence::WordSequence(WordSource source, std::uint64_t seed)
    : s_(std::move(source)), seed_(seed) {}

Index WordSequence::next_word(Index step) const {
    const auto K = static_cast<std::uint64_t>(s_.words.size());
    const auto t = static_cast<std::uint64_t>(step);
    if (step == 0 || s_.cumulative.empty())
        return static_cast<Index>(rng::below(K, seed_, rng::Stream::InputWord, 0, t));
    const double u = rng::uniform(seed_, rng::Stream::InputWord, 0, t);
    const std::vector<double>& c = s_.cumulative[static_cast<std::size_t>(word_)];
    const auto it = std::upper_bound(c.begin(), c.end(), u);
    return static_cast<Index>(it == c.end() ? c.size() - 1 : it - c.begin());
}

Index WordSequence::at(Index step) {
    SORN_ASSERT(step >= 0);
    if (step < step_) step_ = -1; // replay from step 0
    while (step_ < step) {
        ++step_;
        if (step_ == 0 || ++pos_ == static_cast<Index>(s_.words[word_].size())) {
            word_ = next_word(step_);
            pos_ = 0;
        }
    }
    return s_.words[word_][pos_];
}

Input::Input(const InputParams& p, Index N_u, const Partition& e, std::uint64_t seed,
             std::vector<double> columns)
    : p_(p), N_u_(N_u), seed_(seed), columns_(std::move(columns)) {
    // Also with no source: a caller may give u(t) (add_given_drive).
    const Range local_e = e.local();
    const std::vector<Index> source = input_of_unit(p_, N_u, e.global_size(), seed);
    for (Index i = local_e.begin; i < local_e.end; ++i)
        if (source[i] >= 0) targets_.emplace_back(i - local_e.begin, source[i]);
    if (p_.source == InputSource::Words) words_.emplace(parse_word_source(p_), seed);
}

Index Input::letter(Index step) const { return words_ ? words_->at(step) : -1; }

std::string Input::letters() const { return words_ ? words_->source().letters : std::string(); }

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
    case InputSource::Words: {
        const Index letter = words_->at(step);
        for (const auto& [r, k] : targets_)
            if (k == letter) drive[r] += p_.gain;
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
