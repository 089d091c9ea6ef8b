# Shared by the command-line tests in this folder; not a test itself (CTest registers only
# test_*.sh). A test runs as `bash test_X.sh <build/bin dir> <mpiexec>` and starts with
#     set -euo pipefail
#     source "$(dirname "$0")/lib.sh"
# Sourcing takes those two arguments and sets BIN_DIR, MPIEXEC, SIM, PY and MPI_FLAGS, and
# exports SORN_SIMULATE=$SIM: the scripts read the file format from the build under test.

if [[ $# -ne 2 ]]; then
    echo "usage: $0 <build/bin dir> <mpiexec>" >&2
    exit 2
fi
BIN_DIR=$(cd "$1" && pwd)
MPIEXEC=$2
SIM=$BIN_DIR/sorn-simulate
PY=/usr/bin/python3
export SORN_SIMULATE=$SIM # scripts/sorn_format.py: the schema of this build, not of build/

# Tests run as root in CI, and on more ranks than this machine has cores.
export OMPI_ALLOW_RUN_AS_ROOT=${OMPI_ALLOW_RUN_AS_ROOT:-1}
export OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=${OMPI_ALLOW_RUN_AS_ROOT_CONFIRM:-1}
export OMPI_MCA_rmaps_base_oversubscribe=${OMPI_MCA_rmaps_base_oversubscribe:-1}
# A rank that exits non-zero makes mpiexec wait 1 s before each of two kill signals (2 s per
# failing run, 72 runs in test_bad_input alone); every rank of ours exits on its own, so no wait.
export OMPI_MCA_odls_base_sigkill_timeout=${OMPI_MCA_odls_base_sigkill_timeout:-0}

[[ -x $SIM ]] || { echo "FAIL: $SIM is not an executable" >&2; exit 1; }

# Open MPI's mpiexec adds its own "process exited with non-zero status" banner to stderr:
# -q suppresses it, so that stderr holds only what the ranks printed.
MPI_FLAGS=()
if "$MPIEXEC" --version 2>&1 | grep -qiE 'open ?mpi|openrte'; then MPI_FLAGS=(-q); fi

# ---- set-up -----------------------------------------------------------------------------------

require_tools() { # require_tools TOOL...: each must be on PATH
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { echo "FAIL: $tool not found on PATH" >&2; exit 1; }
    done
}

require_h5py() {
    "$PY" -c 'import h5py, numpy' 2>/dev/null || { echo "FAIL: $PY lacks h5py or numpy" >&2; exit 1; }
}

# enter_workdir NAME: cd into a fresh directory, removed when the test exits. Its real path
# (pwd -P), since a test may look for its own processes by it.
enter_workdir() {
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/sorn_$1.XXXXXX")
    WORK=$(cd "$WORK" && pwd -P)
    trap 'rm -rf "$WORK"' EXIT
    cd "$WORK" || exit 1
}

# ---- failures ---------------------------------------------------------------------------------

failures=0
fail() { # a failed check: counted, the test goes on
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

fatal() { # nothing sensible can follow
    echo "FAIL: $*" >&2
    exit 1
}

# finish NAME [CASES]: the closing summary; exits 1 if any check failed.
finish() {
    local name=$1 cases=${2:-}
    echo
    if [[ $failures -ne 0 ]]; then
        echo "$name: $failures failure(s)${cases:+ in $cases case(s)}" >&2
        exit 1
    fi
    if [[ -n $cases ]]; then echo "$name: all $cases cases passed"; else echo "$name: passed"; fi
}

# ---- running ----------------------------------------------------------------------------------

# on_ranks NP PROGRAM ARGS...: PROGRAM under mpiexec on NP ranks.
on_ranks() {
    local np=$1
    shift
    "$MPIEXEC" "${MPI_FLAGS[@]}" -n "$np" "$@"
}

# run_sim NP ARGS...: sorn-simulate on NP ranks, which may fail; sets $rc, stdout in out.txt,
# stderr in err.txt.
run_sim() {
    local np=$1
    shift
    rc=0
    on_ranks "$np" "$SIM" "$@" >out.txt 2>err.txt || rc=$?
}

# must_simulate NP ARGS...: a run that must succeed; a failure is fatal (nothing to compare).
must_simulate() {
    local np=$1
    shift
    run_sim "$np" "$@"
    if [[ $rc -ne 0 ]]; then
        echo "FAIL: 'sorn-simulate $*' on $np rank(s) failed:" >&2
        cat err.txt >&2
        exit 1
    fi
}

# capture NAME CMD...: runs CMD with its output in NAME.stdout, NAME.stderr; sets rc.
capture() {
    local name=$1
    shift
    rc=0
    "$@" >"$name.stdout" 2>"$name.stderr" || rc=$?
}

# expect_success NAME CMD...: CMD must exit 0; its output is kept in NAME.stdout, NAME.stderr.
expect_success() {
    local name=$1 rc # capture sets this rc (bash scoping), not the caller's
    capture "$@"
    shift
    if [[ $rc -ne 0 ]]; then
        fail "[$name] '$*': exit code $rc, expected 0; stderr:"
        head -n 20 "$name.stderr" >&2
        return 1
    fi
    echo "ok: [$name] exit 0"
}

checksum() { sha256sum "$1" | cut -d' ' -f1; }

# partial_left FILE: true if a temporary FILE.<hex>.partial of FILE exists (a write in progress,
# or one a failed run left behind).
partial_left() { compgen -G "$1.*.partial" >/dev/null; }

# ---- a run refused as bad input -----------------------------------------------------------------
# These report each problem with fail() and return 1, so that a case lists all that is wrong.

# expect_rejected WHAT: the last run_sim exited 2 with one stderr line, from rank 0 only, that
# starts "sorn-simulate: error: ".
expect_rejected() {
    local what=$1 status=0 lines
    if [[ $rc -ne 2 ]]; then
        fail "$what: exit code $rc, expected 2"
        status=1
    fi
    lines=$(grep -c '' err.txt || true)
    if [[ $lines -ne 1 ]]; then
        fail "$what: stderr has $lines lines, expected exactly 1 (from rank 0 only)"
        status=1
    elif ! grep -q '^sorn-simulate: error: ' err.txt; then
        fail "$what: stderr line does not start with 'sorn-simulate: error: '"
        status=1
    fi
    return $status
}

# expect_mention WHAT TEXT [GREP-OPTION]: err.txt holds the fixed string TEXT (-w: as a word).
expect_mention() {
    grep -qF ${3:+"$3"} -- "$2" err.txt && return 0
    fail "$1: stderr does not mention '$2'"
    return 1
}

# expect_no_files WHAT FILE...: none of the FILEs, nor a temporary FILE.<hex>.partial of one,
# was left behind.
expect_no_files() {
    local what=$1 f status=0
    shift
    for f in "$@"; do
        if [[ -e $f ]]; then
            fail "$what: left '$f' behind"
            status=1
        fi
        if partial_left "$f"; then
            fail "$what: left $(compgen -G "$f.*.partial" | head -n 1) behind"
            status=1
        fi
    done
    return $status
}

# report_case WHAT OK: the stderr of a failed case (OK 0), or the one line of a refused run.
report_case() {
    if [[ $2 -eq 0 ]]; then
        echo "---- stderr of $1:" >&2
        cat err.txt >&2
        echo "----" >&2
    else
        echo "ok: $1 -> exit 2: $(head -n 1 err.txt)"
    fi
}

# ---- comparing HDF5 files ---------------------------------------------------------------------

# h5cmp A B [OBJ OBJ]: sets $diff_rc (0 same, 1 different, 2 error), output in diff.txt. Compares
# everything but /provenance. "Not comparable" objects (other type or shape) are differences too,
# whatever h5diff's exit status.
h5cmp() {
    diff_rc=0
    h5diff -c --exclude-path /provenance "$@" >diff.txt 2>&1 || diff_rc=$?
    if [[ $diff_rc -eq 0 ]] && grep -qi 'not comparable' diff.txt; then diff_rc=1; fi
}

# expect_same WHAT A B [OBJ OBJ]: identical outside /provenance (or the objects OBJ).
expect_same() { expect_h5cmp 0 "$@"; }

# expect_differ WHAT A B [OBJ OBJ]: different, so that a comparison is known to be able to fail.
expect_differ() { expect_h5cmp 1 "$@"; }

# expect_h5cmp WANT WHAT A B [OBJ OBJ]: h5cmp finds WANT (0 same, 1 different).
expect_h5cmp() {
    local want=$1 what=$2
    shift 2
    h5cmp "$@"
    if [[ $diff_rc -eq $want ]]; then
        echo "ok: $what"
    else
        local meaning=different
        [[ $want -eq 1 ]] || meaning=same
        fail "$what: h5diff $* gives exit $diff_rc, expected $want ($meaning)"
        head -n 30 diff.txt >&2
    fi
}

# ---- checks in Python -------------------------------------------------------------------------

# Put before every Python check: the imports and a spike decoder. A test may add its own
# helpers in PY_HELPERS.
PY_PRELUDE=$(cat <<'EOF'
import math
import pickle
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

def format_version():
    """The format_version of the build under test ($SORN_SIMULATE --print-schema json)."""
    import json, os, subprocess
    out = subprocess.run([os.environ["SORN_SIMULATE"], "--print-schema", "json"],
                         stdout=subprocess.PIPE, check=True).stdout
    return json.loads(out)["format_version"]
EOF
)
PY_HELPERS=

# run_python CODE [ARGS...]: the Python CODE after PY_PRELUDE and PY_HELPERS, ARGS in sys.argv[1:].
run_python() {
    local code=$1
    shift
    "$PY" - "$@" <<EOF
$PY_PRELUDE
$PY_HELPERS
$code
EOF
}

# check WHAT CODE [ARGS...]: the Python CODE (asserts) must pass; its output in check.txt.
check() {
    local what=$1 code=$2
    shift 2
    if run_python "$code" "$@" >check.txt 2>&1; then
        echo "ok: $what"
    else
        fail "$what: $(tail -n 1 check.txt)"
        tail -n 15 check.txt >&2
    fi
}
