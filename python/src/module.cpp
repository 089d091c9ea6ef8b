// sorn._sorn: the pybind11 bindings of api::Network (docs/API.md, docs/PYTHON.md). The Python
// layer (python/sorn/*.py) turns keyword arguments into options and arrays into objects.
//
// Errors: bad input (ConfigError, detected alike on every rank) -> ValueError, or OSError when it
// is a file's problem (FileError: missing, unreadable, not HDF5, may not be replaced); any
// other error on one process ->
// RuntimeError; on several ranks it is printed and MPI_Abort ends every rank, since the others
// may be waiting in a collective.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <petscsys.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sorn/api/gather.hpp"
#include "sorn/api/network.hpp"
#include "sorn/error.hpp"
#include "sorn/io/parameter_table.hpp"
#include "sorn/mpi.hpp"
#include "sorn/petsc/session.hpp"

namespace py = pybind11;
using namespace sorn;

void bind_analysis(py::module_& m); // analysis_bindings.cpp

namespace {

bool petsc_started_here = false;

// PETSc (and MPI, unless mpi4py or the caller started it) for the interpreter's lifetime.
void initialize() {
    PetscBool started = PETSC_FALSE;
    SORN_PETSC_CALL(PetscInitialized(&started));
    if (started) return;
    // Python owns the signals (Ctrl-C raises KeyboardInterrupt).
    SORN_PETSC_CALL(PetscOptionsSetValue(nullptr, "-no_signal_handler", nullptr));
    sorn::petsc::allocate_on_huge_pages(0, nullptr);
    SORN_PETSC_CALL(PetscInitializeNoArguments());
    SORN_MPI_CALL(MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN));
    petsc_started_here = true;
}

void finalize() {
    PetscBool finalized = PETSC_TRUE;
    PetscFinalized(&finalized);
    if (petsc_started_here && !finalized) PetscFinalize();
    petsc_started_here = false;
}

bool mpi_running() {
    int initialized = 0, finalized = 0;
    MPI_Initialized(&initialized);
    MPI_Finalized(&finalized);
    return initialized && !finalized;
}

// An error that only this rank may have: with other ranks it cannot be raised (they would wait
// in a collective forever), so every rank ends.
void raise_or_abort(const char* what) {
    int size = 1;
    if (mpi_running()) MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size == 1) {
        PyErr_SetString(PyExc_RuntimeError, what);
        return;
    }
    std::fprintf(stderr, "[rank %d] sorn: error: %s\n",
                 mpi_running() ? mpi::rank(MPI_COMM_WORLD) : -1, what);
    std::fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, 1);
}

// A network with its own communicator (a duplicate: the library's messages never meet the
// caller's) and a close() that frees both before PETSc is finalized.
class PyNetwork {
public:
    PyNetwork(std::optional<long> comm_handle, const std::vector<std::string>& options,
              const std::string& description) {
        const MPI_Comm user =
            comm_handle ? MPI_Comm_f2c(static_cast<MPI_Fint>(*comm_handle)) : MPI_COMM_WORLD;
        SORN_MPI_CALL(MPI_Comm_dup(user, &comm_));
        SORN_MPI_CALL(MPI_Comm_set_errhandler(comm_, MPI_ERRORS_RETURN));
        try {
            net_ = std::make_unique<api::Network>(
                comm_, api::setup_from_options(comm_, options, description));
        } catch (...) {
            MPI_Comm_free(&comm_);
            throw;
        }
    }
    ~PyNetwork() { close(); }

    void close() {
        net_.reset();
        if (comm_ != MPI_COMM_NULL && mpi_running()) MPI_Comm_free(&comm_);
        comm_ = MPI_COMM_NULL;
    }

    api::Network& net() {
        if (!net_) throw std::invalid_argument("the network is closed");
        return *net_;
    }

private:
    MPI_Comm comm_ = MPI_COMM_NULL;
    std::unique_ptr<api::Network> net_;
};

template <class T> py::array_t<T> to_numpy(const std::vector<T>& v) {
    return py::array_t<T>(static_cast<py::ssize_t>(v.size()), v.data());
}

py::array_t<std::uint8_t> activity(const model::Activity& a) {
    py::array_t<std::uint8_t> out(a.size());
    std::uint8_t* p = out.mutable_data();
    for (Index i = 0; i < a.size(); ++i) p[i] = a[i];
    return out;
}

py::dict matrix(const model::SynapticMatrix& W, const model::Partition& rows) {
    const api::GatheredMatrix g = api::gather_matrix(W, rows);
    py::dict d;
    d["shape"] = py::make_tuple(g.rows, g.cols);
    d["indptr"] = to_numpy(g.indptr);
    d["indices"] = to_numpy(g.indices);
    d["data"] = to_numpy(g.data);
    return d;
}

// Rows of u(t): steps x N_u, C order, float64, the same on every rank.
const double* input_rows(const py::array_t<double, py::array::c_style | py::array::forcecast>& u,
                         Index rows, Index N_u, const char* what) {
    const bool ok = (rows == 1 && u.ndim() == 1 && u.shape(0) == N_u) ||
                    (u.ndim() == 2 && u.shape(0) == rows && u.shape(1) == N_u);
    if (!ok)
        throw py::value_error(std::string(what) + ": shape must be (" +
                              (rows == 1 ? "" : std::to_string(rows) + ", ") + std::to_string(N_u) +
                              "), one value per input unit (nu)");
    return u.data();
}

io::RunParams run_params(Index steps, const std::vector<std::string>& options) {
    std::vector<std::string> all = options;
    all.push_back("--steps=" + std::to_string(steps));
    std::vector<const char*> argv{"sorn"};
    for (const std::string& o : all) argv.push_back(o.c_str());
    return io::parse_command_line(static_cast<int>(argv.size()), argv.data()).config.run;
}

} // namespace

PYBIND11_MODULE(_sorn, m) {
    m.doc() = "Bindings of the sorn C++ library (docs/PYTHON.md). Use the package sorn.";
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const FileError& e) {
            PyErr_SetString(PyExc_OSError, e.what());
        } catch (const ConfigError& e) {
            PyErr_SetString(PyExc_ValueError, e.what());
        } catch (const Error& e) {
            raise_or_abort(e.what());
        }
    });
    m.def("initialize", &initialize, "Starts PETSc (and MPI if needed). Collective.");
    m.def("finalize", &finalize, "Ends PETSc if initialize() started it. Collective.");
    bind_analysis(m);

    py::class_<PyNetwork>(m, "Network")
        .def(py::init<std::optional<long>, const std::vector<std::string>&, const std::string&>(),
             py::arg("comm"), py::arg("options"), py::arg("description"))
        .def("close", &PyNetwork::close)
        .def("step",
             [](PyNetwork& n) {
                 py::gil_scoped_release release;
                 n.net().step();
             })
        .def("step_with",
             [](PyNetwork& n,
                const py::array_t<double, py::array::c_style | py::array::forcecast>& u) {
                 api::Network& net = n.net();
                 const double* p = input_rows(u, 1, net.params().network.N_u, "u");
                 py::gil_scoped_release release;
                 net.step(p);
             })
        .def("run",
             [](PyNetwork& n, Index steps, const std::vector<std::string>& options,
                std::optional<py::array_t<double, py::array::c_style | py::array::forcecast>>
                    inputs) {
                 api::Network& net = n.net();
                 const io::RunParams run = run_params(steps, options);
                 const double* u =
                     inputs ? input_rows(*inputs, steps, net.params().network.N_u, "inputs")
                            : nullptr;
                 api::RunSummary s;
                 {
                     py::gil_scoped_release release;
                     s = net.run(run, u);
                 }
                 py::dict d;
                 d["steps"] = s.steps;
                 d["seconds"] = s.seconds;
                 d["recording_seconds"] = s.recording_seconds;
                 d["mean_rate"] = s.steps > 0
                                      ? s.e_spikes / (static_cast<double>(s.steps) *
                                                      static_cast<double>(net.params().network.N_e))
                                      : 0.0;
                 return d;
             })
        .def("save", [](PyNetwork& n, const std::string& path,
                        bool overwrite) { n.net().save(path, overwrite); })
        .def("frozen", [](PyNetwork& n) { return n.net().frozen(); })
        .def("set_frozen", [](PyNetwork& n, const model::RuleFlags& f) { n.net().set_frozen(f); })
        .def("x", [](PyNetwork& n) { return activity(n.net().state().x); })
        .def("y", [](PyNetwork& n) { return activity(n.net().state().y); })
        .def("step_count", [](PyNetwork& n) { return n.net().step_count(); })
        .def("local_e",
             [](PyNetwork& n) {
                 const model::Range r = n.net().state().layout.e.local();
                 return py::make_tuple(r.begin, r.end);
             })
        .def("local_recurrent", [](PyNetwork& n) { return to_numpy(n.net().recurrent()); })
        .def("local_te", [](PyNetwork& n) { return to_numpy(n.net().state().T_e); })
        .def("gathered_state",
             [](PyNetwork& n) {
                 const api::Network& net = n.net();
                 const model::Network& s = net.state();
                 py::dict d;
                 d["Wee"] = matrix(s.W_ee, s.layout.e);
                 d["Wei"] = matrix(s.W_ei, s.layout.e);
                 d["Wie"] = matrix(s.W_ie, s.layout.i);
                 d["Te"] = to_numpy(api::gather_vector(net.comm(), s.T_e, s.layout.e));
                 d["Ti"] = to_numpy(api::gather_vector(net.comm(), s.T_i, s.layout.i));
                 d["h_ip"] = to_numpy(api::gather_vector(net.comm(), s.h_ip, s.layout.e));
                 d["X"] = activity(s.x);
                 d["Y"] = activity(s.y);
                 d["step"] = s.step;
                 return d;
             })
        .def("parameters", [](PyNetwork& n) {
            py::dict d;
            for (const io::Parameter& p : io::model_parameters(n.net().params()))
                std::visit([&](const auto& v) { d[p.name.c_str()] = v; }, p.value);
            return d;
        });
}
