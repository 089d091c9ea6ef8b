#!/usr/bin/python3
"""Figures and an HTML report of a SORN run.

usage: plot.py RESULT.h5 [ANALYSIS.h5] --out DIR [--raster-units N] [--raster-steps N]
               [--top-pairs K] [--dpi D] [--population E|I|R]

RESULT.h5 is an output file of `sorn-simulate` (docs/FORMAT.md, root attribute
format = "sorn"); ANALYSIS.h5, optional, is the file written by
`sorn-analyze RESULT.h5 --output ANALYSIS.h5` (docs/ANALYSIS.md, format = "sorn-analysis").
Without an analysis file the statistics the figures need (per-unit rates, network activity,
inter-spike intervals, a correlation subset, avalanches and their power-law fits,
autocorrelation) are computed here from the result file, reading the spike table by chunks of
rows so that no (T, N) raster is ever held in memory.

Writes one PNG per figure into DIR and DIR/index.html, which shows every figure with a
caption, the run's parameters and provenance, and the scalar results of the analysis.
Figures whose data are missing are skipped, with the reason in the HTML.

The figures correspond to the Python `sorn` package's `Plotter` functions:
weight_distribution / linear_lognormal_fit (weights.png), raster_plot (raster.png),
scatter_plot (scatter.png), hist_incoming_conn / hist_outgoing_conn (degrees.png),
plot_network / num_active_connections (connections.png), hist_firing_rate_network and
firing_rate_network (rates.png), isi_exponential_fit (isi.png), correlation /
plot_correlation (correlation.png, correlation_graph.png), hamming_distance (hamming.png),
avalanches (avalanches.png), autocorr (autocorr.png), threshold dynamics (thresholds.png).

The names of the groups, datasets and attributes and the format_version are the simulator's
(`sorn-simulate --print-schema json`, scripts/sorn_format.py): --sorn-simulate PATH, else
$SORN_SIMULATE, else ../build/bin/sorn-simulate beside this script.

Exit codes: 0 success; 1 a figure failed unexpectedly (the others are still written);
2 bad input (missing or foreign file, unwritable DIR, bad option, no sorn-simulate).
"""

import argparse
import datetime
import html
import math
import os
import sys
import tempfile

PROG = "plot.py"


def die(msg):
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
    from matplotlib import colors as mcolors
    from matplotlib.collections import LineCollection
    from matplotlib.ticker import MaxNLocator
except ImportError as e:  # pragma: no cover
    die(f"{e}; run this script with a Python that has numpy, h5py and matplotlib "
        "(e.g. /usr/bin/python3)")

try:
    from scipy.special import erf as _erf
except ImportError:  # scipy is optional
    _erf = np.vectorize(math.erf, otypes=[float])

# Bytes of spike table (after unpacking: one byte per unit-step) processed per chunk.
CHUNK_BUDGET = 1 << 24
# Above this many unit-steps, the per-spike statistics computed here (ISI) use a subset of units.
ISI_BUDGET = 4 * 10**8
POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.int64)
POP_NAMES = {"E": "excitatory", "I": "inhibitory", "R": "recurrent (E without input)"}

# ----------------------------------------------------------------------------- file format
# Every name of the files and the format_version: load_format() sets these from the schema.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # sorn_format.py is beside us
import sorn_format  # noqa: E402

F = None          # the sorn_format.Schema
N = None          # its names (include/sorn/format/names.hpp)
A = None          # the analysis file's names (NS.analysis)
POPULATIONS = {}  # "E", "I", "R" -> the name of that population's spike recording
REC = None        # the other recordings' names: ee_counts, ei_counts, ee_snapshots, te_snapshots


def load_format(sorn_simulate):
    """Reads the schema of the simulator (exit 2 if there is none)."""
    global F, NS, A, REC
    try:
        F = sorn_format.load(sorn_simulate)
    except sorn_format.SchemaError as e:
        die(str(e))
    NS, A = F.names, F.names.analysis
    POPULATIONS.update({p: F.recording("spikes", population=p) for p in "EIR"})
    REC = argparse.Namespace(ee_counts=F.recording("counts", matrix=NS.state.W_ee),
                             ei_counts=F.recording("counts", matrix=NS.state.W_ei),
                             ee_snapshots=F.recording("sparse_series", matrix=NS.state.W_ee),
                             te_snapshots=F.recording("snapshots", population="E"))


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
    """Open `path` read-only and check its root attribute `format`."""
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


class SpikeTable:
    """A bit-packed spike dataset (T, ceil(N/8)), read by chunks of rows."""

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
        self.last_mask = np.uint8((1 << (self.N % 8)) - 1) if self.N % 8 else np.uint8(255)

    def rows_per_chunk(self, width=None):
        width = self.N if width is None else width
        return max(64, CHUNK_BUDGET // max(1, width))

    def chunks(self, r0=0, r1=None, width=None):
        """Yield (row offset, packed uint8 rows) over rows [r0, r1)."""
        r1 = self.T if r1 is None else r1
        step = self.rows_per_chunk(width)
        for a in range(r0, r1, step):
            b = min(r1, a + step)
            p = self.d[a:b]
            if self.N % 8:
                p[:, -1] &= self.last_mask
            yield a, p

    def unpack(self, packed, units=None):
        """0/1 uint8 (rows, N) or (rows, len(units))."""
        if units is None:
            return np.unpackbits(packed, axis=1, bitorder=NS.spikes.little)[:, :self.N]
        units = np.asarray(units, dtype=np.int64)
        return (packed[:, units >> 3] >> (units & 7).astype(np.uint8)) & np.uint8(1)

    def read_units(self, r0, r1, units):
        """The 0/1 trains of `units` over rows [r0, r1): only their byte columns are read."""
        units = np.asarray(units, dtype=np.int64)
        cols = np.unique(units >> 3)
        contiguous = cols.size and cols[-1] - cols[0] + 1 == cols.size
        if contiguous:
            p = self.d[r0:r1, int(cols[0]):int(cols[-1]) + 1]
            return (p[:, (units >> 3) - cols[0]] >> (units & 7).astype(np.uint8)) & np.uint8(1)
        p = self.d[r0:r1]
        return self.unpack(p, units)

    def counts_and_activity(self):
        """Spikes of every unit and active units of every row, by chunks (one pass)."""
        counts = np.zeros(self.nbytes * 8, dtype=np.int64)
        activity = np.empty(self.T, dtype=np.int64)
        for a, p in self.chunks(width=self.nbytes * 8):
            activity[a:a + len(p)] = POPCOUNT[p].sum(axis=1)
            for b in range(8):
                counts[b::8] += ((p >> np.uint8(b)) & np.uint8(1)).sum(axis=0, dtype=np.int64)
        return counts[:self.N], activity


def choose_units(N, n, mode):
    """(units, description) for a raster of at most n of N units."""
    if N <= n:
        return np.arange(N), f"all {N} units"
    if mode == "first" or (mode == "auto" and N <= 5 * n):
        return np.arange(n), f"units 0–{n - 1} of {N}"
    units = np.unique(np.linspace(0, N - 1, n).round().astype(np.int64))
    stride = (N - 1) / max(1, n - 1)
    return units, f"{len(units)} of {N} units (every ≈{stride:.0f}th)"


# ----------------------------------------------------------------------------- statistics

def hurwitz_zeta(s, q):
    """ζ(s, q) = Σ_k (q + k)^-s for s > 1, q ≥ 1, vectorized over q (Euler–Maclaurin)."""
    q = np.asarray(q, dtype=np.float64)
    K = 12
    k = np.arange(K, dtype=np.float64)
    head = ((q[..., None] + k) ** -s).sum(axis=-1)
    a = q + K
    tail = (a ** (1 - s) / (s - 1) + 0.5 * a ** -s + s * a ** (-s - 1) / 12.0
            - s * (s + 1) * (s + 2) * a ** (-s - 3) / 720.0)
    return head + tail


def fit_discrete_powerlaw(x, min_tail=10, max_candidates=200):
    """Clauset et al. 2009: discrete power law P(x) ∝ x^-α for x ≥ xmin, exact MLE of α,
    xmin minimizing the KS distance. Returns a dict like the analysis file's size_fit."""
    x = np.sort(np.asarray(x, dtype=np.int64))
    x = x[x >= 1]
    n = len(x)
    out = dict(fitted=0, alpha=math.nan, alpha_stderr=math.nan, xmin=math.nan,
               ks_distance=math.nan, n=n, n_tail=0)
    if n < min_tail:
        return out
    values = np.unique(x)
    # candidates: distinct values leaving at least min_tail samples in the tail
    tail_n = n - np.searchsorted(x, values, side="left")
    cands = values[tail_n >= min_tail]
    if cands.size == 0:
        return out
    if cands.size > max_candidates:
        cands = np.unique(cands[np.linspace(0, cands.size - 1, max_candidates).astype(int)])
    best = None
    for xmin in cands:
        tail = x[x >= xmin]
        nt = len(tail)
        sl = np.log(tail).sum()

        def nll(a):
            return nt * math.log(float(hurwitz_zeta(a, xmin))) + a * sl

        lo, hi = 1.0 + 1e-6, 10.0
        g = (math.sqrt(5) - 1) / 2
        c, d = hi - g * (hi - lo), lo + g * (hi - lo)
        fc, fd = nll(c), nll(d)
        for _ in range(60):
            if fc < fd:
                hi, d, fd = d, c, fc
                c = hi - g * (hi - lo)
                fc = nll(c)
            else:
                lo, c, fc = c, d, fd
                d = lo + g * (hi - lo)
                fd = nll(d)
        alpha = (lo + hi) / 2
        # KS over all integers >= xmin: the empirical CDF is constant between the distinct
        # values, the model's increases, so checking both ends of each gap suffices.
        v = np.unique(tail)
        emp = np.searchsorted(tail, v, side="right") / nt
        z0 = float(hurwitz_zeta(alpha, xmin))
        model_at = 1 - hurwitz_zeta(alpha, v + 1.0) / z0            # F(v)
        emp_before = np.r_[0.0, emp[:-1]]
        model_before = 1 - hurwitz_zeta(alpha, v.astype(float)) / z0   # F(v - 1)
        D = max(np.max(np.abs(emp - model_at)), np.max(np.abs(emp_before - model_before)))
        if best is None or D < best["ks_distance"]:
            best = dict(fitted=1, alpha=alpha, alpha_stderr=(alpha - 1) / math.sqrt(nt),
                        xmin=int(xmin), ks_distance=float(D), n=n, n_tail=nt)
    return best


def avalanches_from_activity(a):
    """Del Papa et al. 2017: runs with a(t) > θ, θ = round(mean(a)/2); edge runs dropped."""
    W = len(a)
    total = int(a.sum())
    theta = (total + W) // (2 * W) if W else 0
    above = a > theta
    if not above.any():
        return theta, np.zeros(0, np.int64), np.zeros(0, np.int64)
    edges = np.diff(np.r_[0, above.astype(np.int8), 0])
    starts = np.flatnonzero(edges == 1)
    ends = np.flatnonzero(edges == -1)            # exclusive
    keep = (starts > 0) & (ends < W)
    starts, ends = starts[keep], ends[keep]
    excess = np.r_[0, np.cumsum(np.where(above, a - theta, 0))]
    sizes = excess[ends] - excess[starts]
    return theta, sizes.astype(np.int64), (ends - starts).astype(np.int64)


def autocorr(a, L):
    a = np.asarray(a, dtype=np.float64)
    r = np.full(L, np.nan)
    for tau in range(1, L + 1):
        if len(a) - tau < 2:
            break
        u, v = a[:-tau] - a[:-tau].mean(), a[tau:] - a[tau:].mean()
        den = math.sqrt((u * u).sum() * (v * v).sum())
        r[tau - 1] = (u * v).sum() / den if den > 0 else np.nan
    return np.arange(1, L + 1), r


def isi_histogram(sp, units):
    """Pooled per-unit inter-spike intervals of `units`, by chunks: hist[k] = intervals of k."""
    M = len(units)
    last = np.full(M, -1, dtype=np.int64)
    hist = np.zeros(1, dtype=np.int64)
    allunits = M == sp.N
    for a, p in sp.chunks(width=M):
        x = sp.unpack(p, None if allunits else units)
        t, u = np.nonzero(x)
        if t.size == 0:
            continue
        t = t.astype(np.int64) + a
        order = np.lexsort((t, u))
        t, u = t[order], u[order]
        first = np.r_[True, u[1:] != u[:-1]]
        prev = np.empty_like(t)
        prev[1:] = t[:-1]
        prev[first] = last[u[first]]
        iv = t - prev
        iv = iv[prev >= 0]
        lastidx = np.r_[np.flatnonzero(first)[1:] - 1, len(t) - 1]
        last[u[lastidx]] = t[lastidx]
        if iv.size:
            h = np.bincount(iv)
            if len(h) > len(hist):
                hist = np.r_[hist, np.zeros(len(h) - len(hist), np.int64)]
            hist[:len(h)] += h
    return hist


def correlation_subset(sp, units):
    """Pearson r of the 0/1 trains of `units` over the whole recording, by chunks."""
    M = len(units)
    c = np.zeros(M)
    K = np.zeros((M, M))
    step = sp.rows_per_chunk(max(M, 1)) * 4
    for a in range(0, sp.T, step):
        x = sp.read_units(a, min(sp.T, a + step), units).astype(np.float64)
        c += x.sum(axis=0)
        K += x.T @ x
    W = sp.T
    v = W * c - c * c
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (W * K - np.outer(c, c)) / np.sqrt(np.outer(v, v))
    r[np.ix_(v <= 0, np.arange(M))] = np.nan
    r[np.ix_(np.arange(M), v <= 0)] = np.nan
    d = np.arange(M)
    r[d, d] = np.where(v > 0, 1.0, np.nan)
    return np.clip(r, -1, 1)


def read_series(d, max_points=20000):
    """A 1-D dataset, by chunks, decimated to at most ~max_points entries: (index, values)."""
    n = d.shape[0]
    stride = max(1, -(-n // max_points))
    if stride == 1:
        return np.arange(n), d[:]
    idx = np.arange(0, n, stride)
    out = np.empty(len(idx), dtype=d.dtype)
    block = stride * 4096
    for a in range(0, n, block):
        chunk = d[a:min(n, a + block)]
        sel = np.arange(0, len(chunk), stride)
        out[a // stride:a // stride + len(sel)] = chunk[sel]
    return idx, out


def binned_envelope(t, y, max_points=2000):
    """(t, mean, min, max) of y in consecutive bins, at most max_points bins; bin size."""
    n = len(y)
    b = max(1, -(-n // max_points))
    m = n // b
    if b == 1 or m == 0:
        return t, y.astype(float), None, None, 1
    yy = y[:m * b].reshape(m, b).astype(float)
    tt = t[:m * b].reshape(m, b)
    return tt.mean(axis=1), yy.mean(axis=1), yy.min(axis=1), yy.max(axis=1), b


def plot_timeseries(ax, t, y, color, what):
    """A per-step series: thin per-step line and bold bin means (T <= 20000), else the bin
    means with the min–max band of each bin. Returns the y maximum shown."""
    n = len(y)
    y = np.asarray(y)
    if n <= 2000:
        ax.plot(t, y, color=color, lw=0.8, label=f"{what} per step")
    elif n <= 20000:
        ax.plot(t, y, color=color, lw=0.4, alpha=0.45, label=f"{what} per step")
        w = max(1, n // 100)
        if w > 1:
            m = n // w
            tb = t[:m * w].reshape(m, w).mean(axis=1)
            yb = y[:m * w].reshape(m, w).astype(float).mean(axis=1)
            ax.plot(tb, yb, color="k", lw=1.4, label=f"mean over {w} steps")
    else:
        tb, mb, lo, hi, b = binned_envelope(t, y, 2000)
        ax.fill_between(tb, lo, hi, color=color, alpha=0.3, lw=0,
                        label=f"min–max over {b} steps")
        ax.plot(tb, mb, color="k", lw=1.0, label=f"mean over {b} steps")
    return float(y.max()) if n else 0.0


def lognormal_cdf(w, mu, sigma):
    return 0.5 * (1 + _erf((np.log(w) - mu) / (sigma * math.sqrt(2))))


# ----------------------------------------------------------------------------- context

class Context:
    def __init__(self, args):
        self.args = args
        self.out = args.out
        self.dpi = args.dpi
        G = NS.group
        self.res = open_sorn(args.result, F.formats.result,
                             "sorn result file (sorn-simulate --output)")
        self.ana = None
        if args.analysis:
            self.ana = open_sorn(args.analysis, F.formats.analysis,
                                 "sorn analysis file (sorn-analyze --output)")
        self.params = dict(self.res[G.parameters].attrs) if G.parameters in self.res else {}
        self.prov = dict(self.res[G.provenance].attrs) if G.provenance in self.res else {}
        self.rec = self.res[G.recordings] if G.recordings in self.res else None
        self.rec_first = (int(self.rec.attrs.get(NS.recordings.first_step, 1))
                          if self.rec is not None else 1)
        self.ne = int(self.params.get("ne", 0)) or None
        # population: the analysis file's, else --population, else the first present
        pop = args.population
        if self.ana is not None and A.population in self.ana.attrs:
            apop = attr_str(self.ana.attrs[A.population])
            if pop and pop != apop:
                warn(f"--population {pop} differs from the analysis file's population {apop}; "
                     f"using {apop}")
            pop = apop
        self.pop = pop or "E"
        self.sp = None
        self.sp_note = None
        if self.rec is not None:
            names = [self.pop] + [p for p in "EIR" if p != self.pop and not args.population]
            for p in names:
                name = POPULATIONS[p]
                if name in self.rec:
                    try:
                        self.sp = SpikeTable(self.rec[name], self.rec_first)
                    except ValueError as e:
                        warn(str(e))
                        continue
                    if p != self.pop:
                        warn(f"{rec_path(POPULATIONS[self.pop])} is absent; using {name}")
                        self.pop = p
                    break
        if self.sp is None:
            self.sp_note = ("the result file has no spike recording "
                            f"({rec_path(POPULATIONS[self.pop])}; run sorn-simulate with "
                            f"--record including {POPULATIONS['E']})")
        elif self.sp.T == 0:
            self.sp_note = f"{self.sp.name} has no rows"
        self._basic = None
        if self.ana is not None and self.sp is not None:
            au = self.ana.attrs.get(A.units, None)
            if au is not None and int(au) != self.sp.N:
                warn(f"analysis file has units = {int(au)} but {self.sp.name} has {self.sp.N}; "
                     "is it the analysis of this result file?")
        self.computed_note = []   # what was computed here rather than read from the analysis

    # --- helpers
    def a(self, path):
        """An object of the analysis file or None."""
        if self.ana is None or path not in self.ana:
            return None
        return self.ana[path]

    def a_skipped(self, group):
        if self.ana is None or A.skipped not in self.ana:
            return None
        v = self.ana[A.skipped].attrs.get(group, None)
        return attr_str(v) if v is not None else None

    def need_spikes(self):
        if self.sp is None or self.sp.T == 0:
            raise Skip(self.sp_note)
        return self.sp

    def basic(self):
        """(counts per unit, activity per step, first step) of the whole recording."""
        if self._basic is None:
            sp = self.need_spikes()
            c, act = sp.counts_and_activity()
            self._basic = (c, act, sp.first)
        return self._basic

    @property
    def popname(self):
        return POP_NAMES.get(self.pop, self.pop)

    def save(self, fig, name):
        path = os.path.join(self.out, name)
        fig.savefig(path, dpi=self.dpi)
        plt.close(fig)
        return name


def legend(ax, **kw):
    kw.setdefault("fontsize", 8.5)
    kw.setdefault("framealpha", 0.9)
    ax.legend(**kw)


# ----------------------------------------------------------------------------- weights

def weight_source(ctx):
    """(label, iterator factory over weight chunks, step) for E->E weights."""
    res = ctx.res
    prefer_snapshot = False
    wee, W_ee, ss = REC.ee_snapshots, NS.state.W_ee, NS.sparse_series
    snapshot_steps = rec_path(NS.recordings.snapshot_steps)
    if ctx.a(A.weights) is not None:
        src = attr_str(ctx.a(A.weights).attrs.get("source", ""))
        prefer_snapshot = src.startswith(F.path(NS.group.recordings))
    has_state = state_path(W_ee, NS.csr.data) in res
    has_snap = (rec_path(wee, ss.weight) in res and rec_path(wee, ss.offset) in res
                and res[rec_path(wee, ss.offset)].shape[0] > 1)
    if has_state and not (prefer_snapshot and has_snap):
        d = res[state_path(W_ee, NS.csr.data)]
        step = int(res[NS.group.state].attrs.get(NS.state.step, -1))
        lo, hi = 0, d.shape[0]
        label = f"{state_path(W_ee)} (step {step})"
    elif has_snap:
        d = res[rec_path(wee, ss.weight)]
        off = res[rec_path(wee, ss.offset)][:]
        steps = res[snapshot_steps][:] if snapshot_steps in res else None
        lo, hi = int(off[-2]), int(off[-1])
        step = int(steps[-1]) if steps is not None and len(steps) else -1
        label = f"{rec_path(wee)} (last snapshot, step {step})"
    else:
        raise Skip(f"the result file has neither {state_path(W_ee)} nor {rec_path(wee)} "
                   "snapshots")

    def it(block=1 << 22):
        for a in range(lo, hi, block):
            yield d[a:min(hi, a + block)]
    return label, it, hi - lo


def fig_weights(ctx):
    label, it, n_total = weight_source(ctx)
    if n_total == 0:
        raise Skip(f"{label} holds no synapse")
    # pass 1: count, min, max, moments of ln w
    n = npos = 0
    wmin, wmax = math.inf, -math.inf
    s1 = s2 = 0.0
    for w in it():
        n += len(w)
        pos = w[w > 0]
        npos += len(pos)
        if len(pos):
            wmin, wmax = min(wmin, pos.min()), max(wmax, pos.max())
            lw = np.log(pos)
            s1 += lw.sum()
            s2 += (lw * lw).sum()
    if npos == 0:
        raise Skip(f"{label}: no positive weight")
    mu = s1 / npos
    sigma = math.sqrt(max(0.0, s2 / npos - mu * mu))
    ks = None
    aw = ctx.a(A.weights)
    if aw is not None:
        amu, asig = float(aw.attrs["lognormal_mu"]), float(aw.attrs["lognormal_sigma"])
        if abs(amu - mu) > 1e-6 * max(1, abs(mu)) or abs(asig - sigma) > 1e-6 * max(1, sigma):
            warn(f"weights: analysis lognormal fit (μ={amu:.6g}, σ={asig:.6g}) differs from the "
                 f"one of {label} (μ={mu:.6g}, σ={sigma:.6g})")
        mu, sigma = amu, asig
        ks = float(aw.attrs.get("lognormal_ks_distance", math.nan))
    # pass 2: histograms
    nb = 60
    lin_edges = np.linspace(0, wmax * 1.0001, nb + 1)
    # the log axis starts at the smallest weight, or at e^(μ−5σ) if a few tiny weights
    # (e.g. new synapses of structural plasticity being pruned) lie far below the bulk
    lo = wmin * 0.999 if wmax > wmin else wmin * 0.5
    lo = max(lo, min(math.exp(mu - 5 * sigma), wmax * 0.5))
    hi = wmax * 1.001 if wmax > wmin else wmin * 2
    log_edges = np.geomspace(lo, hi, nb + 1)
    lin = np.zeros(nb, np.int64)
    lg = np.zeros(nb, np.int64)
    below = 0
    for w in it():
        w = w[w > 0]
        lin += np.histogram(w, lin_edges)[0]
        lg += np.histogram(w, log_edges)[0]
        below += int((w < log_edges[0]).sum())

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.6), constrained_layout=True)
    ax1.stairs(lin, lin_edges, fill=True, color="tab:blue", alpha=0.75,
               label=f"{npos} E→E synapses")
    ax1.set_xlabel("synaptic weight w (dimensionless)")
    ax1.set_ylabel("synapses per bin")
    ax1.set_xlim(0, wmax * 1.02)
    ax1.set_title("linear scale")
    mean_w = None
    if aw is not None:
        mean_w = float(aw.attrs.get("mean", math.nan))
    else:
        tot = sum(float(w[w > 0].sum()) for w in it())
        mean_w = tot / npos
    ax1.axvline(mean_w, color="k", ls="--", lw=1, label=f"mean = {mean_w:.3g}")
    legend(ax1)

    ax2.stairs(lg, log_edges, fill=True, color="tab:blue", alpha=0.6, label="weights")
    expected = npos * np.diff(lognormal_cdf(log_edges, mu, sigma))
    centres = np.sqrt(log_edges[:-1] * log_edges[1:])
    fine = np.geomspace(log_edges[0], log_edges[-1], 400)
    # expected count per log bin as a smooth curve: density in ln w times the bin width in ln w
    dlog = math.log(log_edges[1] / log_edges[0])
    dens = np.exp(-(np.log(fine) - mu) ** 2 / (2 * sigma ** 2)) / (sigma * math.sqrt(2 * math.pi))
    lab = f"lognormal fit: μ = {mu:.3f}, σ = {sigma:.3f}\nmedian e^μ = {math.exp(mu):.3g}"
    if ks is not None and not math.isnan(ks):
        lab += f", KS = {ks:.3f}"
    ax2.plot(fine, npos * dlog * dens, color="tab:red", lw=2, label=lab)
    ax2.plot(centres, expected, ls="none")
    if below:
        ax2.plot([], [], " ", label=f"{below} weights < {log_edges[0]:.2g} not shown")
    ax2.set_xscale("log")
    ax2.set_xlabel("synaptic weight w (dimensionless, log scale)")
    ax2.set_ylabel("synapses per log-spaced bin")
    ax2.set_title("log scale, with the maximum-likelihood lognormal fit")
    legend(ax2, loc="upper left")
    ax2.set_ylim(0, max(lg.max(), expected.max()) * 1.35)
    fig.suptitle(f"E→E weight distribution — {label}")
    name = ctx.save(fig, "weights.png")
    cap = (f"Distribution of the {npos} E→E weights of {label}, on a linear scale (left) and "
           f"on log-spaced bins (right) with the lognormal fit μ = mean(ln w) = {mu:.4g}, "
           f"σ = std(ln w) = {sigma:.4g} (the package's weight_distribution and "
           f"linear_lognormal_fit).")
    if n > npos:
        cap += f" {n - npos} non-positive weights are left out."
    if below:
        cap += (f" {below} weights below {log_edges[0]:.3g} (more than 5σ below the median of "
                f"the fit) are outside the log-scale panel.")
    return name, cap


def fig_weight_snapshots(ctx):
    res = ctx.res
    wee, ss = REC.ee_snapshots, NS.sparse_series
    snapshot_steps = rec_path(NS.recordings.snapshot_steps)
    if rec_path(wee, ss.offset) not in res or snapshot_steps not in res:
        raise Skip(f"no {rec_path(wee)} snapshots (run sorn-simulate with --record {wee})")
    off = res[rec_path(wee, ss.offset)][:]
    steps = res[snapshot_steps][:]
    S = len(off) - 1
    if S < 1:
        raise Skip(f"{rec_path(wee)} holds no snapshot")
    d = res[rec_path(wee, ss.weight)]
    pick = np.unique(np.linspace(0, S - 1, min(S, 6)).round().astype(int))
    # quantiles of every snapshot (each snapshot read once; one at a time)
    q = np.full((S, 5), np.nan)
    counts = np.diff(off)
    wmin, wmax = math.inf, 0.0
    hists = {}
    for s in range(S):
        w = d[int(off[s]):int(off[s + 1])]
        w = w[w > 0]
        if len(w):
            q[s] = np.percentile(w, [5, 25, 50, 75, 95])
            wmin, wmax = min(wmin, w.min()), max(wmax, w.max())
    if not np.isfinite(wmin):
        raise Skip("the WEE snapshots hold no weight")
    edges = np.geomspace(wmin * 0.999, wmax * 1.001, 51)
    for s in pick:
        w = d[int(off[s]):int(off[s + 1])]
        hists[s] = np.histogram(w[w > 0], edges)[0]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.6), constrained_layout=True)
    cmap = plt.get_cmap("viridis")
    for k, s in enumerate(pick):
        ax1.stairs(hists[s], edges, color=cmap(k / max(1, len(pick) - 1)), lw=1.6,
                   label=f"step {steps[s]} ({counts[s]} synapses)")
    ax1.set_xscale("log")
    ax1.set_xlabel("synaptic weight w (dimensionless, log scale)")
    ax1.set_ylabel("synapses per log-spaced bin")
    ax1.set_title("distribution at selected snapshots")
    legend(ax1, loc="upper left")
    ax2.fill_between(steps, q[:, 0], q[:, 4], color="tab:blue", alpha=0.2, label="5–95 %")
    ax2.fill_between(steps, q[:, 1], q[:, 3], color="tab:blue", alpha=0.4, label="25–75 %")
    ax2.plot(steps, q[:, 2], "o-", color="tab:blue", ms=3, label="median")
    ax2.set_yscale("log")
    ax2.set_xlabel("time [steps]")
    ax2.set_ylabel("synaptic weight w (dimensionless, log scale)")
    ax2.set_title("weight quantiles over time")
    legend(ax2, loc="lower left")
    fig.suptitle(f"E→E weights at the {S} recorded snapshots ({rec_path(wee)})")
    name = ctx.save(fig, "weight_snapshots.png")
    return name, (f"E→E weights over the {S} snapshots (steps {steps[0]}–{steps[-1]}): "
                  "log-binned distributions at selected snapshots (left) and the median and "
                  "5/25/75/95 % quantiles of the weights at every snapshot (right).")


# ----------------------------------------------------------------------------- spikes

def raster_window(ctx):
    sp = ctx.need_spikes()
    n = ctx.args.raster_steps
    r1 = sp.T
    r0 = max(0, r1 - n)
    return sp, r0, r1


def fig_raster(ctx):
    sp, r0, r1 = raster_window(ctx)
    units, udesc = choose_units(sp.N, ctx.args.raster_units, ctx.args.raster_select)
    x = sp.read_units(r0, r1, units)
    t, k = np.nonzero(x)
    steps = sp.first + r0 + t
    # a second population underneath, if recorded (E raster: the I units; else the E units)
    other = None
    if ctx.rec is not None:
        oname = POPULATIONS["I"] if ctx.pop != "I" else POPULATIONS["E"]
        if oname in ctx.rec:
            try:
                osp = SpikeTable(ctx.rec[oname], ctx.rec_first)
                if osp.T == sp.T and osp.first == sp.first:
                    ou, oudesc = choose_units(osp.N, max(10, ctx.args.raster_units // 4),
                                              ctx.args.raster_select)
                    ox = osp.read_units(r0, r1, ou)
                    other = (oname, ou, oudesc, np.nonzero(ox), osp.N)
            except ValueError:
                other = None
    hr = [4, 1] if other is not None else [1]
    fig, axes = plt.subplots(len(hr), 1, figsize=(12, 6.2 if other is not None else 5),
                             sharex=True, gridspec_kw=dict(height_ratios=hr),
                             constrained_layout=True)
    axes = np.atleast_1d(axes)
    ax = axes[0]
    ms = 6 if len(units) <= 100 else 4 if len(units) <= 300 else 2
    pcol = "tab:red" if ctx.pop == "I" else "k"
    ax.plot(steps, units[k], "|", color=pcol, ms=ms, mew=0.8,
            label=f"{len(steps)} spikes")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(f"{ctx.popname} unit index")
    ax.set_ylim(units[0] - 0.5 - 0.01 * len(units), units[-1] + 0.5 + 0.01 * len(units))
    ax.set_xlim(sp.first + r0 - 0.5, sp.first + r1 - 0.5)
    legend(ax, loc="upper right")
    if other is not None:
        oname, ou, oudesc, (ot, ok), oN = other
        ax2 = axes[1]
        ax2.plot(sp.first + r0 + ot, ou[ok], "|", ms=3, mew=0.8,
                 color="tab:red" if oname == POPULATIONS["I"] else "k")
        ax2.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
        ax2.set_ylabel("inhibitory\nunit index" if oname == POPULATIONS["I"]
                       else "excitatory\nunit index")
        ax2.set_ylim(ou[0] - 0.5, ou[-1] + 0.5)
        ax2.set_title(f"{oname}: showing {oudesc}", fontsize=9)
    axes[-1].set_xlabel("time [steps]")
    a, b = sp.first + r0, sp.first + r1 - 1
    ax.set_title(f"Raster plot, {sp.name.split('/')[-1]}: showing {udesc}, {steps_str(a, b)} "
                 f"(of {sp.first}–{sp.first + sp.T - 1})")
    name = ctx.save(fig, "raster.png")
    cap = (f"Raster plot (the package's raster_plot): each tick is a spike of one of the "
           f"{ctx.popname} units, showing {udesc} over {steps_str(a, b)}.")
    if other is not None:
        cap += f" Bottom: {other[0]}, {other[2]}."
    return name, cap


def fig_scatter(ctx):
    sp = ctx.need_spikes()
    # the scatter covers a longer stretch than the raster, with fewer, smaller points:
    # at most ~3e5 expected spikes.
    units, udesc = choose_units(sp.N, ctx.args.raster_units, ctx.args.raster_select)
    nsteps = min(sp.T, max(ctx.args.raster_steps, 5 * ctx.args.raster_steps))
    r1, r0 = sp.T, max(0, sp.T - nsteps)
    t_all, u_all = [], []
    act = np.zeros(r1 - r0, np.int64)
    step = sp.rows_per_chunk(sp.nbytes * 8)
    for a in range(r0, r1, step):
        b = min(r1, a + step)
        p = sp.d[a:b]
        if sp.N % 8:
            p[:, -1] &= sp.last_mask
        act[a - r0:b - r0] = POPCOUNT[p].sum(axis=1)
        x = sp.unpack(p, units)
        t, k = np.nonzero(x)
        t_all.append(t + a)
        u_all.append(units[k])
    t = np.concatenate(t_all) if t_all else np.zeros(0, int)
    u = np.concatenate(u_all) if u_all else np.zeros(0, int)
    if len(t) > 400000:
        sel = np.random.default_rng(0).choice(len(t), 400000, replace=False)
        t, u = t[sel], u[sel]
        udesc += " (400000 of the spikes, drawn at random)"
    steps = np.arange(r0, r1) + sp.first
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(12, 6.5), sharex=True,
                                   gridspec_kw=dict(height_ratios=[1, 2.6]),
                                   constrained_layout=True)
    rate = act / sp.N
    plot_timeseries(ax1, steps, rate, "tab:orange", "network rate")
    legend(ax1, loc="upper right", ncol=2)
    ax1.axhline(rate.mean(), color="k", ls="--", lw=0.8)
    ax1.set_ylabel("network rate\n[spikes/step per unit]")
    ax1.set_ylim(0, max(1e-3, rate.max()) * 1.05)
    ax1.set_title(f"population activity of all {sp.N} {ctx.popname} units "
                  f"(mean {rate.mean():.3f} spikes/step per unit, dashed)", fontsize=10)
    dot = float(np.clip(3e5 / max(1, len(units) * len(steps)), 0.5, 12))
    ax2.scatter(t + sp.first, u, s=dot, c="tab:red" if ctx.pop == "I" else "tab:blue",
                marker="o" if dot > 2 else ".", lw=0, rasterized=True)
    ax2.set_xlabel("time [steps]")
    ax2.set_ylabel(f"{ctx.popname} unit index")
    ax2.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax2.set_xlim(steps[0] - 0.5, steps[-1] + 0.5)
    ax2.set_ylim(units[0] - 0.5, units[-1] + 0.5)
    ax2.set_title(f"spike times: showing {udesc}, {steps_str(steps[0], steps[-1])}",
                  fontsize=10)
    fig.suptitle(f"Scatter plot of the spike trains ({sp.name.split('/')[-1]})")
    name = ctx.save(fig, "scatter.png")
    return name, (f"Scatter plot (the package's scatter_plot): the spike times of {udesc} "
                  f"as points over {steps_str(steps[0], steps[-1])}, under the population "
                  f"activity (fraction of the {sp.N} units active per step).")


def rates_data(ctx):
    """(per-unit rates, network rate per step, first step, window desc, source)."""
    r = ctx.a(A.rates)
    if r is not None and "rate" in r and "network_rate" in r:
        nr = r["network_rate"]
        first = int(nr.attrs.get(A.first_step, ctx.ana.attrs.get(A.from_step, 1)))
        return (r["rate"][:], nr[:], first,
                steps_str(int(ctx.ana.attrs.get(A.from_step, first)),
                          int(ctx.ana.attrs.get(A.to_step, first + len(nr) - 1))),
                "analysis file")
    c, act, first = ctx.basic()
    ctx.computed_note.append("rates")
    T = len(act)
    return c / T, act / ctx.sp.N, first, steps_str(first, first + T - 1), "result file"


def fig_rates(ctx):
    rate, nrate, first, wdesc, src = rates_data(ctx)
    N = len(rate)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.6), constrained_layout=True,
                                   gridspec_kw=dict(width_ratios=[1, 1.6]))
    rmin, rmax = (float(rate.min()), float(rate.max())) if rate.size else (0.0, 1.0)
    mu_ip = ctx.params.get("mu-ip", None)
    show_ip = mu_ip is not None and ctx.pop in "ER"
    lo_r = 0.0 if rmin == 0 else rmin
    hi_r = rmax if rmax > lo_r else lo_r + 1e-3
    if show_ip:
        lo_r, hi_r = min(lo_r, float(mu_ip)), max(hi_r, float(mu_ip))
    pad = 0.08 * (hi_r - lo_r)
    nbins = int(np.clip(round(math.sqrt(max(1, N))), 10, 60))
    edges = np.linspace(rmin, rmax + 1e-12, nbins + 1) if rmax > rmin else \
        np.linspace(rmin - 1e-3, rmin + 1e-3, 3)
    ax1.hist(rate, edges, color="tab:green", alpha=0.8, label=f"{N} units")
    m = rate.mean()
    ax1.axvline(m, color="k", ls="--", lw=1, label=f"mean = {m:.4f}")
    if show_ip:
        ax1.axvline(float(mu_ip), color="tab:red", ls=":", lw=1.5,
                    label=f"IP target μ_IP = {float(mu_ip):g}")
    silent = int((rate == 0).sum())
    if silent:
        ax1.plot([], [], " ", label=f"{silent} silent units")
    ax1.set_xlim(max(0.0, lo_r - pad) if lo_r > 0 else -pad, hi_r + pad)
    ax1.set_xlabel("firing rate [spikes/step]")
    ax1.set_ylabel("number of units")
    ax1.set_title("per-unit firing rates")
    ax1.set_ylim(0, ax1.get_ylim()[1] * 1.3)
    legend(ax1, loc="upper left")
    steps = first + np.arange(len(nrate))
    plot_timeseries(ax2, steps, nrate, "tab:purple", "network rate")
    ax2.set_xlabel("time [steps]")
    ax2.set_ylabel("network rate [spikes/step per unit]")
    ax2.set_ylim(0, max(1e-3, float(np.max(nrate))) * 1.05)
    ax2.set_xlim(steps[0], steps[-1])
    ax2.set_title("network firing rate over time")
    legend(ax2, loc="upper right")
    fig.suptitle(f"Firing rates of the {N} {ctx.popname} units, {wdesc}")
    name = ctx.save(fig, "rates.png")
    return name, (f"Left: histogram of the per-unit firing rates (spikes/step) over {wdesc} "
                  f"(the package's hist_firing_rate_network). Right: network firing rate "
                  f"(active units / N per step, the package's firing_rate_network). "
                  f"Source: {src}.")


def fig_fano(ctx):
    f = ctx.a(A.fano)
    if f is None:
        if ctx.ana is None:
            raise Skip("needs the analysis file (sorn-analyze RESULT.h5 --output ANALYSIS.h5)")
        reason = ctx.a_skipped(A.fano)
        raise Skip("not in the analysis file" + (f" (skipped there: {reason})" if reason else
                                                 " (not requested with --stats)"))
    ff = f["fano_factor"][:]
    ff = ff[np.isfinite(ff)]
    if ff.size == 0:
        raise Skip("no defined Fano factor (all units silent)")
    fig, ax = plt.subplots(figsize=(7, 4.4), constrained_layout=True)
    ax.hist(ff, int(np.clip(round(math.sqrt(ff.size)), 10, 60)), color="tab:cyan", alpha=0.85,
            label=f"{ff.size} units")
    ax.axvline(ff.mean(), color="k", ls="--", lw=1, label=f"mean = {ff.mean():.3f}")
    ax.axvline(1.0, color="tab:red", ls=":", lw=1.5, label="Poisson (FF = 1)")
    r = ctx.a(A.rates)
    if r is not None and "mean_rate" in r.attrs:
        p = float(r.attrs["mean_rate"])
        ax.axvline(1 - p, color="tab:purple", ls="-.", lw=1.2,
                   label=f"Bernoulli at the mean rate (FF = 1 − p = {1 - p:.3f})")
    ax.set_xlabel(f"Fano factor (dimensionless; windows of {int(f.attrs['window'])} steps)")
    ax.set_ylabel("number of units")
    ax.set_title(f"Fano factor of the spike counts ({int(f.attrs['windows'])} windows)")
    ax.set_ylim(0, ax.get_ylim()[1] * 1.4)
    legend(ax, loc="upper left")
    name = ctx.save(fig, "fano.png")
    return name, ("Distribution of the per-unit Fano factors Var/Mean of the spike counts in "
                  f"windows of {int(f.attrs['window'])} steps (the package's fanofactor); a "
                  "Bernoulli train of rate p has FF = 1 − p.")


def fig_isi(ctx):
    isi = ctx.a(A.isi)
    note = ""
    if isi is not None and "histogram" in isi:
        h = isi["histogram"][:].astype(np.int64)
        src = "analysis file"
    else:
        sp = ctx.need_spikes()
        M = sp.N
        units = np.arange(sp.N)
        if sp.N * sp.T > ISI_BUDGET:
            M = max(1, ISI_BUDGET // max(1, sp.T))
            units = np.unique(np.linspace(0, sp.N - 1, M).round().astype(np.int64))
            note = f" (from {len(units)} of the {sp.N} units, evenly spaced)"
        h = isi_histogram(sp, units)
        src = "result file" + note
        ctx.computed_note.append("ISI")
    n = int(h.sum())
    if n == 0:
        raise Skip("no inter-spike interval (no unit fired twice)")
    k = np.arange(len(h))
    mean = (k * h).sum() / n
    var = ((k - mean) ** 2 * h).sum() / n
    p = 1.0 / mean
    P = h / n
    fig, ax = plt.subplots(figsize=(8, 4.8), constrained_layout=True)
    nz = h > 0
    ax.plot(k[nz], P[nz], "o", ms=3.5, color="tab:blue", label=f"{n} intervals")
    kk = np.arange(1, len(h))
    fit = p * (1 - p) ** (kk - 1)
    lam = -math.log(1 - p) if p < 1 else math.inf
    ks = None
    if isi is not None:
        ks = float(isi.attrs.get("ks_distance", math.nan))
    else:
        cdf_emp = np.cumsum(h[1:]) / n
        cdf_fit = 1 - (1 - p) ** kk
        ks = float(np.max(np.abs(cdf_emp - cdf_fit)))
    ax.plot(kk, fit, "-", color="tab:red", lw=1.8,
            label=(f"geometric fit P(k) = p(1−p)^(k−1)\np = 1/mean = {p:.4f}, "
                   f"λ = −ln(1−p) = {lam:.4f} /step\nKS distance = {ks:.3f}"))
    ax.set_yscale("log")
    ax.set_xlabel("inter-spike interval k [steps]")
    ax.set_ylabel("probability P(k)")
    xmax = int(np.searchsorted(np.cumsum(h), 0.999 * n)) + 2
    ax.set_xlim(0, max(10, xmax))
    vis = P[1:max(10, xmax) + 1]
    vis = vis[vis > 0]
    ax.set_ylim(max(vis.min() * 0.5, 0.3 / n), P.max() * 2)
    cv = math.sqrt(var) / mean
    ax.plot([], [], " ", label=f"mean = {mean:.2f} steps, CV = {cv:.3f}")
    ax.set_title(f"Inter-spike intervals of the {ctx.popname} units (pooled)")
    legend(ax, loc="upper right")
    name = ctx.save(fig, "isi.png")
    return name, ("Distribution of the inter-spike intervals, pooled over units, on a log "
                  "scale, with the maximum-likelihood geometric (discrete exponential) fit "
                  f"(the package's isi_exponential_fit). Source: {src}.")


def correlation_data(ctx):
    c = ctx.a(A.correlation)
    if c is not None and "subset_matrix" in c:
        units = c["subset_units"][:]
        R = c["subset_matrix"][:]
        hist = None
        if "histogram_counts" in c:
            hist = (c["histogram_edges"][:], c["histogram_counts"][:])
        meta = dict(c.attrs)
        return units, R, hist, meta, "analysis file"
    sp = ctx.need_spikes()
    M = min(50, sp.N)
    units = np.arange(M)
    R = correlation_subset(sp, units)
    ctx.computed_note.append("correlation subset")
    return units, R, None, None, f"result file, {steps_str(sp.first, sp.first + sp.T - 1)}"


def fig_correlation(ctx):
    units, R, hist, meta, src = correlation_data(ctx)
    M = len(units)
    if M < 2:
        raise Skip("fewer than 2 units in the correlation subset")
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12.5, 5.2), constrained_layout=True,
                                   gridspec_kw=dict(width_ratios=[1.15, 1]))
    off = R[~np.eye(M, dtype=bool)]
    off = off[np.isfinite(off)]
    # symmetric colour range around 0 fitted to the off-diagonal values (the diagonal, 1,
    # saturates), so that weak correlations stay visible
    vmax = min(1.0, math.ceil(max(0.1, float(np.abs(off).max()) if off.size else 1.0) * 10) / 10)
    cmap = plt.get_cmap("RdBu_r").copy()
    cmap.set_bad("0.8")
    im = ax1.imshow(np.ma.masked_invalid(R), cmap=cmap, vmin=-vmax, vmax=vmax,
                    interpolation="nearest")
    cb = fig.colorbar(im, ax=ax1, shrink=0.9)
    cb.set_label("Pearson correlation r (dimensionless)")
    if M > 1 and np.all(np.diff(units) == 1):
        stepk = next(k for k in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10**9)
                     if M / k <= 12)
        ticks = np.flatnonzero(units % stepk == 0)
    else:
        ticks = np.unique(np.linspace(0, M - 1, min(M, 10)).round().astype(int))
    ax1.set_xticks(ticks)
    ax1.set_xticklabels(units[ticks], fontsize=8)
    ax1.set_yticks(ticks)
    ax1.set_yticklabels(units[ticks], fontsize=8)
    ax1.set_xlabel("unit index")
    ax1.set_ylabel("unit index")
    ax1.set_title(f"correlation matrix of {M} units (bin: 1 step)")
    if hist is not None:
        e, cnt = hist
        ax2.stairs(cnt, e, fill=True, color="tab:gray", alpha=0.8,
                   label=f"{int(meta.get('pairs_used', cnt.sum()))} pairs "
                         f"({attr_str(meta.get('method', ''))})")
        mean = float(meta.get("mean", np.nan))
        ax2.set_title("all pairs of the population")
    else:
        e = np.linspace(-1, 1, 51)
        upper = R[np.triu_indices(M, 1)]
        upper = upper[np.isfinite(upper)]
        ax2.hist(upper, e, color="tab:gray", alpha=0.8,
                 label=f"{upper.size} pairs of the subset")
        mean = float(upper.mean()) if upper.size else np.nan
        ax2.set_title("pairs of the subset")
    ax2.axvline(mean, color="k", ls="--", lw=1, label=f"mean r = {mean:.3f}")
    ax2.axvline(0, color="0.5", lw=0.6)
    ax2.set_xlabel("Pearson correlation r (dimensionless)")
    ax2.set_ylabel("number of pairs")
    legend(ax2, loc="upper left")
    if off.size:
        lo = min(-0.05, off.min() - 0.05)
        hi = max(0.05, off.max() + 0.05)
        if hist is not None:
            nzb = np.flatnonzero(hist[1])
            lo = min(lo, hist[0][nzb[0]] - 0.05) if nzb.size else lo
            hi = max(hi, hist[0][nzb[-1] + 1] + 0.05) if nzb.size else hi
        ax2.set_xlim(max(-1, lo), min(1, hi))
    fig.suptitle(f"Pairwise correlation of the {ctx.popname} spike trains")
    name = ctx.save(fig, "correlation.png")
    return name, (f"Left: Pearson correlation matrix of the 0/1 spike trains of units "
                  f"{fmt(units[0])}…{fmt(units[-1])} (diverging colour map, symmetric about 0: "
                  f"±{vmax:g}; grey: "
                  f"undefined, silent unit). Right: distribution of the pair correlations "
                  f"(the package's avg_corr_coeff is their mean). Source: {src}.")


def fig_corr_graph(ctx):
    units, R, _, _, src = correlation_data(ctx)
    M = len(units)
    if M < 3:
        raise Skip("fewer than 3 units in the correlation subset")
    iu = np.triu_indices(M, 1)
    r = R[iu]
    ok = np.isfinite(r)
    if not ok.any():
        raise Skip("no defined correlation in the subset")
    order = np.argsort(-r[ok], kind="stable")
    K = min(ctx.args.top_pairs, int(ok.sum()))
    sel = np.flatnonzero(ok)[order[:K]]
    a, b, rr = iu[0][sel], iu[1][sel], r[sel]
    ang = np.pi / 2 - 2 * np.pi * np.arange(M) / M
    xy = np.c_[np.cos(ang), np.sin(ang)]
    fig, ax = plt.subplots(figsize=(8.2, 7.2), constrained_layout=True)
    lo, hi = float(rr.min()), float(rr.max())
    if hi - lo < 1e-9:
        lo, hi = lo - 0.01, hi + 0.01
    norm = mcolors.Normalize(vmin=lo, vmax=hi)
    cmap = plt.get_cmap("plasma_r")
    segs = np.stack([xy[a], xy[b]], axis=1)
    widths = 0.8 + 4.2 * (rr - lo) / (hi - lo)
    z = np.argsort(rr)
    lc = LineCollection(segs[z], colors=cmap(norm(rr[z])), linewidths=widths[z], alpha=0.85)
    ax.add_collection(lc)
    deg = np.bincount(np.r_[a, b], minlength=M)
    ax.scatter(xy[:, 0], xy[:, 1], s=40 + 25 * deg, c=np.where(deg > 0, "tab:blue", "0.75"),
               edgecolors="k", linewidths=0.5, zorder=3)
    fs = 8 if M <= 60 else 6
    for i in range(M):
        if M <= 100 or deg[i] > 0:
            ax.text(1.1 * xy[i, 0], 1.1 * xy[i, 1], str(units[i]), ha="center", va="center",
                    fontsize=fs)
    sm = plt.cm.ScalarMappable(norm=norm, cmap=cmap)
    cb = fig.colorbar(sm, ax=ax, shrink=0.8)
    cb.set_label("Pearson correlation r of the pair (dimensionless)")
    ax.set_xlim(-1.25, 1.25)
    ax.set_ylim(-1.25, 1.25)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(f"The {K} most correlated pairs among {M} {ctx.popname} units\n"
                 f"edge width and colour: r ({lo:.3f} … {hi:.3f}); node size: pairs per unit")
    name = ctx.save(fig, "correlation_graph.png")
    return name, (f"Network graph of the {K} most correlated pairs (largest Pearson r) among "
                  f"the {M} units of the correlation subset; units on a circle, labelled by "
                  f"index; edge width and colour proportional to r. Source: {src}.")


def fig_autocorr(ctx):
    ac = ctx.a(A.autocorr)
    if ac is not None and "autocorr" in ac:
        lag, r = ac["lag"][:], ac["autocorr"][:]
        src = "analysis file"
    else:
        _, act, _ = ctx.basic()
        lag, r = autocorr(act, 20)
        src = "result file"
        ctx.computed_note.append("autocorrelation")
    if not np.isfinite(r).any():
        raise Skip("the autocorrelation is undefined (constant network activity)")
    fig, ax = plt.subplots(figsize=(8, 4.6), constrained_layout=True)
    ax.axhline(0, color="0.5", lw=0.8)
    ax.vlines(lag, 0, r, color="tab:blue", lw=2)
    ax.plot(lag, r, "o", color="tab:blue", label="r(τ)")
    ax.set_xlabel("lag τ [steps]")
    ax.set_ylabel("autocorrelation r(τ) (dimensionless)")
    ax.set_xlim(0, lag.max() + 1)
    lo = min(-0.1, np.nanmin(r) - 0.05)
    ax.set_ylim(lo, max(0.1, np.nanmax(r) + 0.1))
    ax.set_title(f"Autocorrelation of the network activity ({ctx.popname} units)")
    legend(ax)
    name = ctx.save(fig, "autocorr.png")
    return name, ("Autocorrelation of the network activity a(t) (active units per step) at "
                  f"lags 1–{int(lag.max())} steps (the package's autocorr). Source: {src}.")


def fig_avalanches(ctx):
    av = ctx.a(A.avalanches)
    if av is not None and "size" in av:
        sizes, durs = av["size"][:], av["duration"][:]
        theta = int(av.attrs.get("threshold", 0))
        fits = {}
        for key in (A.size_fit, A.duration_fit):
            if key in av:
                fits[key] = {k: attr_str(v) for k, v in av[key].attrs.items()}
        src = "analysis file"
    else:
        _, act, _ = ctx.basic()
        theta, sizes, durs = avalanches_from_activity(act)
        fits = {A.size_fit: fit_discrete_powerlaw(sizes),
                A.duration_fit: fit_discrete_powerlaw(durs)}
        src = "result file (fits computed here)"
        ctx.computed_note.append("avalanches")
    if len(sizes) == 0:
        raise Skip(f"no complete avalanche (activity never above the threshold θ = {theta})")
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.9), constrained_layout=True)
    for ax, data, key, what, unit in ((axes[0], sizes, A.size_fit, "size S", "spikes"),
                                      (axes[1], durs, A.duration_fit, "duration T", "steps")):
        data = np.sort(data[data > 0])
        n = len(data)
        v, cnt = np.unique(data, return_counts=True)
        ccdf = (n - np.r_[0, np.cumsum(cnt)[:-1]]) / n          # P(X >= v)
        ax.plot(v, ccdf, "o", ms=3, color="tab:blue", label=f"{n} avalanches: P(X ≥ x)")
        fit = fits.get(key)
        if fit and int(fit.get("fitted", 0)) == 1 and math.isfinite(float(fit["alpha"])):
            al, xmin = float(fit["alpha"]), float(fit["xmin"])
            frac = (data >= xmin).mean()
            xs = np.unique(np.geomspace(xmin, max(xmin + 1, data.max()), 200).round())
            model = frac * hurwitz_zeta(al, xs) / float(hurwitz_zeta(al, xmin))
            se = float(fit.get("alpha_stderr", math.nan))
            ax.plot(xs, model, "-", color="tab:red", lw=2,
                    label=(f"power law P(x) ∝ x^−α for x ≥ xmin\nα = {al:.2f} ± {se:.2f}, "
                           f"xmin = {int(xmin)}\nKS = {float(fit['ks_distance']):.3f}, "
                           f"tail {int(fit['n_tail'])} of {int(fit['n'])}"))
            ax.axvline(xmin, color="tab:red", ls=":", lw=1)
            if al > 9.9:
                ax.plot([], [], " ", label="α at the upper bound of the fit (10):\n"
                                           "not a power law")
        else:
            ax.plot([], [], " ", label="no power-law fit (too few samples)")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(f"avalanche {what} [{unit}]")
        ax.set_ylabel("complementary CDF P(X ≥ x)")
        ax.set_ylim(0.5 / n, 1.6)
        ax.set_title(f"avalanche {what.split()[0]}s")
        legend(ax, loc="lower left")
    fig.suptitle(f"Neuronal avalanches of the {ctx.popname} network activity "
                 f"(threshold θ = {theta} active units)")
    name = ctx.save(fig, "avalanches.png")
    return name, ("Empirical complementary cumulative distributions (log-log) of the avalanche "
                  "sizes (spikes above θ) and durations (steps), with the discrete power-law "
                  "maximum-likelihood fits above xmin (Clauset et al. 2009) scaled to the "
                  f"tail's share of the samples. Source: {src}.")


def fig_hamming(ctx):
    h = ctx.a(A.hamming)
    if h is None or "distance" not in h:
        reason = ctx.a_skipped(A.hamming)
        if ctx.ana is None:
            raise Skip("needs an analysis file made with sorn-analyze --compare OTHER.h5")
        raise Skip("the analysis file has no Hamming distance (run sorn-analyze with "
                   "--compare OTHER.h5)" + (f"; {reason}" if reason else ""))
    d = h["distance"]
    first = int(d.attrs.get(A.first_step, ctx.ana.attrs.get(A.from_step, 1)))
    idx, y = read_series(d, 10**7)
    steps = first + idx
    fig, ax = plt.subplots(figsize=(10, 4.6), constrained_layout=True)
    plot_timeseries(ax, steps, y, "tab:red", "d(t)")
    N = int(ctx.ana.attrs.get(A.units, 0))
    fd = int(h.attrs.get("first_difference_step", -1))
    ax.set_xlabel("time [steps]")
    ax.set_ylabel(f"Hamming distance [units differing, of {N}]" if N else
                  "Hamming distance [units differing]")
    ax.set_xlim(steps[0], steps[-1])
    other = attr_str(h.attrs.get("compare_file", "?"))
    ax.set_title(f"Hamming distance of the {ctx.popname} states to {os.path.basename(other)}\n"
                 f"mean {float(h.attrs['mean']):.1f}, max {int(h.attrs['max'])}, "
                 f"final {int(h.attrs['final'])} units; first difference at step {fd}")
    ax.set_ylim(0, max(1, y.max()) * 1.15)
    legend(ax, loc="upper left")
    name = ctx.save(fig, "hamming.png")
    return name, (f"Number of {ctx.popname} units whose state differs between this run and "
                  f"{html.escape(other)} at every step (the package's hamming_distance; "
                  "perturbation experiments).")


def fig_degrees(ctx):
    dg = ctx.a(A.degrees)
    if dg is not None and "in_degree_histogram" in dg:
        hin, hout = dg["in_degree_histogram"][:], dg["out_degree_histogram"][:]
        src = attr_str(dg.attrs.get("source", "analysis file"))
    else:
        C = NS.csr
        if state_path(NS.state.W_ee, C.indptr) not in ctx.res:
            raise Skip(f"no {state_path(NS.state.W_ee)} in the result file")
        g = ctx.res[state_path(NS.state.W_ee)]
        indptr = g[C.indptr][:]
        n = len(indptr) - 1
        ncols = int(g.attrs.get(C.cols, n))
        indeg = np.diff(indptr)
        outdeg = np.zeros(ncols, np.int64)
        ind = g[C.indices]
        for a in range(0, ind.shape[0], 1 << 22):
            outdeg += np.bincount(ind[a:a + (1 << 22)], minlength=ncols)
        hin, hout = np.bincount(indeg), np.bincount(outdeg)
        step = int(ctx.res[NS.group.state].attrs.get(NS.state.step, -1))
        src = f"{state_path(NS.state.W_ee)} (step {step})"
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5), constrained_layout=True, sharey=False)
    for ax, h, what, col in ((axes[0], hin, "incoming (in-degree)", "tab:blue"),
                             (axes[1], hout, "outgoing (out-degree)", "tab:orange")):
        d = np.arange(len(h))
        n = h.sum()
        mean = (d * h).sum() / n if n else math.nan
        ax.bar(d, h, width=1.0, color=col, alpha=0.8, edgecolor="none", label=f"{n} units")
        ax.axvline(mean, color="k", ls="--", lw=1, label=f"mean = {mean:.2f}")
        ax.set_xlabel(f"{what.split()[0]} E→E connections per unit [synapses]")
        ax.set_ylabel("number of units")
        ax.set_xlim(-0.8, len(h) - 0.2)
        ax.set_title(f"{what} connections")
        legend(ax, loc="upper right")
    fig.suptitle(f"E→E connection degrees — {src}")
    name = ctx.save(fig, "degrees.png")
    return name, (f"Histograms of the number of incoming and outgoing E→E synapses per "
                  f"excitatory unit (the package's hist_incoming_conn / hist_outgoing_conn), "
                  f"from {src}.")


def fig_connections(ctx):
    series = []
    for name, label, key in ((REC.ee_counts, "E→E", "ee_count"),
                             (REC.ei_counts, "I→E", "ei_count")):
        if ctx.rec is not None and name in ctx.rec:
            d = ctx.rec[name]
            first = ctx.rec_first
            srcname = rec_path(name)
        elif ctx.a(f"{A.connections}/{key}") is not None:
            d = ctx.a(f"{A.connections}/{key}")
            first = int(d.attrs.get(A.first_step, 1))
            srcname = f"analysis {key}"
        else:
            continue
        if d.shape[0] == 0:
            continue
        idx, y = read_series(d)
        series.append((label, first + idx, y, srcname))
    if not series:
        raise Skip(f"no {REC.ee_counts} / {REC.ei_counts} recording")
    fig, axes = plt.subplots(len(series), 1, figsize=(10, 2.9 * len(series) + 0.6),
                             sharex=True, constrained_layout=True)
    axes = np.atleast_1d(axes)
    colors = ["tab:blue", "tab:red"]
    for ax, (label, t, y, srcname), c in zip(axes, series, colors):
        ax.plot(t, y, color=c, lw=1.2, label=f"{label}: {y[0]} → {y[-1]} synapses")
        ax.set_ylabel(f"{label} synapses\n[count]")
        pad = max(1.0, 0.05 * (y.max() - y.min()))
        ax.set_ylim(max(0, y.min() - pad), y.max() + pad)
        ax.set_title(f"{label} connections ({srcname})", fontsize=10)
        legend(ax, loc="best")
    axes[-1].set_xlabel("time [steps]")
    axes[0].set_xlim(series[0][1][0], series[0][1][-1])
    fig.suptitle("Connection dynamics: number of active synapses (weight > 0)")
    name = ctx.save(fig, "connections.png")
    return name, ("Number of E→E and I→E synapses after each step's plasticity (pruning by "
                  "STDP/iSTDP, creation by structural plasticity): the package's "
                  f"{REC.ee_counts} / {REC.ei_counts}.")


def fig_thresholds(ctx):
    res = ctx.res
    te_path, T_e = rec_path(REC.te_snapshots), state_path(NS.state.T_e)
    snapshot_steps = rec_path(NS.recordings.snapshot_steps)
    has_snap = te_path in res and snapshot_steps in res and res[te_path].shape[0] > 0
    has_state = T_e in res
    if not has_snap and not has_state:
        raise Skip(f"neither {te_path} nor {T_e}")
    ncol = 2 if has_snap else 1
    fig, axes = plt.subplots(1, ncol, figsize=(12 if has_snap else 7, 4.6),
                             constrained_layout=True,
                             gridspec_kw=dict(width_ratios=[1.6, 1]) if has_snap else None)
    axes = np.atleast_1d(axes)
    cap = ""
    if has_snap:
        TE = res[te_path]
        steps = res[snapshot_steps][:]
        S, N = TE.shape
        q = np.empty((S, 5))
        mean = np.empty(S)
        show = np.unique(np.linspace(0, N - 1, min(N, 5)).round().astype(int))
        traces = np.empty((S, len(show)))
        for s in range(S):
            row = TE[s]
            q[s] = np.percentile(row, [5, 25, 50, 75, 95])
            mean[s] = row.mean()
            traces[s] = row[show]
        ax = axes[0]
        ax.fill_between(steps, q[:, 0], q[:, 4], color="tab:green", alpha=0.2, label="5–95 %")
        ax.fill_between(steps, q[:, 1], q[:, 3], color="tab:green", alpha=0.4, label="25–75 %")
        ax.plot(steps, q[:, 2], "o-", color="tab:green", ms=3, label="median")
        ax.plot(steps, mean, "--", color="k", lw=1, label="mean")
        for j, u in enumerate(show):
            ax.plot(steps, traces[:, j], lw=0.7, alpha=0.8,
                    label=f"unit {u}" if j < 5 else None)
        ax.set_xlabel("time [steps]")
        ax.set_ylabel("excitatory threshold T_e (dimensionless)")
        ax.set_title(f"T_e at {S} snapshots ({te_path})")
        legend(ax, loc="best", ncol=2)
        cap = (f"Left: excitatory thresholds T_e at the {S} snapshots "
               f"(steps {steps[0]}–{steps[-1]}), quantiles over the {N} units and a few "
               "single units: intrinsic plasticity drives each unit to its target rate. ")
    if has_state:
        te = res[T_e][:]
        ax = axes[-1]
        ax.hist(te, int(np.clip(round(math.sqrt(len(te))), 10, 60)), color="tab:green",
                alpha=0.8, label=f"{len(te)} units")
        ax.set_ylim(0, ax.get_ylim()[1] * 1.2)
        ax.axvline(te.mean(), color="k", ls="--", lw=1, label=f"mean = {te.mean():.3f}")
        ax.set_xlabel("excitatory threshold T_e (dimensionless)")
        ax.set_ylabel("number of units")
        step = int(res[NS.group.state].attrs.get(NS.state.step, -1))
        ax.set_title(f"final T_e ({F.path(NS.group.state)}, step {step})")
        legend(ax)
        cap += "Right: distribution of the final thresholds." if has_snap else \
            "Distribution of the final excitatory thresholds (no TE snapshots recorded)."
    fig.suptitle("Excitatory thresholds (intrinsic plasticity)")
    name = ctx.save(fig, "thresholds.png")
    return name, cap


FIGURES = [
    ("weights", "Weight distribution", fig_weights),
    ("weight_snapshots", "Weights over time", fig_weight_snapshots),
    ("raster", "Raster plot", fig_raster),
    ("scatter", "Scatter plot", fig_scatter),
    ("rates", "Firing rates", fig_rates),
    ("fano", "Fano factor", fig_fano),
    ("isi", "Inter-spike intervals", fig_isi),
    ("correlation", "Correlation matrix", fig_correlation),
    ("correlation_graph", "Network of correlated units", fig_corr_graph),
    ("autocorr", "Autocorrelation", fig_autocorr),
    ("avalanches", "Neuronal avalanches", fig_avalanches),
    ("hamming", "Hamming distance", fig_hamming),
    ("degrees", "Connection degrees", fig_degrees),
    ("connections", "Connection dynamics", fig_connections),
    ("thresholds", "Thresholds", fig_thresholds),
]


# ----------------------------------------------------------------------------- HTML

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:1.5em auto;
max-width:1300px;padding:0 1em;color:#222;line-height:1.4}
h1{font-size:1.6em;margin-bottom:0.2em} h2{border-bottom:1px solid #ccc;padding-bottom:0.2em;
margin-top:1.8em} h3{margin-bottom:0.3em}
figure{margin:1.2em 0 2em 0} figure img{max-width:100%;border:1px solid #ddd}
figcaption{font-size:0.92em;color:#333;margin-top:0.3em}
table{border-collapse:collapse;font-size:0.88em;margin:0.5em 0}
td,th{border:1px solid #ddd;padding:2px 8px;text-align:left;vertical-align:top}
th{background:#f3f3f3} td.num{text-align:right;font-variant-numeric:tabular-nums}
.cols{display:flex;flex-wrap:wrap;gap:2em} .note{color:#8a5a00}
nav a{margin-right:0.9em} code{background:#f5f5f5;padding:0 3px}
"""


def table(rows, header=None):
    out = ["<table>"]
    if header:
        out.append("<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in header) + "</tr>")
    for r in rows:
        cells = []
        for j, c in enumerate(r):
            cls = ' class="num"' if j > 0 and isinstance(c, str) and _isnum(c) else ""
            cells.append(f"<td{cls}>{html.escape(str(c))}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _isnum(s):
    try:
        float(s)
        return True
    except ValueError:
        return False


def analysis_tables(ana):
    parts = []
    root = [(k, fmt(v, 6)) for k, v in ana.attrs.items()]
    parts.append("<h3>Analysis file</h3>" + table(root, ["attribute", "value"]))

    def group_rows(g, prefix=""):
        rows = [(prefix + k, fmt(v, 6)) for k, v in g.attrs.items() if k not in (A.title,)]
        for k, sub in g.items():
            if isinstance(sub, h5py.Group):
                rows += group_rows(sub, prefix + k + ".")
        return rows

    for name, g in ana.items():
        if not isinstance(g, h5py.Group) or name in (NS.group.provenance, A.skipped):
            continue
        rows = group_rows(g)
        if not rows:
            continue
        title = attr_str(g.attrs.get(A.title, name))
        parts.append(f"<div><h3>{html.escape(title)} <small>(/{html.escape(name)})</small></h3>"
                     + table(rows, ["quantity", "value"]) + "</div>")
    if A.skipped in ana and len(ana[A.skipped].attrs):
        rows = [(k, attr_str(v)) for k, v in ana[A.skipped].attrs.items()]
        parts.append("<div><h3>Statistics not computed by sorn-analyze</h3>"
                     + table(rows, ["statistic", "reason"]) + "</div>")
    if NS.group.provenance in ana:
        rows = [(k, fmt(v, 6)) for k, v in ana[NS.group.provenance].attrs.items()]
        parts.append("<div><h3>Analysis provenance</h3>" + table(rows, ["attribute", "value"])
                     + "</div>")
    return parts


# (label, group, scalar, unit); the group by its names.hpp identifier(s) in NS.analysis
KEY_RESULTS = [
    ("mean firing rate", "rates", "mean_rate", "spikes/step"),
    ("std of the per-unit rates", "rates", "rate_std", "spikes/step"),
    ("silent units", "rates", "silent_units", ""),
    ("mean active units per step", "rates", "mean_activity", "units"),
    ("mean Fano factor", "fano", "mean", ""),
    ("ISI mean", "isi", "mean", "steps"),
    ("ISI CV", "isi", "cv", ""),
    ("ISI geometric fit p", "isi", "geometric_p", "1/step"),
    ("spike source entropy", "entropy", "spike_source_entropy", ""),
    ("mean pairwise correlation", "correlation", "mean", ""),
    ("autocorrelation at lag 1", "autocorr", "lag1", ""),
    ("scale-independent smoothness", "smoothness", "scale_independent", ""),
    ("avalanches (complete)", "avalanches", "count", ""),
    ("avalanche size exponent α", "avalanches/size_fit", "alpha", ""),
    ("avalanche size xmin", "avalanches/size_fit", "xmin", "spikes"),
    ("avalanche duration exponent α", "avalanches/duration_fit", "alpha", ""),
    ("avalanche duration xmin", "avalanches/duration_fit", "xmin", "steps"),
    ("E→E synapses (last)", "connections", "ee_last", ""),
    ("I→E synapses (last)", "connections", "ei_last", ""),
    ("mean E→E in-degree", "degrees", "mean_in_degree", "synapses"),
    ("E→E weight mean", "weights", "mean", ""),
    ("lognormal μ (of ln w)", "weights", "lognormal_mu", ""),
    ("lognormal σ (of ln w)", "weights", "lognormal_sigma", ""),
    ("mean Hamming distance", "hamming", "mean", "units"),
]


def key_results(ana):
    rows = []
    for label, key, attr, unit in KEY_RESULTS:
        grp = "/".join(getattr(A, k) for k in key.split("/"))
        if grp in ana and attr in ana[grp].attrs:
            rows.append((label, fmt(ana[grp].attrs[attr], 4), unit))
    return rows


def write_html(ctx, done, skipped, failed):
    res = ctx.res
    esc = html.escape
    title = f"SORN run {os.path.basename(ctx.args.result)}"
    p = ctx.prov
    out = [f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           f"<title>{esc(title)}</title><style>{CSS}</style></head><body>",
           f"<h1>{esc(title)}</h1>"]
    summary = []
    if ctx.ne:
        summary.append(f"N<sub>e</sub> = {ctx.ne}, N<sub>i</sub> = {fmt(ctx.params.get('ni', '?'))}")
    P, G = NS.provenance, NS.group
    if P.steps_requested in p:
        summary.append(f"{fmt(p[P.steps_requested])} steps")
    if G.state in res:
        summary.append(f"final step {fmt(res[G.state].attrs.get(NS.state.step, '?'))}")
    if P.ranks in p:
        summary.append(f"{fmt(p[P.ranks])} MPI ranks")
    if P.wall_seconds in p:
        summary.append(f"{float(p[P.wall_seconds]):.3g} s wall time")
    out.append("<p>" + " · ".join(summary) + "</p>")
    out.append(f"<p>Result file: <code>{esc(os.path.abspath(ctx.args.result))}</code>"
               + (f"<br>Analysis file: <code>{esc(os.path.abspath(ctx.args.analysis))}</code>"
                  if ctx.ana is not None else
                  "<br><span class=\"note\">No analysis file: the statistics shown were "
                  "computed by plot.py from the result file (run <code>sorn-analyze RESULT.h5 "
                  "--output ANALYSIS.h5</code> for all statistics).</span>")
               + f"<br>Generated {datetime.datetime.now().strftime('%Y-%m-%d %H:%M:%S')} by "
               f"<code>{esc(' '.join(sys.argv))}</code></p>")
    nav = [f"<a href=\"#{k}\">{esc(t)}</a>" for k, t, _, _ in done]
    nav.append("<a href=\"#parameters\">Parameters</a>")
    if ctx.ana is not None:
        nav.append("<a href=\"#analysis\">Analysis results</a>")
    out.append("<nav>" + "".join(nav) + "</nav>")
    if ctx.ana is not None and ctx.computed_note:
        out.append("<p class=\"note\">Not in the analysis file, computed by plot.py from the "
                   "result file: " + esc(", ".join(dict.fromkeys(ctx.computed_note))) + ".</p>")
    if ctx.ana is not None:
        rows = key_results(ctx.ana)
        if rows:
            a = ctx.ana.attrs
            win = ""
            if A.from_step in a:
                win = (f" — population {esc(fmt(a.get(A.population, '?')))}, "
                       f"{esc(fmt(a.get(A.units, '?')))} units, steps "
                       f"{esc(fmt(a[A.from_step]))}–{esc(fmt(a.get(A.to_step, '?')))}")
            out.append(f"<h2>Key results (sorn-analyze){win}</h2>"
                       + table(rows, ["quantity", "value", "unit"]))
    if skipped or failed:
        out.append("<h2>Figures not drawn</h2><ul>")
        for k, t, why in skipped:
            out.append(f"<li class=\"note\"><b>{esc(t)}</b> ({esc(k)}.png): {esc(why)}</li>")
        for k, t, why in failed:
            out.append(f"<li class=\"note\"><b>{esc(t)}</b> ({esc(k)}.png): failed: "
                       f"{esc(why)}</li>")
        out.append("</ul>")
    out.append("<h2>Figures</h2>")
    for key, t, fname, cap in done:
        out.append(f"<figure id=\"{key}\"><h3>{esc(t)}</h3><a href=\"{esc(fname)}\">"
                   f"<img src=\"{esc(fname)}\" alt=\"{esc(t)}\"></a>"
                   f"<figcaption>{cap}</figcaption></figure>")
    out.append("<h2 id=\"parameters\">Run</h2><div class=\"cols\">")
    out.append(f"<div><h3>Parameters ({F.path(G.parameters)})</h3>"
               + table([(k, fmt(v, 6)) for k, v in sorted(ctx.params.items())],
                       ["parameter", "value"]) + "</div>")
    prov_rows = [(k, fmt(v, 6)) for k, v in p.items()]
    if G.state in res:
        prov_rows.append((f"state step ({F.path(G.state)})",
                          fmt(res[G.state].attrs.get(NS.state.step, "?"))))
    out.append(f"<div><h3>Provenance ({F.path(G.provenance)})</h3>"
               + table(prov_rows, ["attribute", "value"]) + "</div>")
    if ctx.rec is not None:
        R = NS.recordings
        rows = [(R.first_step, fmt(ctx.rec.attrs.get(R.first_step, "?"))),
                (R.record_every, fmt(ctx.rec.attrs.get(R.record_every, "?")))]
        for k, v in ctx.rec.items():
            if isinstance(v, h5py.Dataset):
                rows.append((k, f"{v.shape} {v.dtype}"))
            else:
                rows.append((k + "/", ", ".join(f"{kk} {vv.shape}" for kk, vv in v.items())))
        out.append(f"<div><h3>Recordings ({F.path(G.recordings)})</h3>"
                   + table(rows, ["name", "shape / value"]) + "</div>")
    out.append("</div>")
    if ctx.ana is not None:
        out.append("<h2 id=\"analysis\">Analysis results (sorn-analyze)</h2><div class=\"cols\">")
        out += analysis_tables(ctx.ana)
        out.append("</div>")
    out.append("</body></html>\n")
    path = os.path.join(ctx.out, "index.html")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(out))
    return path


# ----------------------------------------------------------------------------- main

def positive_int(s):
    try:
        v = int(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{s}' is not an integer")
    if v < 1:
        raise argparse.ArgumentTypeError(f"{v} must be at least 1")
    return v


def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog=PROG, description="Figures and an HTML report of a SORN run (sorn-simulate "
        "result file, optionally with its sorn-analyze analysis file).",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ap.add_argument("result", metavar="RESULT.h5", help="output file of sorn-simulate")
    ap.add_argument("analysis", metavar="ANALYSIS.h5", nargs="?",
                    help="analysis file of sorn-analyze RESULT.h5 --output ANALYSIS.h5")
    ap.add_argument("--out", required=True, metavar="DIR",
                    help="output directory (created if needed)")
    ap.add_argument("--raster-units", type=positive_int, default=200, metavar="N",
                    help="units shown in the raster and scatter plots")
    ap.add_argument("--raster-steps", type=positive_int, default=1000, metavar="N",
                    help="steps shown in the raster (the last N; the scatter shows 5N)")
    ap.add_argument("--raster-select", choices=["auto", "first", "strided"], default="auto",
                    help="which units the raster shows when there are more than N: the first N, "
                         "N evenly strided, or auto (first unless the population exceeds 5N)")
    ap.add_argument("--top-pairs", type=positive_int, default=30, metavar="K",
                    help="edges of the graph of the most correlated units")
    ap.add_argument("--dpi", type=positive_int, default=110, metavar="D",
                    help="resolution of the PNG files")
    ap.add_argument("--population", choices=["E", "I", "R"], default=None,
                    help="spike recording used without an analysis file (default E; with an "
                         "analysis file, its population)")
    ap.add_argument("--sorn-simulate", metavar="PATH", default=None,
                    help="the sorn-simulate whose file format to read (default: "
                         "$SORN_SIMULATE, else ../build/bin/sorn-simulate beside this script)")
    return ap.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    load_format(args.sorn_simulate)
    # inputs first (missing or foreign file: exit 2 before anything is written)
    ctx = Context(args)
    prepare_out_dir(args.out)
    plt.rcParams.update({"font.size": 10, "axes.titlesize": 11, "figure.titlesize": 12,
                         "axes.grid": True, "grid.alpha": 0.25})
    done, skipped, failed = [], [], []
    for key, title, fn in FIGURES:
        stale = os.path.join(args.out, key + ".png")
        try:
            fname, cap = fn(ctx)
            done.append((key, title, fname, html.escape(cap, quote=False)))
        except Skip as s:
            skipped.append((key, title, str(s)))
            if os.path.exists(stale):
                os.remove(stale)
        except Exception as e:  # a bug or an unexpected file: keep the other figures
            import traceback
            traceback.print_exc()
            warn(f"figure '{key}' failed: {type(e).__name__}: {e}")
            failed.append((key, title, f"{type(e).__name__}: {e}"))
            plt.close("all")
    try:
        path = write_html(ctx, done, skipped, failed)
    except OSError as e:
        die(f"{args.out}: cannot write index.html: {e}")
    print(f"{PROG}: {len(done)} figures in {args.out} ({path})"
          + (f"; skipped: {', '.join(k for k, _, _ in skipped)}" if skipped else ""))
    for k, _, why in skipped:
        print(f"  skipped {k}: {why}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
