#!/usr/bin/env bash
# Bad input to sorn-simulate: every case must
#   - exit with code 2 exactly,
#   - print ONE line on stderr (rank 0 only) naming the offending option / key / file,
#   - leave neither the output file nor a temporary "out.h5.<hex>.partial" behind.
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
    rm -f out.h5 out.h5.*.partial
    run_sim "$np" "$@"
    local what="'sorn-simulate $*' on $np rank(s)"
    local ok=1
    expect_rejected "$what" || ok=0
    expect_mention "$what" "$needle" -w || ok=0
    expect_no_files "$what" out.h5 || ok=0
    report_case "$what" "$ok"
    rm -f out.h5 out.h5.*.partial
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
# The model switches (issue 11).
expect_bad 2 "threshold-comparison" --threshold-comparison gte "${COMMON[@]}" --output out.h5
expect_bad 2 "noise-fire" --noise-fire 1.5 "${COMMON[@]}" --output out.h5
expect_bad 2 "noise-sigma-i" --noise-sigma-i -0.5 "${COMMON[@]}" --output out.h5
expect_bad 2 "noise-distribution" --noise-distribution cauchy "${COMMON[@]}" --output out.h5
expect_bad 2 "initial-activity" --initial-activity random-i "${COMMON[@]}" --output out.h5
expect_bad 2 "initial-thresholds" --initial-thresholds sorted "${COMMON[@]}" --output out.h5
expect_bad 2 "sp-scaling" --sp-scaling dpt "${COMMON[@]}" --output out.h5
# 40000 * 400 * 399 / (200 * 199) > 400 * 399
expect_bad 2 "sp-prob" --sp-scaling dpt17 --ne 400 --sp-prob 40000 "${COMMON[@]}" --output out.h5
expect_bad 2 "stdp-prune-below" --stdp-prune-below 2 "${COMMON[@]}" --output out.h5
expect_bad 2 "istdp-bound" --istdp-bound reset "${COMMON[@]}" --output out.h5
expect_bad 2 "input-words" --input-source words --input-words 'a^0b' --nu 2 "${COMMON[@]}" \
    --output out.h5
expect_bad 1 "input-words" --input-source words --nu 2 "${COMMON[@]}" --output out.h5
expect_bad 2 "input-word-transitions" --input-source words --input-words 'ab,c' --nu 3 \
    --input-word-transitions '1 0; 0.5 0.6' "${COMMON[@]}" --output out.h5
expect_bad 2 "nu" --input-source words --input-words 'ab,c' --nu 4 "${COMMON[@]}" --output out.h5
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

# ---- hostile input (issue 7) -------------------------------------------------------------------
mkdir -p adir
printf '[Network_Config]\n= 200\n' >empty_key.ini
printf '[Network_Config]\neta_stdp = abc\n' >bad_value.ini
mkfifo fifo.ini
printf '[Network_Config]\nNe = 200\n' >good.ini
# printf is a builtin: no limit on the length of its argument (execve has one).
printf '[Network_Config]\neta_stdp = %s\n' "$(head -c 10000000 /dev/zero | tr '\0' x)" >huge.ini
# D2: every output path is checked before anything is built (not after 300 000 steps).
expect_bad 2 "/nonexistent/c.h5" --steps 300000 --record none --quiet --output out.h5 \
    --checkpoint /nonexistent/c.h5
expect_bad 2 "adir" --checkpoint adir "${COMMON[@]}" --output out.h5
expect_bad 2 "adir" --output adir --overwrite "${COMMON[@]}"
expect_bad 2 "checkpoint-every" --checkpoint-every 5 "${COMMON[@]}" --output out.h5
# D3: sizes are checked in 64 bits.
expect_bad 1 "input-pool-size" --input-mapping pool --input-pool-size 2147483647 --nu 2 \
    --input-source random "${COMMON[@]}" --output out.h5
# D4: an output file is never also an input or the other output.
expect_bad 2 "--checkpoint" --output out.h5 --checkpoint out.h5 "${COMMON[@]}"
expect_bad 2 "--config" --config good.ini --output good.ini --overwrite --steps 1
# D5: sizes a 32-bit PETSc index cannot hold, or beyond the memory, are refused before building.
expect_bad 2 "ne" --ne 200000 "${COMMON[@]}" --output out.h5
expect_bad 1 "max-memory" --ne 20000 --max-memory 1 "${COMMON[@]}" --output out.h5
expect_bad 1 "max-memory" --max-memory -1 "${COMMON[@]}" --output out.h5
# D6: a lambda that makes empty rows likely is refused, not redrawn forever.
expect_bad 1 "lambda-ee" --lambda-ee 1e-9 "${COMMON[@]}" --output out.h5
expect_bad 1 "lambda-ie" --network-type-ie sparse --lambda-ie 1e-6 "${COMMON[@]}" --output out.h5
# D8: a FIFO as --config is refused without being opened (which would wait for a writer).
expect_bad 1 "fifo.ini" --config fifo.ini "${COMMON[@]}" --output out.h5
# D9: float -> integer conversions out of range.
expect_bad 1 "sp-prob" --sp-prob 1e12 "${COMMON[@]}" --output out.h5
expect_bad 1 "inhibitory-ratio" --inhibitory-ratio 1e8 "${COMMON[@]}" --output out.h5
# D10: derived values are validated: T_e = te-min + (te-max - te-min) u must be finite.
expect_bad 1 "te-max" --te-min -1e308 --te-max 1e308 "${COMMON[@]}" --output out.h5
# D11: an INI line without a key.
expect_bad 2 "empty_key.ini" --config empty_key.ini "${COMMON[@]}" --output out.h5
# Also: negative intervals, numbers beyond a double or an index, overridden bad INI values.
expect_bad 2 "checkpoint-every" --checkpoint-every -5 --checkpoint c.h5 "${COMMON[@]}" \
    --output out.h5
expect_bad 2 "eta-stdp" --eta-stdp 1e-400 "${COMMON[@]}" --output out.h5
expect_bad 2 "eta-stdp" --eta-stdp 1e999 "${COMMON[@]}" --output out.h5
expect_bad 2 "2147483647" --steps 3000000000 --quiet --output out.h5
expect_bad 2 "seed" --seed -1 "${COMMON[@]}" --output out.h5
expect_bad 2 "eta_stdp" --config bad_value.ini --eta-stdp 0.001 "${COMMON[@]}" --output out.h5
# A 10 MB bad value is named by its start and length, not echoed in full.
expect_bad 1 "characters" --config huge.ini "${COMMON[@]}" --output out.h5
[[ $(wc -c <err.txt) -lt 400 ]] || fail "a 10 MB bad value gave a $(wc -c <err.txt)-byte message"
for f in c.h5 adir/c.h5; do [[ ! -e $f ]] || fail "a refused run left $f behind"; done

# D7: --checkpoint replaces only a checkpoint of this run's lineage (or with --overwrite).
must_simulate 1 --steps 20 --quiet --checkpoint ck.h5
cases=$((cases + 1))
before=$(checksum ck.h5)
run_sim 2 --steps 20 --quiet --checkpoint ck.h5
what="'sorn-simulate --checkpoint ck.h5' (a fresh run) with ck.h5 of another run existing"
if expect_rejected "$what" && expect_mention "$what" "ck.h5" && [[ $(checksum ck.h5) == "$before" ]]
then echo "ok: $what -> exit 2, ck.h5 untouched"; else fail "$what: ck.h5 changed or not refused"; fi
# The same lineage may: the continued file itself, and a checkpoint of a run continuing it.
must_simulate 2 --state ck.h5 --steps 20 --quiet --checkpoint ck.h5
must_simulate 2 --state ck.h5 --steps 20 --quiet --checkpoint next.h5
must_simulate 1 --state ck.h5 --steps 20 --quiet --checkpoint next.h5
must_simulate 2 --steps 20 --quiet --checkpoint ck.h5 --overwrite
echo "ok: a checkpoint of the same lineage is replaced; another needs --overwrite"
before=$(checksum ck.h5)
expect_bad 2 "--state" --state ck.h5 --output ck.h5 --overwrite "${COMMON[@]}"
[[ $(checksum ck.h5) == "$before" ]] || fail "--output equal to --state changed the --state file"
# The step counter of a continued network may not run past the largest index.
"$PY" -c 'import h5py, shutil; shutil.copy("ck.h5", "late.h5"); h5py.File("late.h5", "r+")["state"].attrs["step"] = 2147483600'
expect_bad 2 "steps" --state late.h5 --steps 1000 --quiet
printf 'precious input\n' >in_x.h5
before=$(checksum in_x.h5)
expect_bad 2 "in_x.h5" --input in_x.h5 --checkpoint in_x.h5 "${COMMON[@]}"
[[ $(checksum in_x.h5) == "$before" ]] || fail "--checkpoint in_x.h5 changed the --input file"

# D4: two runs writing the same --output at once each write their own temporary file; the file
# that remains is one whole run (its parameters match its provenance), and both exit 0.
cases=$((cases + 1))
rm -f race.h5
RACE=(--steps 3000 --ne 100 --lambda-ee 10 --record all --quiet --output race.h5 --overwrite)
on_ranks 2 "$SIM" "${RACE[@]}" --seed 11 >race1.txt 2>&1 & first=$!
sleep 0.3
on_ranks 2 "$SIM" "${RACE[@]}" --seed 12 >race2.txt 2>&1 || fail "the second racing run failed: $(cat race2.txt)"
wait "$first" || fail "the first racing run failed: $(cat race1.txt)"
check "two racing runs leave one whole file" '
with h5py.File("race.h5", "r") as f:
    seed = f["parameters"].attrs["seed"]
    seed = seed.decode() if isinstance(seed, bytes) else str(seed)
    command = f["provenance"].attrs["command_line"]
    command = command.decode() if isinstance(command, bytes) else str(command)
    assert f"--seed {seed}" in command, (seed, command)
    for name in f["recordings"]:
        obj = f["recordings"][name]
        if isinstance(obj, h5py.Dataset): obj[...]
'
partial_left race.h5 && fail "racing runs left a temporary race.h5.*.partial behind"

# ---- existing output without --overwrite: error, file untouched -------------------------------
check_exists_case() {
    local np=$1
    cases=$((cases + 1))
    rm -f out.h5 out.h5.*.partial
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
    ! partial_left out.h5 || { fail "$what: left a temporary out.h5.*.partial behind"; ok=0; }
    if [[ $ok -eq 0 ]]; then cat err.txt >&2; else echo "ok: $what -> exit 2, file untouched"; fi
}
check_exists_case 2
check_exists_case 1

# ---- --overwrite replaces an existing file ----------------------------------------------------
cases=$((cases + 1))
rm -f out.h5 out.h5.*.partial
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
elif partial_left out.h5; then
    fail "$what: left a temporary out.h5.*.partial behind"
elif ! run_python '
with h5py.File("out.h5", "r") as f:
    assert "parameters" in f and "state" in f, "missing /parameters or /state"
    assert f["recordings/ExcitatoryActivation"].shape[0] == 10, "bad recording shape"
' 2>err_py.txt; then
    fail "$what: out.h5 is not a complete sorn output file: $(tail -n 1 err_py.txt)"
else
    echo "ok: $what -> exit 0, replaced by an HDF5 output file"
fi
rm -f out.h5 out.h5.*.partial

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
