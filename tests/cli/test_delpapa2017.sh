#!/usr/bin/env bash
# The Del Papa et al. 2017 experiment (examples/delpapa2017, docs/EXAMPLES.md), reduced: N_e = 60,
# 2 seeds of a few thousand steps, a size series 40/60, one "large" network of 80 on RANKS ranks.
#   a. run.sh writes summary.csv/json, timing.csv and the figures; the exponents of the pooled
#      plastic and frozen-code analyses are finite, the crackling prediction is (alpha-1)/(tau-1),
#      the noiseless frozen run is silent (no avalanches);
#   b. the pooled avalanches against a count made here from the raw spike tables: one
#      threshold floor(sum a / 2n) over both seeds, runs above it, cut runs dropped;
#   c. the whole run on 1 and 2 ranks: every analysis JSON and summary.csv byte-identical, the
#      N_e = 80 network (simulated on 2 ranks) h5diff-identical to its 1-rank run;
#   d. --resume over a finished OUT reuses every result file and gives the same summary;
#   e. bad input exits 2 with a message naming the option, before OUT exists.
#
# usage: bash test_delpapa2017.sh <build/bin dir> <mpiexec>
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_h5py
require_tools h5diff
RUN=$(cd "$(dirname "$0")/../../examples/delpapa2017" && pwd)/run.sh
"$PY" -c "import matplotlib" || fatal "$PY lacks matplotlib"
enter_workdir delpapa2017
export BIN_DIR

# shellcheck disable=SC2054
ARGS=(--ne 60 --seeds 2 --transient 3000 --record 4000 --freeze 2000 --sizes 40,60
    --size-seeds 1 --size-transient 1000 --size-record 2000 --big-ne 80 --big-steps 600
    --mpi-from 80 --bootstrap 20)

# ---- a. one reduced run, on 1 and on 2 ranks -----------------------------------------------
for np in 1 2; do
    expect_success "a. run.sh on $np rank(s)" bash "$RUN" "out$np" "$np" "${ARGS[@]}" || true
done
for f in summary.csv summary.json timing.csv fig_plastic.png fig_frozen_code.png \
    fig_activity.png fig_connections.png fig_sizes.png; do
    [[ -s out1/$f ]] || fail "[a] out1/$f not written"
done
if "$PY" - >check.txt 2>&1 <<'PYEOF'; then
import csv, json, math
rows = {(r["run"], int(r["ne"])): r for r in csv.DictReader(open("out1/summary.csv"))}
assert set(rows) == {("plastic", 60), ("frozen", 60), ("frozen_code", 60), ("plastic", 40),
                     ("plastic", 80)}, sorted(rows)
# Without noise the frozen network of this short run falls silent: no avalanches, NaN fits.
fz = rows[("frozen", 60)]
assert float(fz["mean_activity"]) < 0.5 and fz["tau"] == "nan", fz
for key in (("plastic", 60), ("frozen_code", 60)):
    r = {k: float(v) for k, v in rows[key].items() if k != "run"}
    assert r["runs"] == 2 and r["avalanches"] > 50, (key, r)
    for k in ("tau", "tau_stderr", "alpha", "alpha_stderr", "gamma", "gamma_stderr",
              "crackling", "tau_bootstrap_p", "alpha_bootstrap_p"):
        assert math.isfinite(r[k]), (key, k, r[k])
    assert abs(r["crackling"] - (r["alpha"] - 1) / (r["tau"] - 1)) < 1e-5 * abs(r["crackling"])
    assert r["threshold"] == math.floor(r["mean_activity"] / 2), r
    # N_e = 60 is nearest to the authors' N_e = 50 windows (Fig 2F): T in [2, 10], S in [3, 100].
    assert (r["t_min"], r["t_max"], r["s_min"], r["s_max"]) == (2, 10, 3, 100), r
s = json.load(open("out1/summary.json"))
assert s["protocol"]["seeds"] == 2 and s["main"]["run"] == "plastic"
assert 0 < s["connections"]["connection_fraction_final_mean"] < 1
assert len(s["connections"]["connection_fraction_final"]) == 2
assert 0 <= s["activity"]["activity_peak"] <= 60
sp = s["seed_spread"]  # each seed alone, under its own threshold
assert len(sp["seeds"]) == 2 and all(math.isfinite(p["tau"]) for p in sp["seeds"]), sp
assert abs(sp["tau_mean"] - (sp["seeds"][0]["tau"] + sp["seeds"][1]["tau"]) / 2) < 1e-12
labels = {t["run"] for t in s["timing"]}
assert {"N60/seed1/transient", "N60/seed2/frozen", "N80/seed1/plastic"} <= labels, labels
assert open("out1/fig_plastic.png", "rb").read(8) == b"\x89PNG\r\n\x1a\n"
p = rows[("plastic", 60)]
print(f"tau {float(p['tau']):.3f}, alpha {float(p['alpha']):.3f}, gamma {float(p['gamma']):.3f}")
PYEOF
    echo "ok: [a] $(cat check.txt)"
else
    fail "[a] summary malformed:"; cat check.txt >&2
fi

# ---- b. the pooled avalanches, counted here -----------------------------------------------------
if "$PY" - >check.txt 2>&1 <<'PYEOF'; then
import h5py, numpy as np
acts = []
for s in (1, 2):
    with h5py.File(f"out1/runs/N60/seed{s}/plastic.h5", "r") as f:
        bits = f["/recordings/ExcitatoryActivation"][:]
        acts.append(np.unpackbits(bits, axis=1, bitorder="little")[:, :60].sum(axis=1))
total, n = sum(int(a.sum()) for a in acts), sum(len(a) for a in acts)
theta = total // (2 * n)
sizes, durations, per_run = [], [], []
for a in acts:
    before = len(sizes)
    above = a > theta
    k = 0
    while k < len(a):
        if not above[k]:
            k += 1
            continue
        j = k
        while j < len(a) and above[j]:
            j += 1
        if k > 0 and j < len(a):  # a run touching either end of the window is cut
            sizes.append(int((a[k:j] - theta).sum()))
            durations.append(j - k)
        k = j
    per_run.append(len(sizes) - before)
with h5py.File("out1/analysis/N60_plastic.h5", "r") as f:
    av = f["/avalanches"]
    assert av.attrs["threshold"] == theta, (av.attrs["threshold"], theta)
    assert sorted(av["size"][:]) == sorted(sizes), "sizes differ"
    assert sorted(av["duration"][:]) == sorted(durations), "durations differ"
    assert list(np.bincount(av["run"][:], minlength=2)) == per_run, per_run
print(f"theta {theta}, {len(sizes)} avalanches as counted from the spike tables")
PYEOF
    echo "ok: [b] $(cat check.txt)"
else
    fail "[b] pooled avalanches differ from the raw count:"; cat check.txt >&2
fi

# ---- c. rank invariance -------------------------------------------------------------------------
for f in out1/analysis/*.json summary.csv; do
    f=${f#out1/}
    if cmp -s "out1/$f" "out2/$f"; then
        echo "ok: [c] $f identical on 1 and 2 ranks"
    else
        fail "[c] $f differs between 1 and 2 ranks"
    fi
done
grep -q "^N80/seed1/plastic,80,2," out2/timing.csv || fail "[c] N_e = 80 did not run on 2 ranks"
if h5diff out1/runs/N80/seed1/plastic.h5 out2/runs/N80/seed1/plastic.h5 /recordings /recordings \
    >/dev/null 2>&1 && h5diff out1/runs/N80/seed1/plastic.h5 out2/runs/N80/seed1/plastic.h5 \
    /state /state >/dev/null 2>&1; then
    echo "ok: [c] N_e = 80 on 2 ranks: recordings and state identical to 1 rank"
else
    fail "[c] N_e = 80: 2-rank recordings or state differ from 1 rank"
fi

# ---- d. --resume: a second run over out2 reuses every result and gives the same summary -------
n_sims=$(($(wc -l <out2/timing.csv) - 1))
expect_success "d. --resume" bash "$RUN" out2 2 "${ARGS[@]}" --resume || true
reused=$(grep -c "reusing" d.*.stdout || true)
[[ $reused -eq $n_sims && $(wc -l <out2/timing.csv) -eq $((n_sims + 1)) ]] ||
    fail "[d] --resume reused $reused of $n_sims results (timing.csv: $(wc -l <out2/timing.csv) lines)"
if cmp -s out1/summary.csv out2/summary.csv; then
    echo "ok: [d] --resume: $reused results reused, same summary"
else
    fail "[d] summary.csv after --resume differs"
fi

# ---- e. bad input -------------------------------------------------------------------------------
for bad in "--seeds x:--seeds" "--sizes 5:--sizes" "--bogus:--bogus" "--ne 3:--ne" \
    "--record 0:--record" "--transient:--transient"; do
    rc=0
    # shellcheck disable=SC2086
    bash "$RUN" bad 1 ${bad%%:*} >out.txt 2>err.txt || rc=$?
    if [[ $rc -eq 2 ]] && grep -qF -- "${bad#*:}" err.txt && [[ ! -e bad ]]; then
        echo "ok: [e] ${bad%%:*} -> exit 2: $(tail -n 1 err.txt)"
    else
        fail "[e] ${bad%%:*}: exit $rc, expected 2 with a message naming ${bad#*:}"
    fi
done
rc=0
bash "$RUN" bad 0 >out.txt 2>err.txt || rc=$?
[[ $rc -eq 2 ]] && grep -q RANKS err.txt || fail "[e] RANKS = 0: exit $rc, expected 2"
rc=0
bash "$RUN" out1 1 "${ARGS[@]}" >out.txt 2>err.txt || rc=$?
[[ $rc -eq 2 ]] && grep -q "not empty" err.txt && [[ -s out1/summary.csv ]] ||
    fail "[e] an existing OUT without --overwrite: exit $rc, expected 2 and OUT untouched"

finish test_delpapa2017
