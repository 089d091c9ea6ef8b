#!/usr/bin/env python3
"""Collects the analyses of examples/delpapa2017/run.sh into summary.csv, summary.json and the
figures fig_*.png of OUT (docs/EXAMPLES.md, docs/SCIENCE.md).

Every number comes from sorn-analyze's JSON and analysis files in OUT/analysis; the only
arithmetic here is the propagated error of the crackling prediction, the activity histogram
(a bincount of the recorded network activity) and the curves drawn for the figures.

usage: summary.py OUT --ne N --seeds S --transient T --record R --freeze F --ranks P --bootstrap B
"""
import argparse
import csv
import json
import math
import os
import re
import sys

import h5py
import matplotlib
import numpy as np

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend)

# What the paper shows (docs/SCIENCE.md gives the sources): Fig 2C draws gamma = 1.3 as the
# line "approximately fitting" <S>(T); the windows are those of the authors' Fig2.py (Fig 2F).
PUBLISHED = {
    "gamma_fig2c": 1.3,
    "windows_fig2f": {"50": [2, 10, 3, 100], "100": [4, 30, 4, 200], "200": [6, 60, 10, 1500],
                      "400": [8, 100, 30, 3000], "800": [10, 150, 70, 7000]},
    "seeds": 50, "transient_steps": 2000000, "recorded_steps": 3000000,
}

COLUMNS = ["run", "ne", "runs", "steps_per_run", "threshold", "mean_activity", "avalanches",
           "tau", "tau_stderr", "tau_ks", "tau_bootstrap_p", "tau_truncated", "tau_cutoff",
           "tau_lr_truncated_p", "tau_lr_exponential", "tau_lr_exponential_p",
           "tau_lr_lognormal", "tau_lr_lognormal_p",
           "alpha", "alpha_stderr", "alpha_ks", "alpha_bootstrap_p", "alpha_truncated",
           "alpha_cutoff", "alpha_lr_truncated_p", "alpha_lr_exponential",
           "alpha_lr_exponential_p", "alpha_lr_lognormal", "alpha_lr_lognormal_p",
           "gamma", "gamma_stderr", "crackling", "crackling_stderr",
           "t_min", "t_max", "s_min", "s_max", "mean_rate"]


def crackling(alpha, sa, tau, st):
    """(alpha - 1)/(tau - 1) and its error propagated from the two fits' standard errors."""
    if not (math.isfinite(tau) and math.isfinite(alpha)) or tau == 1:
        return math.nan, math.nan
    c = (alpha - 1) / (tau - 1)
    e = math.hypot(sa / (tau - 1), (alpha - 1) * st / (tau - 1) ** 2)
    return c, e


def num(x):
    return math.nan if x is None else float(x)


def row_of(name, js):
    av = js["avalanches"]
    s, d, sc = av["size_fit"], av["duration_fit"], av["scaling"]
    c, ce = crackling(num(d["alpha"]), num(d["alpha_stderr"]), num(s["alpha"]),
                      num(s["alpha_stderr"]))
    run = name.split("_", 1)[1]
    return {
        "run": run, "ne": js["units"], "runs": av["runs"], "steps_per_run": js["steps"],
        "threshold": av["threshold"], "mean_activity": av["mean_activity"],
        "avalanches": av["count"],
        "tau": num(s["alpha"]), "tau_stderr": num(s["alpha_stderr"]),
        "tau_ks": num(s["ks_distance"]), "tau_bootstrap_p": num(s["bootstrap_p"]),
        "tau_truncated": num(s["truncated_alpha"]), "tau_cutoff": num(s["truncated_lambda"]),
        "tau_lr_truncated_p": num(s["lr_truncated_p"]),
        "tau_lr_exponential": num(s["lr_exponential"]),
        "tau_lr_exponential_p": num(s["lr_exponential_p"]),
        "tau_lr_lognormal": num(s["lr_lognormal"]), "tau_lr_lognormal_p": num(s["lr_lognormal_p"]),
        "alpha": num(d["alpha"]), "alpha_stderr": num(d["alpha_stderr"]),
        "alpha_ks": num(d["ks_distance"]), "alpha_bootstrap_p": num(d["bootstrap_p"]),
        "alpha_truncated": num(d["truncated_alpha"]), "alpha_cutoff": num(d["truncated_lambda"]),
        "alpha_lr_truncated_p": num(d["lr_truncated_p"]),
        "alpha_lr_exponential": num(d["lr_exponential"]),
        "alpha_lr_exponential_p": num(d["lr_exponential_p"]),
        "alpha_lr_lognormal": num(d["lr_lognormal"]),
        "alpha_lr_lognormal_p": num(d["lr_lognormal_p"]),
        "gamma": num(sc["gamma"]), "gamma_stderr": num(sc["gamma_stderr"]),
        "crackling": c, "crackling_stderr": ce,
        "t_min": d["xmin"], "t_max": d["xmax"], "s_min": s["xmin"], "s_max": s["xmax"],
        "mean_rate": num(js["rates"]["mean_rate"]),
    }


def plain(v):
    """JSON without NaN: null, as sorn-analyze writes it."""
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, dict):
        return {k: plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    return v


def fmt(v):
    if isinstance(v, float):
        return "nan" if math.isnan(v) else f"{v:.6g}"
    return str(v)


def pdf_points(values):
    """Distinct values and their share of all samples (the raw points of DPT17's Fig 2A, B)."""
    x, n = np.unique(values, return_counts=True)
    return x, n / n.sum()


def power_law_pdf(x, alpha, lo, hi, share):
    """Fitted discrete power law on [lo, hi], times the share of the samples it covers."""
    support = np.arange(lo, hi + 1, dtype=float)
    z = np.sum(support ** -alpha)
    return share * x ** -alpha / z


def truncated_pdf(x, alpha, lam, lo, hi, share):
    """The truncated power law, fitted by sorn-analyze on the same support [lo, hi]."""
    support = np.arange(lo, hi + 1, dtype=float)
    z = np.sum(support ** -alpha * np.exp(-lam * support))
    return share * x ** -alpha * np.exp(-lam * x) / z


def draw_fit(ax, h5, group, values, color, label):
    g = h5[f"/avalanches/{group}"]
    if not g.attrs["fitted"]:
        return
    lo, hi = int(g.attrs["xmin"]), int(g.attrs["xmax"]) or int(values.max())
    inside = np.count_nonzero((values >= lo) & (values <= hi)) / len(values)
    x = np.arange(lo, hi + 1, dtype=float)
    a = float(g.attrs["alpha"])
    ax.plot(x, power_law_pdf(x, a, lo, hi, inside), color=color, lw=2,
            label=f"{label} = {a:.2f} ± {float(g.attrs['alpha_stderr']):.2f}")
    ta, tl = float(g.attrs["truncated_alpha"]), float(g.attrs["truncated_lambda"])
    if math.isfinite(ta) and math.isfinite(tl):
        ax.plot(x, truncated_pdf(x, ta, tl, lo, hi, inside), "k", lw=1,
                label=f"cut-off: {ta:.2f}, λ = {tl:.2g}")


def fig_avalanches(out, name, title, path):
    with h5py.File(os.path.join(out, "analysis", name + ".h5"), "r") as h5:
        T = h5["/avalanches/duration"][:]
        S = h5["/avalanches/size"][:]
        if len(T) == 0:
            return False
        fig, axes = plt.subplots(1, 3, figsize=(13, 4))
        for ax, v, grp, col, lab, xl in ((axes[0], T, "duration_fit", "#006BB2", "α", "T"),
                                         (axes[1], S, "size_fit", "#B22400", "τ", "S")):
            x, p = pdf_points(v)
            ax.plot(x, p, ".", color="gray", ms=3, label="pooled data")
            draw_fit(ax, h5, grp, v, col, lab)
            ax.set(xscale="log", yscale="log", xlabel=xl, ylabel=f"f({xl})")
            ax.legend(fontsize=8, frameon=False)
        sc = h5["/avalanches/scaling"]
        ax = axes[2]
        # <S>(T) of every duration (gray), and the fitted window's gamma and the prediction.
        d = np.unique(T)
        ms = np.array([S[T == t].mean() for t in d])
        ax.plot(d, ms, ".", color="gray", ms=3, label="data")
        g, c = float(sc.attrs["gamma"]), float(sc.attrs["crackling_prediction"])
        if math.isfinite(g):
            dd, mm = sc["duration"][:], sc["mean_size"][:]
            # The fitted line through the window's points (least squares in log-log).
            b = np.mean(np.log(mm)) - g * np.mean(np.log(dd))
            ax.plot(dd, np.exp(b) * dd ** g, "k--", label=f"γ fit = {g:.2f}")
            if math.isfinite(c):  # the prediction's slope through the same centre
                bc = np.mean(np.log(mm)) - c * np.mean(np.log(dd))
                ax.plot(dd, np.exp(bc) * dd ** c, "r", label=f"(α−1)/(τ−1) = {c:.2f}")
        ax.set(xscale="log", yscale="log", xlabel="T", ylabel="⟨S⟩(T)")
        ax.legend(fontsize=8, frameon=False)
        fig.suptitle(title)
        fig.tight_layout()
        fig.savefig(path, dpi=110)
        plt.close(fig)
    return True


def seed_files(out, ne, kind):
    pat = re.compile(rf"N{ne}_seed(\d+)_{kind}\.h5$")
    found = [(int(m.group(1)), f) for f in os.listdir(os.path.join(out, "analysis"))
             if (m := pat.match(f))]
    return [os.path.join(out, "analysis", f) for _, f in sorted(found)]


def seed_spread(out, ne):
    """The fits of each seed alone (its own threshold): their values, mean and std across seeds,
    the spread that the pooled fit's standard error does not contain."""
    per = []
    for f in seed_files(out, ne, "plastic"):
        with open(f[:-3] + ".json") as fh:
            av = json.load(fh)["avalanches"]
        per.append({"threshold": av["threshold"], "avalanches": av["count"],
                    "tau": num(av["size_fit"]["alpha"]), "alpha": num(av["duration_fit"]["alpha"]),
                    "gamma": num(av["scaling"]["gamma"]),
                    "crackling": num(av["scaling"]["crackling_prediction"])})
    if not per:
        return None
    spread = {"seeds": per}
    for k in ("tau", "alpha", "gamma", "crackling"):
        v = np.array([p[k] for p in per], dtype=float)
        spread[k + "_mean"] = float(np.mean(v))
        spread[k + "_std"] = float(np.std(v, ddof=1)) if len(v) > 1 else math.nan
    return spread


def fig_activity(out, ne, path):
    """Fig 3A: the distribution of the network activity a(t), pooled over the seeds."""
    files = seed_files(out, ne, "plastic")
    if not files:
        return None
    counts = None
    for f in files:
        with h5py.File(f, "r") as h5:
            c = np.bincount(h5["/rates/network_activity"][:], minlength=ne + 1)
        counts = c if counts is None else counts + c
    p = counts / counts.sum()
    fig, ax = plt.subplots(figsize=(5, 4))
    ax.plot(np.arange(ne + 1), p, "-", color="k")
    ax.axvline(0.1 * ne, color="gray", ls=":", label="h_IP · N_e")
    ax.set(xlabel="activity a(t)", ylabel="f(a)", yscale="log",
           xlim=(0, min(ne, int(np.nonzero(counts)[0].max()) + 5)))
    ax.legend(frameon=False)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    peak = int(np.argmax(counts))
    return {"activity_peak": peak, "activity_peak_fraction": peak / ne,
            "activity_mean": float(np.dot(np.arange(ne + 1), p))}


def fig_connections(out, ne, path):
    """Fig 1A: the fraction of E->E connections over the transient and the recorded phase."""
    pairs = ne * (ne - 1)
    fig, ax = plt.subplots(figsize=(6, 4))
    finals = []
    for tr, pl in zip(seed_files(out, ne, "transient"), seed_files(out, ne, "plastic")):
        xs, ys = [], []
        for f in (tr, pl):
            with h5py.File(f, "r") as h5:
                d = h5["/connections/ee_count"]
                step = d.attrs["first_step"] + np.arange(len(d))
                every = max(1, len(d) // 2000)
                xs.append(step[::every])
                ys.append(d[::every] / pairs)
                last = d[-1] / pairs
        finals.append(last)
        ax.plot(np.concatenate(xs), np.concatenate(ys), lw=1)
    if not finals:
        plt.close(fig)
        return None
    ax.set(xlabel="step", ylabel="fraction of E→E connections")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return {"connection_fraction_final_mean": float(np.mean(finals)),
            "connection_fraction_final": [float(v) for v in finals]}


def fig_sizes(out, rows, path):
    sized = sorted((r for r in rows if r["run"] == "plastic"), key=lambda r: r["ne"])
    if len(sized) < 2:
        return False
    fig, axes = plt.subplots(1, 3, figsize=(13, 4))
    for r in sized:
        with h5py.File(os.path.join(out, "analysis", f"N{r['ne']}_plastic.h5"), "r") as h5:
            for ax, ds in ((axes[0], "duration"), (axes[1], "size")):
                v = h5[f"/avalanches/{ds}"][:]
                if len(v):
                    x, p = pdf_points(v)
                    ax.plot(x, p, ".", ms=2, label=f"N_e = {r['ne']}")
    for ax, xl in ((axes[0], "T"), (axes[1], "S")):
        ax.set(xscale="log", yscale="log", xlabel=xl, ylabel=f"f({xl})")
        ax.legend(fontsize=8, frameon=False, markerscale=4)
    ax = axes[2]
    ne = [r["ne"] for r in sized]
    for key, lab, col in (("tau", "τ (sizes)", "#B22400"), ("alpha", "α (durations)", "#006BB2"),
                          ("gamma", "γ", "k")):
        ax.errorbar(ne, [r[key] for r in sized], yerr=[r[key + "_stderr"] for r in sized],
                    fmt="-o", color=col, label=lab, capsize=3)
    ax.set(xscale="log", xlabel="N_e", ylabel="exponent")
    ax.legend(frameon=False)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    for k in ("ne", "seeds", "transient", "record", "freeze", "ranks", "bootstrap"):
        ap.add_argument("--" + k, type=int, required=True)
    a = ap.parse_args()
    adir = os.path.join(a.out, "analysis")
    if not os.path.isdir(adir):
        print(f"summary.py: error: {adir} is not a directory", file=sys.stderr)
        return 2
    names = sorted((f[:-5] for f in os.listdir(adir)
                    if re.fullmatch(r"N\d+_(plastic|frozen|frozen_code)\.json", f)),
                   key=lambda n: (int(n[1:].split("_")[0]), n))
    rows = []
    for n in names:
        with open(os.path.join(adir, n + ".json")) as f:
            rows.append(row_of(n, json.load(f)))
    tmp = os.path.join(a.out, "summary.csv.partial")
    with open(tmp, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        for r in rows:
            w.writerow([fmt(r[c]) for c in COLUMNS])
    os.replace(tmp, os.path.join(a.out, "summary.csv"))

    extra = {}
    main_name = f"N{a.ne}_plastic"
    titles = {"plastic": "plastic (Fig 2A-C)", "frozen": "frozen: rules and noise off (Fig 4)",
              "frozen_code": "frozen as the authors' code: STDP, SP, iSTDP off (Fig 4)"}
    for kind, title in titles.items():
        name = f"N{a.ne}_{kind}"
        if name in names:
            fig_avalanches(a.out, name, f"N_e = {a.ne}, {title}",
                           os.path.join(a.out, f"fig_{kind}.png"))
    extra["seed_spread"] = seed_spread(a.out, a.ne)
    extra["activity"] = fig_activity(a.out, a.ne, os.path.join(a.out, "fig_activity.png"))
    extra["connections"] = fig_connections(a.out, a.ne, os.path.join(a.out, "fig_connections.png"))
    fig_sizes(a.out, rows, os.path.join(a.out, "fig_sizes.png"))

    timing = []
    tpath = os.path.join(a.out, "timing.csv")
    if os.path.exists(tpath):
        with open(tpath) as f:
            timing = [dict(r, seconds=float(r["seconds"])) for r in csv.DictReader(f)]
    summary = {
        "paper": "Del Papa, Priesemann & Triesch 2017, PLoS ONE 12(5): e0178683",
        "protocol": {"ne": a.ne, "seeds": a.seeds, "transient_steps": a.transient,
                     "recorded_steps": a.record, "freeze_steps": a.freeze, "ranks": a.ranks,
                     "bootstrap": a.bootstrap, "threshold_rule": "floor(mean/2)"},
        "published": PUBLISHED,
        "results": rows, "main": next((r for r in rows if f"N{r['ne']}_{r['run']}" == main_name),
                                      None),
        **extra, "timing": timing,
    }
    tmp = os.path.join(a.out, "summary.json.partial")
    with open(tmp, "w") as f:
        json.dump(plain(summary), f, indent=1, allow_nan=False)
    os.replace(tmp, os.path.join(a.out, "summary.json"))
    sp = extra["seed_spread"]
    if sp:
        print(f"N_e = {a.ne} per seed ({len(sp['seeds'])}): tau {sp['tau_mean']:.3f}±{sp['tau_std']:.3f}"
              f"  alpha {sp['alpha_mean']:.3f}±{sp['alpha_std']:.3f}  gamma {sp['gamma_mean']:.3f}"
              f"±{sp['gamma_std']:.3f} (mean ± std across seeds)")
    for r in rows:
        print(f"N_e = {r['ne']:>6} {r['run']:<12} runs {r['runs']:>2}  avalanches {r['avalanches']:>7}"
              f"  tau {r['tau']:.3f}±{r['tau_stderr']:.3f}  alpha {r['alpha']:.3f}±"
              f"{r['alpha_stderr']:.3f}  gamma {r['gamma']:.3f}±{r['gamma_stderr']:.3f}"
              f"  (alpha-1)/(tau-1) {r['crackling']:.3f}±{r['crackling_stderr']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
