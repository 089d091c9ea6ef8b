#!/usr/bin/env bash
# A failure on one rank ends every rank at once, never a hang (sorn/driver.hpp). The test hook
# SORN_TEST_FAIL_RANK/_AT/_WITH makes exactly one rank fail while the others go on into a
# collective call: sorn-simulate after step 5 of its run loop (writing an output file), and
# sorn-analyze once its input is planned (input file open). For each driver, on 2 and 3 ranks,
# failing rank 1 and the last rank with a sorn::Error (and, on 3 ranks, with std::bad_alloc and
# a failed allocation): within 60 s the run exits non-zero but not 2 (2 is bad input), stderr
# has "[rank r] <program>: error: " from the failing rank and from no other, and the output
# file was not published. The same commands without the hook exit 0, and a malformed hook is
# bad input (exit 2, one line from rank 0).
#
# usage: bash test_rank_failure.sh <build/bin dir> <mpiexec>
set -euo pipefail
source "$(dirname "$0")/lib.sh"
enter_workdir rank_failure
ANALYZE=$BIN_DIR/sorn-analyze
[[ -x $ANALYZE ]] || fatal "$ANALYZE is not an executable"
LIMIT=60 # seconds: a run still going by then hangs

SIM_ARGS=(--steps 40 --ne 120 --record all --record-every 10 --quiet)
on_ranks 2 "$SIM" "${SIM_ARGS[@]}" --output run.h5 || fatal "making run.h5 failed"

# run_case NAME NP PROGRAM ARGS...: PROGRAM under mpiexec, killed after LIMIT s; sets rc,
# stderr in NAME.err. The hook is whatever SORN_TEST_FAIL_* the caller exported.
run_case() {
    local name=$1 np=$2
    shift 2
    rc=0
    timeout -k 5 "$LIMIT" "$MPIEXEC" "${MPI_FLAGS[@]}" -n "$np" "$@" >"$name.out" 2>"$name.err" \
        || rc=$?
}

# program_args PROGRAM OUTPUT: the arguments of a run of PROGRAM writing OUTPUT.
program_args() {
    case $1 in
    sorn-simulate) ARGS=("$SIM" "${SIM_ARGS[@]}" --output "$2") ;;
    sorn-analyze) ARGS=("$ANALYZE" run.h5 --quiet --output "$2") ;;
    esac
}

point_of() { [[ $1 == sorn-simulate ]] && echo step:5 || echo plan; }

cases=0
# expect_abort PROGRAM NP RANK KIND: rank RANK of NP fails with KIND; every rank must end.
expect_abort() {
    local program=$1 np=$2 rank=$3 kind=$4
    local name="$program.np$np.rank$rank.$kind" out="$program.np$np.rank$rank.$kind.h5"
    cases=$((cases + 1))
    program_args "$program" "$out"
    SECONDS=0
    SORN_TEST_FAIL_RANK=$rank SORN_TEST_FAIL_AT=$(point_of "$program") SORN_TEST_FAIL_WITH=$kind \
        run_case "$name" "$np" "${ARGS[@]}"
    local took=$SECONDS failed_before=$failures
    if [[ $rc -eq 124 || $rc -eq 137 ]]; then
        fail "[$name] still running after $LIMIT s: a hang"
    elif [[ $rc -eq 0 || $rc -eq 2 ]]; then
        fail "[$name] exit code $rc, expected an abort (non-zero, not 2)"
    fi
    grep -q "^\[rank $rank\] $program: error: " "$name.err" \
        || fail "[$name] stderr lacks '[rank $rank] $program: error: '"
    if grep -v "^\[rank $rank\] " "$name.err" | grep -q '^\[rank [0-9]*\]'; then
        fail "[$name] a rank other than $rank reported an error"
    fi
    [[ ! -e $out ]] || fail "[$name] the failed run published $out"
    if [[ $failures -eq $failed_before ]]; then
        echo "ok: [$name] exit $rc in ${took} s: $(grep -m1 '^\[rank' "$name.err")"
    else
        echo "---- stderr of $name:" >&2
        head -n 20 "$name.err" >&2
    fi
}

# expect_clean PROGRAM NP: the same command without the hook exits 0.
expect_clean() {
    local program=$1 np=$2 name="$1.np$2.clean"
    cases=$((cases + 1))
    program_args "$program" "$name.h5"
    run_case "$name" "$np" "${ARGS[@]}"
    if [[ $rc -ne 0 ]]; then
        fail "[$name] without the hook: exit code $rc, expected 0; stderr:"
        head -n 20 "$name.err" >&2
    elif [[ ! -s $name.h5 ]]; then
        fail "[$name] without the hook: no $name.h5"
    else
        echo "ok: [$name] exit 0"
    fi
}

for program in sorn-simulate sorn-analyze; do
    for np in 2 3; do
        expect_clean "$program" "$np"
        expect_abort "$program" "$np" 1 error
        [[ $np -eq 2 ]] || expect_abort "$program" "$np" $((np - 1)) error
    done
    expect_abort "$program" 3 1 bad_alloc
    expect_abort "$program" 3 2 oom
done

# A malformed hook is bad input: exit 2, one line from rank 0.
for program in sorn-simulate sorn-analyze; do
    name=$program.bad_hook
    cases=$((cases + 1))
    program_args "$program" "$name.h5"
    SORN_TEST_FAIL_RANK=1 SORN_TEST_FAIL_AT=nowhere run_case "$name" 2 "${ARGS[@]}"
    if [[ $rc -ne 2 ]] || [[ $(grep -c '' "$name.err") -ne 1 ]] ||
        ! grep -q "^$program: error: SORN_TEST_FAIL_AT = nowhere: " "$name.err"; then
        fail "[$name] exit code $rc, expected 2 with one line '$program: error: SORN_TEST_FAIL_AT = nowhere: ...'; stderr:"
        head -n 5 "$name.err" >&2
    else
        echo "ok: [$name] exit 2: $(cat "$name.err")"
    fi
done

finish test_rank_failure "$cases"
