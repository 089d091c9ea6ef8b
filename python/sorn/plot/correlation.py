"""Pairwise correlations (/correlation): the matrix of the subset with the distribution of all
pair correlations, and the graph of the subset's most correlated pairs."""

import math

import numpy as np
from matplotlib import colors as mcolors
from matplotlib.collections import LineCollection

from . import load
from .draw import legend
from .load import fmt, plt


def _data(ctx):
    return ctx.stat(load.A.correlation, ("subset_units", "subset_matrix", "histogram_edges",
                                          "histogram_counts"))


def fig_correlation(ctx):
    A = load.A
    c = _data(ctx)
    units, R = c["subset_units"][:], c["subset_matrix"][:]
    e, cnt = c["histogram_edges"][:], c["histogram_counts"][:]
    M = len(units)
    if M < 2:
        raise load.Skip("fewer than 2 units in the correlation subset")
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12.5, 5.2), constrained_layout=True,
                                   gridspec_kw=dict(width_ratios=[1.15, 1]))
    off = R[~np.eye(M, dtype=bool)]
    off = off[np.isfinite(off)]
    # colour range symmetric about 0 and fitted to the off-diagonal values (the diagonal, 1,
    # saturates), so that weak correlations stay visible
    vmax = min(1.0, math.ceil(max(0.1, float(np.abs(off).max()) if off.size else 1.0) * 10) / 10)
    cmap = plt.get_cmap("RdBu_r").copy()
    cmap.set_bad("0.8")
    im = ax1.imshow(np.ma.masked_invalid(R), cmap=cmap, vmin=-vmax, vmax=vmax,
                    interpolation="nearest")
    cb = fig.colorbar(im, ax=ax1, shrink=0.9)
    cb.set_label("Pearson correlation r (dimensionless)")
    if np.all(np.diff(units) == 1):
        stepk = next(k for k in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 10**9)
                     if M / k <= 12)
        ticks = np.flatnonzero(units % stepk == 0)
    else:
        ticks = np.unique(np.linspace(0, M - 1, min(M, 10)).round().astype(int))
    for setter, labels in ((ax1.set_xticks, ax1.set_xticklabels),
                           (ax1.set_yticks, ax1.set_yticklabels)):
        setter(ticks)
        labels(units[ticks], fontsize=8)
    ax1.set_xlabel("unit index")
    ax1.set_ylabel("unit index")
    ax1.set_title(f"correlation matrix of {M} units (bin: 1 step)")
    mean = float(ctx.attr(c, "mean"))
    ax2.stairs(cnt, e, fill=True, color="tab:gray", alpha=0.8,
               label=f"{int(ctx.attr(c, 'pairs_used'))} pairs ({ctx.attr(c, 'method')})")
    ax2.axvline(mean, color="k", ls="--", lw=1, label=f"mean r = {mean:.3f}")
    ax2.axvline(0, color="0.5", lw=0.6)
    ax2.set_title("all pairs of the population")
    ax2.set_xlabel("Pearson correlation r (dimensionless)")
    ax2.set_ylabel("number of pairs")
    legend(ax2, loc="upper left")
    nzb = np.flatnonzero(cnt)
    if nzb.size:
        ax2.set_xlim(max(-1, e[nzb[0]] - 0.05), min(1, e[nzb[-1] + 1] + 0.05))
    fig.suptitle(f"Pairwise correlation of the {ctx.popname} spike trains")
    name = ctx.save(fig, "correlation.png")
    return name, (f"Left: Pearson correlation matrix of the 0/1 spike trains of units "
                  f"{fmt(units[0])}…{fmt(units[-1])} (diverging colour map, symmetric about 0: "
                  f"±{vmax:g}; grey: undefined, silent unit). Right: distribution of the pair "
                  "correlations (the package's avg_corr_coeff is their mean). Source: analysis "
                  f"file /{A.correlation}.")


def fig_corr_graph(ctx):
    A = load.A
    c = _data(ctx)
    units, R = c["subset_units"][:], c["subset_matrix"][:]
    M = len(units)
    if M < 3:
        raise load.Skip("fewer than 3 units in the correlation subset")
    iu = np.triu_indices(M, 1)
    r = R[iu]
    ok = np.isfinite(r)
    if not ok.any():
        raise load.Skip("no defined correlation in the subset")
    # the K pairs of largest r (a selection of the analysis's matrix)
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
    ax.add_collection(LineCollection(segs[z], colors=cmap(norm(rr[z])), linewidths=widths[z],
                                     alpha=0.85))
    shown = np.zeros(M, bool)
    shown[a] = shown[b] = True
    ax.scatter(xy[:, 0], xy[:, 1], s=60, c=np.where(shown, "tab:blue", "0.75"),
               edgecolors="k", linewidths=0.5, zorder=3)
    fs = 8 if M <= 60 else 6
    for i in range(M):
        if M <= 100 or shown[i]:
            ax.text(1.1 * xy[i, 0], 1.1 * xy[i, 1], str(units[i]), ha="center", va="center",
                    fontsize=fs)
    cb = fig.colorbar(plt.cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.8)
    cb.set_label("Pearson correlation r of the pair (dimensionless)")
    ax.set_xlim(-1.25, 1.25)
    ax.set_ylim(-1.25, 1.25)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(f"The {K} most correlated pairs among {M} {ctx.popname} units\n"
                 f"edge width and colour: r ({lo:.3f} … {hi:.3f}); blue: units in a pair")
    name = ctx.save(fig, "correlation_graph.png")
    return name, (f"Network graph of the {K} most correlated pairs (largest Pearson r) among "
                  f"the {M} units of the correlation subset; units on a circle, labelled by "
                  f"index; edge width and colour proportional to r. Source: analysis file "
                  f"/{A.correlation}.")
