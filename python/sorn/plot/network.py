"""The network: E→E degrees (/degrees), synapse counts over time (/connections) and the
excitatory thresholds (/thresholds, with the raw traces of a few units from /recordings/TE)."""

import numpy as np

from . import load
from .draw import legend, read_series
from .load import plt


def fig_degrees(ctx):
    A = load.A
    dg = ctx.stat(A.degrees, ("in_degree_histogram", "out_degree_histogram"))
    src = ctx.attr(dg, "source")
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.5), constrained_layout=True)
    for ax, key, what, col in ((axes[0], "in", "incoming (in-degree)", "tab:blue"),
                               (axes[1], "out", "outgoing (out-degree)", "tab:orange")):
        h = dg[f"{key}_degree_histogram"][:]
        mean = float(ctx.attr(dg, f"mean_{key}_degree"))
        ax.bar(np.arange(len(h)), h, width=1.0, color=col, alpha=0.8, edgecolor="none",
               label=f"{int(ctx.attr(dg, A.units))} units")
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
                  f"from {src}. Source: analysis file /{A.degrees}.")


def fig_connections(ctx):
    A = load.A
    c = ctx.stat(A.connections)
    series = []
    for key, label in (("ee", "E→E"), ("ei", "I→E")):
        if ctx.has(c, f"{key}_count"):
            d = c[f"{key}_count"]
            if d.shape[0]:
                idx, y = read_series(d)
                series.append((key, label, int(ctx.attr(d, A.first_step)) + idx, y))
    if not series:
        raise load.Skip(f"/{A.connections} holds no series")
    fig, axes = plt.subplots(len(series), 1, figsize=(10, 2.9 * len(series) + 0.6),
                             sharex=True, constrained_layout=True)
    axes = np.atleast_1d(axes)
    for ax, (key, label, t, y), col in zip(axes, series, ["tab:blue", "tab:red"]):
        first, last = int(ctx.attr(c, f"{key}_first")), int(ctx.attr(c, f"{key}_last"))
        lo, hi = float(ctx.attr(c, f"{key}_min")), float(ctx.attr(c, f"{key}_max"))
        ax.plot(t, y, color=col, lw=1.2, label=f"{label}: {first} → {last} synapses")
        pad = max(1.0, 0.05 * (hi - lo))
        ax.set_ylim(max(0, lo - pad), hi + pad)
        ax.set_ylabel(f"{label} synapses\n[count]")
        ax.set_title(f"{label} connections (mean {float(ctx.attr(c, f'{key}_mean')):.1f})",
                     fontsize=10)
        legend(ax, loc="best")
    axes[-1].set_xlabel("time [steps]")
    axes[0].set_xlim(series[0][2][0], series[0][2][-1])
    fig.suptitle("Connection dynamics: number of active synapses (weight > 0)")
    name = ctx.save(fig, "connections.png")
    return name, ("Number of E→E and I→E synapses after each step's plasticity (pruning by "
                  "STDP/iSTDP, creation by structural plasticity): the package's "
                  f"num_active_connections. Source: analysis file /{A.connections}.")


def fig_thresholds(ctx):
    A = load.A
    g = ctx.stat(A.thresholds)
    has_snap = ctx.has(g, "snapshot_quantiles") and ctx.has(g, "snapshot_step")
    has_final = ctx.has(g, "final_histogram_counts")
    if not has_snap and not has_final:
        raise load.Skip(f"/{A.thresholds} holds neither snapshots nor final thresholds")
    ncol = 2 if has_snap and has_final else 1
    fig, axes = plt.subplots(1, ncol, figsize=(12 if ncol == 2 else 7, 4.6),
                             constrained_layout=True,
                             gridspec_kw=dict(width_ratios=[1.6, 1]) if ncol == 2 else None)
    axes = np.atleast_1d(axes)
    cap = ""
    if has_snap:
        steps = g["snapshot_step"][:]
        q = g["snapshot_quantiles"][:]
        col = {lv: k for k, lv in enumerate(np.round(g["quantile_levels"][:] * 100).astype(int))}
        S = len(steps)
        ax = axes[0]
        ax.fill_between(steps, q[:, col[5]], q[:, col[95]], color="tab:green", alpha=0.2,
                        label="5–95 %")
        ax.fill_between(steps, q[:, col[25]], q[:, col[75]], color="tab:green", alpha=0.4,
                        label="25–75 %")
        ax.plot(steps, q[:, col[50]], "o-", color="tab:green", ms=3, label="median")
        ax.plot(steps, g["snapshot_mean"][:], "--", color="k", lw=1, label="mean")
        # the raw traces of a few units (data of the result file, not a statistic)
        te = load.rec_path(load.REC.te_snapshots)
        N = 0
        if te in ctx.res and ctx.res[te].shape[0] == S:
            N = ctx.res[te].shape[1]
            show = np.unique(np.linspace(0, N - 1, min(N, 5)).round().astype(int))
            traces = ctx.res[te][:, show]
            for j, u in enumerate(show):
                ax.plot(steps, traces[:, j], lw=0.7, alpha=0.8, label=f"unit {u}")
        ax.set_xlabel("time [steps]")
        ax.set_ylabel("excitatory threshold T_e (dimensionless)")
        ax.set_title(f"T_e at {S} snapshots")
        legend(ax, loc="best", ncol=2)
        cap = (f"Left: excitatory thresholds T_e at the {S} snapshots (steps {steps[0]}–"
               f"{steps[-1]}), quantiles over the units and a few single units: intrinsic "
               "plasticity drives each unit to its target rate. ")
    if has_final:
        ax = axes[-1]
        e, h = g["final_histogram_edges"][:], g["final_histogram_counts"][:]
        mean = float(ctx.attr(g, "final_mean"))
        ax.stairs(h, e, fill=True, color="tab:green", alpha=0.8, label=f"{int(h.sum())} units")
        ax.axvline(mean, color="k", ls="--", lw=1, label=f"mean = {mean:.3f}")
        ax.set_ylim(0, max(1, h.max()) * 1.2)
        ax.set_xlabel("excitatory threshold T_e (dimensionless)")
        ax.set_ylabel("number of units")
        ax.set_title(f"final T_e (step {int(ctx.attr(g, 'final_step'))})")
        legend(ax)
        cap += ("Right: distribution of the final thresholds." if has_snap else
                "Distribution of the final excitatory thresholds (no TE snapshots recorded).")
    fig.suptitle("Excitatory thresholds (intrinsic plasticity)")
    name = ctx.save(fig, "thresholds.png")
    return name, cap + f" Source: analysis file /{A.thresholds}."
