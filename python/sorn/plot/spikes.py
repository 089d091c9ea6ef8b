"""The spike trains: raster and scatter plots (raw data of the result file), firing rates,
Fano factors and inter-spike intervals (/rates, /fano, /isi of the analysis file)."""

import math

import numpy as np
from matplotlib.ticker import MaxNLocator

from . import load
from .draw import legend, plot_timeseries
from .load import plt, steps_str


def _network_rate(ctx, first, last):
    """(steps, network rate, binned (t, y, label) or None) of the analysis over the steps
    [first, last] ∩ its window."""
    r = ctx.stat(load.A.rates, ("network_rate", "network_rate_binned"))
    d = r["network_rate"]
    f0 = int(ctx.attr(d, load.A.first_step))
    a, b = max(first, f0), min(last, f0 + d.shape[0] - 1)
    if b < a:
        raise load.Skip(f"the analysis window does not cover {steps_str(first, last)}")
    y = d[a - f0:b - f0 + 1]
    binned = None
    bd = r["network_rate_binned"]
    B = int(ctx.attr(r, "bin_size"))
    b0 = int(ctx.attr(bd, load.A.first_step))
    k0, k1 = max(0, -(-(a - b0) // B)), min(bd.shape[0], (b + 1 - b0) // B)
    if k1 > k0:
        binned = (b0 + B * np.arange(k0, k1) + (B - 1) / 2, bd[k0:k1],
                  f"mean over bins of {B} steps")
    return np.arange(a, b + 1), y, binned


def raster_window(ctx):
    sp = ctx.spikes()
    r1 = sp.T
    return sp, max(0, r1 - ctx.args.raster_steps), r1


def fig_raster(ctx):
    sp, r0, r1 = raster_window(ctx)
    units, udesc = load.choose_units(sp.N, ctx.args.raster_units, ctx.args.raster_select)
    x = sp.read_units(r0, r1, units)
    t, k = np.nonzero(x)
    steps = sp.first + r0 + t
    # a second population underneath, if recorded (E raster: the I units; else the E units)
    other = None
    if ctx.rec is not None:
        oname = load.POPULATIONS["I"] if ctx.pop != "I" else load.POPULATIONS["E"]
        if oname in ctx.rec:
            try:
                osp = load.SpikeTable(ctx.rec[oname], ctx.rec_first)
                if osp.T == sp.T and osp.first == sp.first:
                    ou, oudesc = load.choose_units(osp.N, max(10, ctx.args.raster_units // 4),
                                                   ctx.args.raster_select)
                    other = (oname, ou, oudesc, np.nonzero(osp.read_units(r0, r1, ou)))
            except ValueError:
                other = None
    hr = [4, 1] if other is not None else [1]
    fig, axes = plt.subplots(len(hr), 1, figsize=(12, 6.2 if other is not None else 5),
                             sharex=True, gridspec_kw=dict(height_ratios=hr),
                             constrained_layout=True)
    axes = np.atleast_1d(axes)
    ax = axes[0]
    ms = 6 if len(units) <= 100 else 4 if len(units) <= 300 else 2
    ax.plot(steps, units[k], "|", color="tab:red" if ctx.pop == "I" else "k", ms=ms, mew=0.8,
            label=f"{len(steps)} spikes")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(f"{ctx.popname} unit index")
    ax.set_ylim(units[0] - 0.5 - 0.01 * len(units), units[-1] + 0.5 + 0.01 * len(units))
    ax.set_xlim(sp.first + r0 - 0.5, sp.first + r1 - 0.5)
    legend(ax, loc="upper right")
    if other is not None:
        oname, ou, oudesc, (ot, ok) = other
        ax2 = axes[1]
        inh = oname == load.POPULATIONS["I"]
        ax2.plot(sp.first + r0 + ot, ou[ok], "|", ms=3, mew=0.8, color="tab:red" if inh else "k")
        ax2.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=4))
        ax2.set_ylabel("inhibitory\nunit index" if inh else "excitatory\nunit index")
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
    sp = ctx.spikes()
    # a longer stretch than the raster, with fewer, smaller points
    units, udesc = load.choose_units(sp.N, ctx.args.raster_units, ctx.args.raster_select)
    r1 = sp.T
    r0 = max(0, r1 - 5 * ctx.args.raster_steps)
    t, k = np.nonzero(sp.read_units(r0, r1, units))
    u = units[k]
    if len(t) > 400000:
        sel = np.random.default_rng(0).choice(len(t), 400000, replace=False)
        t, u = t[sel], u[sel]
        udesc += " (400000 of the spikes, drawn at random)"
    first, last = sp.first + r0, sp.first + r1 - 1
    st, rate, binned = _network_rate(ctx, first, last)
    r = ctx.stat(load.A.rates)
    mean_rate = float(ctx.attr(r, "mean_rate"))
    fig, (ax1, ax2) = plt.subplots(2, 1, figsize=(12, 6.5), sharex=True,
                                   gridspec_kw=dict(height_ratios=[1, 2.6]),
                                   constrained_layout=True)
    plot_timeseries(ax1, st, rate, "tab:orange", "network rate", binned)
    ax1.axhline(mean_rate, color="k", ls="--", lw=0.8)
    legend(ax1, loc="upper right", ncol=2)
    ax1.set_ylabel("network rate\n[spikes/step per unit]")
    ax1.set_ylim(0, max(1e-3, float(np.max(rate))) * 1.05)
    ax1.set_title(f"population activity of all {sp.N} {ctx.popname} units (mean rate "
                  f"{mean_rate:.3f} spikes/step per unit over the analysis window, dashed)",
                  fontsize=10)
    dot = float(np.clip(3e5 / max(1, len(units) * (last - first + 1)), 0.5, 12))
    ax2.scatter(t + first, u, s=dot, c="tab:red" if ctx.pop == "I" else "tab:blue",
                marker="o" if dot > 2 else ".", lw=0, rasterized=True)
    ax2.set_xlabel("time [steps]")
    ax2.set_ylabel(f"{ctx.popname} unit index")
    ax2.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax2.set_xlim(first - 0.5, last + 0.5)
    ax2.set_ylim(units[0] - 0.5, units[-1] + 0.5)
    ax2.set_title(f"spike times: showing {udesc}, {steps_str(first, last)}", fontsize=10)
    fig.suptitle(f"Scatter plot of the spike trains ({sp.name.split('/')[-1]})")
    name = ctx.save(fig, "scatter.png")
    return name, (f"Scatter plot (the package's scatter_plot): the spike times of {udesc} "
                  f"as points over {steps_str(first, last)}, under the network rate (active "
                  f"units / {sp.N} per step, analysis file /{load.A.rates}).")


def fig_rates(ctx):
    A = load.A
    r = ctx.stat(A.rates, ("histogram_edges", "histogram_counts", "network_rate"))
    a, b = ctx.window()
    wdesc = steps_str(a, b)
    edges, counts = r["histogram_edges"][:], r["histogram_counts"][:]
    N = int(ctx.ana.attrs[A.units])
    m = float(ctx.attr(r, "mean_rate"))
    silent = int(ctx.attr(r, "silent_units"))
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 4.6), constrained_layout=True,
                                   gridspec_kw=dict(width_ratios=[1, 1.6]))
    ax1.stairs(counts, edges, fill=True, color="tab:green", alpha=0.8, label=f"{N} units")
    ax1.axvline(m, color="k", ls="--", lw=1, label=f"mean = {m:.4f}")
    mu_ip = ctx.params.get("mu-ip", None)
    hi = edges[-1]
    if mu_ip is not None and ctx.pop in "ER":
        ax1.axvline(float(mu_ip), color="tab:red", ls=":", lw=1.5,
                    label=f"IP target μ_IP = {float(mu_ip):g}")
        hi = max(hi, float(mu_ip))
    if silent:
        ax1.plot([], [], " ", label=f"{silent} silent units")
    ax1.set_xlim(edges[0], hi * 1.08)
    ax1.set_xlabel("firing rate [spikes/step]")
    ax1.set_ylabel("number of units")
    ax1.set_title("per-unit firing rates")
    ax1.set_ylim(0, max(1, counts.max()) * 1.3)
    legend(ax1, loc="upper left")
    st, rate, binned = _network_rate(ctx, a, b)
    plot_timeseries(ax2, st, rate, "tab:purple", "network rate", binned)
    ax2.set_xlabel("time [steps]")
    ax2.set_ylabel("network rate [spikes/step per unit]")
    ax2.set_ylim(0, max(1e-3, float(np.max(rate))) * 1.05)
    ax2.set_xlim(st[0], st[-1])
    ax2.set_title("network firing rate over time")
    legend(ax2, loc="upper right")
    fig.suptitle(f"Firing rates of the {N} {ctx.popname} units, {wdesc}")
    name = ctx.save(fig, "rates.png")
    return name, (f"Left: histogram of the per-unit firing rates (spikes/step) over {wdesc} "
                  f"(the package's hist_firing_rate_network). Right: network firing rate "
                  f"(active units / N per step, the package's firing_rate_network). "
                  f"Source: analysis file /{A.rates}.")


def fig_fano(ctx):
    A = load.A
    f = ctx.stat(A.fano, ("histogram_edges", "histogram_counts"))
    defined = int(ctx.attr(f, "units_defined"))
    if defined == 0:
        raise load.Skip("no defined Fano factor (all units silent)")
    edges, counts = f["histogram_edges"][:], f["histogram_counts"][:]
    mean = float(ctx.attr(f, "mean"))
    window = int(ctx.attr(f, "window"))
    fig, ax = plt.subplots(figsize=(7, 4.4), constrained_layout=True)
    ax.stairs(counts, edges, fill=True, color="tab:cyan", alpha=0.85, label=f"{defined} units")
    ax.axvline(mean, color="k", ls="--", lw=1, label=f"mean = {mean:.3f}")
    ax.axvline(1.0, color="tab:red", ls=":", lw=1.5, label="Poisson (FF = 1)")
    if A.rates in ctx.ana:
        p = float(ctx.attr(ctx.ana[A.rates], "mean_rate"))
        ax.axvline(1 - p, color="tab:purple", ls="-.", lw=1.2,
                   label=f"Bernoulli at the mean rate (FF = 1 − p = {1 - p:.3f})")
    ax.set_xlabel(f"Fano factor (dimensionless; windows of {window} steps)")
    ax.set_ylabel("number of units")
    ax.set_title(f"Fano factor of the spike counts ({int(ctx.attr(f, 'windows'))} windows)")
    ax.set_ylim(0, max(1, counts.max()) * 1.4)
    legend(ax, loc="upper left")
    name = ctx.save(fig, "fano.png")
    return name, ("Distribution of the per-unit Fano factors Var/Mean of the spike counts in "
                  f"windows of {window} steps (the package's fanofactor); a Bernoulli train of "
                  f"rate p has FF = 1 − p. Source: analysis file /{A.fano}.")


def fig_isi(ctx):
    A = load.A
    isi = ctx.stat(A.isi, ("histogram", "fit_expected"))
    h = isi["histogram"][:]
    fit = isi["fit_expected"][:]
    n = int(ctx.attr(isi, "count"))
    if n == 0:
        raise load.Skip("no inter-spike interval (no unit fired twice)")
    p, lam = float(ctx.attr(isi, "geometric_p")), float(ctx.attr(isi, "exponential_rate"))
    ks, mean, cv = (float(ctx.attr(isi, k)) for k in ("ks_distance", "mean", "cv"))
    k = np.arange(len(h))
    nz = h > 0
    fig, ax = plt.subplots(figsize=(8, 4.8), constrained_layout=True)
    ax.plot(k[nz], h[nz], "o", ms=3.5, color="tab:blue", label=f"{n} intervals")
    ax.plot(k[1:], fit[1:], "-", color="tab:red", lw=1.8,
            label=(f"geometric fit: n·p(1−p)^(k−1)\np = 1/mean = {p:.4f}, "
                   f"λ = −ln(1−p) = {lam:.4f} /step\nKS distance = {ks:.3f}"))
    ax.plot([], [], " ", label=f"mean = {mean:.2f} steps, CV = {cv:.3f}")
    ax.set_yscale("log")
    ax.set_xlabel("inter-spike interval k [steps]")
    ax.set_ylabel("number of intervals")
    # the x range: up to where the fit expects less than half an interval, or the data end
    shown = np.flatnonzero((fit >= 0.5) | nz)
    ax.set_xlim(0, max(10, int(shown[-1]) + 2 if shown.size else len(h)))
    ax.set_ylim(0.3, h.max() * 2)
    ax.set_title(f"Inter-spike intervals of the {ctx.popname} units (pooled)")
    legend(ax, loc="upper right")
    name = ctx.save(fig, "isi.png")
    return name, ("Distribution of the inter-spike intervals, pooled over units, on a log "
                  "scale, with the interval counts the maximum-likelihood geometric (discrete "
                  "exponential) fit expects (the package's isi_exponential_fit). Source: "
                  f"analysis file /{A.isi}.")
