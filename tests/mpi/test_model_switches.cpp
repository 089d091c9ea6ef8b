// The model switches of the authors' code and the papers (issue 11), each on a hand-computed
// example: the threshold comparison, spike noise, uniform noise with its own sigma for the I
// units, the initial activity and ordered thresholds, the DPT17 scaling of SP, the word input
// source, iSTDP's reset bound and STDP's pruning threshold; each also rank invariant.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "../common/gather.hpp"
#include "sorn/error.hpp"
#include "sorn/model/input.hpp"
#include "sorn/plasticity/istdp.hpp"
#include "sorn/plasticity/stdp.hpp"
#include "sorn/rng.hpp"
#include "sorn/sim/simulation.hpp"

using namespace sorn;
using model::Activity;
using model::Partition;
using model::Synapse;
using model::SynapticMatrix;
using test::active;
using test::Entry;
using test::gather_entries;
using test::local_part;
using test::weight;

namespace {

// A network without synapses: R_e = -T_e + xi, R_i = -T_i + xi; every rule frozen.
model::ModelParams unconnected(Index N_e, Index N_i) {
    model::ModelParams p;
    p.seed = 5;
    p.network.N_e = N_e;
    p.network.inhibitory_ratio = static_cast<double>(N_i) / static_cast<double>(N_e);
    p.network.N_u = 0;
    p.network.noise_sigma = 0.0;
    p.plasticity.freeze_all();
    return p;
}

// The state of `unconnected` with thresholds T_e, T_i (whole networks) and x(0) = y(0) = 0.
sim::StateSource thresholds(std::vector<Real> T_e, std::vector<Real> T_i) {
    return [=](const model::Layout& l) {
        model::LocalState s;
        const model::Range e = l.e.local(), i = l.i.local();
        using Rows = std::vector<std::vector<model::Synapse>>;
        s.W_ee = std::make_unique<model::RowLists>(Rows(e.size()));
        s.W_ei = std::make_unique<model::RowLists>(Rows(e.size()));
        s.W_ie = std::make_unique<model::RowLists>(Rows(i.size()));
        s.T_e.assign(T_e.begin() + e.begin, T_e.begin() + e.end);
        s.T_i.assign(T_i.begin() + i.begin, T_i.begin() + i.end);
        s.h_ip.assign(e.size(), 0.1);
        return s;
    };
}

std::vector<std::vector<Index>> history(MPI_Comm comm, const model::ModelParams& p, Index steps,
                                        std::vector<std::vector<Index>>* y = nullptr) {
    sim::Simulation s(comm, p);
    std::vector<std::vector<Index>> x;
    for (Index t = 0; t < steps; ++t) {
        s.step();
        x.push_back(s.network().x.active());
        if (y) y->push_back(s.network().y.active());
    }
    return x;
}

} // namespace

// R = 0 exactly decides: unit 0 (T = 0) and the I unit (T = 0) fire only with z >= 0.
TEST(ThresholdComparison, ZeroDriveFiresOnlyWithGe) {
    model::ModelParams p = unconnected(3, 1);
    const auto source = thresholds({0.0, 0.5, -0.5}, {0.0});
    for (auto c : {model::ThresholdComparison::Greater, model::ThresholdComparison::GreaterEqual}) {
        p.network.threshold_comparison = c;
        sim::Simulation s(PETSC_COMM_WORLD, p, {}, source);
        s.step();
        const bool ge = c == model::ThresholdComparison::GreaterEqual;
        const std::vector<Index> x = ge ? std::vector<Index>{0, 2} : std::vector<Index>{2};
        EXPECT_EQ(s.network().x.active(), x);
        EXPECT_EQ(s.network().y.active().size(), ge ? 1u : 0u);
        // r(t+1) = Theta(R_e): the same units (no input).
        const std::vector<std::uint8_t> r = test::all_gather(PETSC_COMM_WORLD, s.recurrent());
        const std::vector<std::uint8_t> expected_r = {std::uint8_t(ge), 0, 1};
        EXPECT_EQ(r, expected_r);
    }
}

// Spike noise: with unreachable thresholds x_i(t+1) = 1 exactly when the unit's draw of step
// t is below noise_fire; the I units are not forced.
TEST(SpikeNoise, ForcedSpikesAreTheDrawsBelowNoiseFire) {
    const Index N = 40;
    model::ModelParams p = unconnected(N, 8);
    p.network.noise_fire = 0.3;
    sim::Simulation s(PETSC_COMM_WORLD, p, {},
                      thresholds(std::vector<Real>(N, 10.0), std::vector<Real>(8, -1.0)));
    Index fired = 0;
    for (Index t = 0; t < 50; ++t) {
        s.step();
        std::vector<Index> expected;
        for (Index i = 0; i < N; ++i)
            if (rng::uniform(p.seed, rng::Stream::NoiseFire, i, t) < 0.3) expected.push_back(i);
        EXPECT_EQ(s.network().x.active(), expected) << "step " << t;
        EXPECT_EQ(s.network().y.active().size(), 8u); // T_i < 0: every I unit fires anyway
        fired += static_cast<Index>(expected.size());
    }
    EXPECT_GT(fired, 0.2 * 50 * N);
    EXPECT_LT(fired, 0.4 * 50 * N);
    const std::vector<std::uint8_t> r = test::all_gather(PETSC_COMM_WORLD, s.recurrent());
    EXPECT_EQ(r, std::vector<std::uint8_t>(N, 0)); // r is not forced
}

// Uniform noise sigma U[0, 1), with its own sigma for the I units (default: the E units').
TEST(UniformNoise, UnitsFireWhenSigmaTimesTheirDrawExceedsTheThreshold) {
    const Index N_e = 24, N_i = 12;
    model::ModelParams p = unconnected(N_e, N_i);
    p.network.noise_distribution = model::NoiseDistribution::Uniform;
    p.network.noise_sigma = 2.0;
    const auto source = thresholds(std::vector<Real>(N_e, 1.0), std::vector<Real>(N_i, 0.25));
    for (double sigma_i : {-1.0, 0.5, 0.0}) {
        p.network.noise_sigma_i = sigma_i;
        const double si = sigma_i < 0.0 ? 2.0 : sigma_i;
        sim::Simulation s(PETSC_COMM_WORLD, p, {}, source);
        for (Index t = 0; t < 5; ++t) {
            s.step();
            std::vector<Index> x, y;
            for (Index i = 0; i < N_e; ++i)
                if (2.0 * rng::uniform(p.seed, rng::Stream::NoiseE, i, t) - 1.0 > 0.0)
                    x.push_back(i);
            for (Index i = 0; i < N_i; ++i)
                if (si * rng::uniform(p.seed, rng::Stream::NoiseI, i, t) - 0.25 > 0.0)
                    y.push_back(i);
            EXPECT_EQ(s.network().x.active(), x);
            EXPECT_EQ(s.network().y.active(), y);
            if (sigma_i == 0.0) {
                EXPECT_TRUE(y.empty());
            }
        }
    }
}

// x(0) ~ Bernoulli(h_ip) with y(0) = 0 (random-e); ordered thresholds at the bin midpoints.
TEST(Initialization, RandomEAndOrderedThresholds) {
    model::ModelParams p;
    p.network.N_e = 200; // N_i = 40
    p.network.te_min = 0.2;
    p.network.te_max = 1.2;
    p.network.initial_activity = model::InitialActivity::Random;
    const model::Layout layout(PETSC_COMM_WORLD, 200, 40);
    const model::LocalState random = model::initial_state(p, layout);
    p.network.initial_activity = model::InitialActivity::RandomE;
    p.network.initial_thresholds = model::InitialThresholds::Ordered;
    const model::LocalState e_only = model::initial_state(p, layout);
    EXPECT_EQ(e_only.x_active, random.x_active);
    EXPECT_FALSE(e_only.x_active.empty());
    EXPECT_FALSE(random.y_active.empty());
    EXPECT_TRUE(e_only.y_active.empty());
    const std::vector<Real> T_e = test::all_gather(PETSC_COMM_WORLD, e_only.T_e);
    const std::vector<Real> T_i = test::all_gather(PETSC_COMM_WORLD, e_only.T_i);
    ASSERT_EQ(T_e.size(), 200u);
    ASSERT_EQ(T_i.size(), 40u);
    for (Index k = 0; k < 200; ++k) EXPECT_EQ(T_e[k], 0.2 + (1.2 - 0.2) * ((k + 0.5) / 200.0));
    EXPECT_DOUBLE_EQ(T_e[0], 0.2025);
    EXPECT_DOUBLE_EQ(T_e[199], 1.1975);
    for (Index k = 0; k < 40; ++k) EXPECT_EQ(T_i[k], 0.0 + 0.5 * ((k + 0.5) / 40.0));
    EXPECT_DOUBLE_EQ(T_i[0], 0.00625);
}

// p_SP(N) = p N (N - 1) / (200 * 199): the value itself at N_e = 200.
TEST(SpScaling, Dpt17ScalesWithTheNumberOfPairs) {
    model::NetworkParams n;
    model::SpParams sp;
    sp.prob = 0.1;
    n.N_e = 400;
    EXPECT_EQ(model::sp_probability(n, sp), 0.1);
    sp.scaling = model::SpScaling::Dpt17;
    EXPECT_DOUBLE_EQ(model::sp_probability(n, sp), 0.1 * 400 * 399 / (200.0 * 199.0));
    EXPECT_DOUBLE_EQ(model::sp_probability(n, sp), 0.40100502512562814);
    n.N_e = 200;
    EXPECT_EQ(model::sp_probability(n, sp), 0.1);
    n.N_e = 20000;
    EXPECT_DOUBLE_EQ(model::sp_probability(n, sp), 0.1 * 20000.0 * 19999.0 / 39800.0);
}

TEST(WordSource, ParsesWordsLettersAndTransitions) {
    model::InputParams in;
    in.words = "ab^3c, d e^3 f";
    const model::WordSource w = model::parse_word_source(in);
    EXPECT_EQ(w.letters, "abcdef");
    EXPECT_EQ(w.words, (std::vector<std::vector<Index>>{{0, 1, 1, 1, 2}, {3, 4, 4, 4, 5}}));
    EXPECT_TRUE(w.cumulative.empty());
    in.words = "ab^12a,ba";
    in.word_transitions = "0.25 0.75; 1, 0";
    const model::WordSource v = model::parse_word_source(in);
    EXPECT_EQ(v.letters, "ab");
    EXPECT_EQ(v.words[0].size(), 14u);
    EXPECT_EQ(v.cumulative, (std::vector<std::vector<double>>{{0.25, 1.0}, {1.0, 1.0}}));
    for (const char* bad : {"", "a,,b", "a^0", "^3", "a-b", "a^", "a^99999999"}) {
        in.words = bad;
        in.word_transitions = "";
        try {
            model::parse_word_source(in);
            ADD_FAILURE() << bad;
        } catch (const ConfigError& e) {
            EXPECT_NE(std::string(e.what()).find("--input-words"), std::string::npos) << e.what();
        }
    }
    in.words = "ab,c";
    for (const char* bad : {"1 0", "1 0; 0.5", "1 0; 0.5 0.6", "1 0; -1 2", "1 0; x 1"}) {
        in.word_transitions = bad;
        try {
            model::parse_word_source(in);
            ADD_FAILURE() << bad;
        } catch (const ConfigError& e) {
            EXPECT_NE(std::string(e.what()).find("--input-word-transitions"), std::string::npos)
                << e.what();
        }
    }
}

// The sequence is whole words, the first uniform by the draw of step 0, each next one drawn
// at its first step; "0 1; 1 0" alternates; asking again for an earlier step replays.
TEST(WordSource, SequenceIsWholeWordsDrawnAtTheirFirstStep) {
    model::InputParams in;
    in.words = "ab^2c,de^2f";
    const std::uint64_t seed = 9;
    model::WordSequence seq(model::parse_word_source(in), seed);
    std::vector<Index> letters;
    for (Index t = 0; t < 400; ++t) letters.push_back(seq.at(t));
    for (Index t = 0; t < 400; t += 4) {
        const auto w = static_cast<Index>(rng::below(2, seed, rng::Stream::InputWord, 0, t));
        const Index first = 3 * w;
        EXPECT_EQ(letters[t], first);
        EXPECT_EQ(letters[t + 1], first + 1);
        EXPECT_EQ(letters[t + 2], first + 1);
        EXPECT_EQ(letters[t + 3], first + 2);
    }
    EXPECT_EQ(seq.at(7), letters[7]); // replayed from step 0
    EXPECT_EQ(seq.at(399), letters[399]);

    in.word_transitions = "0 1; 1 0";
    model::WordSequence alternating(model::parse_word_source(in), seed);
    const Index w0 = static_cast<Index>(rng::below(2, seed, rng::Stream::InputWord, 0, 0));
    for (Index t = 0; t < 40; ++t) EXPECT_EQ(alternating.at(t) / 3, (w0 + t / 4) % 2) << t;
}

// In a simulation the letter of step t drives its pool: unreachable thresholds, gain 2.
TEST(WordSource, EachLetterDrivesItsPool) {
    model::ModelParams p = unconnected(40, 8);
    p.network.N_u = 4;
    p.input.source = model::InputSource::Words;
    p.input.words = "ab^3,c^2d";
    p.input.mapping = model::InputMapping::Pool;
    p.input.pool_size = 5;
    p.input.gain = 2.0;
    p.validate();
    model::WordSequence seq(model::parse_word_source(p.input), p.seed);
    sim::Simulation s(PETSC_COMM_WORLD, p, {},
                      thresholds(std::vector<Real>(40, 1.5), std::vector<Real>(8, 1.0)));
    std::vector<std::vector<Index>> pool(4);
    for (Index t = 0; t < 30; ++t) {
        s.step();
        const Index k = seq.at(t);
        EXPECT_EQ(s.input().letter(t), k);
        const std::vector<Index>& x = s.network().x.active();
        EXPECT_EQ(x.size(), 5u);
        if (pool[k].empty()) pool[k] = x;
        EXPECT_EQ(x, pool[k]) << "step " << t; // always the same 5 units for letter k
    }
    EXPECT_EQ(s.input().letters(), "abcd");
    p.network.N_u = 5;
    EXPECT_THROW(p.validate(), ConfigError);
}

// Every switch on: 1 rank (each alone) and all ranks agree bit for bit.
TEST(ModelSwitches, AllOnAreRankInvariant) {
    model::ModelParams p;
    p.seed = 3;
    p.network.N_e = 60;
    p.network.lambda_ee = 10;
    p.network.lambda_ei = 20;
    p.network.type_ie = model::ConnectionType::Sparse;
    p.network.lambda_ie = 8;
    p.network.N_u = 6;
    p.network.threshold_comparison = model::ThresholdComparison::GreaterEqual;
    p.network.noise_distribution = model::NoiseDistribution::Uniform;
    p.network.noise_sigma = 0.1;
    p.network.noise_sigma_i = 0.05;
    p.network.noise_fire = 0.01;
    p.network.initial_activity = model::InitialActivity::RandomE;
    p.network.initial_thresholds = model::InitialThresholds::Ordered;
    p.input.source = model::InputSource::Words;
    p.input.words = "ab^3c,de^3f";
    p.input.word_transitions = "0.7 0.3; 0.4 0.6";
    p.input.mapping = model::InputMapping::Pool;
    p.input.pool_size = 4;
    p.plasticity.sp.scaling = model::SpScaling::Dpt17;
    p.plasticity.sp.prob = 1.0;
    p.plasticity.stdp.prune_below = 1e-3;
    p.plasticity.istdp.w_min = 0.001;
    p.plasticity.istdp.bound = model::IstdpBound::Reset;
    p.validate();
    std::vector<std::vector<Index>> y_world, y_self;
    EXPECT_EQ(history(PETSC_COMM_WORLD, p, 300, &y_world),
              history(PETSC_COMM_SELF, p, 300, &y_self));
    EXPECT_EQ(y_world, y_self);
}

// --istdp-bound reset: only a weight that reaches <= 0 becomes w_min; one in (0, w_min) stays.
TEST(Istdp, ResetBoundOfTheAuthorsCode) {
    MPI_Comm comm = PETSC_COMM_WORLD;
    Partition E(comm, 3), I(comm, 1);
    const std::vector<std::vector<Synapse>> W = {{{0, 0.0005}}, {{0, 0.0015}}, {{0, 0.00005}}};
    model::IstdpParams p;
    p.eta = 0.001;
    p.w_min = 0.001;
    std::vector<Real> h(E.local().size(), 0.1);
    // y(t) = {0}, x(t+1) = {}: every weight moves by -0.001.
    for (auto bound : {model::IstdpBound::Clip, model::IstdpBound::Reset}) {
        p.bound = bound;
        SynapticMatrix W_ei(comm, E, I, local_part(W, E.local()));
        plasticity::apply_istdp(W_ei, active(1, {0}), active(3, {}), h, p);
        const auto all = gather_entries(comm, W_ei, false);
        EXPECT_EQ(weight(all, 0, 0), 0.001); // 0.0005 - 0.001 < 0: reset (or clipped)
        if (bound == model::IstdpBound::Reset)
            EXPECT_DOUBLE_EQ(weight(all, 1, 0), 0.0005); // 0.0015 - 0.001 > 0: kept below w_min
        else
            EXPECT_EQ(weight(all, 1, 0), 0.001); // clipped up
        EXPECT_EQ(weight(all, 2, 0), 0.001);
    }
}

// --stdp-prune-below: the weights below the threshold of a visited row are pruned, changed or
// not; an unvisited row keeps them.
TEST(Stdp, PruneBelowThreshold) {
    MPI_Comm comm = PETSC_COMM_WORLD;
    Partition E(comm, 3);
    const std::vector<std::vector<Synapse>> W = {
        {{1, 0.3}, {2, 1e-11}}, {{0, 0.9}, {2, 0.1}}, {{0, 1e-12}, {1, 0.5}}};
    model::StdpParams p;
    p.eta = 0.1;
    p.prune_below = 1e-10;
    SynapticMatrix W_ee(comm, E, E, local_part(W, E.local()));
    // x(t) = {0}, x(t+1) = {1}: rows 0 and 1 are visited, row 2 is not.
    plasticity::apply_stdp(W_ee, active(3, {0}), active(3, {1}), p);
    const auto all = gather_entries(comm, W_ee, false);
    EXPECT_DOUBLE_EQ(weight(all, 0, 1), 0.2); // 0.3 - 0.1
    EXPECT_EQ(weight(all, 0, 2), 0.0);        // 1e-11 < 1e-10, unchanged by STDP: pruned
    EXPECT_EQ(weight(all, 1, 0), 1.0);        // 0.9 + 0.1
    EXPECT_EQ(weight(all, 1, 2), 0.1);
    EXPECT_EQ(weight(all, 2, 0), 1e-12);              // row 2 not visited
    EXPECT_EQ(gather_entries(comm, W_ee).size(), 5u); // synapses (w > 0)
}
