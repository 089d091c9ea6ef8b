#pragma once
// Command line + INI file -> Config. Every option is defined once: the model parameters in
// io/parameter_table.cpp, the run options in config.cpp.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sorn/cli/command_line.hpp"
#include "sorn/io/parameter_table.hpp"
#include "sorn/model/params.hpp"

namespace sorn::io {

/// "plasticity": all unfrozen rules learn; "training": all plasticity off.
enum class Phase { Plasticity, Training };

/// The Python package's recording ("callback") names.
enum class Recording {
    ExcitatoryActivation,
    InhibitoryActivation,
    RecurrentActivation,
    WEE,
    WEI,
    TE,
    TI,
    EEConnectionCounts,
    EIConnectionCounts,
    InputLetters, ///< not the package's: the letters of --input-source words
};

/// The package's spelling of a recording, e.g. "ExcitatoryActivation".
const char* recording_name(Recording r);
/// All recordings, in declaration order.
const std::vector<Recording>& all_recordings();

/// How the run is driven (not part of the network).
struct RunParams {
    Index steps = 1000;              ///< --steps
    Phase phase = Phase::Plasticity; ///< --phase
    std::string output;              ///< --output FILE.h5 (empty: no file)
    bool overwrite = false;          ///< --overwrite
    std::vector<Recording> record = {Recording::ExcitatoryActivation,
                                     Recording::InhibitoryActivation, Recording::EEConnectionCounts,
                                     Recording::EIConnectionCounts}; ///< --record
    Index record_every = 1; ///< --record-every  interval of WEE, WEI, TE, TI snapshots
    /// --record-steps A:B  record the states of steps t with A <= t < B (B < 0: no end)
    Index record_from = 0, record_to = -1;
    bool quiet = false;          ///< --quiet
    std::string config_file;     ///< --config
    std::string state_file;      ///< --state FILE.h5  continue this saved network
    std::string checkpoint;      ///< --checkpoint FILE.h5
    Index checkpoint_every = 0;  ///< --checkpoint-every  (0: only at the end)
    double max_memory_gib = 0.0; ///< --max-memory  per rank [GiB] (0: the memory available)
    bool timing = false;         ///< --timing  print the time per phase at the end

    bool records(Recording r) const;
    /// True if the state at step t falls in the --record-steps window.
    bool in_window(Index t) const { return t >= record_from && (record_to < 0 || t < record_to); }
};

struct Config {
    model::ModelParams model;
    RunParams run;

    /// Throws ConfigError naming the first invalid option. Local (no file access).
    void validate() const;
};

/// An option given explicitly, on the command line or in the INI file; its origin is "--ne"
/// or "run.ini:3: [Network_Config] Ne".
using GivenOption = cli::Given;

/// What the command line asked for.
struct CommandLine {
    bool help = false;
    Config config;
    std::map<std::string, GivenOption> given; ///< by option name
};

/// Parses argv (single-dash PETSc options such as -log_view are skipped) and the
/// INI file named by --config; validates. Throws ConfigError. Local, no MPI.
CommandLine parse_command_line(int argc, const char* const argv[]);

// Parameter, model_parameters() and parameter_text(): io/parameter_table.hpp.

/// The configuration of a run that continues a saved network (--state): the model
/// parameters saved with it, overridden by the options given explicitly. A given option
/// that contradicts the saved network's structure (ne, nu, inhibitory-ratio) or how it was
/// built (lambda-*, network-type-*, ...: the parameter table's fixed_by_saved_network())
/// throws ConfigError; other differences (learning rates, noise, input, ...) are allowed and
/// listed in `changes` ("eta-stdp: 0.004 -> 0.002"). The rules frozen and the phase come from
/// the command line only. Local.
Config continue_from(const CommandLine& cl, const std::vector<Parameter>& saved,
                     const std::string& file, std::vector<std::string>& changes);

/// The --help text: every option with its default and meaning.
std::string help_text();

} // namespace sorn::io
