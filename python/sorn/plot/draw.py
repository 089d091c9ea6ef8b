"""Drawing helpers shared by the figures. Display only: they choose what to draw (a stride of
a long series, the extremes of each display column), never compute a statistic."""

import numpy as np

MAX_LINE_POINTS = 20000  # a per-step series longer than this is drawn as a min–max band


def legend(ax, **kw):
    kw.setdefault("fontsize", 8.5)
    kw.setdefault("framealpha", 0.9)
    ax.legend(**kw)


def read_series(d, max_points=MAX_LINE_POINTS):
    """A 1-D dataset as (index, values), every k-th entry when it has more than max_points
    (read by blocks, never whole)."""
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


def plot_timeseries(ax, t, y, color, what, binned=None):
    """A per-step series: its line (up to MAX_LINE_POINTS steps), else the band between the
    smallest and largest value of each of ~2000 display columns. `binned` = (t, y, label):
    a coarser series of the analysis file drawn over it (e.g. the binned network rate)."""
    y = np.asarray(y)
    n = len(y)
    if n <= MAX_LINE_POINTS:
        ax.plot(t, y, color=color, lw=0.8 if n <= 2000 else 0.4,
                alpha=1.0 if n <= 2000 else 0.6, label=f"{what} per step")
    else:
        b = -(-n // 2000)
        m = n // b
        cols = y[:m * b].reshape(m, b)
        tc = t[:m * b:b]
        ax.fill_between(tc, cols.min(axis=1), cols.max(axis=1), color=color, alpha=0.45, lw=0,
                        label=f"{what}: range of each {b} steps")
    if binned is not None:
        bt, by, label = binned
        if 1 < len(by) <= MAX_LINE_POINTS:
            ax.plot(bt, by, color="k", lw=1.2, label=label)
