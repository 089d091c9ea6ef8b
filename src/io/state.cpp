#include "sorn/io/state.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "sorn/error.hpp"
#include "sorn/format/names.hpp"
#include "sorn/h5/dataset.hpp"
#include "sorn/io/input_file.hpp"
#include "sorn/mpi.hpp"

namespace sorn::io {

namespace {

namespace csr = format::csr;

// ---- writing ------------------------------------------------------------------------------

// Offset of this rank's block in a global array and the global length. Collective.
struct Block {
    std::uint64_t offset = 0, total = 0;
};

Block block_of(MPI_Comm comm, std::uint64_t count) {
    Block b;
    SORN_MPI_CALL(MPI_Exscan(&count, &b.offset, 1, MPI_UINT64_T, MPI_SUM, comm));
    if (mpi::rank(comm) == 0) b.offset = 0; // MPI_Exscan leaves rank 0's result undefined
    SORN_MPI_CALL(MPI_Allreduce(&count, &b.total, 1, MPI_UINT64_T, MPI_SUM, comm));
    return b;
}

std::size_t matrix_chunk = std::size_t{1} << 19; // set_matrix_chunk_entries()

// A matrix's synapses (weight > 0) in file order (rows ascending, each in ascending global
// column order), handed out a bounded piece at a time.
class SynapseCursor {
public:
    explicit SynapseCursor(const model::SynapticMatrix& W) : W_(W) {}

    /// Copies the next synapses, at most n of them; returns how many. Local.
    std::size_t fill(std::int64_t* cols, double* weights, std::size_t n) {
        std::size_t got = 0;
        while (got < n && row_ < W_.rows().size()) {
            std::size_t k = 0, taken = 0; // k: synapses of the row seen so far
            W_.for_each(row_, [&](Index c, Real w) {
                if (!(w > 0.0)) return;
                if (k++ < skip_ || got == n) return;
                cols[got] = c;
                weights[got++] = w;
                ++taken;
            });
            if (skip_ + taken == k) {
                ++row_;
                skip_ = 0;
            } else {
                skip_ += taken; // the buffer is full inside this row
            }
        }
        return got;
    }

private:
    const model::SynapticMatrix& W_;
    Index row_ = 0;
    std::size_t skip_ = 0; // synapses of row_ already handed out
};

// CSR with global row offsets: the rank owning the last row also writes indptr[N]. The
// columns and weights go out in collective rounds of at most matrix_chunk entries per rank
// (no copy of the rows: 16 B per entry of buffer, bounded); a rank that is done takes part in
// the remaining rounds with nothing.
void write_matrix(MPI_Comm comm, hid_t parent, const char* name, const model::SynapticMatrix& W,
                  Index global_rows) {
    const model::Range rows = W.rows();
    const bool has_last_row = rows.size() > 0 && rows.end == global_rows;
    std::vector<std::int64_t> indptr(rows.size() + 1, 0);
    for (Index r = 0; r < rows.size(); ++r) indptr[r + 1] = indptr[r] + W.row_synapses(r);
    const auto local_nnz = static_cast<std::uint64_t>(indptr.back());
    const Block nnz = block_of(comm, local_nnz);
    for (std::int64_t& p : indptr) p += static_cast<std::int64_t>(nnz.offset);

    h5::Handle g = h5::create_group(parent, name);
    h5::write_attribute(g.get(), csr::rows, static_cast<std::int64_t>(global_rows));
    h5::write_attribute(g.get(), csr::cols, static_cast<std::int64_t>(W.global_cols()));
    h5::write_vector(g.get(), csr::indptr, global_rows + 1, rows.begin, indptr.data(),
                     rows.size() + (has_last_row ? 1 : 0));
    std::vector<std::int64_t>().swap(indptr);

    const std::uint64_t chunk = matrix_chunk;
    std::uint64_t rounds = (local_nnz + chunk - 1) / chunk;
    SORN_MPI_CALL(MPI_Allreduce(MPI_IN_PLACE, &rounds, 1, MPI_UINT64_T, MPI_MAX, comm));
    auto indices = h5::BlockVector<std::int64_t>::create(g.get(), csr::indices, nnz.total);
    auto data = h5::BlockVector<double>::create(g.get(), csr::data, nnz.total);
    std::vector<std::int64_t> cols(std::min(chunk, local_nnz));
    std::vector<double> weights(cols.size());
    SynapseCursor cursor(W);
    std::uint64_t offset = nnz.offset;
    for (std::uint64_t round = 0; round < rounds; ++round) {
        const std::size_t n = cursor.fill(cols.data(), weights.data(), cols.size());
        indices.write(offset, cols.data(), n);
        data.write(offset, weights.data(), n);
        offset += n;
    }
    SORN_ASSERT(offset == nnz.offset + local_nnz);
}

void write_activity(hid_t parent, const char* name, const model::Activity& a, model::Range own) {
    std::vector<std::uint8_t> flags(own.size());
    for (Index r = 0; r < own.size(); ++r) flags[r] = a[own.begin + r];
    h5::write_vector(parent, name, a.size(), own.begin, flags.data(), flags.size());
}

// ---- reading ------------------------------------------------------------------------------

// What a dataset's elements may be stored as. Integers of any width and signedness (read
// through int64, so that an out-of-range value is caught by the range checks instead of
// wrapping), or floating point of any width. Never a real where an integer belongs: HDF5
// would truncate an index of 4.6 to 4 and an activity of 0.5 to 0.
enum class Stored { Integers, Reals };

const char* kind_text(h5::ObjectKind k) {
    switch (k) {
    case h5::ObjectKind::Group: return "a group";
    case h5::ObjectKind::Dataset: return "a dataset";
    case h5::ObjectKind::Other: return "neither a group nor a dataset";
    case h5::ObjectKind::Missing: break;
    }
    return "missing";
}

// Checked access to the objects of a saved network. Every check depends on metadata only,
// which is the same on every rank, so that all ranks throw alike; HDF5 failures (a damaged
// file) become a ConfigError on all ranks.
class Reader {
public:
    explicit Reader(const h5::File& f) : f_(f), comm_(f.comm()) {}

    std::string where(const std::string& object) const { return f_.path() + ": " + object; }

    /// fn() on every rank; an H5Error becomes the same ConfigError on every rank. Collective.
    template <class F> auto guard(const std::string& object, F&& fn) const {
        decltype(fn()) value{};
        std::string error;
        try {
            value = fn();
        } catch (const H5Error& e) {
            error = where(object) + ": cannot be read (truncated or damaged file?): " + e.what();
        }
        mpi::raise_if_any(comm_, error);
        return value;
    }

    /// The object at path must exist and be a `want` (a group or a dataset). Collective.
    void expect_kind(const std::string& path, h5::ObjectKind want) const {
        const h5::ObjectKind k = guard(path, [&] { return h5::object_kind(file(), path); });
        if (k == want) return;
        if (k == h5::ObjectKind::Missing)
            throw ConfigError(where(path) + ": missing (must be " + kind_text(want) + ")");
        throw ConfigError(where(path) + ": is " + kind_text(k) + ", must be " + kind_text(want));
    }

    /// The shape of a dataset whose elements are stored as `want` (`rule` says what they must
    /// be). Collective.
    std::vector<std::uint64_t> shape(const std::string& dataset, Stored want,
                                     const char* rule) const {
        expect_kind(dataset, h5::ObjectKind::Dataset);
        const h5::ElementType t = guard(dataset, [&] { return h5::element_type(file(), dataset); });
        const bool ok = want == Stored::Integers ? t.is_any_integer() : t.type_class == H5T_FLOAT;
        if (!ok)
            throw ConfigError(where(dataset) + ": stored as " + t.text() + ", must be " + rule);
        return guard(dataset, [&] { return h5::shape(file(), dataset); });
    }

    void expect_length(const std::string& dataset, std::uint64_t n, Stored want,
                       const char* rule) const {
        const auto s = shape(dataset, want, rule);
        if (s.size() != 1 || s[0] != n)
            throw ConfigError(where(dataset) + ": wrong shape, expected (" + std::to_string(n) +
                              ",)");
    }

    template <class T> std::vector<T> read(const std::string& dataset, std::uint64_t offset,
                                           std::uint64_t count) const {
        return guard(dataset, [&] { return h5::read_vector<T>(file(), dataset, offset, count); });
    }

    MPI_Comm comm() const { return comm_; }
    hid_t file() const { return f_.get(); }

private:
    const h5::File& f_;
    MPI_Comm comm_;
};

constexpr const char* integers = "integers (int64)";
constexpr const char* reals = "floating point (float64)";
constexpr const char* flags01 = "integers 0 or 1 (uint8)";

// An attribute that must exist with a given type; anything else is a bad file.
std::int64_t int_attribute(hid_t obj, const char* name, const std::string& where) {
    try {
        if (h5::attribute_exists(obj, name)) return h5::read_attribute_int64(obj, name);
    } catch (const H5Error&) {
        throw ConfigError(where + ": attribute " + name + " must be a scalar integer (int64)");
    }
    throw ConfigError(where + ": missing attribute " + name);
}

std::string string_attribute(hid_t obj, const char* name, const std::string& where) {
    try {
        if (h5::attribute_exists(obj, name)) return h5::read_attribute_string(obj, name);
    } catch (const H5Error&) {
        throw ConfigError(where + ": attribute " + name + " must be a string");
    }
    throw ConfigError(where + ": missing attribute " + name);
}

// A rank's entries [first, first + count) of a CSR group's indices and data, read in
// collective rounds of at most matrix_chunk entries. Every rank makes the same number of
// rounds (the largest rank's); the rounds past a rank's own end read nothing.
class EntryStream {
public:
    /// Collective.
    EntryStream(const Reader& in, const std::string& name, std::uint64_t first,
                std::uint64_t count)
        : in_(in), indices_path_(format::path(format::group::state, name, csr::indices)),
          data_path_(format::path(format::group::state, name, csr::data)),
          indices_(in.guard(indices_path_,
                            [&] {
                                return std::make_shared<h5::BlockVector<std::int64_t>>(
                                    h5::BlockVector<std::int64_t>::open(in.file(), indices_path_));
                            })),
          data_(in.guard(data_path_,
                         [&] {
                             return std::make_shared<h5::BlockVector<double>>(
                                 h5::BlockVector<double>::open(in.file(), data_path_));
                         })),
          next_(first), end_(first + count), chunk_(matrix_chunk) {
        rounds_ = (count + chunk_ - 1) / chunk_;
        SORN_MPI_CALL(MPI_Allreduce(MPI_IN_PLACE, &rounds_, 1, MPI_UINT64_T, MPI_MAX, in.comm()));
    }

    /// Reads the next round; false once every rank's rounds are done (and nothing is read).
    /// Collective.
    bool next() {
        if (round_ == rounds_) return false;
        ++round_;
        const std::uint64_t n = std::min(chunk_, end_ - next_);
        cols_.resize(n);
        weights_.resize(n);
        in_.guard(indices_path_, [&] {
            indices_->read(next_, cols_.data(), n);
            return true;
        });
        in_.guard(data_path_, [&] {
            data_->read(next_, weights_.data(), n);
            return true;
        });
        next_ += n;
        return true;
    }
    /// The entries of the last round (none once this rank is done). Local.
    std::size_t size() const { return cols_.size(); }
    const std::int64_t* cols() const { return cols_.data(); }
    const double* weights() const { return weights_.data(); }
    /// Frees the buffers. Local.
    void release() {
        std::vector<std::int64_t>().swap(cols_);
        std::vector<double>().swap(weights_);
    }

private:
    const Reader& in_;
    std::string indices_path_, data_path_;
    std::shared_ptr<h5::BlockVector<std::int64_t>> indices_;
    std::shared_ptr<h5::BlockVector<double>> data_;
    std::uint64_t next_, end_, chunk_, rounds_ = 0, round_ = 0;
    std::vector<std::int64_t> cols_;
    std::vector<double> weights_;
};

// The rows of a saved matrix, checked by read_matrix(), made while the PETSc matrix is built:
// the file is read a second time, in rounds, and only a round's entries are in memory.
class FileRows final : public model::RowSource {
public:
    /// Collective. `indptr`: global offsets of the local rows and the end.
    FileRows(std::shared_ptr<const h5::File> file, const std::string& name,
             std::vector<std::int64_t> indptr, model::Range own_cols, std::vector<PetscInt> d_nnz,
             std::vector<PetscInt> o_nnz)
        : file_(std::move(file)), in_(*file_), indptr_(std::move(indptr)), own_cols_(own_cols),
          d_nnz_(std::move(d_nnz)), o_nnz_(std::move(o_nnz)),
          entries_(in_, name, indptr_.front(), indptr_.back() - indptr_.front()) {}

    void count(model::Range own, std::vector<PetscInt>& d_nnz,
               std::vector<PetscInt>& o_nnz) override {
        SORN_ASSERT(own.begin == own_cols_.begin && own.end == own_cols_.end);
        d_nnz.swap(d_nnz_);
        o_nnz.swap(o_nnz_);
    }

    void row(Index r, std::vector<model::Synapse>& out) override {
        const auto n = static_cast<std::size_t>(indptr_[r + 1] - indptr_[r]);
        out.clear();
        out.reserve(n);
        while (out.size() < n) {
            if (pos_ == entries_.size()) {
                SORN_ASSERT(entries_.next() && entries_.size() > 0);
                pos_ = 0;
            }
            for (; pos_ < entries_.size() && out.size() < n; ++pos_)
                out.push_back({static_cast<Index>(entries_.cols()[pos_]), entries_.weights()[pos_]});
        }
    }

    void finish() override {
        while (entries_.next()) {
        }
        entries_.release();
    }

private:
    std::shared_ptr<const h5::File> file_; // open until the rows are in the matrix
    Reader in_;
    std::vector<std::int64_t> indptr_;
    model::Range own_cols_;
    std::vector<PetscInt> d_nnz_, o_nnz_;
    EntryStream entries_;
    std::size_t pos_ = 0; // the next entry of the current round
};

// Rows [own) of a CSR matrix, checked, as a source that reads them again while the matrix is
// built; `no_self`: column == row is an error (W_ee); `own_cols`: the columns of the diagonal
// block, whose synapses per row the check counts on the way (PETSc's preallocation).
std::unique_ptr<model::RowSource> read_matrix(const std::shared_ptr<const h5::File>& file,
                                              const std::string& name, Index N_rows,
                                              Index N_cols, model::Range own,
                                              model::Range own_cols, bool no_self) {
    const Reader in(*file);
    const std::string g = format::path(format::group::state, name);
    const std::string g_indptr = format::path(format::group::state, name, csr::indptr),
                      g_indices = format::path(format::group::state, name, csr::indices),
                      g_data = format::path(format::group::state, name, csr::data);
    in.expect_kind(g, h5::ObjectKind::Group);
    {
        h5::Handle group = in.guard(g, [&] { return h5::open_group(in.file(), g); });
        for (auto [attr, want] : {std::pair{csr::rows, N_rows}, std::pair{csr::cols, N_cols}})
            if (int_attribute(group.get(), attr, in.where(g)) != want)
                throw ConfigError(in.where(g) + ": attribute " + attr + " must be " +
                                  std::to_string(want) + " (the network's size in " +
                                  format::path(format::group::parameters) + ")");
    }
    in.expect_length(g_indptr, static_cast<std::uint64_t>(N_rows) + 1, Stored::Integers, integers);
    const auto nnz_shape = in.shape(g_indices, Stored::Integers, integers);
    if (nnz_shape.size() != 1 || in.shape(g_data, Stored::Reals, reals) != nnz_shape)
        throw ConfigError(in.where(g) + ": " + csr::indices + " and " + csr::data +
                          " must be 1-D of equal length");
    const auto nnz = static_cast<std::int64_t>(nnz_shape[0]);

    std::vector<std::int64_t> indptr = in.read<std::int64_t>(g_indptr, own.begin, own.size() + 1);
    std::string error;
    for (std::size_t r = 0; r + 1 < indptr.size() && error.empty(); ++r)
        if (indptr[r] < 0 || indptr[r] > indptr[r + 1] || indptr[r + 1] > nnz)
            error = in.where(g_indptr) + ": not a valid CSR row pointer at row " +
                    std::to_string(own.begin + r);
    if (own.begin == 0 && own.size() > 0 && indptr.front() != 0)
        error = in.where(g_indptr) + ": must start at 0";
    if (own.end == N_rows && indptr.back() != nnz)
        error = in.where(g_indptr) + ": last entry must equal the number of synapses";
    mpi::raise_if_any(in.comm(), error);

    // ---- the entries, checked in rounds, counted per row and block
    std::vector<PetscInt> d_nnz(own.size(), 0), o_nnz(own.size(), 0);
    {
        const std::uint64_t first = indptr.front(), count = indptr.back() - indptr.front();
        EntryStream entries(in, name, first, count);
        std::size_t r = 0;          // the local row of entry k
        std::int64_t k = indptr[0]; // global position of the next entry
        std::int64_t previous = -1; // the last column seen in row r
        while (entries.next()) {
            for (std::size_t i = 0; i < entries.size() && error.empty(); ++i, ++k) {
                for (; indptr[r + 1] <= k; ++r) previous = -1;
                const Index row = own.begin + static_cast<Index>(r);
                const std::int64_t c = entries.cols()[i];
                const double w = entries.weights()[i];
                if (c < 0 || c >= N_cols || c <= previous)
                    error = in.where(g_indices) + ": row " + std::to_string(row) +
                            " has columns out of range or not strictly ascending";
                else if (no_self && c == row)
                    error = in.where(g_indices) + ": self-synapse at row " + std::to_string(row);
                else if (!(w > 0.0 && w <= 1.0)) // also catches NaN
                    error = in.where(g_data) + ": weight " + std::to_string(w) + " at (" +
                            std::to_string(row) + ", " + std::to_string(c) + ") not in (0, 1]";
                if (!error.empty()) break;
                previous = c;
                (own_cols.contains(static_cast<Index>(c)) ? d_nnz : o_nnz)[r]++;
            }
        }
    }
    mpi::raise_if_any(in.comm(), error);
    return std::make_unique<FileRows>(file, name, std::move(indptr), own_cols, std::move(d_nnz),
                                      std::move(o_nnz));
}

// `rate`: values are target rates and must lie in (0, 1); otherwise any finite value.
std::vector<Real> read_values(const Reader& in, const std::string& name, Index N, model::Range own,
                              bool rate = false) {
    const std::string d = format::path(format::group::state, name);
    in.expect_length(d, N, Stored::Reals, reals);
    std::vector<Real> v = in.read<double>(d, own.begin, own.size());
    std::string error;
    for (std::size_t r = 0; r < v.size() && error.empty(); ++r)
        if (!std::isfinite(v[r]) || (rate && !(v[r] > 0.0 && v[r] < 1.0)))
            error = in.where(d) + ": value " + std::to_string(v[r]) + " at unit " +
                    std::to_string(own.begin + r) +
                    (rate ? " is not a rate in (0, 1)" : " is not finite");
    mpi::raise_if_any(in.comm(), error);
    return v;
}

// All active units: every rank needs the whole activity. Read as int64, not uint8, so that
// a stored -1 or 256 is refused rather than clipped to 0 or 255.
std::vector<Index> read_activity(const Reader& in, const std::string& name, Index N) {
    const std::string d = format::path(format::group::state, name);
    in.expect_length(d, N, Stored::Integers, flags01);
    const auto flags = in.read<std::int64_t>(d, 0, N);
    std::vector<Index> active;
    for (Index i = 0; i < N; ++i) {
        if (flags[i] != 0 && flags[i] != 1)
            throw ConfigError(in.where(d) + ": value " + std::to_string(flags[i]) + " at unit " +
                              std::to_string(i) + ", values must be 0 or 1");
        if (flags[i]) active.push_back(i);
    }
    return active;
}

} // namespace

void set_matrix_chunk_entries(std::size_t entries) {
    SORN_ASSERT(entries > 0);
    matrix_chunk = entries;
}

void write_header(hid_t file, const model::ModelParams& p) {
    h5::write_attribute(file, format::root::format, format::result_format);
    h5::write_attribute(file, format::root::format_version, format::version);
    h5::Handle params = h5::create_group(file, format::group::parameters);
    for (const Parameter& q : stored_parameters(p))
        std::visit([&](const auto& v) { h5::write_attribute(params.get(), q.name, v); }, q.value);
}

void write_state(hid_t state, const model::Network& n) {
    MPI_Comm comm = n.layout.comm;
    const Index N_e = n.layout.e.global_size(), N_i = n.layout.i.global_size();
    const model::Range e = n.layout.e.local(), i = n.layout.i.local();
    namespace S = format::state;
    h5::write_attribute(state, S::step, static_cast<std::int64_t>(n.step));
    write_matrix(comm, state, S::W_ee, n.W_ee, N_e);
    write_matrix(comm, state, S::W_ei, n.W_ei, N_e);
    write_matrix(comm, state, S::W_ie, n.W_ie, N_i);
    h5::write_vector(state, S::T_e, N_e, e.begin, n.T_e.data(), n.T_e.size());
    h5::write_vector(state, S::T_i, N_i, i.begin, n.T_i.data(), n.T_i.size());
    h5::write_vector(state, S::h_ip, N_e, e.begin, n.h_ip.data(), n.h_ip.size());
    write_activity(state, S::x, n.x, e);
    write_activity(state, S::y, n.y, i);
}

h5::File open_saved(MPI_Comm comm, const std::string& path) {
    h5::require_hdf5_file(comm, path, path); // before MPI-IO sees a directory or a FIFO
    h5::File f = [&] {
        try {
            return h5::File::open_read(comm, path);
        } catch (const H5Error&) {
            throw ConfigError(path + ": cannot open as an HDF5 file (truncated or damaged?)");
        }
    }();
    const char* format_attr = format::root::format;
    const char* version_attr = format::root::format_version;
    const std::string root = path + ": root",
                      sorn = std::string("\"") + format::result_format + "\"";
    if (!h5::attribute_exists(f.get(), format_attr))
        throw ConfigError(path + ": not a sorn file (no root attribute " + format_attr + " = " +
                          sorn + ")");
    if (string_attribute(f.get(), format_attr, root) != format::result_format)
        throw ConfigError(path + ": not a sorn file (root attribute " + format_attr + " is not " +
                          sorn + ")");
    const std::int64_t version = int_attribute(f.get(), version_attr, root);
    if (version != format::version)
        throw ConfigError(path + ": " + version_attr + " " + std::to_string(version) +
                          ", this build reads version " + std::to_string(format::version));
    return f;
}

std::vector<Parameter> read_parameters(const h5::File& f) {
    const Reader in(f);
    const std::string parameters = format::path(format::group::parameters);
    in.expect_kind(parameters, h5::ObjectKind::Group);
    h5::Handle g =
        in.guard(parameters, [&] { return h5::open_group(f.get(), format::group::parameters); });
    std::vector<Parameter> saved = model_parameters(model::ModelParams{}); // names and types
    for (Parameter& p : saved) {
        const std::string where = in.where("attribute " + parameters + "/" + p.name);
        if (!h5::attribute_exists(g.get(), p.name)) {
            if (find_parameter(p.name)->optional_attribute()) continue; // keeps the default
            throw ConfigError(where + ": missing");
        }
        const char* rule = "must be a scalar string";
        try {
            if (std::holds_alternative<double>(p.value)) {
                rule = "must be a scalar number (float64)";
                p.value = h5::read_attribute_double(g.get(), p.name);
            } else if (std::holds_alternative<std::int64_t>(p.value)) {
                rule = "must be a scalar integer (int64), not a real or a string";
                p.value = h5::read_attribute_int64(g.get(), p.name);
            } else {
                p.value = h5::read_attribute_string(g.get(), p.name);
            }
        } catch (const H5Error&) {
            throw ConfigError(where + ": " + rule);
        }
    }
    return saved;
}

model::LocalState read_state(h5::File file, const model::Layout& layout) {
    const auto shared = std::make_shared<const h5::File>(std::move(file));
    const h5::File& f = *shared;
    const Reader in(f);
    namespace S = format::state;
    const std::string state = format::path(format::group::state);
    in.expect_kind(state, h5::ObjectKind::Group);
    const Index N_e = layout.e.global_size(), N_i = layout.i.global_size();
    const model::Range e = layout.e.local(), i = layout.i.local();
    model::LocalState s;
    {
        h5::Handle g =
            in.guard(state, [&] { return h5::open_group(f.get(), format::group::state); });
        const std::int64_t step = int_attribute(g.get(), S::step, in.where(state));
        if (step < 0 || step > std::numeric_limits<Index>::max())
            throw ConfigError(in.where(state) + ": attribute " + S::step + " = " +
                              std::to_string(step) + " must lie in [0, " +
                              std::to_string(std::numeric_limits<Index>::max()) + "]");
        s.step = static_cast<Index>(step);
    }
    s.W_ee = read_matrix(shared, S::W_ee, N_e, N_e, e, e, true);
    s.W_ei = read_matrix(shared, S::W_ei, N_e, N_i, e, i, false);
    s.W_ie = read_matrix(shared, S::W_ie, N_i, N_e, i, e, false);
    s.T_e = read_values(in, S::T_e, N_e, e);
    s.T_i = read_values(in, S::T_i, N_i, i);
    s.h_ip = read_values(in, S::h_ip, N_e, e, true);
    s.x_active = read_activity(in, S::x, N_e);
    s.y_active = read_activity(in, S::y, N_i);
    return s;
}

} // namespace sorn::io
