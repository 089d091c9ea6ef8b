#!/usr/bin/env bash
# Whole runs of sorn-simulate are rank invariant: the same seed on 1, 2, 3 and 4 ranks gives
# bit-identical output files (everything but /provenance), for two configurations. A different
# seed must give a different file, so that the comparison is known to be able to fail.
#
# usage: bash test_rank_invariance.sh <build/bin dir> <mpiexec>
set -euo pipefail

if [[ $# -ne 2 ]]; then
    echo "usage: $0 <build/bin dir> <mpiexec>" >&2
    exit 2
fi
BIN_DIR=$(cd "$1" && pwd)
MPIEXEC=$2
SIM=$BIN_DIR/sorn-simulate
PY=/usr/bin/python3

export OMPI_ALLOW_RUN_AS_ROOT=${OMPI_ALLOW_RUN_AS_ROOT:-1}
export OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=${OMPI_ALLOW_RUN_AS_ROOT_CONFIRM:-1}
export OMPI_MCA_rmaps_base_oversubscribe=${OMPI_MCA_rmaps_base_oversubscribe:-1}

[[ -x $SIM ]] || { echo "FAIL: $SIM is not an executable" >&2; exit 1; }
command -v h5diff >/dev/null || { echo "FAIL: h5diff not found on PATH" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sorn_rank_invariance.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"

SEED=7
BASE=(--steps 1500 --record all --record-every 50 --input-source random --noise-sigma 0.05 --quiet)
SECOND=(--fast-inhibition --initial-activity random --ee-degree package --input-mapping pool
        --input-pool-size 5 --network-type-ie sparse --lambda-ie 20 --ne 150)

failures=0
fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# simulate NP OUT ARGS... : one run; a failed run is fatal (nothing to compare).
simulate() {
    local np=$1 out=$2
    shift 2
    if ! "$MPIEXEC" -n "$np" "$SIM" "$@" --output "$out" >"$out.stdout" 2>"$out.stderr"; then
        echo "FAIL: 'sorn-simulate $* --output $out' on $np rank(s) failed:" >&2
        cat "$out.stderr" >&2
        exit 1
    fi
    [[ -f $out ]] || { echo "FAIL: $out was not written" >&2; exit 1; }
}

# h5diff exit status: 0 = same, 1 = differences, 2 = error. "Not comparable" objects (different
# type or shape) are differences too, whatever the exit status.
compare() { # compare A B -> sets $diff_rc, output in diff.txt
    set +e
    h5diff -c --exclude-path /provenance "$1" "$2" >diff.txt 2>&1
    diff_rc=$?
    set -e
    if [[ $diff_rc -eq 0 ]] && grep -qi 'not comparable' diff.txt; then diff_rc=1; fi
}

# The file must hold what we mean to compare: every recording, WEE snapshots, the final state.
check_content() { # check_content FILE NE
    "$PY" - "$1" "$2" <<'EOF'
import sys
import h5py
import numpy as np

def spikes(ds):
    """A spike recording as a (steps, units) 0/1 array: bit-packed ('bitorder', 'units'
    attributes) or one uint8 per unit."""
    a = ds[...]
    if "bitorder" in ds.attrs:
        order = ds.attrs["bitorder"]
        order = order.decode() if isinstance(order, bytes) else str(order)
        return np.unpackbits(a, axis=1, bitorder=order)[:, :int(ds.attrs["units"])]
    return a

path, ne = sys.argv[1], int(sys.argv[2])
with h5py.File(path, "r") as f:
    rec = f["recordings"]
    for name in ["ExcitatoryActivation", "InhibitoryActivation", "RecurrentActivation",
                 "EEConnectionCounts", "EIConnectionCounts", "TE", "TI", "WEE", "WEI"]:
        assert name in rec, f"{path}: /recordings/{name} missing"
    x = spikes(rec["ExcitatoryActivation"])
    assert x.shape == (1500, ne), f"ExcitatoryActivation decodes to shape {x.shape}"
    assert x.any(), "no E activity at all"
    assert rec["TE"].shape == (30, ne), f"TE has shape {rec['TE'].shape}"
    assert rec["WEE/weight"].shape[0] > 0, "no WEE snapshot"
    assert "W_ee" in f["state"], "no /state/W_ee"
EOF
}

run_config() { # run_config NAME NE ARGS...
    local name=$1 ne=$2
    shift 2
    local args=("$@")
    for np in 1 2 3 4; do
        simulate "$np" "$name.np$np.h5" "${args[@]}" --seed "$SEED"
    done
    if ! check_content "$name.np1.h5" "$ne" 2>content.txt; then
        fail "[$name] $name.np1.h5 lacks the expected content: $(tail -n 1 content.txt)"
    fi
    for np in 2 3 4; do
        compare "$name.np1.h5" "$name.np$np.h5"
        if [[ $diff_rc -ne 0 ]]; then
            fail "[$name] 1 rank and $np ranks differ (h5diff exit $diff_rc):"
            head -n 40 diff.txt >&2
        else
            echo "ok: [$name] 1 rank == $np ranks"
        fi
    done
    # The comparison can fail: another seed gives another file (same rank count).
    simulate 1 "$name.seed.h5" "${args[@]}" --seed $((SEED + 1))
    compare "$name.np1.h5" "$name.seed.h5"
    if [[ $diff_rc -ne 1 ]]; then
        fail "[$name] seeds $SEED and $((SEED + 1)) give h5diff exit $diff_rc, expected 1 (different)"
        head -n 20 diff.txt >&2
    else
        echo "ok: [$name] seed $((SEED + 1)) differs from seed $SEED"
    fi
}

run_config default 200 "${BASE[@]}"
run_config second 150 "${BASE[@]}" "${SECOND[@]}"

echo
if [[ $failures -ne 0 ]]; then
    echo "test_rank_invariance: $failures failure(s)" >&2
    exit 1
fi
echo "test_rank_invariance: passed"
