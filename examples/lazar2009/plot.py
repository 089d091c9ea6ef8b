"""Summary and figure of the counting task (examples/lazar2009/run.sh, docs/SCIENCE.md).

Reads the CSV of sorn-counting-task (one row per condition, n and seed) and writes, next to it:
  summary.csv   condition, n, seeds, mean and sd over the seeds of each accuracy
  summary.json  the same table, the run's wall time and command, and the reference curves
  accuracy.png  accuracy vs n per condition (mean +- sd over seeds): all letters, the
                predictable ones, the end letters c/f; dashed: the current-letter readout
                (markov1); dotted: a perfect counter
usage: plot.py RESULTS.csv OUT_DIR [--seconds S] [--command TEXT]
"""
import argparse
import csv
import json
import math
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

MEASURES = ("acc_all", "acc_predictable", "acc_end")
TITLES = {"acc_all": "all letters", "acc_predictable": "predictable letters (not a, d)",
          "acc_end": "end letters c, f (counting)"}


def mean_sd(values):
    m = sum(values) / len(values)
    if len(values) < 2:
        return m, 0.0
    return m, math.sqrt(sum((v - m) ** 2 for v in values) / (len(values) - 1))


def perfect(measure, n):
    """A readout that counts perfectly: a and d stay a coin flip (n + 2 letters a word)."""
    return (n + 1.5) / (n + 2) if measure == "acc_all" else 1.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("results")
    ap.add_argument("out")
    ap.add_argument("--seconds", type=float, default=None, help="wall time of the run")
    ap.add_argument("--command", default="", help="the command that made the results")
    a = ap.parse_args()
    with open(a.results, newline="") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        sys.exit(f"plot.py: error: {a.results}: no rows")
    conditions = list(dict.fromkeys(r["condition"] for r in rows))
    ns = sorted({int(r["n"]) for r in rows})
    table = []
    for c in conditions:
        for n in ns:
            sel = [r for r in rows if r["condition"] == c and int(r["n"]) == n]
            if not sel:
                continue
            entry = {"condition": c, "n": n, "seeds": len(sel)}
            for m in MEASURES + ("markov1_all", "markov1_predictable", "markov1_end", "rate"):
                entry[m + "_mean"], entry[m + "_sd"] = mean_sd([float(r[m]) for r in sel])
            table.append(entry)

    keys = list(table[0].keys())
    tmp = os.path.join(a.out, "summary.csv.partial")
    with open(tmp, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=keys)
        w.writeheader()
        for e in table:
            w.writerow({k: (f"{v:.6f}" if isinstance(v, float) else v) for k, v in e.items()})
    os.replace(tmp, os.path.join(a.out, "summary.csv"))

    summary = {"results": os.path.basename(a.results), "command": a.command,
               "wall_seconds": a.seconds, "conditions": conditions, "n": ns,
               "seeds": sorted({int(r["seed"]) for r in rows}), "table": table,
               "perfect_counter_all": {str(n): perfect("acc_all", n) for n in ns}}
    tmp = os.path.join(a.out, "summary.json.partial")
    with open(tmp, "w") as f:
        json.dump(summary, f, indent=1)
    os.replace(tmp, os.path.join(a.out, "summary.json"))

    fig, axes = plt.subplots(1, 3, figsize=(14, 4.2), sharex=True)
    for ax, m in zip(axes, MEASURES):
        for c in conditions:
            pts = [e for e in table if e["condition"] == c]
            ax.errorbar([e["n"] for e in pts], [e[m + "_mean"] for e in pts],
                        yerr=[e[m + "_sd"] for e in pts], marker="o", ms=4, capsize=3,
                        label=c, lw=2 if c in ("sorn", "static") else 1)
        base = [e for e in table if e["condition"] == conditions[0]]
        ax.plot([e["n"] for e in base], [e[m.replace("acc", "markov1") + "_mean"] for e in base],
                "k--", lw=1, zorder=5, label="current letter only")
        ax.plot(ns, [perfect(m, n) for n in ns], "k:", lw=1, zorder=5, label="perfect counter")
        ax.set_title(TITLES[m])
        ax.set_xlabel("n (letters b or e per word)")
        ax.set_ylim(-0.02, 1.02)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("next-letter accuracy (test phase)")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), fontsize=9)
    fig.suptitle("Counting task (Lazar et al. 2009): mean ± sd over %d seeds"
                 % len(summary["seeds"]))
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    tmp = os.path.join(a.out, "accuracy.partial.png")
    fig.savefig(tmp, dpi=110)
    os.replace(tmp, os.path.join(a.out, "accuracy.png"))


if __name__ == "__main__":
    main()
