"""sorn.Network: a distributed SORN stepped, run, inspected, frozen and saved from Python.

Every method is collective (call it on every rank alike) unless it says Local.
"""

import atexit
import os
import weakref

import numpy as np

from . import _sorn

# The plasticity rules in the order of --freeze ("sn" is "ss", synaptic normalization).
RULES = ("stdp", "ip", "sp", "istdp", "ss")
_RULE_ALIASES = {"sn": "ss"}

_sorn.initialize()
_open = weakref.WeakSet()


@atexit.register
def _shutdown():
    # PETSc objects must go before PETSc does; Python may collect them later than atexit.
    for net in list(_open):
        net.close()
    _sorn.finalize()


def _option(name, value):
    """One sorn-simulate option from a keyword: ne=200 -> '--ne=200'."""
    key = "--" + name.replace("_", "-")
    if isinstance(value, bool):
        return f"{key}={'true' if value else 'false'}"
    if isinstance(value, float):
        return f"{key}={value!r}"  # repr is the shortest text that reads back exactly
    if isinstance(value, (list, tuple)):
        return f"{key}={','.join(str(v) for v in value)}"
    return f"{key}={value}"


def _options(params):
    """The options of keywords; an empty text is given as its own argument ('--x=' is refused)."""
    out = []
    for k, v in params.items():
        if isinstance(v, str) and v == "":
            out += ["--" + k.replace("_", "-"), ""]
        else:
            out.append(_option(k, v))
    return out


def _comm_handle(comm):
    return None if comm is None else comm.py2f()


def _rule(name):
    rule = _RULE_ALIASES.get(name, name)
    if rule not in RULES:
        raise ValueError(f"freeze: unknown rule {name!r}; the rules are {', '.join(RULES)} (sn = ss)")
    return RULES.index(rule)


def _csr(m):
    import scipy.sparse

    return scipy.sparse.csr_matrix((m["data"], m["indices"], m["indptr"]), shape=m["shape"])


class Network:
    """A SORN network (docs/PYTHON.md).

    Network(comm=None, **params): the initial network of MODEL.md; params are sorn-simulate's
    model options with '_' for '-' (ne=200, lambda_ee=20, noise_sigma=0.05, input_source="uniform",
    ...), checked by the same table as the command line (ValueError names the option).
    comm: an mpi4py communicator (default: all processes).
    """

    def __init__(self, comm=None, **params):
        self._open(comm, _options(params), "python: sorn.Network(" + ", ".join(
            f"{k}={v!r}" for k, v in params.items()) + ")")

    @classmethod
    def load(cls, path, comm=None, **params):
        """Continues the network saved in `path` (a checkpoint or result file). params may
        change what a saved network allows (learning rates, noise, input, ...: docs/FORMAT.md)."""
        if not os.path.exists(path):
            raise FileNotFoundError(f"--state = {path}: no such file")
        net = cls.__new__(cls)
        net._open(comm, [f"--state={path}"] + _options(params),
                  f"python: sorn.Network.load({path!r})")
        return net

    def _open(self, comm, options, description):
        self._net = _sorn.Network(_comm_handle(comm), options, description)
        _open.add(self)

    def close(self):
        """Frees the network (also at exit)."""
        if getattr(self, "_net", None) is not None:
            self._net.close()
            self._net = None
            _open.discard(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ---- stepping -----------------------------------------------------------------------------
    def step(self, u=None):
        """One step; u: u(t), nu values (the same on every rank), or None for the input
        source. Returns x(t+1) of all E units (uint8)."""
        if u is None:
            self._net.step()
        else:
            self._net.step_with(u)
        return self._net.x()

    def run(self, steps, inputs=None, output=None, record=None, record_every=None,
            checkpoint=None, overwrite=False, quiet=True):
        """Runs `steps` steps at the C++ speed, as sorn-simulate does: inputs (steps x nu) or
        the input source; the recordings `record` (the package's names, or "all") into the
        result file `output`. Returns a summary dict (steps, seconds, mean_rate, ...)."""
        options = [_option("quiet", bool(quiet)), _option("overwrite", bool(overwrite))]
        if output is not None:
            options.append(_option("output", os.fspath(output)))
        if record is not None:
            options.append(_option("record", [record] if isinstance(record, str) else record))
        if record_every is not None:
            options.append(_option("record_every", record_every))
        if checkpoint is not None:
            options.append(_option("checkpoint", os.fspath(checkpoint)))
        if inputs is not None:
            inputs = np.ascontiguousarray(inputs, dtype=np.float64)
        return self._net.run(int(steps), options, inputs)

    def save(self, path, overwrite=False):
        """Writes the network as a checkpoint file (docs/FORMAT.md)."""
        self._net.save(os.fspath(path), bool(overwrite))

    # ---- plasticity ---------------------------------------------------------------------------
    def freeze(self, *rules):
        """Freezes the named rules (stdp, ip, sp, istdp, ss/sn; none: all) from the next step."""
        flags = list(self._net.frozen())
        for r in rules or RULES:
            flags[_rule(r)] = True
        self._net.set_frozen(flags)

    def unfreeze(self, *rules):
        """Unfreezes the named rules (none: all) from the next step."""
        flags = list(self._net.frozen())
        for r in rules or RULES:
            flags[_rule(r)] = False
        self._net.set_frozen(flags)

    @property
    def frozen(self):
        """The frozen rules, a tuple of names. Local."""
        return tuple(r for r, f in zip(RULES, self._net.frozen()) if f)

    @property
    def phase(self):
        """'training' when every rule is frozen, else 'plasticity'. Local."""
        return "training" if all(self._net.frozen()) else "plasticity"

    @phase.setter
    def phase(self, value):
        if value == "training":
            self.freeze()
        elif value == "plasticity":
            self.unfreeze()
        else:
            raise ValueError(f"phase = {value!r}: must be 'plasticity' or 'training'")

    # ---- the state ----------------------------------------------------------------------------
    @property
    def x(self):
        """x(t) of all E units (uint8; every rank). Local."""
        return self._net.x()

    @property
    def y(self):
        """y(t) of all I units (uint8; every rank). Local."""
        return self._net.y()

    @property
    def t(self):
        """The step counter. Local."""
        return self._net.step_count()

    @property
    def local_e(self):
        """The E units this rank owns, as range(begin, end). Local."""
        return range(*self._net.local_e())

    @property
    def r(self):
        """r(t) = Theta(R_e) of this rank's E units (uint8) at the last step. Local."""
        return self._net.local_recurrent()

    @property
    def te(self):
        """T_e of this rank's E units. Local."""
        return self._net.local_te()

    @property
    def parameters(self):
        """Every model parameter, named as on the command line. Local."""
        return self._net.parameters()

    def state(self):
        """The whole network on every rank, with the package's names: Wee, Wei, Wie
        (scipy.sparse.csr_matrix, rows = postsynaptic units), Te, Ti, X, Y, plus h_ip and step."""
        s = self._net.gathered_state()
        for name in ("Wee", "Wei", "Wie"):
            s[name] = _csr(s[name])
        return s
