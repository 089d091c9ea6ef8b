#!/usr/bin/env bash
# The cart-pole example (examples/cartpole, docs/EXAMPLES.md), a short run:
#   a. the built-in CartPole-v0 against hand-computed Euler steps, its termination, the encoding
#      and the solved criterion (examples/cartpole/test_cartpole_env.py);
#   b. a run of a few dozen episodes writes curve.csv, random.csv, summary.json and curve.png,
#      the CSV well-formed (episodes 1..N, the plasticity phase first, lengths in 1..200, the
#      moving mean of its own lengths), the random policy's mean near 22;
#   c. the same curve.csv and random.csv, byte for byte, on 1 and 2 ranks (every rank computes
#      the same policy from the same x(t); only rank 0 writes);
#   d. bad options exit 2 with a message naming the option.
#
# usage: bash test_cartpole.sh <build/bin dir> <mpiexec>
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_h5py
EXAMPLE=$(cd "$(dirname "$0")/../../examples/cartpole" && pwd)
export PYTHONPATH="$BIN_DIR/../python${PYTHONPATH:+:$PYTHONPATH}"
"$PY" -c "import sorn, mpi4py, matplotlib" || fatal "import sorn, mpi4py, matplotlib failed"
enter_workdir cartpole

# ---- a. the dynamics ----------------------------------------------------------------------------
expect_success "a. dynamics" "$PY" "$EXAMPLE/test_cartpole_env.py" || cat a.*.stderr >&2

# ---- b. a short run -----------------------------------------------------------------------------
EPISODES=40
RUN=(--episodes $EPISODES --plasticity-episodes 10 --seed 3 --baseline-episodes 500 --window 10)
for np in 1 2; do
    expect_success "b. run on $np rank(s)" on_ranks $np "$PY" "$EXAMPLE/cartpole.py" "${RUN[@]}" \
        --out "out$np" || true
done
for f in curve.csv random.csv summary.json curve.png; do
    [[ -s out1/$f ]] || fail "[b] out1/$f not written"
done
if [[ -s out1/curve.csv ]]; then
    if "$PY" - "$EPISODES" >check.txt 2>&1 <<'PYEOF'; then
import csv, json, sys
import numpy as np
n = int(sys.argv[1])
rows = list(csv.reader(open("out1/curve.csv")))
assert rows[0] == ["episode", "phase", "length", "mean10"], rows[0]
rows = rows[1:]
assert len(rows) == n, len(rows)
assert [int(r[0]) for r in rows] == list(range(1, n + 1))
assert [r[1] for r in rows] == ["plasticity"] * 10 + ["training"] * (n - 10)
lengths = np.array([int(r[2]) for r in rows])
assert lengths.min() >= 1 and lengths.max() <= 200, lengths
mean = [float(r[3]) for r in rows]
expect = [lengths[max(0, i - 9):i + 1].mean() for i in range(n)]
assert np.allclose(mean, expect, atol=0.005), (mean, expect)
rnd = list(csv.reader(open("out1/random.csv")))
assert rnd[0] == ["episode", "length"] and len(rnd) == 501
rl = np.array([int(r[1]) for r in rnd[1:]])
assert 19 < rl.mean() < 25, rl.mean()  # the random policy balances ~22 steps on average
s = json.load(open("out1/summary.json"))
assert s["episodes"] == n and s["ranks"] == 1 and s["env_steps"] == lengths.sum(), s
assert abs(s["random_mean"] - rl.mean()) < 1e-9
assert open("out1/curve.png", "rb").read(8) == b"\x89PNG\r\n\x1a\n"
print(f"ok: mean length {lengths.mean():.1f}, random {rl.mean():.1f}")
PYEOF
        echo "ok: [b] $(cat check.txt)"
    else
        fail "[b] curve.csv / random.csv / summary.json malformed:"
        cat check.txt >&2
    fi
fi
ranks=$("$PY" -c "import json; print(json.load(open('out2/summary.json'))['ranks'])" \
    2>/dev/null || true)
[[ $ranks == 2 ]] || fail "[b] out2/summary.json does not say ranks = 2"

# ---- c. rank invariance -------------------------------------------------------------------------
for f in curve.csv random.csv; do
    if cmp -s "out1/$f" "out2/$f"; then
        echo "ok: [c] $f identical on 1 and 2 ranks"
    else
        fail "[c] $f differs between 1 and 2 ranks"
    fi
done

# ---- d. bad options -----------------------------------------------------------------------------
for bad in "--episodes 0:--episodes" "--fields 1:--fields" "--pool 9:--pool" "--algo x:--algo"; do
    rc=0
    # shellcheck disable=SC2086
    "$PY" "$EXAMPLE/cartpole.py" ${bad%%:*} --out bad >out.txt 2>err.txt || rc=$?
    if [[ $rc -eq 2 ]] && grep -qF -- "${bad#*:}" err.txt && [[ ! -e bad ]]; then
        echo "ok: [d] ${bad%%:*} -> exit 2: $(tail -n 1 err.txt)"
    else
        fail "[d] ${bad%%:*}: exit $rc, expected 2 with a message naming ${bad#*:}"
    fi
done

finish test_cartpole
