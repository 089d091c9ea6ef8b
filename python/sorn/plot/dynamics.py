"""The dynamics of the network activity: autocorrelation (/autocorr), neuronal avalanches with
their power-law fits (/avalanches), Hamming distance to another run (/hamming)."""

import html
import os

import numpy as np

from . import load
from .draw import legend, plot_timeseries, read_series
from .load import plt


def fig_autocorr(ctx):
    A = load.A
    ac = ctx.stat(A.autocorr, ("lag", "autocorr"))
    lag, r = ac["lag"][:], ac["autocorr"][:]
    if not np.isfinite(r).any():
        raise load.Skip("the autocorrelation is undefined (constant network activity)")
    fig, ax = plt.subplots(figsize=(8, 4.6), constrained_layout=True)
    ax.axhline(0, color="0.5", lw=0.8)
    ax.vlines(lag, 0, r, color="tab:blue", lw=2)
    ax.plot(lag, r, "o", color="tab:blue", label="r(τ)")
    ax.set_xlabel("lag τ [steps]")
    ax.set_ylabel("autocorrelation r(τ) (dimensionless)")
    ax.set_xlim(0, lag.max() + 1)
    ax.set_ylim(min(-0.1, np.nanmin(r) - 0.05), max(0.1, np.nanmax(r) + 0.1))
    ax.set_title(f"Autocorrelation of the network activity ({ctx.popname} units)")
    legend(ax)
    name = ctx.save(fig, "autocorr.png")
    return name, ("Autocorrelation of the network activity a(t) (active units per step) at "
                  f"lags 1–{int(lag.max())} steps (the package's autocorr). Source: analysis "
                  f"file /{A.autocorr}.")


def fit_label(ctx, fit):
    """The legend of a power-law fit, from its attributes."""
    al, se = float(ctx.attr(fit, "alpha")), float(ctx.attr(fit, "alpha_stderr"))
    lab = (f"power law P(x) ∝ x^−α for x ≥ xmin\nα = {al:.2f} ± {se:.2f}, "
           f"xmin = {int(ctx.attr(fit, 'xmin'))}\nKS = {float(ctx.attr(fit, 'ks_distance')):.3f}, "
           f"tail {int(ctx.attr(fit, 'n_tail'))} of {int(ctx.attr(fit, 'n'))}")
    if int(ctx.attr(fit, "alpha_at_bound", 0)):
        lab += "\nα at the upper bound of the fit: not a power law"
    return lab


def fig_avalanches(ctx):
    A = load.A
    av = ctx.stat(A.avalanches)
    theta = int(ctx.attr(av, "threshold"))
    if int(ctx.attr(av, "count")) == 0:
        raise load.Skip(f"no complete avalanche (activity never above the threshold θ = {theta})")
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.9), constrained_layout=True)
    for ax, key, what, unit in ((axes[0], A.size_fit, "size S", "spikes"),
                                (axes[1], A.duration_fit, "duration T", "steps")):
        fit = ctx.stat(f"{A.avalanches}/{key}", ("ccdf_value", "ccdf", "fit_ccdf"))
        v, ccdf, model = fit["ccdf_value"][:], fit["ccdf"][:], fit["fit_ccdf"][:]
        n = int(ctx.attr(fit, "n"))
        ax.plot(v, ccdf, "o", ms=3, color="tab:blue", label=f"{n} avalanches: P(X ≥ x)")
        shown = np.isfinite(model)
        if int(ctx.attr(fit, "fitted")) == 1 and shown.any():
            ax.plot(v[shown], model[shown], "-", color="tab:red", lw=2, label=fit_label(ctx, fit))
            ax.axvline(int(ctx.attr(fit, "xmin")), color="tab:red", ls=":", lw=1)
        else:
            ax.plot([], [], " ", label="no power-law fit (too few samples)")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(f"avalanche {what} [{unit}]")
        ax.set_ylabel("complementary CDF P(X ≥ x)")
        ax.set_ylim(0.5 / max(1, n), 1.6)
        ax.set_title(f"avalanche {what.split()[0]}s")
        legend(ax, loc="lower left")
    fig.suptitle(f"Neuronal avalanches of the {ctx.popname} network activity "
                 f"(threshold θ = {theta} active units)")
    name = ctx.save(fig, "avalanches.png")
    return name, ("Empirical complementary cumulative distributions (log-log) of the avalanche "
                  "sizes (spikes above θ) and durations (steps), with the discrete power-law "
                  "maximum-likelihood fits above xmin (Clauset et al. 2009) scaled to the "
                  f"tail's share of the samples. Source: analysis file /{A.avalanches}.")


def fig_hamming(ctx):
    A = load.A
    if A.hamming not in ctx.ana:
        raise load.Skip("needs an analysis made with sorn-analyze --compare OTHER.h5 "
                        "(or plot.py --compare OTHER.h5)")
    h = ctx.stat(A.hamming, ("distance",))
    d = h["distance"]
    idx, y = read_series(d, 10**7)
    steps = int(ctx.attr(d, A.first_step)) + idx
    fig, ax = plt.subplots(figsize=(10, 4.6), constrained_layout=True)
    plot_timeseries(ax, steps, y, "tab:red", "d(t)")
    N = int(ctx.ana.attrs.get(A.units, 0))
    ax.set_xlabel("time [steps]")
    ax.set_ylabel(f"Hamming distance [units differing, of {N}]" if N else
                  "Hamming distance [units differing]")
    ax.set_xlim(steps[0], steps[-1])
    other = ctx.attr(h, "compare_file")
    ax.set_title(f"Hamming distance of the {ctx.popname} states to {os.path.basename(other)}\n"
                 f"mean {float(ctx.attr(h, 'mean')):.1f}, max {int(ctx.attr(h, 'max'))}, "
                 f"final {int(ctx.attr(h, 'final'))} units; first difference at step "
                 f"{int(ctx.attr(h, 'first_difference_step'))}")
    ax.set_ylim(0, max(1, int(ctx.attr(h, "max"))) * 1.15)
    legend(ax, loc="upper left")
    name = ctx.save(fig, "hamming.png")
    return name, (f"Number of {ctx.popname} units whose state differs between this run and "
                  f"{html.escape(other)} at every step (the package's hamming_distance; "
                  f"perturbation experiments). Source: analysis file /{A.hamming}.")


