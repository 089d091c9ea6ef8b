#!/usr/bin/env bash
# A bad --input file or --input-dataset: every case must
#   - exit with code 2 exactly,
#   - print ONE line on stderr (rank 0 only), "sorn-simulate: error: ...", naming the file and
#     what is wrong (the dataset, "is a directory", "not a regular file", ...),
#   - leave neither the output file, nor the checkpoint, nor a .partial of either behind,
#   - never hang: each run is limited to 30 s (a FIFO given as --input must not be opened).
# Valid files (float64, float32, int16 values; a dataset in a group) run (exit 0), so that the
# cases are known to fail for the right reason.
#
# usage: bash test_bad_input_file.sh <build/bin dir> <mpiexec>
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_h5py
enter_workdir bad_input_file

cases=0
COMMON=(--ne 40 --nu 10 --steps 10 --quiet)

# ---- fixtures ---------------------------------------------------------------------------------
mkdir in_dir.h5
mkfifo in_fifo.h5
: >empty.h5
echo "this is not an HDF5 file" >text.h5
"$PY" - <<'EOF'
import os
import h5py
import numpy as np

u = np.zeros((10, 20))
u[np.arange(20) % 10, np.arange(20)] = 1.0
with h5py.File("in.h5", "w") as f:
    f["input"] = u                                       # valid: float64
    f["f32"] = u.astype(np.float32)                      # valid: converted
    f["i16"] = u.astype(np.int16)                        # valid: converted
    f["grp/input"] = u                                   # valid: a path
    f["text"] = np.array([[b"1.0"] * 20] * 10)           # fixed-length strings
    f["vtext"] = np.array([["1.0"] * 20] * 10, dtype=h5py.string_dtype())
    f["pairs"] = np.zeros((10, 20), dtype=[("a", "f8"), ("b", "i4")])
    f["flags"] = u.astype(bool)                          # h5py: an enumeration
    f["scalar"] = 1.0
    f["type"] = np.dtype("f8")                           # a named datatype
with h5py.File("big.h5", "w") as f:                      # to truncate: data after metadata
    f["input"] = np.zeros((10, 20000))
size = os.path.getsize("big.h5")
with open("big.h5", "r+b") as f:
    f.truncate(size // 2)
os.rename("big.h5", "truncated.h5")
EOF

# run_sim_limited NP ARGS...: run_sim that gives up after 30 s (exit 124), so that a run that
# blocks (on a FIFO, say) fails its case instead of hanging the test.
run_sim_limited() {
    local np=$1
    shift
    rc=0
    timeout -k 5 30 "$MPIEXEC" "${MPI_FLAGS[@]}" -n "$np" "$SIM" "$@" >out.txt 2>err.txt || rc=$?
}

# expect_bad NP FILE NEEDLE ARGS...: sorn-simulate --input FILE ARGS must be refused (see the
# header); stderr names FILE and holds the fixed string NEEDLE.
expect_bad() {
    local np=$1 file=$2 needle=$3
    shift 3
    cases=$((cases + 1))
    rm -f out.h5 out.h5*.partial ck.h5 ck.h5*.partial
    run_sim_limited "$np" --input "$file" "$@" "${COMMON[@]}" --output out.h5 --checkpoint ck.h5
    local what="'sorn-simulate --input $file${*:+ $*}' on $np rank(s)"
    local ok=1
    expect_rejected "$what" || ok=0
    expect_mention "$what" "--input $file" || ok=0
    expect_mention "$what" "$needle" || ok=0
    expect_no_files "$what" out.h5 ck.h5 || ok=0
    local partial
    for partial in out.h5*.partial ck.h5*.partial; do
        if [[ -e $partial ]]; then
            fail "$what: left '$partial' behind"
            ok=0
        fi
    done
    report_case "$what" "$ok"
}

# expect_good NP ARGS...: a valid input runs.
expect_good() {
    local np=$1
    shift
    cases=$((cases + 1))
    rm -f out.h5
    run_sim_limited "$np" "$@" "${COMMON[@]}" --output out.h5
    if [[ $rc -ne 0 || ! -f out.h5 ]]; then
        fail "'sorn-simulate $*' on $np rank(s): exit code $rc, expected 0 and out.h5"
        cat err.txt >&2
    else
        echo "ok: 'sorn-simulate $*' on $np rank(s) -> exit 0"
    fi
}

# ---- positive controls ------------------------------------------------------------------------
expect_good 2 --input in.h5
expect_good 2 --input in.h5 --input-dataset f32
expect_good 2 --input in.h5 --input-dataset i16
expect_good 2 --input in.h5 --input-dataset grp/input
expect_good 2 --input in.h5 --input-dataset /grp/input

# ---- files that cannot be read as HDF5 (checked before MPI-IO opens them) ---------------------
expect_bad 2 in_dir.h5 "is a directory"
expect_bad 1 in_dir.h5 "is a directory"
expect_bad 2 in_fifo.h5 "not a regular file"
expect_bad 1 in_fifo.h5 "not a regular file"
expect_bad 2 /dev/null "not a regular file"
expect_bad 2 missing.h5 "no such file"
expect_bad 2 empty.h5 "not an HDF5 file"
expect_bad 2 text.h5 "not an HDF5 file"
expect_bad 2 truncated.h5 "cannot open"

# ---- the dataset: a numeric array, not a group, strings, a compound type ----------------------
expect_bad 2 in.h5 "dataset 'text'" --input-dataset text
expect_bad 1 in.h5 "dataset 'text'" --input-dataset text
expect_bad 2 in.h5 "dataset 'vtext'" --input-dataset vtext
expect_bad 2 in.h5 "dataset 'pairs'" --input-dataset pairs
expect_bad 2 in.h5 "dataset 'flags'" --input-dataset flags
expect_bad 2 in.h5 "dataset 'grp'" --input-dataset grp
expect_bad 2 in.h5 "dataset '/'" --input-dataset /
expect_bad 1 in.h5 "dataset '/'" --input-dataset /
expect_bad 2 in.h5 "dataset ''" --input-dataset ''
expect_bad 2 in.h5 "dataset 'type'" --input-dataset type
expect_bad 2 in.h5 "dataset 'scalar'" --input-dataset scalar
expect_bad 2 in.h5 "dataset 'nope'" --input-dataset nope
expect_bad 2 in.h5 "dataset 'input/x'" --input-dataset input/x

finish test_bad_input_file "$cases"
