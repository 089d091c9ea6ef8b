#!/usr/bin/python3
"""The figure of bench/scaling_study.sh: steps/s, efficiency, time per phase and memory per
rank of the strong and weak series. usage: plot_scaling.py scaling.csv scaling.png"""
import csv
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["series"] in ("strong", "weak")]
    if not rows:
        print(f"plot_scaling: {argv[1]} has no strong or weak run", file=sys.stderr)
        return 2
    phases = [k for k in rows[0] if k.startswith("us_")]
    fig, ax = plt.subplots(2, 2, figsize=(10, 7))
    for series, marker in (("strong", "o"), ("weak", "s")):
        s = [r for r in rows if r["series"] == series]
        ranks = [int(r["ranks"]) for r in s]
        label = f"{series} (N_e = {s[0]['ne']}{' per rank' if series == 'weak' else ''})"
        ax[0, 0].plot(ranks, [float(r["steps_per_s"]) for r in s], marker=marker, label=label)
        ax[0, 1].plot(ranks, [float(r["efficiency"]) for r in s], marker=marker, label=label)
        ax[1, 1].plot(ranks, [int(r["rss_mib_per_rank"]) for r in s], marker=marker, label=label)
    ax[0, 0].set(xlabel="ranks", ylabel="steps/s", title="speed")
    ax[0, 1].set(xlabel="ranks", ylabel="efficiency", title="parallel efficiency", ylim=(0, 1.1))
    ax[1, 1].set(xlabel="ranks", ylabel="MiB", title="peak memory of the largest rank")
    labels = [f"{r['series']} {r['ranks']}" for r in rows]
    bottom = [0.0] * len(rows)
    for p in phases:
        v = [float(r[p] or 0) for r in rows]
        ax[1, 0].bar(labels, v, bottom=bottom, label=p[3:].replace("_", " "))
        bottom = [b + x for b, x in zip(bottom, v)]
    ax[1, 0].set(ylabel="µs per step (largest rank)", title="time per phase")
    ax[1, 0].legend(fontsize=6, ncol=2)
    for a in (ax[0, 0], ax[0, 1], ax[1, 1]):
        a.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(argv[2] + ".partial.png", dpi=80)
    os.replace(argv[2] + ".partial.png", argv[2])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
