#include "sorn/io/config.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "sorn/error.hpp"

namespace {

using sorn::ConfigError;
using sorn::io::CommandLine;
using sorn::io::Config;
using sorn::io::Phase;
using sorn::io::Recording;
using sorn::model::ConnectionType;
using sorn::model::InputSource;
using sorn::model::Rule;

// parse_command_line on {"sorn-simulate", args...}.
CommandLine parse(std::vector<std::string> args) {
    args.insert(args.begin(), "sorn-simulate");
    std::vector<const char*> argv;
    for (const std::string& a : args) argv.push_back(a.c_str());
    return sorn::io::parse_command_line(static_cast<int>(argv.size()), argv.data());
}

// Passes if parsing args throws a ConfigError whose message contains `name`.
::testing::AssertionResult rejects(const std::vector<std::string>& args, const std::string& name) {
    try {
        parse(args);
    } catch (const ConfigError& e) {
        if (std::string(e.what()).find(name) != std::string::npos)
            return ::testing::AssertionSuccess();
        return ::testing::AssertionFailure()
               << "message does not name '" << name << "': " << e.what();
    }
    return ::testing::AssertionFailure() << "no ConfigError";
}

// Writes `text` to a fresh file in the test temp directory and returns its path.
std::string write_ini(const std::string& name, const std::string& text) {
    const std::string path = ::testing::TempDir() + "sorn_test_config_" + name + ".ini";
    std::ofstream(path) << text;
    return path;
}

const std::string package_ini = std::string(SORN_TEST_DATA_DIR) + "/package_configuration.ini";

// The fields the package's configuration.ini sets, compared with the in-class defaults.
void expect_package_defaults(const Config& c) {
    const sorn::model::ModelParams d;
    const auto& n = c.model.network;
    const auto& p = c.model.plasticity;
    EXPECT_EQ(n.N_e, 200);
    EXPECT_EQ(n.N_u, 10);
    EXPECT_EQ(n.type_ee, ConnectionType::Sparse);
    EXPECT_EQ(n.type_ei, ConnectionType::Sparse);
    EXPECT_EQ(n.type_ie, ConnectionType::Dense);
    EXPECT_EQ(n.lambda_ee, 20.0);
    EXPECT_EQ(n.lambda_ei, 40.0);
    EXPECT_EQ(n.lambda_ie, 100.0);
    EXPECT_EQ(p.stdp.eta, 0.004);
    EXPECT_EQ(p.istdp.eta, 0.001);
    EXPECT_EQ(p.ip.eta, 0.01);
    EXPECT_EQ(n.te_max, 1.0);
    EXPECT_EQ(n.ti_max, 0.5);
    EXPECT_EQ(n.ti_min, 0.0);
    EXPECT_EQ(n.te_min, 0.0);
    EXPECT_EQ(p.ip.mu, 0.1);
    EXPECT_EQ(p.ip.sigma, 0.0);
    EXPECT_EQ(n.noise_sigma, d.network.noise_sigma);
    EXPECT_EQ(c.model.seed, d.seed);
}

} // namespace

// ---- defaults and sources -----------------------------------------------------------------

TEST(Config, NoArgumentsGiveDefaults) {
    const CommandLine cl = parse({});
    EXPECT_FALSE(cl.help);
    expect_package_defaults(cl.config);
    const sorn::io::RunParams r = cl.config.run;
    EXPECT_EQ(r.steps, 1000);
    EXPECT_EQ(r.phase, Phase::Plasticity);
    EXPECT_TRUE(r.output.empty());
    EXPECT_TRUE(r.record.empty()); // the default list is dropped without --output
    EXPECT_EQ(r.record_every, 1);
    EXPECT_FALSE(r.overwrite);
    EXPECT_FALSE(r.quiet);
    EXPECT_FALSE(r.timing);
    EXPECT_EQ(cl.config.model.input.source, InputSource::None);
    for (Rule rule : {Rule::Stdp, Rule::Ip, Rule::Sp, Rule::Istdp, Rule::Sn})
        EXPECT_FALSE(cl.config.model.plasticity.frozen(rule));
}

TEST(Config, DefaultRecordListIsKeptWithOutput) {
    const CommandLine cl = parse({"--output", "run.h5"});
    EXPECT_EQ(cl.config.run.record, sorn::io::RunParams{}.record);
}

TEST(Config, PackageIniGivesPackageDefaults) {
    const CommandLine cl = parse({"--config", package_ini});
    expect_package_defaults(cl.config);
    EXPECT_EQ(cl.config.run.config_file, package_ini);
}

TEST(Config, CommandLineOverridesIni) {
    const std::string ini = write_ini("override", "[Network_Config]\nNe = 400\neta_stdp = 0.002\n"
                                                  "[run]\nsteps = 50\n");
    const CommandLine cl = parse({"--ne", "300", "--config", ini});
    EXPECT_EQ(cl.config.model.network.N_e, 300);
    EXPECT_EQ(cl.config.model.plasticity.stdp.eta, 0.002);
    EXPECT_EQ(cl.config.run.steps, 50);
}

TEST(Config, IniAcceptsKebabSnakeCommentsAndFlagWords) {
    const std::string ini = write_ini("spellings", "steps = 5\n"
                                                   "; a comment\n"
                                                   "[a]\neta-ip = 0.02   # inline comment\n"
                                                   "[b]\nnetwork_type_ee = DENSE\n"
                                                   "quiet = yes\nip_clip = 1\n"
                                                   "fast-inhibition = on\noverwrite = false\n");
    const Config c = parse({"--config", ini}).config;
    EXPECT_EQ(c.run.steps, 5);
    EXPECT_EQ(c.model.plasticity.ip.eta, 0.02);
    EXPECT_EQ(c.model.network.type_ee, ConnectionType::Dense);
    EXPECT_TRUE(c.run.quiet);
    EXPECT_TRUE(c.model.plasticity.ip.clip);
    EXPECT_TRUE(c.model.network.fast_inhibition);
    EXPECT_FALSE(c.run.overwrite);
}

TEST(Config, TimingIsAFlag) {
    EXPECT_TRUE(parse({"--timing"}).config.run.timing);
    EXPECT_TRUE(parse({"--timing", "--quiet"}).config.run.quiet);
}

TEST(Config, FlagCanBeSwitchedOffOnTheCommandLine) {
    const std::string ini = write_ini("flag", "quiet = true\n");
    EXPECT_TRUE(parse({"--config", ini}).config.run.quiet);
    EXPECT_FALSE(parse({"--config", ini, "--quiet=false"}).config.run.quiet);
    EXPECT_TRUE(parse({"--quiet"}).config.run.quiet);
}

TEST(Config, EnumOptionsTakeWordsInAnyCase) {
    const Config c = parse({"--network-type-ee", "Dense", "--network-type-ie", "sparse",
                            "--lambda-ie", "30", "--ee-degree", "package", "--initial-activity",
                            "random", "--input-source", "random", "--input-mapping", "pool"})
                         .config;
    EXPECT_EQ(c.model.network.type_ee, ConnectionType::Dense);
    EXPECT_EQ(c.model.network.type_ie, ConnectionType::Sparse);
    EXPECT_EQ(c.model.network.ee_degree, sorn::model::EeDegree::Package);
    EXPECT_EQ(c.model.network.initial_activity, sorn::model::InitialActivity::Random);
    EXPECT_EQ(c.model.input.source, InputSource::Random);
    EXPECT_EQ(c.model.input.mapping, sorn::model::InputMapping::Pool);
}

TEST(Config, InputFileSelectsFileSource) {
    const Config c = parse({"--input", "u.h5", "--seed", "42"}).config;
    EXPECT_EQ(c.model.input.source, InputSource::File);
    EXPECT_EQ(c.model.input.file, "u.h5");
    EXPECT_EQ(c.model.seed, 42u);
}

// ---- command-line syntax ------------------------------------------------------------------

TEST(Config, PetscOptionsAreSkipped) {
    const Config c =
        parse({"-log_view", "--ne", "300", "-options_left", "0", "-malloc_debug"}).config;
    EXPECT_EQ(c.model.network.N_e, 300);
}

TEST(Config, NegativeValuesAreAccepted) {
    const Config c = parse({"--te-min", "-0.5", "--te-max", "1"}).config;
    EXPECT_EQ(c.model.network.te_min, -0.5);
    EXPECT_EQ(c.model.network.te_max, 1.0);
}

TEST(Config, HelpSkipsValidation) {
    EXPECT_TRUE(parse({"--help", "--ne", "1"}).help);
    EXPECT_TRUE(parse({"-h"}).help);
}

TEST(Config, HelpTextShowsOptionsAndDefaults) {
    const std::string h = sorn::io::help_text();
    EXPECT_EQ(h.rfind("Usage: sorn-simulate [options]", 0), 0u);
    for (const char* s : {"--eta-stdp", "0.004", "--network-type-ie", "sparse|dense", "--freeze",
                          "--record", "EEConnectionCounts", "--config"})
        EXPECT_NE(h.find(s), std::string::npos) << s;
}

// ---- lists --------------------------------------------------------------------------------

TEST(Config, FreezeSetsExactlyTheNamedRules) {
    const auto& p = parse({"--freeze", "stdp,sn", "--freeze", "ip"}).config.model.plasticity;
    EXPECT_TRUE(p.frozen(Rule::Stdp));
    EXPECT_TRUE(p.frozen(Rule::Sn));
    EXPECT_TRUE(p.frozen(Rule::Ip));
    EXPECT_FALSE(p.frozen(Rule::Sp));
    EXPECT_FALSE(p.frozen(Rule::Istdp));
    EXPECT_TRUE(parse({"--freeze", "istdp,ss"}).config.model.plasticity.frozen(Rule::Sn));
}

TEST(Config, TrainingPhaseFreezesEverything) {
    const Config c = parse({"--phase", "training"}).config;
    EXPECT_EQ(c.run.phase, Phase::Training);
    for (Rule rule : {Rule::Stdp, Rule::Ip, Rule::Sp, Rule::Istdp, Rule::Sn})
        EXPECT_TRUE(c.model.plasticity.frozen(rule));
}

TEST(Config, RecordIsDeduplicatedInDeclarationOrder) {
    const auto r =
        parse({"--output", "o.h5", "--record", "WEE,ExcitatoryActivation", "--record", "WEE"})
            .config.run;
    EXPECT_EQ(r.record, (std::vector<Recording>{Recording::ExcitatoryActivation, Recording::WEE}));
    EXPECT_TRUE(r.records(Recording::WEE));
    EXPECT_FALSE(r.records(Recording::TE));
    EXPECT_EQ(parse({"--output", "o.h5", "--record", "all"}).config.run.record,
              sorn::io::all_recordings());
    EXPECT_TRUE(parse({"--output", "o.h5", "--record", "none"}).config.run.record.empty());
    EXPECT_TRUE(parse({"--record", "none"}).config.run.record.empty());
}

TEST(Config, RecordingNamesAreThePackages) {
    std::string names;
    for (Recording r : sorn::io::all_recordings()) names += std::string(recording_name(r)) + " ";
    EXPECT_EQ(names, "ExcitatoryActivation InhibitoryActivation RecurrentActivation WEE WEI TE TI "
                     "EEConnectionCounts EIConnectionCounts InputLetters ");
}

// ---- bad input ----------------------------------------------------------------------------

TEST(Config, RejectsUnknownOption) {
    EXPECT_TRUE(rejects({"--foo"}, "--foo"));
    EXPECT_TRUE(rejects({"--foo=3"}, "--foo"));
    EXPECT_TRUE(rejects({"--eta"}, "--eta")); // no abbreviations
    EXPECT_TRUE(rejects({"stray"}, "stray"));
}

TEST(Config, RejectsUnknownIniKey) {
    const std::string ini = write_ini("unknown", "[Network_Config]\nNe = 200\nfoo = 1\n");
    EXPECT_TRUE(rejects({"--config", ini}, "unknown key 'foo' in section [Network_Config]"));
    const std::string top = write_ini("unknown_top", "foo = 1\n[Network_Config]\n");
    EXPECT_TRUE(rejects({"--config", top}, "unknown key 'foo'"));
}

TEST(Config, RejectsConfigInsideIni) {
    const std::string ini = write_ini("nested", "config = other.ini\n");
    EXPECT_TRUE(rejects({"--config", ini}, "config"));
}

TEST(Config, RejectsMissingIniFile) {
    EXPECT_TRUE(rejects({"--config", "/nonexistent/run.ini"}, "/nonexistent/run.ini"));
}

TEST(Config, RejectsTooFewExcitatoryUnits) {
    EXPECT_TRUE(rejects({"--ne", "1"}, "--ne = 1: must be >= 2"));
}

TEST(Config, RejectsNegativeRate) { EXPECT_TRUE(rejects({"--eta-stdp", "-1"}, "eta-stdp")); }

TEST(Config, RejectsNaN) { EXPECT_TRUE(rejects({"--eta-ip", "nan"}, "eta-ip")); }

TEST(Config, RejectsImpossibleLambda) {
    EXPECT_TRUE(rejects({"--lambda-ee", "500", "--ne", "200"}, "lambda-ee"));
}

TEST(Config, RejectsTeMinAboveTeMax) {
    EXPECT_TRUE(rejects({"--te-min", "2", "--te-max", "1"}, "te-min"));
}

TEST(Config, RejectsUnknownRecording) {
    EXPECT_TRUE(rejects({"--output", "o.h5", "--record", "WEE,Wee"}, "'Wee'"));
}

TEST(Config, RejectsExplicitRecordWithoutOutput) {
    EXPECT_TRUE(rejects({"--record", "WEE"}, "--output"));
}

TEST(Config, RejectsUnknownFreezeName) {
    EXPECT_TRUE(rejects({"--freeze", "stdp,hebb"}, "'hebb'"));
    EXPECT_TRUE(rejects({"--freeze", "hebb"}, "istdp"));
}

TEST(Config, RejectsInputWithRandomSource) {
    EXPECT_TRUE(rejects({"--input", "u.h5", "--input-source", "random"}, "--input-source"));
}

TEST(Config, RejectsPackageIpTargetOutsideTheUnitInterval) {
    EXPECT_TRUE(rejects({"--ip-target", "package", "--nu", "0"},
                        "--ip-target = package: needs 0 < 2 * nu / ne < 1"));
    EXPECT_TRUE(rejects({"--ip-target", "package", "--nu", "100", "--ne", "200"}, "--ip-target"));
    EXPECT_TRUE(rejects({"--ip-target", "2nu/ne"}, "--ip-target = 2nu/ne: must be one of mu, "
                                                   "package"));
}

TEST(Config, RejectsMalformedValues) {
    EXPECT_TRUE(rejects({"--ne", "abc"}, "--ne = abc: must be an integer"));
    EXPECT_TRUE(rejects({"--ne", "1.5"}, "--ne = 1.5: must be an integer"));
    EXPECT_TRUE(rejects({"--steps", "-5"}, "--steps = -5"));
    EXPECT_TRUE(rejects({"--record-every", "0"}, "--record-every = 0"));
    EXPECT_TRUE(rejects({"--seed", "-1"}, "--seed = -1: must be an integer in [0, "));
    EXPECT_TRUE(rejects({"--quiet=maybe"}, "--quiet = maybe: must be true or false"));
    EXPECT_TRUE(rejects({"--network-type-ee", "full"}, "--network-type-ee = full: must be one of "
                                                       "sparse, dense"));
    EXPECT_TRUE(rejects({"--phase", "learning"}, "--phase = learning"));
    EXPECT_TRUE(rejects({"--eta-stdp", "1e999"}, "--eta-stdp = 1e999: must be a number"));
    const std::string ini = write_ini("malformed", "[Network_Config]\nNe = many\n");
    EXPECT_TRUE(rejects({"--config", ini}, ini + ":2: [Network_Config] Ne = many: must be an"));
}

TEST(Config, RejectsMissingValue) {
    EXPECT_TRUE(rejects({"--ne"}, "--ne"));
    EXPECT_TRUE(rejects({"--ne", "--nu", "5"}, "--ne"));
}

TEST(Config, RejectsRepeatedOption) { EXPECT_TRUE(rejects({"--ne", "3", "--ne", "4"}, "--ne")); }

TEST(Config, ValidateChecksRunParams) {
    Config c;
    EXPECT_NO_THROW(c.validate());
    c.run.steps = -1;
    EXPECT_THROW(c.validate(), ConfigError);
    c = Config{};
    c.model.plasticity.ip.eta = std::nan("");
    EXPECT_THROW(c.validate(), ConfigError);
}

// ---- one form for every message about a value: "--name = value: rule" ---------------------

TEST(Config, MessagesNameTheOptionWithDashes) {
    EXPECT_TRUE(rejects({"--eta-stdp", "-1"}, "--eta-stdp = -1: must be >= 0"));
    EXPECT_TRUE(rejects({"--mu-ip", "1.5"}, "--mu-ip = 1.5: must lie in (0, 1)"));
    EXPECT_TRUE(rejects({"--te-min", "2", "--te-max", "1"}, "--te-min = 2:"));
    EXPECT_TRUE(rejects({"--checkpoint-every", "5"}, "--checkpoint-every = 5: needs --checkpoint"));
    EXPECT_TRUE(rejects({"--freeze", "stdp,hebb"}, "--freeze = stdp,hebb: unknown rule 'hebb'"));
    EXPECT_TRUE(rejects({"--output", "o.h5", "--record", "Wee"}, "--record = Wee: unknown"));
    EXPECT_TRUE(rejects({"--record-steps", "5"}, "--record-steps = 5: must be A:B"));
}

TEST(Config, ParseErrorsHaveOneWording) {
    EXPECT_TRUE(rejects({"--ne"}, "missing value for option '--ne'"));
    EXPECT_TRUE(rejects({"--ne", "--nu", "5"}, "missing value for option '--ne' (before '--nu')"));
    EXPECT_TRUE(rejects({"--foo"}, "unknown option '--foo'"));
    EXPECT_TRUE(rejects({"stray"}, "unexpected argument 'stray'"));
    EXPECT_TRUE(rejects({"--ne", "3", "--ne", "4"}, "--ne: given more than once"));
    const std::string ini = write_ini("twice", "ne = 300\nNe = 400\n");
    EXPECT_TRUE(rejects({"--config", ini}, ini + ":2: Ne: given more than once"));
}

TEST(Config, OverriddenBadIniValueIsNamedWithItsFileAndLine) {
    const std::string ini = write_ini("overridden", "[Network_Config]\neta_stdp = abc\n");
    EXPECT_TRUE(rejects({"--config", ini, "--eta-stdp", "0.001"},
                        ini + ":2: [Network_Config] eta_stdp = abc: must be a number"));
}

TEST(Config, LongValuesAreClippedInMessages) {
    const std::string huge(5000, '7');
    EXPECT_TRUE(rejects({"--ne", huge}, "... (5000 characters): must be an integer"));
}
