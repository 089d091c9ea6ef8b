#include "sorn/io/output_paths.hpp"

#include <unistd.h>

#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

#include "sorn/error.hpp"
#include "sorn/format/names.hpp"
#include "sorn/io/partial_file.hpp"
#include "sorn/mpi.hpp"

namespace fs = std::filesystem;

namespace sorn::io {

namespace {

constexpr const char* lineage_attribute = format::provenance::lineage;

// True if a and b name the same file, existing or not (hard links and symlinks included).
bool same_file(const std::string& a, const std::string& b) {
    std::error_code ec;
    if (fs::exists(a, ec) && fs::exists(b, ec)) return fs::equivalent(a, b, ec);
    return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

// The lineage stored in an existing sorn file with a saved network, or "" (not one, unreadable).
std::string lineage_of(const std::string& path) {
    try {
        h5::File f = h5::File::open_read(MPI_COMM_SELF, path);
        if (!h5::exists(f.get(), format::group::state) ||
            !h5::exists(f.get(), format::group::provenance))
            return "";
        h5::Handle prov = h5::open_group(f.get(), format::group::provenance);
        if (!h5::attribute_exists(prov.get(), lineage_attribute)) return "";
        return h5::read_attribute_string(prov.get(), lineage_attribute);
    } catch (const Error&) {
        return "";
    }
}

// The rule `path` (given as `option`) breaks, or "".
std::string output_problem(const std::string& option, const std::string& path, bool overwrite,
                           const std::string& lineage, const std::string& state_file) {
    const std::string what = option + " " + path + ": ";
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (fs::exists(st)) {
        if (fs::is_directory(st)) return what + "is a directory";
        if (!fs::is_regular_file(st)) return what + "exists and is not a regular file";
        if (option == "--output" && !overwrite)
            return what + "file exists (add --overwrite to replace it)";
        if (option == "--checkpoint" && !overwrite) {
            const bool own = (!state_file.empty() && same_file(path, state_file)) ||
                             lineage_of(path) == lineage;
            if (!own)
                return what + "file exists and is not a checkpoint of this run (continue it "
                              "with --state " + path + ", or add --overwrite to replace it)";
        }
    }
    fs::path dir = fs::path(path).parent_path();
    if (dir.empty()) dir = ".";
    if (!fs::is_directory(dir, ec)) return what + "directory " + dir.string() + " does not exist";
    if (::access(dir.c_str(), W_OK | X_OK) != 0)
        return what + "directory " + dir.string() + " is not writable";
    return "";
}

std::string paths_problem(const Config& c, const std::string& lineage) {
    const RunParams& r = c.run;
    const std::string& input = c.model.input.file;
    const std::vector<std::pair<const char*, const std::string*>> inputs = {
        {"--input", &input}, {"--state", &r.state_file}, {"--config", &r.config_file}};
    for (const auto& [option, path] :
         {std::pair{"--output", &r.output}, std::pair{"--checkpoint", &r.checkpoint}}) {
        if (path->empty()) continue;
        for (const auto& [other, other_path] : inputs) {
            // Continuing a checkpoint into itself is how a run is resumed.
            if (std::string(option) == "--checkpoint" && std::string(other) == "--state")
                continue;
            if (!other_path->empty() && same_file(*path, *other_path))
                return std::string(option) + " " + *path + ": is also the " + other +
                       " file; it would be overwritten";
        }
        if (std::string(option) == "--checkpoint" && !r.output.empty() &&
            same_file(r.output, *path))
            return "--checkpoint " + *path + ": is also the --output file; give two files";
        const std::string problem = output_problem(option, *path, r.overwrite, lineage,
                                                   r.state_file);
        if (!problem.empty()) return problem;
    }
    return "";
}

} // namespace

std::string run_lineage(MPI_Comm comm, const h5::File* saved) {
    if (saved && h5::object_kind(saved->get(), format::group::provenance) ==
                     h5::ObjectKind::Group) {
        h5::Handle prov = h5::open_group(saved->get(), format::group::provenance);
        if (h5::attribute_exists(prov.get(), lineage_attribute)) {
            try {
                return h5::read_attribute_string(prov.get(), lineage_attribute);
            } catch (const H5Error&) {
                // not a string: this file starts a lineage of its own
            }
        }
    }
    return random_hex(comm) + random_hex(comm);
}

void check_output_paths(MPI_Comm comm, const Config& c, const std::string& lineage) {
    std::string problem;
    if (mpi::rank(comm) == 0) problem = paths_problem(c, lineage);
    mpi::raise_if_any(comm, problem, true);
}

} // namespace sorn::io
