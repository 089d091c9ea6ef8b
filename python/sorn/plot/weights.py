"""The E→E weights: their distribution with the lognormal fit (/weights) and their course
over the snapshots (/weight_snapshots)."""

import math

import numpy as np

from . import load
from .draw import legend
from .load import plt


def fig_weights(ctx):
    A = load.A
    w = ctx.stat(A.weights, ("histogram_edges", "histogram_counts", "lognormal_expected",
                             "linear_histogram_edges", "linear_histogram_counts"))
    label = ctx.attr(w, "source")
    n = int(ctx.attr(w, "count"))
    if n == 0:
        raise load.Skip(f"{label} holds no synapse")
    mu, sigma = float(ctx.attr(w, "lognormal_mu")), float(ctx.attr(w, "lognormal_sigma"))
    ks = float(ctx.attr(w, "lognormal_ks_distance"))
    mean_w = float(ctx.attr(w, "mean"))
    lin_e, lin = w["linear_histogram_edges"][:], w["linear_histogram_counts"][:]
    log_e, lg = w["histogram_edges"][:], w["histogram_counts"][:]
    expected = w["lognormal_expected"][:]

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.6), constrained_layout=True)
    ax1.stairs(lin, lin_e, fill=True, color="tab:blue", alpha=0.75, label=f"{n} E→E synapses")
    ax1.axvline(mean_w, color="k", ls="--", lw=1, label=f"mean = {mean_w:.3g}")
    ax1.set_xlabel("synaptic weight w (dimensionless)")
    ax1.set_ylabel("synapses per bin")
    ax1.set_xlim(0, lin_e[-1] * 1.02)
    ax1.set_title("linear scale")
    legend(ax1)

    ax2.stairs(lg, log_e, fill=True, color="tab:blue", alpha=0.6, label="weights")
    lab = f"lognormal fit: μ = {mu:.3f}, σ = {sigma:.3f}\nmedian e^μ = {math.exp(mu):.3g}"
    if not math.isnan(ks):
        lab += f", KS = {ks:.3f}"
    if np.isfinite(expected).any():
        ax2.stairs(expected, log_e, color="tab:red", lw=2, label=lab)
    ax2.set_xscale("log")
    ax2.set_xlabel("synaptic weight w (dimensionless, log scale)")
    ax2.set_ylabel("synapses per log-spaced bin")
    ax2.set_title("log scale, with the maximum-likelihood lognormal fit")
    legend(ax2, loc="upper left")
    top = max(lg.max(), np.nanmax(expected) if np.isfinite(expected).any() else 0)
    ax2.set_ylim(0, top * 1.35)
    fig.suptitle(f"E→E weight distribution — {label}")
    name = ctx.save(fig, "weights.png")
    return name, (f"Distribution of the {n} E→E weights of {label}, on a linear scale (left) and "
                  f"on log-spaced bins (right) with the counts the lognormal fit μ = mean(ln w) "
                  f"= {mu:.4g}, σ = std(ln w) = {sigma:.4g} expects in each bin (the package's "
                  "weight_distribution and linear_lognormal_fit). Source: analysis file "
                  f"/{A.weights}.")


def fig_weight_snapshots(ctx):
    A = load.A
    g = ctx.stat(A.weight_snapshots, ("snapshot_step", "snapshot_count", "snapshot_quantiles",
                                      "quantile_levels", "histogram_edges", "histogram_counts"))
    steps = g["snapshot_step"][:]
    counts = g["snapshot_count"][:]
    q = g["snapshot_quantiles"][:]
    levels = list(np.round(g["quantile_levels"][:] * 100).astype(int))
    edges, hists = g["histogram_edges"][:], g["histogram_counts"][:]
    S = len(steps)
    if S < 1 or len(edges) < 2:
        raise load.Skip(f"/{A.weight_snapshots} holds no weight")
    col = {lv: k for k, lv in enumerate(levels)}
    pick = np.unique(np.linspace(0, S - 1, min(S, 6)).round().astype(int))
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
    ax2.fill_between(steps, q[:, col[5]], q[:, col[95]], color="tab:blue", alpha=0.2,
                     label="5–95 %")
    ax2.fill_between(steps, q[:, col[25]], q[:, col[75]], color="tab:blue", alpha=0.4,
                     label="25–75 %")
    ax2.plot(steps, q[:, col[50]], "o-", color="tab:blue", ms=3, label="median")
    ax2.set_yscale("log")
    ax2.set_xlabel("time [steps]")
    ax2.set_ylabel("synaptic weight w (dimensionless, log scale)")
    ax2.set_title("weight quantiles over time")
    legend(ax2, loc="lower left")
    fig.suptitle(f"E→E weights at the {S} recorded snapshots")
    name = ctx.save(fig, "weight_snapshots.png")
    return name, (f"E→E weights over the {S} snapshots (steps {steps[0]}–{steps[-1]}): "
                  "log-binned distributions at selected snapshots (left) and the median and "
                  "5/25/75/95 % quantiles of the weights at every snapshot (right). Source: "
                  f"analysis file /{A.weight_snapshots}.")
