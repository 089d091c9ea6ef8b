"""The inputs of the figures: the file format, the result and analysis files, sorn-analyze.

Every name of a group, dataset or attribute comes from the simulator's schema
(`sorn-simulate --print-schema json`, scripts/sorn_format.py); an analysis object a figure asks
for that the schema does not list is a bug (KeyError), so a renamed dataset cannot be read
silently. The statistics come from the analysis file only (Context.stat); the result file
gives the raw data that some figures show as they are (Context.spikes, Context.res).
"""

import argparse
import math
import os
import shutil
import subprocess
import sys
import tempfile

PROG = "plot.py"


def die(msg):
    """Bad input: one line on stderr, exit 2."""
    print(f"{PROG}: error: {msg}", file=sys.stderr)
    sys.exit(2)


def warn(msg):
    print(f"{PROG}: warning: {msg}", file=sys.stderr)


try:
    import numpy as np
    import h5py
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError as e:  # pragma: no cover
    die(f"{e}; run this with a Python that has numpy, h5py and matplotlib "
        "(e.g. /usr/bin/python3)")

# scripts/sorn_format.py reads the schema of the simulator: importable beside scripts/plot.py,
# else from the source tree's scripts/ (python/sorn/plot/../../../scripts)
_SCRIPTS = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                         os.pardir, os.pardir, os.pardir, "scripts"))
try:
    import sorn_format
except ImportError:
    sys.path.append(_SCRIPTS)
    try:
        import sorn_format
    except ImportError:
        die("cannot import sorn_format (scripts/sorn_format.py), which reads the file format: "
            "run scripts/plot.py, or put the source tree's scripts/ on PYTHONPATH")

ANALYZE_ENV = "SORN_ANALYZE"
POP_NAMES = {"E": "excitatory", "I": "inhibitory", "R": "recurrent (E without input)"}

# ----------------------------------------------------------------------------- file format
F = None          # the sorn_format.Schema
NS = None         # its names (include/sorn/format/names.hpp)
A = None          # the analysis file's names (NS.analysis)
POPULATIONS = {}  # "E", "I", "R" -> the name of that population's spike recording
REC = None        # other recordings' names: te_snapshots
_ANALYSIS_OBJECTS = set()  # (path, attribute name or None) of every analysis-file object


def load_format(sorn_simulate):
    """Reads the schema of the simulator (exit 2 if there is none)."""
    global F, NS, A, REC
    try:
        F = sorn_format.load(sorn_simulate)
    except sorn_format.SchemaError as e:
        die(str(e))
    NS, A = F.names, F.names.analysis
    POPULATIONS.update({p: F.recording("spikes", population=p) for p in "EIR"})
    REC = argparse.Namespace(te_snapshots=F.recording("snapshots", population="E"))
    for o in F.objects:
        if "analysis" in o["files"]:
            _ANALYSIS_OBJECTS.add((o["path"], o.get("name")))


def rec_path(*names):
    """/recordings/NAME/..."""
    return F.path(NS.group.recordings, *names)


def state_path(*names):
    """/state/NAME/..."""
    return F.path(NS.group.state, *names)


class Skip(Exception):
    """A figure cannot be drawn: the message says why (shown in the HTML)."""


def attr_str(v):
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    if isinstance(v, np.ndarray) and v.shape == ():
        return attr_str(v[()])
    return v


def fmt(v, digits=4):
    """A short human form of a scalar attribute."""
    v = attr_str(v)
    if isinstance(v, (float, np.floating)):
        v = float(v)
        if math.isnan(v):
            return "NaN"
        if math.isinf(v):
            return "inf" if v > 0 else "−inf"
        if v == int(v) and abs(v) < 1e15:
            return str(int(v)) if abs(v) >= 1 or v == 0 else f"{v:.{digits}g}"
        return f"{v:.{digits}g}"
    if isinstance(v, (np.integer,)):
        return str(int(v))
    if isinstance(v, np.ndarray):
        return np.array2string(v, precision=digits, threshold=8)
    return str(v)


def steps_str(a, b):
    return f"steps {a}–{b}"


# ----------------------------------------------------------------------------- input files

def open_sorn(path, expected, role):
    """Open `path` read-only and check its root attributes format and format_version."""
    if not os.path.exists(path):
        die(f"{path}: no such file ({role})")
    if not os.path.isfile(path):
        die(f"{path}: not a regular file ({role})")
    try:
        ok = h5py.is_hdf5(path)
    except OSError as e:
        die(f"{path}: cannot read: {e}")
    if not ok:
        die(f"{path}: not an HDF5 file (expected a {role} with {NS.root.format} = "
            f"\"{expected}\")")
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        die(f"{path}: cannot open: {e}")
    fa, va = NS.root.format, NS.root.format_version
    fmt_attr = attr_str(f.attrs.get(fa, None))
    if fmt_attr != expected:
        got = f"no root attribute '{fa}'" if fmt_attr is None else f"{fa} = \"{fmt_attr}\""
        die(f"{path}: not a {role}: {got}, expected {fa} = \"{expected}\"")
    version = f.attrs.get(va, None)
    if version is None or int(version) != F.version:
        die(f"{path}: unsupported {va} {fmt(version)} (this script reads version {F.version})")
    return f


def prepare_out_dir(path):
    if os.path.exists(path) and not os.path.isdir(path):
        die(f"{path}: exists and is not a directory (--out needs a directory)")
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as e:
        die(f"{path}: cannot create the output directory: {e.strerror or e}")
    if not os.path.isdir(path):
        die(f"{path}: not a directory")
    try:
        with tempfile.NamedTemporaryFile(dir=path, prefix=".plot_write_test"):
            pass
    except OSError as e:
        die(f"{path}: output directory is not writable: {e.strerror or e}")


def open_result(path):
    """The result file of sorn-simulate at path (exit 2 if it is not one)."""
    return open_sorn(path, F.formats.result, "sorn result file (sorn-simulate --output)")


# ----------------------------------------------------------------------------- sorn-analyze

def find_analyzer(explicit):
    """The sorn-analyze to run: --sorn-analyze PATH, else $SORN_ANALYZE, else the one beside
    the sorn-simulate that gave the schema, else ../build/bin/sorn-analyze beside scripts/,
    else sorn-analyze on PATH."""
    for path, why in ((explicit, "--sorn-analyze"), (os.environ.get(ANALYZE_ENV), ANALYZE_ENV)):
        if path:
            if not (os.path.isfile(path) and os.access(path, os.X_OK)):
                die(f"{why} {path}: not an executable sorn-analyze")
            return path
    beside = [os.path.join(os.path.dirname(os.path.abspath(F.source)), "sorn-analyze"),
              os.path.join(_SCRIPTS, os.pardir, "build", "bin", "sorn-analyze")]
    for path in beside:
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return os.path.normpath(path)
    found = shutil.which("sorn-analyze")
    if found:
        return found
    die("no analysis file given and cannot find sorn-analyze to make one: give ANALYSIS.h5, "
        f"--sorn-analyze PATH, or set {ANALYZE_ENV}")


def run_analyze(exe, args, out_dir):
    """Runs the sorn-analyze exe (one process) on args.result into DIR/analysis.h5; returns
    its path. Its bad-input message (exit 2) becomes ours."""
    target = os.path.join(out_dir, "analysis.h5")
    cmd = [exe, args.result, "--output", target, "--overwrite", "--quiet"]
    if args.population:
        cmd += ["--population", args.population]
    if args.compare:
        cmd += ["--compare", args.compare]
    print(f"{PROG}: no analysis file given: running {' '.join(cmd)}", file=sys.stderr)
    try:
        run = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    except OSError as e:
        die(f"{exe}: cannot run: {e}")
    if run.returncode != 0:
        lines = run.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"]
        msg = next((ln for ln in lines if "error:" in ln), lines[-1])
        die(f"sorn-analyze failed (exit {run.returncode}): {msg}")
    return target


# ----------------------------------------------------------------------------- raw spikes

class SpikeTable:
    """A bit-packed spike dataset (T, ceil(N/8)): reads the trains of chosen units over a
    window of rows (the raw data of rasters; no statistics)."""

    def __init__(self, dset, group_first_step):
        self.d = dset
        self.name = dset.name
        self.T = int(dset.shape[0])
        self.nbytes = int(dset.shape[1]) if dset.ndim == 2 else 0
        self.N = int(dset.attrs.get(NS.spikes.units, self.nbytes * 8))
        self.first = int(dset.attrs.get(NS.spikes.first_step, group_first_step))
        if dset.ndim != 2 or dset.dtype != np.uint8 or self.nbytes != (self.N + 7) // 8:
            raise ValueError(f"{dset.name}: shape {dset.shape} / dtype {dset.dtype} do not "
                             f"match units = {self.N} (expected uint8 (T, {(self.N + 7) // 8}))")

    def read_units(self, r0, r1, units):
        """The 0/1 trains (rows, len(units)) of `units` over rows [r0, r1): only their byte
        columns are read."""
        units = np.asarray(units, dtype=np.int64)
        cols = np.unique(units >> 3)
        if cols.size and cols[-1] - cols[0] + 1 == cols.size:
            p = self.d[r0:r1, int(cols[0]):int(cols[-1]) + 1]
            return (p[:, (units >> 3) - cols[0]] >> (units & 7).astype(np.uint8)) & np.uint8(1)
        p = self.d[r0:r1]
        return (p[:, units >> 3] >> (units & 7).astype(np.uint8)) & np.uint8(1)


def choose_units(N, n, mode):
    """(units, description) for a raster of at most n of N units."""
    if N <= n:
        return np.arange(N), f"all {N} units"
    if mode == "first" or (mode == "auto" and N <= 5 * n):
        return np.arange(n), f"units 0–{n - 1} of {N}"
    units = np.unique(np.linspace(0, N - 1, n).round().astype(np.int64))
    stride = (N - 1) / max(1, n - 1)
    return units, f"{len(units)} of {N} units (every ≈{stride:.0f}th)"


# ----------------------------------------------------------------------------- context

class Context:
    """What every figure function gets: the open files, the options, and the accessors."""

    def __init__(self, args, res, analysis_path):
        self.args = args
        self.out = args.out
        self.dpi = args.dpi
        self.analysis_path = analysis_path
        self.keep_figures = False   # tests: keep the Figure objects in self.figures
        self.figures = {}
        G = NS.group
        self.res = res
        self.ana = open_sorn(analysis_path, F.formats.analysis,
                             "sorn analysis file (sorn-analyze --output)")
        self.params = dict(self.res[G.parameters].attrs) if G.parameters in self.res else {}
        self.prov = dict(self.res[G.provenance].attrs) if G.provenance in self.res else {}
        self.rec = self.res[G.recordings] if G.recordings in self.res else None
        self.rec_first = (int(self.rec.attrs.get(NS.recordings.first_step, 1))
                          if self.rec is not None else 1)
        self.ne = int(self.params.get("ne", 0)) or None
        apop = self.ana.attrs.get(A.population, None)
        self.pop = attr_str(apop) if apop is not None else (args.population or "E")
        if args.population and apop is not None and args.population != self.pop:
            warn(f"--population {args.population} differs from the analysis file's "
                 f"population {self.pop}; using {self.pop}")
        self._spikes = None

    # --- the analysis file (the statistics)
    def stat(self, group, need=()):
        """The analysis group `group` (a path of names, e.g. A.avalanches + "/" + A.size_fit)
        holding the datasets `need`; Skip with the reason if it was not computed."""
        path = "/" + group
        if (path, None) not in _ANALYSIS_OBJECTS:
            raise KeyError(f"{path}: not a group of the analysis file's schema")
        for n in need:
            if (f"{path}/{n}", None) not in _ANALYSIS_OBJECTS:
                raise KeyError(f"{path}/{n}: not a dataset of the analysis file's schema")
        top = group.split("/")[0]
        if group not in self.ana:
            reason = None
            if A.skipped in self.ana:
                reason = self.ana[A.skipped].attrs.get(top, None)
            raise Skip(f"/{top} is not in the analysis file"
                       + (f" (sorn-analyze: {attr_str(reason)})" if reason is not None else
                          " (not computed: see sorn-analyze --stats)"))
        g = self.ana[group]
        missing = [n for n in need if n not in g]
        if missing:
            raise Skip(f"{path} has no {', '.join(missing)}")
        return g

    def has(self, g, name):
        """True if the analysis group g holds the dataset `name` (checked against the schema:
        for the datasets present only in some files)."""
        if (f"{g.name}/{name}", None) not in _ANALYSIS_OBJECTS:
            raise KeyError(f"{g.name}/{name}: not a dataset of the analysis file's schema")
        return name in g

    def attr(self, g, name, default=None):
        """Attribute `name` of the analysis group g (checked against the schema)."""
        if (g.name, name) not in _ANALYSIS_OBJECTS:
            raise KeyError(f"{g.name} @{name}: not an attribute of the analysis file's schema")
        v = g.attrs.get(name, default)
        return attr_str(v)

    def window(self):
        """(from_step, to_step) of the analysis's spike window."""
        a = self.ana.attrs
        return int(a[A.from_step]), int(a[A.to_step])

    # --- the result file (raw data)
    def spikes(self):
        """The raw spike table of the analysed population (for rasters)."""
        if self._spikes is None:
            name = POPULATIONS.get(self.pop)
            if self.rec is None or name not in self.rec:
                raise Skip(f"the result file has no spike recording {rec_path(name)} "
                           f"(run sorn-simulate with --record including {name})")
            try:
                self._spikes = SpikeTable(self.rec[name], self.rec_first)
            except ValueError as e:
                raise Skip(str(e))
            if self._spikes.T == 0:
                raise Skip(f"{self._spikes.name} has no rows")
        return self._spikes

    @property
    def popname(self):
        return POP_NAMES.get(self.pop, self.pop)

    def save(self, fig, name):
        path = os.path.join(self.out, name)
        fig.savefig(path, dpi=self.dpi)
        if self.keep_figures:
            self.figures[name] = fig
        else:
            plt.close(fig)
        return name
