// sorn-analyze: parse -> analyze -> print. The statistics live in sorn/analysis.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "sorn/analysis/analyze.hpp"
#include "sorn/analysis/options.hpp"
#include "sorn/analysis/report.hpp"
#include "sorn/driver.hpp"
#include "sorn/error.hpp"
#include "sorn/mpi.hpp"

namespace {

std::string command_line(int argc, char** argv) {
    std::string s;
    for (int i = 0; i < argc; ++i) s += (i ? " " : "") + std::string(argv[i]);
    return s;
}

// Before the work: the JSON file's directory must exist and be writable, and the file must
// be neither a directory nor an input file. Rank 0 looks; every rank gets its answer, so all
// throw alike.
void check_json_file(MPI_Comm comm, const sorn::analysis::AnalysisOptions& o) {
    const std::string& path = o.json_file;
    std::string problem;
    if (sorn::mpi::rank(comm) == 0) {
        const std::filesystem::path dir = std::filesystem::path(path).parent_path();
        const std::string d = dir.empty() ? "." : dir.string();
        std::error_code ec;
        if (!std::filesystem::is_directory(d) || access(d.c_str(), W_OK) != 0)
            problem = "its directory is not writable";
        else if (std::filesystem::is_directory(path, ec))
            problem = "is a directory";
        for (const std::string& input : {o.input, o.compare})
            if (problem.empty() && !input.empty() && std::filesystem::exists(path, ec) &&
                std::filesystem::equivalent(path, input, ec))
                problem = "is the input file " + input + " (it would be overwritten)";
    }
    sorn::mpi::raise_if_any(comm,
                            problem.empty() ? problem : "--json-file " + path + ": " + problem);
}

// Rank 0 writes the JSON file; a failure is reported on every rank alike.
void write_json_file(MPI_Comm comm, const std::string& path, const std::string& json) {
    bool ok = true;
    if (sorn::mpi::rank(comm) == 0) {
        std::ofstream f(path);
        f << json;
        ok = static_cast<bool>(f);
    }
    int flag = ok ? 1 : 0;
    SORN_MPI_CALL(MPI_Bcast(&flag, 1, MPI_INT, 0, comm));
    if (!flag) throw sorn::ConfigError("--json-file " + path + ": cannot be written");
}

int run(MPI_Comm comm, int argc, char** argv) {
    using namespace sorn;
    const bool root = mpi::rank(comm) == 0;
    const analysis::AnalysisCommandLine cl = analysis::parse_analysis_command_line(argc, argv);
    if (cl.help) {
        if (root) std::fputs(analysis::analysis_help_text().c_str(), stdout);
        return 0;
    }
    const analysis::AnalysisOptions& o = cl.options;
    note_activity("analysing");
    if (!o.json_file.empty()) check_json_file(comm, o);
    const analysis::Results results = analysis::analyze(comm, o, command_line(argc, argv));
    if (!o.json_file.empty()) write_json_file(comm, o.json_file, analysis::results_json(results));
    if (!root) return 0;
    if (o.json)
        std::fputs(analysis::results_json(results).c_str(), stdout); // stdout is for the JSON only
    else if (!o.quiet)
        std::fputs(analysis::summary_table(results).c_str(), stdout);
    if (!o.quiet && !o.output.empty())
        std::fprintf(o.json ? stderr : stdout, "  output: %s\n", o.output.c_str());
    return 0;
}

} // namespace

int main(int argc, char** argv) { return sorn::run_driver("sorn-analyze", argc, argv, run); }
