"""The Python package's v0.7.3 API on the engine: Simulator.simulate_sorn, Trainer.train_sorn
(docs/PYTHON.md, "The package's API"; what differs from the package: docs/PACKAGE.md).

    from sorn import Simulator, Trainer
    state, callbacks = Simulator.simulate_sorn(inputs=np.random.rand(10, 5000), phase="plasticity",
                                               matrices=None, timesteps=5000, noise=True,
                                               callbacks=["ExcitatoryActivation", "WEE"])
    state, callbacks = Trainer.train_sorn(inputs=u, phase="training", matrices=state, timesteps=1)

`state` is the package's dict of dense numpy arrays (Wee[pre][post], ...); passing it back as
`matrices` continues the network in place (no conversion), unless it was changed. `matrices`
may also be a dict the package made (it is converted once), the dict sorn.Network.state()
returns, or a sorn.Network (stepped as it is).

Every call is collective under mpirun (the same arguments on every rank); every rank gets the
whole result.
"""

import atexit
import json
import os
import shutil
import tempfile
import types

import numpy as np

from . import _sorn, package_state
from .network import RULES, Network, _rule

# The package's callback names, in the order of its avail_callbacks.
CALLBACKS = ("ExcitatoryActivation", "InhibitoryActivation", "RecurrentActivation", "WEE", "WEI",
             "TE", "TI", "EIConnectionCounts", "EEConnectionCounts")
# The keyword arguments the package's simulate_sorn/train_sorn accept (its kwargs_); ours accept
# every model option of sorn.Network besides (noise_sigma, seed, input_gain, ...).
PACKAGE_PARAMETERS = ("ne", "nu", "network_type_ee", "network_type_ei", "network_type_ie",
                      "lambda_ee", "lambda_ei", "lambda_ie", "eta_stdp", "eta_inhib", "eta_ip",
                      "te_max", "ti_max", "ti_min", "te_min", "mu_ip", "sigma_ip")
PACKAGE_NOISE_SIGMA = 0.04  # the package's fixed sigma of noise=True
PACKAGE_NU = 10  # the package's default nu
# The package's behaviour where ours differs by default (docs/PACKAGE.md items 2-7); given
# parameters override them. The first two shape only the initial network.
BUILD_OPTIONS = {"ee_degree": "package", "ei_degree": "package"}
RUN_OPTIONS = {"ip_clip": True, "ip_target": "package", "sp_sampling": "pair",
               "count_timing": "before"}

_last = None  # the session of the last call: its network and the dict it returned
_workdir = None


# ---- the file format's names ---------------------------------------------------------------
def _namespace(d):
    return types.SimpleNamespace(
        **{k: _namespace(v) if isinstance(v, dict) else v for k, v in d.items()})


_schema = None


def schema():
    """(names, {recording name: kind}) of include/sorn/format (sorn-simulate --print-schema)."""
    global _schema
    if _schema is None:
        doc = json.loads(_sorn.schema_json())
        _schema = (_namespace(doc["names"]), {r["name"]: r["kind"] for r in doc["recordings"]})
    return _schema


# ---- MPI -------------------------------------------------------------------------------------
def _mpi(comm):
    """The mpi4py communicator of the network (comm, or the world) and its size."""
    from mpi4py import MPI

    c = MPI.COMM_WORLD if comm is None else comm
    return c, c.Get_size()


def _work_dir(comm):
    """A temporary directory, the same on every rank (removed at exit): in $SORN_TMPDIR, else
    the system's on one process and the working directory (shared by the nodes) on several."""
    global _workdir
    if _workdir is None:
        c, size = _mpi(comm)
        parent = os.environ.get("SORN_TMPDIR") or (os.getcwd() if size > 1 else None)
        path = tempfile.mkdtemp(prefix=".sorn-package-", dir=parent) if c.Get_rank() == 0 \
            else None
        _workdir = c.bcast(path, root=0) if size > 1 else path
        if c.Get_rank() == 0:
            atexit.register(shutil.rmtree, _workdir, True)
    return _workdir


# ---- arguments -------------------------------------------------------------------------------
def _phase(phase):
    p = phase.lower() if isinstance(phase, str) else phase
    if p not in ("plasticity", "training"):
        raise ValueError(f"phase = {phase!r}: must be 'plasticity' or 'training'")
    return p


def _names(value, what, allowed=None):
    if value is None:
        return []
    if isinstance(value, str) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{what} = {value!r}: must be a list of names")
    if allowed is not None:
        bad = [v for v in value if v not in allowed]
        if bad:
            raise ValueError(f"{what}: {', '.join(bad)} not available; the {what} are "
                             f"{', '.join(allowed)}")
    return list(value)


def _parameters(params, noise):
    """Our option keywords of the package's keywords (and ours)."""
    if not isinstance(noise, (bool, np.bool_)):
        raise ValueError(f"noise = {noise!r}: must be True or False")
    out = {}
    for k, v in params.items():
        if k.startswith("network_type_") and isinstance(v, str):
            v = v.lower()  # the package's "Sparse", "Dense"
        out[k] = v
    sigma = out.pop("noise_sigma", PACKAGE_NOISE_SIGMA)
    out["noise_sigma"] = float(sigma) if noise else 0.0
    return out


def _input_rows(inputs, nu, steps):
    """u(t) of the `steps` steps as (steps, nu) float64, or None for the network's source.
    inputs: the package's (nu, T >= steps) array; also one value (every unit, every step), nu
    values (every step), or (1, nu) for a single step (the seed README's env.reset()[None, :])."""
    if inputs is None:
        return None
    try:
        a = np.asarray(inputs, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise ValueError(f"inputs: not a numeric array ({e})")
    if a.size == 1 and a.ndim <= 1:
        return np.full((steps, nu), a.reshape(-1)[0])
    if a.ndim == 1 and a.shape[0] == nu:
        return np.tile(a, (steps, 1))
    if a.ndim == 2 and a.shape[0] == nu and a.shape[1] >= steps:
        return np.ascontiguousarray(a[:, :steps].T)
    if a.ndim == 2 and a.shape == (1, nu) and steps == 1:
        return a
    raise ValueError(f"inputs: shape {a.shape} must be (nu, timesteps) = ({nu}, {steps}): one "
                     "row per input unit, one column per step")


def _inferred_nu(inputs, params):
    if "nu" in params:
        return params["nu"]
    if inputs is not None:
        a = np.asarray(inputs)
        if a.ndim == 2:
            return a.shape[1] if a.shape[0] == 1 and a.shape[1] > 1 else a.shape[0]
        if a.ndim == 1 and a.size > 1:
            return a.size
    return PACKAGE_NU


def _steps(timesteps, inputs):
    if timesteps is None:
        a = None if inputs is None else np.asarray(inputs)
        if a is None or a.ndim != 2:
            raise ValueError("timesteps: must be given (an integer >= 0) unless inputs is a "
                             "(nu, T) array")
        return a.shape[1]
    if isinstance(timesteps, (bool, np.bool_)) or not isinstance(timesteps, (int, np.integer)) \
            or timesteps < 0:
        raise ValueError(f"timesteps = {timesteps!r}: must be an integer >= 0")
    return int(timesteps)


# ---- sessions: a network and what the package's dict needs beyond it -----------------------
class PackageState(dict):
    """The package's state dict (Wee, Wei, Wie, Te, Ti, X, Y: read-only numpy arrays), which
    also remembers the network's time step and parameters, so that it continues exactly when it
    is passed back as `matrices`, even after other calls (or pickled: it is a dict)."""

    def __init__(self, arrays, step, parameters):
        super().__init__(arrays)
        self.step = step
        self.parameters = parameters


class _Session:
    def __init__(self, net, owned, options, x_prev=None, y_prev=None):
        self.net = net
        self.owned = owned  # made here (closed when replaced), else the caller's sorn.Network
        self.options = options  # the options it was made with (owned only)
        self.x_prev = np.zeros_like(net.x) if x_prev is None else x_prev
        self.y_prev = np.zeros_like(net.y) if y_prev is None else y_prev
        self.returned = None  # the dict of the last call and its arrays
        self.arrays = None
        self.parameters = net.parameters
        s = net._net.gathered_state()
        self.counts = (_synapses(s["Wee"]), _synapses(s["Wei"]))

    def close(self):
        if self.owned:
            self.net.close()


def _synapses(m):
    """The synapses (weight > 0) of a gathered CSR matrix (the engine's dict)."""
    return int(np.count_nonzero(m["data"] > 0.0))


def _returned_unchanged(matrices):
    """True if matrices is the dict the last call returned, with its own (read-only) arrays."""
    s = _last
    return (s is not None and matrices is s.returned and s.net._net is not None
            and all(matrices.get(k) is a for k, a in s.arrays.items()))


def _session(matrices, inputs, params, comm):
    """The session that continues `matrices` (None: a new network) with the options `params`."""
    global _last
    if matrices is not None and _returned_unchanged(matrices):
        s = _last
        if s.owned and s.options != params:  # noise or parameters changed: save and load
            path = os.path.join(_work_dir(comm), "rebuild.h5")
            s.net.save(path, overwrite=True)
            s.net.close()
            s.net = Network.load(path, comm=comm, **params)
            s.options, s.parameters = dict(params), s.net.parameters
        return s
    if isinstance(matrices, Network):
        if _last is not None and _last.net is matrices:
            return _last
        s = _Session(matrices, False, None)
    elif matrices is None:
        options = {**BUILD_OPTIONS, **params}
        options.setdefault("nu", _inferred_nu(inputs, params))
        s = _Session(Network(comm=comm, **options), True, dict(params))
    elif isinstance(matrices, dict):
        s = _converted(matrices, inputs, params, comm)
    else:
        raise ValueError("matrices: must be None, the package's dict of numpy arrays (Wee, Wei, "
                         "Wie, Te, Ti, X, Y), the dict sorn.Network.state() returns, or a "
                         f"sorn.Network; got {type(matrices).__name__}")
    if _last is not None and _last is not s:
        _last.close()
    _last = s
    return s


def _converted(matrices, inputs, params, comm):
    """A network holding `matrices` (the package's dict, or ours from state()): a checkpoint
    of a network of the same size and parameters with its /state replaced, loaded."""
    import scipy.sparse

    ours = scipy.sparse.issparse(matrices.get("Wee"))
    if ours:  # rows = postsynaptic: the package's orientation is the transpose
        try:
            pkg = {k: (matrices[k].toarray().T if k in ("Wee", "Wei", "Wie") else matrices[k])
                   for k in package_state.KEYS}
        except (KeyError, AttributeError) as e:
            raise ValueError(f"matrices: not the dict sorn.Network.state() returns ({e!r})")
    else:
        pkg = matrices
    Ne, Ni, dense, vectors = package_state.checked(pkg, "matrices")
    for name, value in (("ne", Ne), ("ni", Ni)):
        if name in params and params[name] != value:
            raise ValueError(f"{name} = {params[name]!r} contradicts matrices ({name} = {value})")
    saved = getattr(matrices, "parameters", None)  # a PackageState: the network's own
    if saved is not None:
        options = {k.replace("-", "_"): v for k, v in saved.items() if k not in ("ni", "freeze")}
        step = matrices.step
    else:
        options = {} if ours else dict(BUILD_OPTIONS)
        options["nu"] = _inferred_nu(inputs, params)
        # The package's default lambdas, where a small network allows less.
        for name, default, limit in (("lambda_ee", 20, Ne - 1), ("lambda_ei", 40, Ne)):
            if name not in params and limit < default:
                options[name] = limit
        step = int(matrices.get("step", 0)) if ours else 0
    options.update(ne=Ne, inhibitory_ratio=package_state.ratio_for(Ne, Ni))
    options.update((k, v) for k, v in params.items() if k != "ni")
    path = os.path.join(_work_dir(comm), "matrices.h5")
    template = Network(comm=comm, **options)
    template.save(path, overwrite=True)
    template.close()
    c, size = _mpi(comm)
    if c.Get_rank() == 0:
        _replace_state(path, dense, vectors, Ne,
                       h_ip=np.asarray(matrices["h_ip"], dtype=np.float64) if ours and "h_ip"
                       in matrices else None,
                       step=step)
    if size > 1:
        c.Barrier()
    net = Network.load(path, comm=comm, **params)
    return _Session(net, True, dict(params), vectors["X_prev"], vectors["Y_prev"])


def _replace_state(path, dense, vectors, Ne, h_ip, step):
    import h5py

    N, _ = schema()
    S, C = N.state, N.csr
    with h5py.File(path, "r+") as f:
        g = f[N.group.state]
        for name in (S.W_ee, S.W_ei, S.W_ie, S.T_e, S.T_i, S.x, S.y) + \
                ((S.h_ip,) if h_ip is not None else ()):
            del g[name]
        g.attrs[S.step] = np.int64(step)
        for name in (S.W_ee, S.W_ei, S.W_ie):
            W = dense[name]
            indptr, indices, data = package_state.csr(W)
            m = g.create_group(getattr(S, name))
            m.attrs[C.rows] = np.int64(W.shape[0])
            m.attrs[C.cols] = np.int64(W.shape[1])
            m.create_dataset(C.indptr, data=indptr, dtype="<i8")
            m.create_dataset(C.indices, data=indices, dtype="<i8")
            m.create_dataset(C.data, data=data, dtype="<f8")
        g.create_dataset(S.T_e, data=vectors["Te"], dtype="<f8")
        g.create_dataset(S.T_i, data=vectors["Ti"], dtype="<f8")
        if h_ip is not None:
            if h_ip.shape != (Ne,):
                raise ValueError(f"matrices: h_ip must have shape ({Ne},)")
            g.create_dataset(S.h_ip, data=h_ip, dtype="<f8")
        g.create_dataset(S.x, data=vectors["X"], dtype="u1")
        g.create_dataset(S.y, data=vectors["Y"], dtype="u1")


# ---- running and recording -------------------------------------------------------------------
def _package_matrix(m):
    """A gathered CSR matrix of ours (the engine's dict; rows = postsynaptic) as the package's
    dense [pre][post]."""
    rows, cols = m["shape"]
    out = np.zeros((cols, rows))
    out[m["indices"], np.repeat(np.arange(rows), np.diff(m["indptr"]))] = m["data"]
    return out


def _read_recordings(path, names, size, comm):
    """{name: the package's array} of the recordings `names` of the result file path."""
    import h5py

    if size > 1:
        _mpi(comm)[0].Barrier()
    N, kinds = schema()
    out = {}
    with h5py.File(path, "r") as f:
        g = f[N.group.recordings]
        ne, ni = int(f[N.group.parameters].attrs["ne"]), int(f[N.group.parameters].attrs["ni"])
        for name in names:
            d, kind = g[name], kinds[name]
            if kind == "spikes":
                a = np.unpackbits(d[()], axis=1, bitorder=N.spikes.little)
                a = a[:, :int(d.attrs[N.spikes.units])]
                out[name] = a[:, :, None] if name == "RecurrentActivation" else a
            elif kind == "counts":
                out[name] = d[()].astype(np.int64)
            elif kind == "snapshots":
                out[name] = d[()][:, :, None]
            else:  # a sparse series [post][pre]: the package's dense [pre][post]
                Q = N.sparse_series
                offset = d[Q.offset][()]
                S = len(offset) - 1
                cols = ne if name == "WEE" else ni
                a = np.zeros((S, cols, ne))
                snap = np.repeat(np.arange(S), np.diff(offset))
                a[snap, d[Q.col][()], d[Q.row][()]] = d[Q.weight][()]
                out[name] = a
    return out


def _simulate(inputs, phase, matrices, timesteps, noise, freeze, callbacks, params, all_frozen):
    """The common body: returns (state dict, callbacks dict, session)."""
    params = dict(params)
    comm = params.pop("comm", None)
    phase = _phase(phase)
    rules = [RULES[_rule(r)] for r in _names(freeze, "freeze")]
    wanted = _names(callbacks, "callbacks", CALLBACKS)
    steps = _steps(timesteps, inputs)
    params = _parameters(params, noise)
    s = _session(matrices, inputs, dict(RUN_OPTIONS, **params), comm)
    net = s.net
    u = _input_rows(inputs, int(s.parameters["nu"]), steps)
    frozen = RULES if all_frozen(phase) else rules
    net._net.set_frozen([r in frozen for r in RULES])

    _, size = (None, 1) if not wanted else _mpi(comm)
    counts_before = s.counts
    got = {}
    if steps > 0 and (not wanted or (steps == 1 and (size == 1 or
                                                     "RecurrentActivation" not in wanted))):
        if steps > 1:
            net.run(steps - 1, inputs=None if u is None else u[:-1])
        s.x_prev, s.y_prev = net.x, net.y
        net.step(None if u is None else u[-1])
        got = {"ExcitatoryActivation": net.x[None, :], "InhibitoryActivation": net.y[None, :],
               "RecurrentActivation": net.r[None, :, None]}
    elif steps > 0:
        record = [n for n in CALLBACKS if n in wanted or n in ("ExcitatoryActivation",
                                                               "InhibitoryActivation")]
        path = os.path.join(_work_dir(comm), "run.h5")
        x0, y0 = net.x, net.y
        net.run(steps, inputs=u, output=path, record=record, record_every=1, overwrite=True)
        got = _read_recordings(path, record, size, comm)
        E, I = got["ExcitatoryActivation"], got["InhibitoryActivation"]
        s.x_prev, s.y_prev = (E[-2], I[-2]) if steps >= 2 else (x0, y0)
        if s.parameters.get("count-timing", "after") == "after":  # the package counts before
            for name, first in (("EEConnectionCounts", counts_before[0]),
                                ("EIConnectionCounts", counts_before[1])):
                if name in got:
                    got[name] = np.concatenate(([first], got[name][:-1])).astype(np.int64)

    last = s.returned
    if last is not None and last.step + steps == net.t and \
            all(r in frozen for r in ("stdp", "sp", "istdp", "ip")):
        # Nothing changed but x and y (W_ie and T_i never change; SS leaves unchanged rows
        # alone): the last arrays are still true, and read-only. Saves the gathering.
        state = {k: s.arrays[k] for k in ("Wee", "Wei", "Wie", "Te", "Ti")}
        x, y, step = net.x, net.y, net.t
    else:
        st = net._net.gathered_state()
        s.counts = (_synapses(st["Wee"]), _synapses(st["Wei"]))
        state = {"Wee": _package_matrix(st["Wee"]), "Wei": _package_matrix(st["Wei"]),
                 "Wie": _package_matrix(st["Wie"]), "Te": st["Te"][:, None].copy(),
                 "Ti": st["Ti"][:, None].copy()}
        x, y, step = st["X"], st["Y"], st["step"]
    state["X"] = np.column_stack((s.x_prev, x)).astype(np.float64)
    state["Y"] = np.column_stack((s.y_prev, y)).astype(np.float64)
    for a in state.values():
        a.setflags(write=False)
    state = PackageState(state, step, s.parameters)
    s.returned, s.arrays = state, dict(state)

    out = {}
    for name in wanted:
        if name in got:
            out[name] = got[name]
        elif steps == 0:
            out[name] = _empty(name, state)
        elif name == "WEE":
            out[name] = state["Wee"][None].copy()
        elif name == "WEI":
            out[name] = state["Wei"][None].copy()
        elif name == "TE":
            out[name] = state["Te"][None].copy()
        elif name == "TI":
            out[name] = state["Ti"][None].copy()
        elif name == "EEConnectionCounts":
            out[name] = np.array([counts_before[0]], dtype=np.int64)
        elif name == "EIConnectionCounts":
            out[name] = np.array([counts_before[1]], dtype=np.int64)
    return state, out, s


def _empty(name, state):
    shapes = {"ExcitatoryActivation": (0, len(state["X"])), "InhibitoryActivation":
              (0, len(state["Y"])), "RecurrentActivation": (0, len(state["X"]), 1),
              "WEE": (0,) + state["Wee"].shape, "WEI": (0,) + state["Wei"].shape,
              "TE": (0,) + state["Te"].shape, "TI": (0,) + state["Ti"].shape}
    if name in shapes:
        return np.zeros(shapes[name], dtype=np.uint8 if "Activation" in name else np.float64)
    return np.zeros(0, dtype=np.int64)


class Simulator_:
    """v0.7.3's Simulator: every rule not in `freeze` applies, whatever `phase` says."""

    def simulate_sorn(self, inputs=None, phase="plasticity", matrices=None, timesteps=None,
                      noise=True, freeze=None, callbacks=[], **kwargs):
        """Runs `timesteps` steps (docs/PYTHON.md). Returns (state, callbacks): the package's
        dict Wee, Wei, Wie, Te, Ti, X, Y (dense, [pre][post], read-only) and {name: array}
        of the requested callbacks. Collective."""
        state, out, _ = _simulate(inputs, phase, matrices, timesteps, noise, freeze, callbacks,
                                  kwargs, lambda phase: False)
        return state, out


class Trainer_:
    """v0.7.3's Trainer: phase 'training' freezes every rule; 'plasticity' applies the rules
    not in `freeze`."""

    def train_sorn(self, inputs=None, phase="training", matrices=None, timesteps=None,
                   noise=True, freeze=None, callbacks=[], **kwargs):
        """As Simulator.simulate_sorn, with the phase deciding the plasticity. Collective."""
        state, out, _ = _simulate(inputs, phase, matrices, timesteps, noise, freeze, callbacks,
                                  kwargs, lambda phase: phase == "training")
        return state, out


Simulator = Simulator_()
Trainer = Trainer_()
