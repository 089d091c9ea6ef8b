#include "sorn/analysis/analysis_file.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>

#include "sorn/error.hpp"
#include "sorn/format/names.hpp"
#include "sorn/io/partial_file.hpp"
#include "sorn/io/provenance.hpp"
#include "sorn/mpi.hpp"

namespace sorn::analysis {

namespace {

void write_scalar(hid_t obj, const Scalar& s) {
    std::visit([&](const auto& v) { h5::write_attribute(obj, s.name, v); }, s.value);
}

void write_array(MPI_Comm comm, hid_t group, const Array& a) {
    const bool root = mpi::rank(comm) == 0;
    std::visit(
        [&](const auto& data) {
            using T = typename std::decay_t<decltype(data)>::value_type;
            if (a.shape.size() == 2) {
                h5::Table2D<T> t(group, a.name, a.shape[0], a.shape[1]);
                t.write_block(0, root ? a.shape[0] : 0, 0, root ? a.shape[1] : 0, data.data());
            } else {
                h5::write_vector<T>(group, a.name, data.size(), 0, data.data(),
                                    root ? data.size() : 0);
            }
        },
        a.data);
    h5::Handle dset(H5Dopen2(group, a.name.c_str(), H5P_DEFAULT), H5Dclose, "open " + a.name);
    h5::write_attribute(dset.get(), format::analysis::meaning, a.meaning);
    for (const Scalar& s : a.attributes) write_scalar(dset.get(), s);
}

void write_group(MPI_Comm comm, hid_t parent, const Group& g) {
    h5::Handle h = h5::create_group(parent, g.name);
    h5::write_attribute(h.get(), format::analysis::title, g.title);
    for (const Scalar& s : g.scalars) write_scalar(h.get(), s);
    for (const Array& a : g.arrays) write_array(comm, h.get(), a);
    for (const Group& sub : g.groups) write_group(comm, h.get(), sub);
}

} // namespace

// ---- spike times: gathered to rank 0 per slice of steps, merged in (step, unit) order ------

class AnalysisFile::SpikeTimes : public SpikeEventSink {
public:
    SpikeTimes(MPI_Comm comm, hid_t file, Index units)
        : comm_(comm), group_(h5::create_group(file, format::analysis::spike_times)),
          step_(group_.get(), format::spike_times::step),
          unit_(group_.get(), format::spike_times::unit),
          // At most ~4M unit-steps per gather: bounded memory on rank 0 for any N.
          slice_(std::max<Index>(1, (Index{1} << 22) / std::max<Index>(units, 1))) {
        h5::write_attribute(group_.get(), format::spike_times::units,
                            static_cast<std::int64_t>(units));
        h5::write_attribute(group_.get(), format::spike_times::order, "sorted by step, then unit");
    }

    void write(Step first_step, Index rows, const std::vector<std::int64_t>& steps,
               const std::vector<std::int64_t>& units) override {
        std::size_t begin = 0;
        for (Step s0 = first_step; s0 < first_step + rows; s0 += slice_) {
            const Step s1 = std::min<Step>(s0 + slice_, first_step + rows);
            std::size_t end = begin;
            while (end < steps.size() && steps[end] < s1) ++end;
            write_slice(steps, units, begin, end);
            begin = end;
        }
    }

private:
    void write_slice(const std::vector<std::int64_t>& steps, const std::vector<std::int64_t>& units,
                     std::size_t begin, std::size_t end) {
        const int size = mpi::size(comm_);
        const bool root = mpi::rank(comm_) == 0;
        const int n = static_cast<int>(end - begin);
        std::vector<int> counts(root ? size : 0), displs(root ? size : 0);
        SORN_MPI_CALL(MPI_Gather(&n, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, comm_));
        int total = 0;
        for (int r = 0; r < static_cast<int>(counts.size()); ++r) {
            displs[r] = total;
            total += counts[r];
        }
        std::vector<std::int64_t> all_steps(total), all_units(total);
        SORN_MPI_CALL(MPI_Gatherv(steps.data() + begin, n, MPI_INT64_T, all_steps.data(),
                                  counts.data(), displs.data(), MPI_INT64_T, 0, comm_));
        SORN_MPI_CALL(MPI_Gatherv(units.data() + begin, n, MPI_INT64_T, all_units.data(),
                                  counts.data(), displs.data(), MPI_INT64_T, 0, comm_));
        std::vector<std::int64_t> out_steps, out_units;
        if (root) merge(counts, displs, all_steps, all_units, out_steps, out_units);
        step_.append(out_steps);
        unit_.append(out_units);
    }

    // Each rank's events are sorted by (step, unit) and ranks hold ascending unit blocks:
    // for every step, take each rank's events of that step in rank order.
    static void merge(const std::vector<int>& counts, const std::vector<int>& displs,
                      const std::vector<std::int64_t>& steps,
                      const std::vector<std::int64_t>& units, std::vector<std::int64_t>& out_steps,
                      std::vector<std::int64_t>& out_units) {
        std::vector<int> cursor(displs);
        const std::size_t total = steps.size();
        while (out_steps.size() < total) {
            std::int64_t step = INT64_MAX;
            for (std::size_t r = 0; r < counts.size(); ++r)
                if (cursor[r] < displs[r] + counts[r]) step = std::min(step, steps[cursor[r]]);
            for (std::size_t r = 0; r < counts.size(); ++r)
                for (; cursor[r] < displs[r] + counts[r] && steps[cursor[r]] == step; ++cursor[r]) {
                    out_steps.push_back(step);
                    out_units.push_back(units[cursor[r]]);
                }
        }
    }

    MPI_Comm comm_;
    h5::Handle group_;
    h5::AppendVector<std::int64_t> step_, unit_;
    Index slice_;
};

// ---- AnalysisFile ---------------------------------------------------------------------------

void AnalysisFile::check_writable(MPI_Comm comm, const std::string& path, bool overwrite,
                                  const std::vector<std::string>& inputs) {
    // Rank 0 looks at the file system; raise_if_any gives its answer to every rank.
    std::string problem;
    if (mpi::rank(comm) == 0) {
        std::error_code ec;
        const std::filesystem::file_status st = std::filesystem::status(path, ec);
        if (std::filesystem::is_directory(st))
            problem = "is a directory";
        else if (std::filesystem::exists(st) && !std::filesystem::is_regular_file(st))
            problem = "is not a regular file";
        for (const std::string& input : inputs)
            if (problem.empty() && !input.empty() && std::filesystem::exists(st) &&
                std::filesystem::equivalent(path, input, ec))
                problem = "is the input file " + input + " (it would be overwritten)";
        if (problem.empty() && std::filesystem::exists(st) && !overwrite)
            problem = "file exists (add --overwrite to replace it)";
    }
    mpi::raise_if_any(comm, problem.empty() ? problem : "--output " + path + ": " + problem);
}

AnalysisFile::AnalysisFile(MPI_Comm comm, const std::string& path, const std::string& command_line)
    : comm_(comm), path_(path), partial_(io::reserve_partial(comm, path, "--output")), file_([&] {
          try {
              return h5::File::create(comm, partial_);
          } catch (const H5Error&) {
              throw ConfigError("--output " + path + ": cannot create " + partial_);
          }
      }()) {
    const hid_t root = file_.get();
    h5::write_attribute(root, format::root::format, format::analysis_format);
    h5::write_attribute(root, format::root::format_version, format::version);
    h5::Handle prov = h5::create_group(root, format::group::provenance);
    io::write_program_provenance(prov.get(), comm, "sorn-analyze", command_line);
}

AnalysisFile::~AnalysisFile() {
    if (committed_) return;
    // Only reached when a collective error unwinds every rank: the file is incomplete.
    spike_times_.reset();
    try {
        file_.close();
    } catch (...) {
    }
    if (mpi::rank(comm_) == 0) std::remove(partial_.c_str());
}

SpikeEventSink* AnalysisFile::spike_times(Index units) {
    if (!spike_times_) spike_times_ = std::make_unique<SpikeTimes>(comm_, file_.get(), units);
    return spike_times_.get();
}

void AnalysisFile::write(const Results& results) {
    for (const Scalar& s : results.header) write_scalar(file_.get(), s);
    for (const Group& g : results.groups) write_group(comm_, file_.get(), g);
    if (!results.skipped.empty()) {
        h5::Handle skipped = h5::create_group(file_.get(), format::analysis::skipped);
        for (const auto& [name, why] : results.skipped)
            h5::write_attribute(skipped.get(), name, why);
    }
}

void AnalysisFile::commit() {
    spike_times_.reset();
    file_.close();
    io::commit_partial(comm_, partial_, path_);
    committed_ = true;
}

} // namespace sorn::analysis
