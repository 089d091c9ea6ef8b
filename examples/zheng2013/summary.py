#!/usr/bin/python3
"""The summary of the Zheng 2013 experiment (examples/zheng2013/run.sh, docs/SCIENCE.md).

Reads the analysis files of sorn-analyze (the whole run, the settled window, the large run)
and the final E->E weights of the result file, and writes into --out:

    summary.csv    quantity,value: every number of the experiment (no wall times, so
                   the file is the same on any number of ranks)
    summary.json   the same numbers, grouped, plus "timing" (wall times, ranks)
    weights.png    the E->E weight histogram on log-spaced bins with the lognormal fit
    fraction.png   the connection fraction over time, the settling step marked
    lifetimes.png  the CCDF of the synapse lifetimes with the power-law fit
    weight_changes.png  mean and spread of the weight change between snapshots vs the weight

Computed here (sorn-analyze does not): the log-likelihood of the weights under a normal and
an exponential law beside the lognormal, the settling of the connection fraction, the slope
of the weight-change spread against the weight, and the fitted lifetime CCDF for the plot.
Everything else is read from the analysis files. Bad input: one line "summary.py: error: ..."
and exit code 2, nothing written.
"""

import argparse
import json
import math
import os
import sys

import h5py
import numpy as np


class InputError(Exception):
    pass


def fail(msg):
    print(f"summary.py: error: {msg}", file=sys.stderr)
    sys.exit(2)


def open_h5(path, what, fmt):
    if not os.path.isfile(path):
        raise InputError(f"{what} '{path}' is not a regular file")
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise InputError(f"{what} '{path}' is not an HDF5 file ({e})")
    got = f.attrs.get("format")
    got = got.decode() if isinstance(got, bytes) else got
    if got != fmt:
        raise InputError(f"{what} '{path}' has format '{got}', expected '{fmt}'")
    return f


def group(f, path, what):
    if path not in f:
        raise InputError(f"{what} '{f.filename}' lacks {path} (run sorn-analyze --stats ...)")
    return f[path]


def num(v):
    """A JSON/CSV-safe float (NaN -> None)."""
    v = float(v)
    return v if math.isfinite(v) else None


# ---- the statistics computed here ----------------------------------------------------------

def weight_models(w):
    """Log-likelihood per synapse and KS distance of the weights under the maximum-likelihood
    lognormal, normal and exponential laws (each with its closed-form MLE)."""
    from scipy import stats
    lw = np.log(w)
    mu, sigma = lw.mean(), lw.std()
    mean, std = w.mean(), w.std()
    models = {
        "lognormal": stats.lognorm(s=sigma, scale=math.exp(mu)),
        "normal": stats.norm(loc=mean, scale=std),
        "exponential": stats.expon(scale=mean),
    }
    out = {}
    for name, d in models.items():
        out[name] = {"loglik_per_synapse": float(np.mean(d.logpdf(w))),
                     "ks_distance": float(stats.kstest(w, d.cdf).statistic)}
    out["best"] = max(("lognormal", "normal", "exponential"),
                      key=lambda k: out[k]["loglik_per_synapse"])
    return out


def settling(counts, first_step, pairs, tol=0.05, blocks=300):
    """The connection fraction in blocks of B = len/blocks steps; the final fraction (mean of
    the last 10 % of the steps); the relative drift per 10^6 steps of the block means over the
    last third (least squares); the settling step, the start of the first block from which on
    every block mean lies within tol of the final fraction, if the drift changes the fraction
    by at most tol over the last third (else None); the lowest block."""
    c = np.asarray(counts, dtype=np.float64)
    n = len(c)
    b = max(1, n // blocks)
    k = n // b
    means = c[:k * b].reshape(k, b).mean(axis=1) / pairs
    starts = first_step + b * np.arange(k)
    final = c[n - max(1, n // 10):].mean() / pairs
    lo = int(np.argmin(means))
    third = slice(2 * k // 3, k)
    drift = None
    if k - 2 * k // 3 >= 3:
        slope = np.polyfit(starts[third].astype(np.float64), means[third], 1)[0]
        drift = float(slope * 1e6 / final)
    # Settled: the block means stay within tol of the final fraction, and the trend over the
    # last third changes it by at most tol (a still decaying run is not settled near its end).
    ok = np.abs(means - final) <= tol * final
    settle = None
    if ok[-1] and drift is not None and abs(drift) * (n - n // 3 * 2) / 1e6 <= tol:
        bad = np.nonzero(~ok)[0]
        settle = int(starts[bad[-1] + 1]) if len(bad) else int(starts[0])
    return {"block_steps": int(b), "block_start": starts, "block_fraction": means,
            "fraction_initial": float(c[0] / pairs), "fraction_final": float(final),
            "fraction_min": float(means[lo]), "step_min": int(starts[lo] + b // 2),
            "settle_step": settle, "settle_tolerance": tol, "drift_last_third_per_1e6": drift}


def change_scaling(t, min_count=20):
    """Least-squares slope of log std(dw) and of log |mean dw| against log w over the bins of
    the earlier weight with >= min_count changes (bin 0, below the floor, left out); w is the
    geometric centre of a bin. A slope of 1: changes proportional to w (multiplicative)."""
    edges = t["weight_bin_edges"][...]
    count = t["change_count"][...][1:]
    mean = t["change_mean"][...][1:]
    std = t["change_std"][...][1:]
    centre = np.sqrt(edges[:-1] * edges[1:])
    use = (count >= min_count) & (std > 0)
    res = {"bins_used": int(use.sum()), "std_slope": None, "relative_std_median": None}
    if use.sum() >= 3:
        res["std_slope"] = float(np.polyfit(np.log(centre[use]), np.log(std[use]), 1)[0])
        res["relative_std_median"] = float(np.median(std[use] / centre[use]))
    return res, centre, count, mean, std


def lifetime_ccdf(lifetimes, alpha, xmin, n_tail):
    """The empirical CCDF P(L >= x) of the lifetimes [intervals] at their distinct values and
    the fitted discrete power law's, zeta(alpha, x)/zeta(alpha, xmin) * n_tail/n (x >= xmin)."""
    from scipy.special import zeta
    x = np.sort(np.asarray(lifetimes))
    values, first = np.unique(x, return_index=True)
    ccdf = (len(x) - first) / len(x)
    model = np.full(len(values), np.nan)
    if alpha is not None and alpha > 1 and xmin >= 1:
        tail = values >= xmin
        model[tail] = zeta(alpha, values[tail]) / zeta(alpha, xmin) * n_tail / len(x)
    return values, ccdf, model


# ---- one network ----------------------------------------------------------------------------

def summarize(analysis, settled, run_weights, ne):
    pairs = ne * (ne - 1)
    c = group(analysis, "connections", "analysis")
    w = group(analysis, "weights", "analysis")
    t = group(settled, "turnover", "analysis")
    counts = group(analysis, "connections/ee_count", "analysis")
    s = settling(counts[...], int(counts.attrs["first_step"]), pairs)
    fit = t["lifetime_fit"].attrs
    scaling, *_ = change_scaling(t)
    out = {
        "ne": ne,
        "steps": int(c.attrs["last_step"]) - int(c.attrs["first_step"]) + 1,
        "connections": {k: s[k] for k in ("fraction_initial", "fraction_final", "fraction_min",
                                           "step_min", "settle_step", "settle_tolerance",
                                           "drift_last_third_per_1e6", "block_steps")},
        "weights": dict(count=int(w.attrs["count"]),
                        **{k: num(w.attrs[k]) for k in ("mean", "median", "lognormal_mu",
                                                        "lognormal_sigma", "lognormal_ks_distance",
                                                        "lognormal_median", "lognormal_mode")}),
        "lifetimes": {
            "window_from": int(t.attrs["first_snapshot_step"]),
            "window_to": int(t.attrs["last_snapshot_step"]),
            "snapshots": int(t.attrs["snapshots"]),
            "created": int(t.attrs["created"]), "pruned": int(t.attrs["pruned"]),
            "lifetimes": int(t.attrs["lifetimes"]),
            "pruned_censored": int(t.attrs["pruned_censored"]),
            "alive_at_end": int(t.attrs["alive_at_end"]),
            "alpha": num(fit["alpha"]), "alpha_stderr": num(fit["alpha_stderr"]),
            "xmin": int(fit["xmin"]), "n_tail": int(fit["n_tail"]),
            "ks_distance": num(fit["ks_distance"]),
            "lr_exponential": num(fit["lr_exponential"]),
            "lr_exponential_p": num(fit["lr_exponential_p"]),
            "lr_lognormal": num(fit["lr_lognormal"]), "lr_lognormal_p": num(fit["lr_lognormal_p"]),
            "lr_truncated": num(fit["lr_truncated"]), "lr_truncated_p": num(fit["lr_truncated_p"]),
            "bootstrap_replicates": int(fit["bootstrap_replicates"]),
            "bootstrap_p": num(fit["bootstrap_p"]),
        },
        "weight_changes": dict(scaling, count=int(t.attrs["weight_changes"]),
                               mean=num(t.attrs["weight_change_mean"]),
                               std=num(t.attrs["weight_change_std"])),
    }
    out["weights"]["models"] = weight_models(run_weights)
    return out, s


def final_weights(run):
    """The final E->E weights of a result file (/state/W_ee data)."""
    if "state/W_ee/data" not in run:
        raise InputError(f"result file '{run.filename}' lacks /state/W_ee")
    w = run["state/W_ee/data"][...]
    if len(w) == 0 or not np.all((w > 0) & (w <= 1)):
        raise InputError(f"result file '{run.filename}': /state/W_ee weights outside (0, 1]")
    return np.sort(w)


# ---- figures ---------------------------------------------------------------------------------

def figures(out, nets):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def save(fig, name):
        tmp = os.path.join(out, name + ".partial.png")
        fig.savefig(tmp, dpi=110)
        plt.close(fig)
        os.replace(tmp, os.path.join(out, name))

    fig, axes = plt.subplots(1, len(nets), figsize=(5.2 * len(nets), 4), squeeze=False)
    for ax, (label, a, _, sm, _) in zip(axes[0], nets):
        w = a["weights"]
        edges, counts = w["histogram_edges"][...], w["histogram_counts"][...]
        expected = w["lognormal_expected"][...]
        ax.stairs(counts, edges, fill=True, alpha=0.5, label="E→E weights")
        ax.stairs(expected, edges, color="C3", lw=1.5,
                  label=f"lognormal μ={sm['weights']['lognormal_mu']:.2f}, "
                        f"σ={sm['weights']['lognormal_sigma']:.2f}")
        ax.set_xscale("log")
        ax.set_xlabel("weight")
        ax.set_ylabel("synapses per log-spaced bin")
        ax.set_title(f"{label}: {sm['weights']['count']} synapses at step {sm['steps']}")
        ax.legend(fontsize=8)
    fig.tight_layout()
    save(fig, "weights.png")

    fig, axes = plt.subplots(1, len(nets), figsize=(5.2 * len(nets), 4), squeeze=False)
    for ax, (label, _, _, sm, s) in zip(axes[0], nets):
        ax.plot(s["block_start"] + s["block_steps"] / 2, s["block_fraction"], lw=1)
        ax.axhline(s["fraction_final"], color="C3", lw=0.8, ls="--",
                   label=f"mean of the last 10 %: {s['fraction_final']:.4f}")
        if s["settle_step"] is not None:
            ax.axvline(s["settle_step"], color="C2", lw=0.8,
                       label=f"settled (±5%) at step {s['settle_step']}")
        ax.set_xlabel("step")
        ax.set_ylabel("E→E connection fraction")
        ax.set_title(f"{label} (means of {s['block_steps']} steps)")
        ax.legend(fontsize=8)
    fig.tight_layout()
    save(fig, "fraction.png")

    fig, axes = plt.subplots(1, len(nets), figsize=(5.2 * len(nets), 4), squeeze=False)
    for ax, (label, _, t, sm, _) in zip(axes[0], nets):
        lt = sm["lifetimes"]
        if "lifetime" not in t["turnover"] or lt["lifetimes"] == 0:
            ax.text(0.5, 0.5, "no complete lifetimes", ha="center", transform=ax.transAxes)
            continue
        every = (lt["window_to"] - lt["window_from"]) / max(1, lt["snapshots"] - 1)
        values, ccdf, model = lifetime_ccdf(t["turnover/lifetime"][...], lt["alpha"], lt["xmin"],
                                            lt["n_tail"])
        ax.loglog(values * every, ccdf, ".", ms=3, label=f"{lt['lifetimes']} lifetimes")
        if lt["alpha"] is not None:
            ax.loglog(values * every, model, color="C3",
                      label=f"power law α={lt['alpha']:.2f}±{lt['alpha_stderr']:.2f}, "
                            f"xmin={lt['xmin'] * every:.0f} steps")
        ax.set_xlabel("lifetime [steps]")
        ax.set_ylabel("P(lifetime ≥ x)")
        ax.set_title(f"{label}: steps {lt['window_from']}–{lt['window_to']}")
        ax.legend(fontsize=8)
    fig.tight_layout()
    save(fig, "lifetimes.png")

    fig, axes = plt.subplots(1, len(nets), figsize=(5.2 * len(nets), 4), squeeze=False)
    for ax, (label, _, t, sm, _) in zip(axes[0], nets):
        _, centre, count, mean, std = change_scaling(t["turnover"])
        use = count >= 20
        ax.loglog(centre[use], std[use], "o-", ms=3, label="std Δw")
        ax.loglog(centre[use & (mean > 0)], mean[use & (mean > 0)], "^", ms=4, label="mean Δw > 0")
        ax.loglog(centre[use & (mean < 0)], -mean[use & (mean < 0)], "v", ms=4,
                  label="−mean Δw (mean < 0)")
        slope = sm["weight_changes"]["std_slope"]
        if slope is not None:
            ax.set_title(f"{label}: std Δw ∝ w^{slope:.2f}")
        ax.set_xlabel("weight at the earlier snapshot")
        ax.set_ylabel("weight change to the next snapshot")
        ax.legend(fontsize=8)
    fig.tight_layout()
    save(fig, "weight_changes.png")


# ---- output ----------------------------------------------------------------------------------

def csv_rows(prefix, d):
    for k, v in d.items():
        if isinstance(v, dict):
            yield from csv_rows(f"{prefix}{k}.", v)
        else:
            yield f"{prefix}{k}", v


def write_atomic(path, text):
    tmp = path + ".partial"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--run", required=True, help="result file of the N_e = 200 run")
    p.add_argument("--analysis", required=True, help="its analysis (connections, weights)")
    p.add_argument("--settled", required=True, help="its analysis of the settled window (turnover)")
    p.add_argument("--large", help="analysis file of the large run (connections, weights, turnover)")
    p.add_argument("--large-run", help="result file of the large run")
    p.add_argument("--out", required=True, help="directory to write into (must exist)")
    p.add_argument("--ranks", type=int, default=1, help="ranks of the N_e = 200 run (reported)")
    p.add_argument("--wall", type=float, default=float("nan"), help="its simulation wall time [s]")
    p.add_argument("--large-ranks", type=int, default=0, help="ranks of the large run (reported)")
    p.add_argument("--large-wall", type=float, default=float("nan"), help="its wall time [s]")
    p.add_argument("--large-sp-prob", type=float, default=float("nan"), help="its sp-prob (reported)")
    try:
        a = p.parse_args(argv)
    except SystemExit as e:
        sys.exit(2 if e.code else 0)
    if not os.path.isdir(a.out):
        fail(f"--out '{a.out}' is not a directory")
    try:
        run = open_h5(a.run, "--run", "sorn")
        ana = open_h5(a.analysis, "--analysis", "sorn-analysis")
        st = open_h5(a.settled, "--settled", "sorn-analysis")
        ne = int(run["parameters"].attrs["ne"])
        small, s_small = summarize(ana, st, final_weights(run), ne)
        small["record_every"] = int(run["recordings"].attrs["record_every"])
        small["seed"] = int(run["parameters"].attrs["seed"])
        nets = [(f"N_e = {ne}", ana, st, small, s_small)]
        result = {"small": small}
        timing = {"small": {"ranks": a.ranks, "simulation_wall_s": num(a.wall),
                            "steps_per_s": num(small["steps"] / a.wall)}}
        if a.large:
            la = open_h5(a.large, "--large", "sorn-analysis")
            if not a.large_run:
                raise InputError("--large needs --large-run, its result file")
            lrun = open_h5(a.large_run, "--large-run", "sorn")
            lne = int(lrun["parameters"].attrs["ne"])
            large, s_large = summarize(la, la, final_weights(lrun), lne)
            large["sp_prob"] = num(a.large_sp_prob)
            large["record_every"] = int(lrun["recordings"].attrs["record_every"])
            nets.append((f"N_e = {lne}", la, la, large, s_large))
            result["large"] = large
            timing["large"] = {"ranks": a.large_ranks, "simulation_wall_s": num(a.large_wall),
                               "steps_per_s": num(large["steps"] / a.large_wall)}
    except InputError as e:
        fail(str(e))
    except KeyError as e:
        fail(f"an input file lacks {e} (not written by this build's sorn-simulate/sorn-analyze?)")

    rows = ["quantity,value"]
    for key, v in csv_rows("", result):
        rows.append(f"{key},{'' if v is None else repr(v) if isinstance(v, float) else v}")
    write_atomic(os.path.join(a.out, "summary.csv"), "\n".join(rows) + "\n")
    write_atomic(os.path.join(a.out, "summary.json"),
                 json.dumps(dict(result, timing=timing), indent=2) + "\n")
    figures(a.out, nets)
    return 0


if __name__ == "__main__":
    sys.exit(main())
