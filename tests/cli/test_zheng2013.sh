#!/usr/bin/env bash
# The Zheng 2013 experiment (examples/zheng2013, docs/SCIENCE.md), reduced to a few thousand steps:
#   0. what summary.py computes itself, against hand-computed values (test_summary.py);
#   a. run.sh on 1 rank writes the result and analysis files, summary.csv/json and the figures;
#   b. its numbers: finite lognormal and power-law fits, connection fractions in (0, 1), the
#      lognormal mu/sigma those of the final weights (numpy), the per-step connection counts
#      equal to the snapshots' synapses, and the turnover recounted from the WEE snapshots by
#      hand (created, pruned, every lifetime; lifetimes + censored = pruned);
#   c. the same run on 2 ranks: the same files (h5diff outside /provenance) and the same
#      summary.csv byte for byte;
#   d. bad input exits 2 with a message naming the option or file, leaving no OUT behind.
#
# usage: bash test_zheng2013.sh <build/bin dir> <mpiexec>
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_h5py
require_tools h5diff
EXAMPLE=$(cd "$(dirname "$0")/../../examples/zheng2013" && pwd)
"$PY" -c "import scipy, matplotlib" || fatal "$PY lacks scipy or matplotlib"
enter_workdir zheng2013

STEPS=4000 EVERY=50 FROM=2000
RUN=(--steps $STEPS --record-every $EVERY --settled-from $FROM --bootstrap 20 --seed 3
     --large-ne 600 --large-steps 600 --large-record-every 100 --bin "$BIN_DIR")

# ---- 0. summary.py's own statistics ----------------------------------------------------------
expect_success "0. summary.py statistics" "$PY" "$EXAMPLE/test_summary.py" || cat 0.*.stderr >&2

# ---- a. one rank ------------------------------------------------------------------------------
expect_success "a. run.sh on 1 rank" bash "$EXAMPLE/run.sh" out1 1 "${RUN[@]}" --large-ranks 1 ||
    fatal "run.sh failed"
for f in run.h5 analysis.h5 settled.h5 large.h5 large_analysis.h5 summary.csv summary.json \
    weights.png fraction.png lifetimes.png weight_changes.png run.log; do
    [[ -s out1/$f ]] || fail "[a] out1/$f not written"
done
[[ ! -e out1.partial ]] || fail "[a] out1.partial left behind"

# ---- b. the numbers ---------------------------------------------------------------------------
check "[b] fits, fractions, counts and the turnover recounted from the snapshots" '
import csv, json
steps, every, first = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
s = json.load(open("out1/summary.json"))
for net in ("small", "large"):
    m = s[net]
    w, lt, c = m["weights"], m["lifetimes"], m["connections"]
    assert all(math.isfinite(w[k]) for k in ("lognormal_mu", "lognormal_sigma")), w
    assert w["lognormal_sigma"] > 0 and w["lognormal_mu"] < 0, w
    for k in ("fraction_initial", "fraction_final", "fraction_min"):
        assert 0 < c[k] < 1, (net, k, c[k])
    assert c["fraction_min"] <= min(c["fraction_initial"], c["fraction_final"]) + 1e-12, c
    assert lt["lifetimes"] > 0 and lt["alpha"] is not None and lt["alpha"] > 1, lt
    assert lt["lifetimes"] + lt["pruned_censored"] == lt["pruned"], lt
    assert lt["lifetimes"] + lt["alive_at_end"] == lt["created"], lt
    ll = w["models"]
    assert all(math.isfinite(ll[k]["loglik_per_synapse"]) for k in ("lognormal", "normal", "exponential"))
assert s["small"]["steps"] == steps and s["large"]["steps"] == 600, s
assert s["small"]["lifetimes"]["bootstrap_replicates"] == 20
assert 0 <= s["small"]["lifetimes"]["bootstrap_p"] <= 1
assert s["timing"]["small"]["ranks"] == 1 and s["timing"]["small"]["simulation_wall_s"] > 0
rows = dict(r for r in csv.reader(open("out1/summary.csv")))
assert float(rows["small.weights.lognormal_mu"]) == s["small"]["weights"]["lognormal_mu"]

run = h5py.File("out1/run.h5")
ne = int(run["parameters"].attrs["ne"])
pairs = ne * (ne - 1)
# The lognormal fit is the mean and (ddof 0) std of ln w of the final weights.
wf = run["state/W_ee/data"][...]
lw = np.log(np.sort(wf))
assert abs(lw.mean() - s["small"]["weights"]["lognormal_mu"]) < 1e-12
assert abs(lw.std() - s["small"]["weights"]["lognormal_sigma"]) < 1e-12
# Connection counts per step: the first one over N(N-1) is the initial fraction, and at each
# snapshot step the count is the snapshot synapses.
counts = run["recordings/EEConnectionCounts"][...]
assert len(counts) == steps
assert abs(counts[0] / pairs - s["small"]["connections"]["fraction_initial"]) < 1e-15
final = counts[-steps // 10:].mean() / pairs
assert abs(final - s["small"]["connections"]["fraction_final"]) < 1e-12
g = run["recordings/WEE"]
off, rows_, cols = g["offset"][...], g["row"][...], g["col"][...]
snap = run["recordings/snapshot_steps"][...]
assert list(snap) == list(range(every, steps + 1, every)), snap[:5]
f0 = int(run["recordings"].attrs["first_step"])
for k, t in enumerate(snap):
    assert counts[t - f0] == off[k + 1] - off[k], (t, counts[t - f0], off[k + 1] - off[k])
# Turnover by hand over the snapshots at steps >= first.
use = [k for k, t in enumerate(snap) if t >= first]
birth, life, created, pruned, censored = {}, [], 0, 0, 0
prev = None
for i, k in enumerate(use):
    now = set(zip(rows_[off[k]:off[k + 1]].tolist(), cols[off[k]:off[k + 1]].tolist()))
    if prev is None:
        birth = {p: None for p in now}
    else:
        for p in prev - now:
            pruned += 1
            if birth[p] is None: censored += 1
            else: life.append(i - birth.pop(p))
            birth.pop(p, None)
        for p in now - prev:
            created += 1
            birth[p] = i
    prev = now
an = h5py.File("out1/settled.h5")["turnover"]
assert an.attrs["created"] == created and an.attrs["pruned"] == pruned, (created, pruned)
assert an.attrs["pruned_censored"] == censored
assert sorted(an["lifetime"][...].tolist()) == sorted(life)
lt = s["small"]["lifetimes"]
assert lt["pruned"] == pruned and lt["lifetimes"] == len(life) and lt["window_from"] == first
assert an["fraction"][-1] == (off[use[-1] + 1] - off[use[-1]]) / pairs
print("ok:", len(life), "lifetimes,", pruned, "pruned, alpha", round(lt["alpha"], 2))
' "$STEPS" "$EVERY" "$FROM"
for f in weights.png fraction.png lifetimes.png weight_changes.png; do
    [[ $(head -c 8 "out1/$f" | od -An -tx1 | tr -d ' \n') == 89504e470d0a1a0a ]] ||
        fail "[b] out1/$f is not a PNG"
done

# ---- c. rank invariance -----------------------------------------------------------------------
for np in 2; do
    expect_success "c. run.sh on $np ranks" bash "$EXAMPLE/run.sh" "out$np" "$np" "${RUN[@]}" \
        --large-ranks "$np" || continue
    for f in run.h5 analysis.h5 settled.h5 large.h5 large_analysis.h5; do
        expect_same "[c] $f on 1 and $np ranks" "out1/$f" "out$np/$f"
    done
    if cmp -s out1/summary.csv "out$np/summary.csv"; then
        echo "ok: [c] summary.csv identical on 1 and $np ranks"
    else
        fail "[c] summary.csv differs between 1 and $np ranks"
    fi
    ranks=$("$PY" -c "import json; print(json.load(open('out$np/summary.json'))['timing']['large']['ranks'])")
    [[ $ranks == "$np" ]] || fail "[c] out$np/summary.json: large ranks $ranks, expected $np"
done
# The comparison can fail: another seed gives another file.
on_ranks 1 "$SIM" --config "$EXAMPLE/zheng2013.ini" --seed 4 --steps $STEPS \
    --record EEConnectionCounts,WEE --record-every $EVERY --output seed4.h5 --quiet ||
    fatal "sorn-simulate --seed 4 failed"
expect_differ "[c] seed 4 differs from seed 3" out1/run.h5 seed4.h5

# ---- d. bad input -----------------------------------------------------------------------------
bad_case() { # bad_case TEXT ARGS...: run.sh ARGS exits 2 naming TEXT, and leaves no bad/
    local text=$1
    shift
    rc=0
    bash "$EXAMPLE/run.sh" "$@" >out.txt 2>err.txt || rc=$?
    if [[ $rc -eq 2 ]] && grep -qF -- "$text" err.txt && [[ ! -e bad && ! -e bad.partial ]]; then
        echo "ok: [d] $* -> exit 2: $(head -n 1 err.txt)"
    else
        fail "[d] $*: exit $rc, expected 2 naming '$text'; stderr: $(head -n 3 err.txt)"
    fi
}
bad_case "--steps" bad 1 --steps 0 --bin "$BIN_DIR"
bad_case "--steps" bad 1 --steps abc --bin "$BIN_DIR"
bad_case "RANKS" bad x --bin "$BIN_DIR"
bad_case "--no-such" bad 1 --no-such 1 --bin "$BIN_DIR"
bad_case "--record-every" bad 1 --steps 100 --record-every 100 --bin "$BIN_DIR"
bad_case "--settled-from" bad 1 --steps 1000 --record-every 100 --settled-from 950 --bin "$BIN_DIR"
bad_case "--large-ne" bad 1 --large-ne 5 --bin "$BIN_DIR"
bad_case "--large-record-every" bad 1 --large-steps 100 --large-record-every 60 --bin "$BIN_DIR"
bad_case "needs a value" bad 1 --seed
bad_case "--config" bad 1 --config nope.ini --bin "$BIN_DIR"
bad_case "sorn-simulate" bad 1 --bin /nonexistent
bad_case "exists" out1 1 --bin "$BIN_DIR"
rc=0
"$PY" "$EXAMPLE/summary.py" --run nope.h5 --analysis out1/analysis.h5 --settled out1/settled.h5 \
    --out out1 >out.txt 2>err.txt || rc=$?
[[ $rc -eq 2 ]] && grep -q "^summary.py: error: --run 'nope.h5'" err.txt ||
    fail "[d] summary.py --run nope.h5: exit $rc, $(head -n 1 err.txt)"
rc=0
"$PY" "$EXAMPLE/summary.py" --run out1/analysis.h5 --analysis out1/analysis.h5 \
    --settled out1/settled.h5 --out out1 >out.txt 2>err.txt || rc=$?
[[ $rc -eq 2 ]] && grep -q "format 'sorn-analysis', expected 'sorn'" err.txt ||
    fail "[d] summary.py with an analysis file as --run: exit $rc, $(head -n 1 err.txt)"

finish test_zheng2013
