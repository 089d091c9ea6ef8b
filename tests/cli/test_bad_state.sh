#!/usr/bin/env bash
# A bad --state file: every case must
#   - exit with code 2 exactly,
#   - print ONE line on stderr (rank 0 only), "sorn-simulate: error: ...", naming the file and,
#     where one is at fault, the dataset / attribute / option,
#   - overwrite nothing: an existing --output target (even with --overwrite) and an existing
#     --checkpoint target keep their checksums, and no FILE.partial (nor FILE.<hex>.partial)
#     is left behind,
#   - never hang: each case is limited to 30 s (a FIFO given as --state must not be opened).
# A valid file resumes (exit 0), so that the cases are known to fail for the right reason; so
# does one whose integers and reals are stored in other widths (int32, uint16, big-endian).
#
# usage: bash test_bad_state.sh <build/bin dir> <mpiexec>
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_h5py
enter_workdir bad_state

cases=0

# ---- fixtures ---------------------------------------------------------------------------------
COMMON=(--input-source random --noise-sigma 0.05 --quiet)
run_sim 2 --steps 200 --checkpoint good.h5 "${COMMON[@]}"
[[ $rc -eq 0 && -f good.h5 ]] || { echo "FAIL: cannot make the fixture good.h5:" >&2; cat err.txt >&2; exit 1; }
run_sim 2 --steps 50 --ne 250 --checkpoint ne250.h5 "${COMMON[@]}"
[[ $rc -eq 0 && -f ne250.h5 ]] || { echo "FAIL: cannot make the fixture ne250.h5:" >&2; cat err.txt >&2; exit 1; }

cp good.h5 truncated.h5
truncate -s $(($(stat -c %s good.h5) / 2)) truncated.h5
echo "this is not an HDF5 file, just text" >text.h5
: >empty.h5
mkdir state_dir.h5
mkfifo state_fifo.h5

"$PY" - <<'EOF'
import shutil
import h5py
import numpy as np

def copy(name):
    shutil.copyfile("good.h5", name)
    return h5py.File(name, "r+")

def replace(f, path, data):
    del f[path]
    f[path] = data

with copy("version99.h5") as f:
    f.attrs["format_version"] = np.int64(99)
with copy("version_text.h5") as f:
    f.attrs["format_version"] = "1"
with copy("format_int.h5") as f:                # root attribute of the wrong type
    f.attrs["format"] = np.int64(1)
with copy("no_version.h5") as f:
    del f.attrs["format_version"]
with h5py.File("plain.h5", "w") as f:          # HDF5, but no root attribute 'format'
    f["state/T_e"] = np.zeros(200)
with copy("no_state.h5") as f:
    del f["state"]
with copy("no_step.h5") as f:
    del f["state"].attrs["step"]
with copy("step_text.h5") as f:
    f["state"].attrs["step"] = "200"
with copy("no_param.h5") as f:
    del f["parameters"].attrs["eta-stdp"]
with copy("param_type.h5") as f:
    f["parameters"].attrs["ne"] = "two hundred"

with copy("te_short.h5") as f:
    replace(f, "state/T_e", f["state/T_e"][:-1])
with copy("te_inf.h5") as f:
    f["state/T_e"][7] = np.inf
with copy("hip_nan.h5") as f:
    f["state/h_ip"][199] = np.nan
with copy("ti_missing.h5") as f:
    del f["state/T_i"]
with copy("indptr_short.h5") as f:
    p = f["state/W_ee/indptr"][:]
    replace(f, "state/W_ee/indptr", p[:-1])
with copy("indptr_bad.h5") as f:                # decreasing row pointer in the middle
    p = f["state/W_ee/indptr"][:]
    p[100] = p[99] - 1 if p[99] > 0 else p[101] + 1
    f["state/W_ee/indptr"][:] = p
with copy("indptr_start.h5") as f:              # indptr[0] must be 0 (here row 0 loses a synapse)
    p = f["state/W_ee/indptr"][:]
    assert p[1] >= 1, "fixture: row 0 of W_ee is empty"
    p[0] = 1
    f["state/W_ee/indptr"][:] = p
with copy("data_short.h5") as f:                # indices and data of unequal length
    replace(f, "state/W_ei/data", f["state/W_ei/data"][:-1])

with copy("nan_first.h5") as f:                 # in row 0: rank 0's rows
    f["state/W_ee/data"][0] = np.nan
with copy("nan_last.h5") as f:                  # in the last row: only the last rank sees it
    f["state/W_ee/data"][-1] = np.nan
with copy("weight15.h5") as f:
    d = f["state/W_ee/data"]
    d[len(d) // 2] = 1.5
with copy("weight0.h5") as f:                   # an explicit 0 is not a synapse
    f["state/W_ie/data"][3] = 0.0

def first_row_with(indptr, n):
    for r in range(len(indptr) - 1):
        if indptr[r + 1] - indptr[r] >= n:
            return r
    raise SystemExit("fixture: no row with enough synapses")

with copy("self.h5") as f:                      # column == row, still strictly ascending
    p, c = f["state/W_ee/indptr"][:], f["state/W_ee/indices"][:]
    done = False
    for r in range(len(p) - 1):
        for k in range(p[r], p[r + 1]):
            lo = c[k - 1] if k > p[r] else -1
            hi = c[k + 1] if k + 1 < p[r + 1] else 1 << 40
            if lo < r < hi and c[k] != r:
                c[k] = r
                done = True
                break
        if done:
            break
    assert done, "fixture: cannot place a self-synapse"
    f["state/W_ee/indices"][:] = c
with copy("unsorted.h5") as f:                  # two columns of one row swapped
    p, c = f["state/W_ee/indptr"][:], f["state/W_ee/indices"][:]
    r = first_row_with(p, 2)
    c[p[r]], c[p[r] + 1] = c[p[r] + 1], c[p[r]]
    f["state/W_ee/indices"][:] = c
with copy("duplicate.h5") as f:                 # the same column twice in a row
    p, c = f["state/W_ei/indptr"][:], f["state/W_ei/indices"][:]
    r = first_row_with(p, 2)
    c[p[r] + 1] = c[p[r]]
    f["state/W_ei/indices"][:] = c
with copy("col_range.h5") as f:                 # W_ie column (an E unit) beyond N_e
    p, c = f["state/W_ie/indptr"][:], f["state/W_ie/indices"][:]
    c[p[1] - 1] = 200
    f["state/W_ie/indices"][:] = c
with copy("x_two.h5") as f:
    f["state/x"][5] = 2
with copy("y_short.h5") as f:
    replace(f, "state/y", f["state/y"][:-1])

# objects of the wrong kind: a dataset where a group belongs and the reverse
def to_dataset(f, path):
    del f[path]
    f[path] = np.zeros(3)

def to_group(f, path):
    del f[path]
    f.create_group(path)

with copy("params_dataset.h5") as f:
    to_dataset(f, "parameters")
with copy("state_dataset.h5") as f:
    to_dataset(f, "state")
with copy("wee_dataset.h5") as f:
    to_dataset(f, "state/W_ee")
with copy("wie_dataset.h5") as f:
    to_dataset(f, "state/W_ie")
with copy("te_group.h5") as f:
    to_group(f, "state/T_e")
with copy("x_group.h5") as f:
    to_group(f, "state/x")
with copy("indptr_group.h5") as f:
    to_group(f, "state/W_ei/indptr")
with copy("ti_type.h5") as f:                   # a named datatype: neither group nor dataset
    del f["state/T_i"]
    f["state/T_i"] = np.dtype("f8")

# element types: integers stored as reals are refused, never truncated
with copy("indices_float.h5") as f:             # i + 0.6 would be read as i
    replace(f, "state/W_ee/indices", f["state/W_ee/indices"][:] + 0.6)
with copy("indptr_float.h5") as f:
    replace(f, "state/W_ie/indptr", f["state/W_ie/indptr"][:].astype(np.float64))
with copy("indices_huge.h5") as f:              # uint64 beyond int64: clipped, then out of range
    c = f["state/W_ee/indices"][:].astype(np.uint64)
    c[0] = 2**63 + 5
    replace(f, "state/W_ee/indices", c)
with copy("x_half.h5") as f:                    # 0.5 would be read as 0
    x = f["state/x"][:].astype(np.float64)
    x[3] = 0.5
    replace(f, "state/x", x)
with copy("y_negative.h5") as f:                # -1.0 would be read as 0
    y = f["state/y"][:].astype(np.float64)
    y[2] = -1.0
    replace(f, "state/y", y)
with copy("x_int8_negative.h5") as f:           # an integer -1 would be clipped to 0 in uint8
    x = f["state/x"][:].astype(np.int8)
    x[4] = -1
    replace(f, "state/x", x)
with copy("x_bool.h5") as f:                    # h5py stores booleans as an enumeration
    replace(f, "state/x", f["state/x"][:].astype(bool))
with copy("data_int.h5") as f:                  # weights must be stored as reals
    replace(f, "state/W_ei/data", np.ones(len(f["state/W_ei/data"]), dtype=np.int64))
with copy("te_string.h5") as f:
    replace(f, "state/T_e", np.array([b"0.5"] * len(f["state/T_e"])))
with copy("step_float.h5") as f:                # 100.7 would be read as 100
    f["state"].attrs["step"] = 100.7
with copy("step_huge.h5") as f:                 # beyond the range of a time step (PetscInt)
    f["state"].attrs["step"] = np.int64(2**40)
with copy("ne_float.h5") as f:                  # 200.6 would be read as 200
    f["parameters"].attrs["ne"] = 200.6
with copy("rows_float.h5") as f:
    f["state/W_ee"].attrs["rows"] = 200.0
with copy("cols_wrong.h5") as f:
    f["state/W_ei"].attrs["cols"] = np.int64(7)

# valid: other integer widths and signedness, big-endian reals
with copy("narrow.h5") as f:
    for m in ("W_ee", "W_ei", "W_ie"):
        g = "state/" + m
        replace(f, g + "/indices", f[g + "/indices"][:].astype(np.int32))
        replace(f, g + "/indptr", f[g + "/indptr"][:].astype(np.uint32))
        data = f[g + "/data"][:]
        del f[g + "/data"]
        f.create_dataset(g + "/data", data=data, dtype=">f8")
    replace(f, "state/x", f["state/x"][:].astype(np.int64))
    replace(f, "state/y", f["state/y"][:].astype(np.uint16))
    f["state"].attrs["step"] = np.int32(f["state"].attrs["step"])
EOF

# ---- the cases --------------------------------------------------------------------------------
# run_sim_limited NP ARGS...: run_sim that gives up after 30 s (exit 124), so that a run that
# blocks (on a FIFO, say) fails its case instead of hanging the test.
run_sim_limited() {
    local np=$1
    shift
    rc=0
    timeout -k 5 30 "$MPIEXEC" "${MPI_FLAGS[@]}" -n "$np" "$SIM" "$@" >out.txt 2>err.txt || rc=$?
}

# expect_bad NP STATE NEEDLE ARGS... : resume from STATE with an existing out.h5 (--overwrite)
# and an existing ck.h5; see the header. NEEDLE (a fixed string, e.g. a dataset path) must
# appear in the message besides the file name.
expect_bad() {
    local np=$1 state=$2 needle=$3
    shift 3
    cases=$((cases + 1))
    rm -f out.h5 out.h5*.partial ck.h5 ck.h5*.partial
    printf 'precious output bytes\n' >out.h5
    cp good.h5 ck.h5
    local out_sum ck_sum
    out_sum=$(checksum out.h5)
    ck_sum=$(checksum ck.h5)
    run_sim_limited "$np" --state "$state" --steps 20 --output out.h5 --overwrite \
        --checkpoint ck.h5 --checkpoint-every 10 "${COMMON[@]}" "$@"
    local what="'sorn-simulate --state $state $*' on $np rank(s)"
    local ok=1
    expect_rejected "$what" || ok=0
    if ! grep -qF -- "$state" err.txt; then
        fail "$what: stderr does not name the file '$state'"
        ok=0
    fi
    if [[ -n $needle ]]; then expect_mention "$what" "$needle" || ok=0; fi
    if [[ ! -f out.h5 || $(checksum out.h5) != "$out_sum" ]]; then
        fail "$what: the existing --output out.h5 was modified or removed"
        ok=0
    fi
    if [[ ! -f ck.h5 || $(checksum ck.h5) != "$ck_sum" ]]; then
        fail "$what: the existing --checkpoint ck.h5 was modified or removed"
        ok=0
    fi
    local partial
    for partial in out.h5*.partial ck.h5*.partial; do
        if [[ -e $partial ]]; then
            fail "$what: left '$partial' behind"
            ok=0
        fi
    done
    report_case "$what" "$ok"
}

# Positive control: the fixture itself resumes, with the same options.
cases=$((cases + 1))
rm -f out.h5 ck.h5
run_sim 2 --state good.h5 --steps 20 --output out.h5 --checkpoint ck.h5 --checkpoint-every 10 "${COMMON[@]}"
if [[ $rc -ne 0 || ! -f out.h5 || ! -f ck.h5 ]]; then
    fail "positive control: 'sorn-simulate --state good.h5 ...' exit $rc or files missing"
    cat err.txt >&2
else
    echo "ok: positive control: --state good.h5 resumes (exit 0)"
fi

# The same network stored with other integer widths and big-endian reals resumes identically.
cases=$((cases + 1))
mv out.h5 out_good.h5
rm -f ck.h5
run_sim_limited 2 --state narrow.h5 --steps 20 --output out.h5 --checkpoint ck.h5 \
    --checkpoint-every 10 "${COMMON[@]}"
if [[ $rc -ne 0 || ! -f out.h5 ]]; then
    fail "positive control: 'sorn-simulate --state narrow.h5 ...' exit $rc or out.h5 missing"
    cat err.txt >&2
else
    expect_same "--state narrow.h5 (int32, uint32, uint16, int64, >f8) resumes like good.h5" \
        out_good.h5 out.h5
fi

# files that are not sorn files at all
expect_bad 2 missing.h5 "no such file"
expect_bad 2 truncated.h5 ""
expect_bad 2 text.h5 "not an HDF5 file"
expect_bad 2 empty.h5 "not an HDF5 file"
expect_bad 2 state_dir.h5 "is a directory"
expect_bad 1 state_dir.h5 "is a directory"
expect_bad 2 state_fifo.h5 "not a regular file"
expect_bad 1 state_fifo.h5 "not a regular file"
expect_bad 2 /dev/null "not a regular file"
expect_bad 2 plain.h5 "format"
expect_bad 2 version99.h5 "format_version"
expect_bad 2 version_text.h5 "format_version"
expect_bad 2 no_version.h5 "format_version"
expect_bad 2 format_int.h5 "format"

# /parameters and what the command line may not change
expect_bad 2 no_param.h5 "eta-stdp"
expect_bad 2 param_type.h5 "/parameters/ne"
expect_bad 2 good.h5 "--ne" --ne 300
expect_bad 3 ne250.h5 "--ne" --ne 200
expect_bad 2 good.h5 "--nu" --nu 5
expect_bad 2 good.h5 "inhibitory-ratio" --inhibitory-ratio 0.25
expect_bad 2 good.h5 "--lambda-ee" --lambda-ee 12

# /state
expect_bad 2 no_state.h5 "/state"
expect_bad 2 no_step.h5 "attribute step"
expect_bad 2 step_text.h5 "step"
expect_bad 2 te_short.h5 "/state/T_e"
expect_bad 2 te_inf.h5 "/state/T_e"
expect_bad 3 hip_nan.h5 "/state/h_ip"
expect_bad 2 ti_missing.h5 "/state/T_i"
expect_bad 3 indptr_short.h5 "/state/W_ee/indptr"
expect_bad 2 indptr_bad.h5 "/state/W_ee/indptr"
expect_bad 2 indptr_start.h5 "/state/W_ee/indptr"
expect_bad 2 data_short.h5 "/state/W_ei"
expect_bad 2 nan_first.h5 "/state/W_ee/data"
expect_bad 3 nan_last.h5 "/state/W_ee/data"
expect_bad 3 weight15.h5 "/state/W_ee/data"
expect_bad 2 weight0.h5 "/state/W_ie/data"
expect_bad 3 self.h5 "/state/W_ee/indices"
expect_bad 2 unsorted.h5 "/state/W_ee/indices"
expect_bad 2 duplicate.h5 "/state/W_ei/indices"
expect_bad 2 col_range.h5 "/state/W_ie/indices"
expect_bad 2 x_two.h5 "/state/x"
expect_bad 3 y_short.h5 "/state/y"

# objects of the wrong kind
expect_bad 2 params_dataset.h5 "/parameters"
expect_bad 2 state_dataset.h5 "/state"
expect_bad 2 wee_dataset.h5 "/state/W_ee"
expect_bad 3 wie_dataset.h5 "/state/W_ie"
expect_bad 2 te_group.h5 "/state/T_e"
expect_bad 2 x_group.h5 "/state/x"
expect_bad 2 indptr_group.h5 "/state/W_ei/indptr"
expect_bad 2 ti_type.h5 "/state/T_i"

# element types and attribute types
expect_bad 2 indices_float.h5 "/state/W_ee/indices"
expect_bad 3 indptr_float.h5 "/state/W_ie/indptr"
expect_bad 2 indices_huge.h5 "/state/W_ee/indices"
expect_bad 2 x_half.h5 "/state/x"
expect_bad 2 y_negative.h5 "/state/y"
expect_bad 2 x_int8_negative.h5 "/state/x"
expect_bad 2 x_bool.h5 "/state/x"
expect_bad 2 data_int.h5 "/state/W_ei/data"
expect_bad 2 te_string.h5 "/state/T_e"
expect_bad 2 step_float.h5 "attribute step"
expect_bad 2 step_huge.h5 "attribute step"
expect_bad 2 ne_float.h5 "/parameters/ne"
expect_bad 2 rows_float.h5 "attribute rows"
expect_bad 2 cols_wrong.h5 "attribute cols"

finish test_bad_state "$cases"
