#!/usr/bin/env bash
# Bad input to sorn-simulate: every case must
#   - exit with code 2 exactly,
#   - print ONE line on stderr (rank 0 only) naming the offending option / key / file,
#   - leave neither the output file nor its ".partial" file behind.
# Also: --help exits 0 and lists the options; --overwrite replaces an existing file.
#
# usage: bash test_bad_input.sh <build/bin dir> <mpiexec>
set -euo pipefail
source "$(dirname "$0")/lib.sh"
enter_workdir bad_input

cases=0

# expect_bad NP NEEDLE ARGS... : a bad-input case (see the header).
expect_bad() {
    local np=$1 needle=$2
    shift 2
    cases=$((cases + 1))
    rm -f out.h5 out.h5.partial
    run_sim "$np" "$@"
    local what="'sorn-simulate $*' on $np rank(s)"
    local ok=1
    expect_rejected "$what" || ok=0
    expect_mention "$what" "$needle" -w || ok=0
    expect_no_files "$what" out.h5 out.h5.partial || ok=0
    report_case "$what" "$ok"
    rm -f out.h5 out.h5.partial
}

# ---- fixtures ---------------------------------------------------------------------------------
printf '[Network_Config]\nNe = 200\nbogus_key = 3\n' >unknown_key.ini
echo "this is not an HDF5 file" >text_input.h5
"$PY" - <<'EOF'
import h5py
import numpy as np
with h5py.File("in_shape.h5", "w") as f:      # N_u = 3, but --nu is 10
    f["input"] = np.zeros((3, 50))
with h5py.File("in_short.h5", "w") as f:      # T = 5 < --steps 10
    f["input"] = np.zeros((10, 5))
with h5py.File("in_nodataset.h5", "w") as f:  # no dataset 'input'
    f["other"] = np.zeros((10, 50))
EOF

COMMON=(--steps 10 --quiet)

# ---- options and values -----------------------------------------------------------------------
expect_bad 2 "--foo" --foo "${COMMON[@]}" --output out.h5
expect_bad 1 "--foo" --foo "${COMMON[@]}" --output out.h5
expect_bad 2 "bogus_key" --config unknown_key.ini "${COMMON[@]}" --output out.h5
expect_bad 2 "unknown_key.ini" --config unknown_key.ini "${COMMON[@]}" --output out.h5
expect_bad 2 "ne" --ne 1 "${COMMON[@]}" --output out.h5
expect_bad 1 "ne" --ne 1 "${COMMON[@]}" --output out.h5
expect_bad 2 "eta-stdp" --eta-stdp -0.1 "${COMMON[@]}" --output out.h5
expect_bad 2 "eta-ip" --eta-ip nan "${COMMON[@]}" --output out.h5
expect_bad 2 "mu-ip" --mu-ip 1.5 "${COMMON[@]}" --output out.h5
expect_bad 2 "lambda-ee" --ne 200 --lambda-ee 500 "${COMMON[@]}" --output out.h5
expect_bad 2 "te-min" --te-min 2 --te-max 1 "${COMMON[@]}" --output out.h5
expect_bad 2 "ti-min" --ti-min 1 --ti-max 0.5 "${COMMON[@]}" --output out.h5
expect_bad 2 "Foo" --record Foo "${COMMON[@]}" --output out.h5
expect_bad 2 "bogus" --freeze bogus "${COMMON[@]}" --output out.h5
expect_bad 1 "bogus" --freeze bogus "${COMMON[@]}" --output out.h5
expect_bad 2 "steps" --steps -1 --quiet --output out.h5
expect_bad 2 "--record" --record WEE "${COMMON[@]}"
expect_bad 1 "--record" --record WEE "${COMMON[@]}"

# ---- files ------------------------------------------------------------------------------------
expect_bad 2 "missing.ini" --config missing.ini "${COMMON[@]}" --output out.h5
expect_bad 2 "nope.h5" --input nope.h5 "${COMMON[@]}" --output out.h5
expect_bad 1 "nope.h5" --input nope.h5 "${COMMON[@]}" --output out.h5
expect_bad 2 "in_shape.h5" --nu 10 --input in_shape.h5 "${COMMON[@]}" --output out.h5
expect_bad 2 "in_short.h5" --nu 10 --input in_short.h5 "${COMMON[@]}" --output out.h5
expect_bad 2 "in_nodataset.h5" --nu 10 --input in_nodataset.h5 "${COMMON[@]}" --output out.h5
expect_bad 1 "in_nodataset.h5" --nu 10 --input in_nodataset.h5 "${COMMON[@]}" --output out.h5
expect_bad 2 "text_input.h5" --input text_input.h5 "${COMMON[@]}" --output out.h5

# ---- existing output without --overwrite: error, file untouched -------------------------------
check_exists_case() {
    local np=$1
    cases=$((cases + 1))
    rm -f out.h5 out.h5.partial
    printf 'precious bytes, not HDF5\n' >out.h5
    local before after
    before=$(checksum out.h5)
    run_sim "$np" "${COMMON[@]}" --output out.h5
    after=$(checksum out.h5)
    local what="'sorn-simulate --output out.h5' on $np rank(s) with out.h5 existing"
    local ok=1
    [[ $rc -eq 2 ]] || { fail "$what: exit code $rc, expected 2"; ok=0; }
    local lines
    lines=$(grep -c '' err.txt || true)
    [[ $lines -eq 1 ]] || { fail "$what: stderr has $lines lines, expected 1"; ok=0; }
    grep -qF "out.h5" err.txt || { fail "$what: stderr does not mention 'out.h5'"; ok=0; }
    [[ $before == "$after" ]] || { fail "$what: out.h5 was modified"; ok=0; }
    [[ ! -e out.h5.partial ]] || { fail "$what: left out.h5.partial behind"; ok=0; }
    if [[ $ok -eq 0 ]]; then cat err.txt >&2; else echo "ok: $what -> exit 2, file untouched"; fi
}
check_exists_case 2
check_exists_case 1

# ---- --overwrite replaces an existing file ----------------------------------------------------
cases=$((cases + 1))
rm -f out.h5 out.h5.partial
printf 'precious bytes, not HDF5\n' >out.h5
before=$(checksum out.h5)
run_sim 2 "${COMMON[@]}" --output out.h5 --overwrite
what="'sorn-simulate --output out.h5 --overwrite' on 2 ranks with out.h5 existing"
if [[ $rc -ne 0 ]]; then
    fail "$what: exit code $rc, expected 0"
    cat err.txt >&2
elif [[ ! -f out.h5 ]]; then
    fail "$what: out.h5 is missing"
elif [[ $(checksum out.h5) == "$before" ]]; then
    fail "$what: out.h5 was not replaced"
elif [[ -e out.h5.partial ]]; then
    fail "$what: left out.h5.partial behind"
elif ! run_python '
with h5py.File("out.h5", "r") as f:
    assert "parameters" in f and "state" in f, "missing /parameters or /state"
    assert f["recordings/ExcitatoryActivation"].shape[0] == 10, "bad recording shape"
' 2>err_py.txt; then
    fail "$what: out.h5 is not a complete sorn output file: $(tail -n 1 err_py.txt)"
else
    echo "ok: $what -> exit 0, replaced by an HDF5 output file"
fi
rm -f out.h5 out.h5.partial

# ---- --help -----------------------------------------------------------------------------------
cases=$((cases + 1))
run_sim 2 --help
if [[ $rc -ne 0 ]]; then
    fail "'sorn-simulate --help' on 2 ranks: exit code $rc, expected 0"
    cat err.txt >&2
else
    help_ok=1
    for opt in --steps --phase --seed --noise-sigma --freeze --input --input-source --output \
        --record --overwrite --quiet --eta-stdp --lambda-ee --config --ne --nu; do
        if ! grep -qE -- "(^|[[:space:]])$opt([[:space:]]|$)" out.txt; then
            fail "'sorn-simulate --help' does not list option $opt"
            help_ok=0
        fi
    done
    usage_count=$(grep -c '^Usage:' out.txt || true)
    if [[ $usage_count -ne 1 ]]; then
        fail "'sorn-simulate --help' on 2 ranks printed the usage $usage_count times, expected 1"
        help_ok=0
    fi
    if [[ -s err.txt ]]; then
        fail "'sorn-simulate --help' wrote to stderr: $(head -n 3 err.txt)"
        help_ok=0
    fi
    [[ $help_ok -eq 0 ]] || echo "ok: --help exits 0 and lists the options once"
fi

finish test_bad_input "$cases"
