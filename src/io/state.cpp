#include "sorn/io/state.hpp"

#include <cmath>
#include <cstdint>
#include <variant>
#include <vector>

#include "sorn/error.hpp"
#include "sorn/h5/dataset.hpp"
#include "sorn/mpi.hpp"

namespace sorn::io {

namespace {

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

// CSR with global row offsets: the rank owning the last row also writes indptr[N].
void write_matrix(MPI_Comm comm, hid_t parent, const char* name, const model::SynapticMatrix& W,
                  Index global_rows) {
    const model::LocalCsr csr = W.local_csr();
    const model::Range rows = W.rows();
    const Block nnz = block_of(comm, csr.indices.size());

    h5::Handle g = h5::create_group(parent, name);
    h5::write_attribute(g.get(), "rows", static_cast<std::int64_t>(global_rows));
    h5::write_attribute(g.get(), "cols", static_cast<std::int64_t>(W.global_cols()));

    const bool has_last_row = rows.size() > 0 && rows.end == global_rows;
    std::vector<std::int64_t> indptr(rows.size() + (has_last_row ? 1 : 0));
    for (std::size_t r = 0; r < indptr.size(); ++r)
        indptr[r] = static_cast<std::int64_t>(nnz.offset) + csr.indptr[r];
    h5::write_vector(g.get(), "indptr", global_rows + 1, rows.begin, indptr.data(), indptr.size());
    const std::vector<std::int64_t> indices(csr.indices.begin(), csr.indices.end());
    h5::write_vector(g.get(), "indices", nnz.total, nnz.offset, indices.data(), indices.size());
    h5::write_vector(g.get(), "data", nnz.total, nnz.offset, csr.weights.data(),
                     csr.weights.size());
}

void write_activity(hid_t parent, const char* name, const model::Activity& a, model::Range own) {
    std::vector<std::uint8_t> flags(own.size());
    for (Index r = 0; r < own.size(); ++r) flags[r] = a[own.begin + r];
    h5::write_vector(parent, name, a.size(), own.begin, flags.data(), flags.size());
}

// ---- reading ------------------------------------------------------------------------------

// Reads a dataset block; HDF5 failures (a truncated file) become a ConfigError on all ranks.
class Reader {
public:
    Reader(const h5::File& f) : f_(f), comm_(f.comm()) {}

    std::string where(const std::string& dataset) const { return f_.path() + ": " + dataset; }

    std::vector<std::uint64_t> shape(const std::string& dataset) const {
        if (!h5::exists(f_.get(), dataset)) throw ConfigError(where(dataset) + ": missing");
        return h5::shape(f_.get(), dataset);
    }

    void expect_length(const std::string& dataset, std::uint64_t n) const {
        const auto s = shape(dataset);
        if (s.size() != 1 || s[0] != n)
            throw ConfigError(where(dataset) + ": wrong shape, expected (" + std::to_string(n) +
                              ",)");
    }

    template <class T> std::vector<T> read(const std::string& dataset, std::uint64_t offset,
                                           std::uint64_t count) const {
        std::vector<T> v;
        std::string error;
        try {
            v = h5::read_vector<T>(f_.get(), dataset, offset, count);
        } catch (const H5Error& e) {
            error = where(dataset) + ": cannot be read (truncated or damaged file?): " + e.what();
        }
        mpi::raise_if_any(comm_, error);
        return v;
    }

    MPI_Comm comm() const { return comm_; }
    hid_t file() const { return f_.get(); }

private:
    const h5::File& f_;
    MPI_Comm comm_;
};

// Rows [own) of a CSR matrix, checked; `no_self`: column == row is an error (W_ee).
std::vector<std::vector<model::Synapse>> read_matrix(const Reader& in, const std::string& name,
                                                     Index N_rows, Index N_cols, model::Range own,
                                                     bool no_self) {
    const std::string g = "/state/" + name;
    if (!h5::exists(in.file(), g)) throw ConfigError(in.where(g) + ": missing");
    {
        h5::Handle group = h5::open_group(in.file(), g);
        for (auto [attr, want] : {std::pair{"rows", N_rows}, std::pair{"cols", N_cols}})
            if (!h5::attribute_exists(group.get(), attr) ||
                h5::read_attribute_int64(group.get(), attr) != want)
                throw ConfigError(in.where(g) + ": attribute " + attr + " must be " +
                                  std::to_string(want) + " (the network's size in /parameters)");
    }
    in.expect_length(g + "/indptr", static_cast<std::uint64_t>(N_rows) + 1);
    const auto nnz_shape = in.shape(g + "/indices");
    if (nnz_shape.size() != 1 || in.shape(g + "/data") != nnz_shape)
        throw ConfigError(in.where(g) + ": indices and data must be 1-D of equal length");
    const auto nnz = static_cast<std::int64_t>(nnz_shape[0]);

    const auto indptr = in.read<std::int64_t>(g + "/indptr", own.begin, own.size() + 1);
    std::string error;
    for (std::size_t r = 0; r + 1 < indptr.size() && error.empty(); ++r)
        if (indptr[r] < 0 || indptr[r] > indptr[r + 1] || indptr[r + 1] > nnz)
            error = in.where(g + "/indptr") + ": not a valid CSR row pointer at row " +
                    std::to_string(own.begin + r);
    if (own.begin == 0 && own.size() > 0 && indptr.front() != 0)
        error = in.where(g + "/indptr") + ": must start at 0";
    if (own.end == N_rows && indptr.back() != nnz)
        error = in.where(g + "/indptr") + ": last entry must equal the number of synapses";
    mpi::raise_if_any(in.comm(), error);

    const std::uint64_t first = indptr.front(), count = indptr.back() - indptr.front();
    const auto cols = in.read<std::int64_t>(g + "/indices", first, count);
    const auto weights = in.read<double>(g + "/data", first, count);
    std::vector<std::vector<model::Synapse>> rows(own.size());
    for (Index r = 0; r < own.size() && error.empty(); ++r) {
        const Index row = own.begin + r;
        for (std::int64_t k = indptr[r] - indptr[0]; k < indptr[r + 1] - indptr[0]; ++k) {
            const std::int64_t c = cols[k];
            const double w = weights[k];
            if (c < 0 || c >= N_cols || (!rows[r].empty() && c <= rows[r].back().col))
                error = in.where(g + "/indices") + ": row " + std::to_string(row) +
                        " has columns out of range or not strictly ascending";
            else if (no_self && c == row)
                error = in.where(g + "/indices") + ": self-synapse at row " + std::to_string(row);
            else if (!(w > 0.0 && w <= 1.0)) // also catches NaN
                error = in.where(g + "/data") + ": weight " + std::to_string(w) + " at (" +
                        std::to_string(row) + ", " + std::to_string(c) + ") not in (0, 1]";
            if (!error.empty()) break;
            rows[r].push_back({static_cast<Index>(c), w});
        }
    }
    mpi::raise_if_any(in.comm(), error);
    return rows;
}

// `rate`: values are target rates and must lie in (0, 1); otherwise any finite value.
std::vector<Real> read_values(const Reader& in, const std::string& name, Index N, model::Range own,
                              bool rate = false) {
    const std::string d = "/state/" + name;
    in.expect_length(d, N);
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

// All active units: every rank needs the whole activity.
std::vector<Index> read_activity(const Reader& in, const std::string& name, Index N) {
    const std::string d = "/state/" + name;
    in.expect_length(d, N);
    const auto flags = in.read<std::uint8_t>(d, 0, N);
    std::vector<Index> active;
    for (Index i = 0; i < N; ++i) {
        if (flags[i] > 1) throw ConfigError(in.where(d) + ": values must be 0 or 1");
        if (flags[i]) active.push_back(i);
    }
    return active;
}

// An attribute that must exist with a given type; anything else is a bad file.
std::int64_t int_attribute(hid_t obj, const char* name, const std::string& where) {
    try {
        if (h5::attribute_exists(obj, name)) return h5::read_attribute_int64(obj, name);
    } catch (const H5Error&) {
        throw ConfigError(where + ": attribute " + name + " must be an integer");
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

} // namespace

void write_header(hid_t file, const model::ModelParams& p) {
    h5::write_attribute(file, "format", "sorn");
    h5::write_attribute(file, "format_version", format_version);
    h5::Handle params = h5::create_group(file, "parameters");
    for (const Parameter& q : model_parameters(p))
        std::visit([&](const auto& v) { h5::write_attribute(params.get(), q.name, v); }, q.value);
}

void write_state(hid_t state, const model::Network& n) {
    MPI_Comm comm = n.layout.comm;
    const Index N_e = n.layout.e.global_size(), N_i = n.layout.i.global_size();
    const model::Range e = n.layout.e.local(), i = n.layout.i.local();
    h5::write_attribute(state, "step", static_cast<std::int64_t>(n.step));
    write_matrix(comm, state, "W_ee", n.W_ee, N_e);
    write_matrix(comm, state, "W_ei", n.W_ei, N_e);
    write_matrix(comm, state, "W_ie", n.W_ie, N_i);
    h5::write_vector(state, "T_e", N_e, e.begin, n.T_e.data(), n.T_e.size());
    h5::write_vector(state, "T_i", N_i, i.begin, n.T_i.data(), n.T_i.size());
    h5::write_vector(state, "h_ip", N_e, e.begin, n.h_ip.data(), n.h_ip.size());
    write_activity(state, "x", n.x, e);
    write_activity(state, "y", n.y, i);
}

h5::File open_saved(MPI_Comm comm, const std::string& path) {
    h5::File f = [&] {
        try {
            return h5::File::open_read(comm, path);
        } catch (const H5Error&) {
            throw ConfigError(path + ": cannot open (missing, truncated or not an HDF5 file)");
        }
    }();
    const std::string root = path + ": root";
    if (!h5::attribute_exists(f.get(), "format"))
        throw ConfigError(path + ": not a sorn file (no root attribute format = \"sorn\")");
    if (string_attribute(f.get(), "format", root) != "sorn")
        throw ConfigError(path + ": not a sorn file (root attribute format is not \"sorn\")");
    const std::int64_t version = int_attribute(f.get(), "format_version", root);
    if (version != format_version)
        throw ConfigError(path + ": format_version " + std::to_string(version) +
                          ", this build reads version " + std::to_string(format_version));
    return f;
}

std::vector<Parameter> read_parameters(const h5::File& f) {
    if (!h5::exists(f.get(), "parameters"))
        throw ConfigError(f.path() + ": missing group /parameters");
    h5::Handle g = h5::open_group(f.get(), "parameters");
    std::vector<Parameter> saved = model_parameters(model::ModelParams{}); // names and types
    for (Parameter& p : saved) {
        if (!h5::attribute_exists(g.get(), p.name))
            throw ConfigError(f.path() + ": missing attribute /parameters/" + p.name);
        try {
            if (std::holds_alternative<double>(p.value))
                p.value = h5::read_attribute_double(g.get(), p.name);
            else if (std::holds_alternative<std::int64_t>(p.value))
                p.value = h5::read_attribute_int64(g.get(), p.name);
            else
                p.value = h5::read_attribute_string(g.get(), p.name);
        } catch (const H5Error&) {
            throw ConfigError(f.path() + ": attribute /parameters/" + p.name +
                              " has the wrong type");
        }
    }
    return saved;
}

model::LocalState read_state(const h5::File& f, const model::Layout& layout) {
    const Reader in(f);
    if (!h5::exists(f.get(), "state")) throw ConfigError(f.path() + ": missing group /state");
    const Index N_e = layout.e.global_size(), N_i = layout.i.global_size();
    const model::Range e = layout.e.local(), i = layout.i.local();
    model::LocalState s;
    {
        h5::Handle g = h5::open_group(f.get(), "state");
        s.step = static_cast<Index>(int_attribute(g.get(), "step", in.where("/state")));
        if (s.step < 0) throw ConfigError(in.where("/state") + ": attribute step must be >= 0");
    }
    s.W_ee = read_matrix(in, "W_ee", N_e, N_e, e, true);
    s.W_ei = read_matrix(in, "W_ei", N_e, N_i, e, false);
    s.W_ie = read_matrix(in, "W_ie", N_i, N_e, i, false);
    s.T_e = read_values(in, "T_e", N_e, e);
    s.T_i = read_values(in, "T_i", N_i, i);
    s.h_ip = read_values(in, "h_ip", N_e, e, true);
    s.x_active = read_activity(in, "x", N_e);
    s.y_active = read_activity(in, "y", N_i);
    return s;
}

} // namespace sorn::io
