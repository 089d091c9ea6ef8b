#!/usr/bin/env bash
# sorn-analyze end to end: the JSON of 1, 2, 3 and 4 ranks is byte-identical; bad input
# (docs/ANALYSIS.md, "Input") exits 2 with one line "sorn-analyze: error: ..." on stderr that
# names the file and the rule, and leaves no output file (nor a .partial) behind.
#
# usage: bash test_analyze.sh <build/bin dir> <mpiexec>
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_h5py
enter_workdir analyze
ANALYZE=$BIN_DIR/sorn-analyze

on_ranks 2 "$SIM" --steps 3000 --ne 120 --record all --record-every 500 --output run.h5 --quiet
on_ranks 2 "$SIM" --steps 3000 --ne 120 --seed 2 --output other.h5 --quiet
on_ranks 1 "$SIM" --steps 100 --ne 40 --output small.h5 --quiet
on_ranks 1 "$SIM" --steps 100 --ne 120 --output short.h5 --quiet
for n in 1 2 3 4; do
  on_ranks $n "$ANALYZE" run.h5 --compare other.h5 --json > "a$n.json" \
      || fatal "sorn-analyze on $n ranks exited $?"
done
for n in 2 3 4; do cmp -s a1.json "a$n.json" || fatal "JSON of $n ranks differs from 1 rank"; done
grep -q '"avalanches"' a1.json || fatal "no avalanche results in the JSON"
grep -q '"hamming"' a1.json || fatal "no Hamming distance in the JSON"
grep -q '"turnover"' a1.json || fatal "no synapse turnover in the JSON"

# issue 11: the avalanche rules of Del Papa et al. 2017, fit windows, model comparison, the
# bootstrap p-value and two runs pooled: byte-identical JSON and analysis files on 1-4 ranks.
DPT=(--stats avalanches --pool other.h5 --avalanche-threshold floor+1 --avalanche-size total
     --avalanche-bin 2 --size-xmin 10 --size-xmax 1500 --duration-xmin 2 --duration-xmax 60
     --bootstrap 40 --bootstrap-seed 5)
for n in 1 2 3 4; do
  on_ranks $n "$ANALYZE" run.h5 "${DPT[@]}" --json > "p$n.json" \
      || fatal "sorn-analyze ${DPT[*]} on $n ranks exited $?"
  on_ranks $n "$ANALYZE" run.h5 "${DPT[@]}" --output "p$n.h5" --quiet \
      || fatal "sorn-analyze ${DPT[*]} --output on $n ranks exited $?"
done
for n in 2 3 4; do
  cmp -s p1.json "p$n.json" || fatal "pooled JSON of $n ranks differs from 1 rank"
  h5diff --exclude-path /provenance p1.h5 "p$n.h5" > /dev/null \
      || fatal "pooled analysis file of $n ranks differs from 1 rank"
done
"$PY" - <<'EOF'
import json
import h5py
a = json.load(open("p1.json"))["avalanches"]
assert a["runs"] == 2 and a["bin_steps"] == 2 and a["size_definition"] == "total", a
assert a["threshold_rule"] == "floor(mean/2) + 1", a["threshold_rule"]
s, d = a["size_fit"], a["duration_fit"]
assert (s["xmin"], s["xmax"], d["xmin"], d["xmax"]) == (10, 1500, 2, 60), (s, d)
assert s["bootstrap_replicates"] == 40 and 0 <= s["bootstrap_p"] <= 1, s
for k in ("lr_exponential_p", "lr_lognormal_p", "lr_truncated_p"):
    assert 0 <= s[k] <= 1, (k, s[k])
assert a["scaling"]["duration_min"] == 2 and a["scaling"]["duration_max"] == 60, a["scaling"]
with h5py.File("p1.h5", "r") as f:
    g = f["avalanches"]
    runs = g["run"][...]
    assert set(runs) == {0, 1} and len(runs) == a["count"], runs
    assert (g["start_step"][...] % 2 == 1).all()  # bins of 2 from step 1
    assert len(g["scaling/duration"]) == a["scaling"]["durations_used"]
print("ok: pooled avalanches with the rules of Del Papa et al.")
EOF

on_ranks 3 "$ANALYZE" run.h5 --output ana.h5 --quiet || fatal "--output failed"
[ -s ana.h5 ] || fatal "no analysis file"

# ---- fixtures: run.h5 with one rule broken each ---------------------------------------------
"$PY" - <<'EOF'
import shutil
import h5py
import numpy as np

def broken(name, edit):
    shutil.copy("run.h5", name + ".h5")
    with h5py.File(name + ".h5", "r+") as f:
        edit(f)

def retype(f, path, data):  # the dataset at path with other elements, same attributes
    attrs = dict(f[path].attrs)
    del f[path]
    f[path] = data
    for k, v in attrs.items():
        f[path].attrs[k] = v

def replace(f, path, data):
    del f[path]
    f[path] = np.asarray(data, dtype=np.int64)

def set_attr(path, name, value):
    return lambda f: f[path].attrs.__setitem__(name, value)

def set_entry(path, k, value):
    def edit(f):
        f[path][k] = value
    return edit

E, REC = "recordings/ExcitatoryActivation", "recordings"
broken("wee_offset_beyond", lambda f: replace(f, "recordings/WEE/offset", [0, 10**6]))
broken("wee_offset_decreasing", set_entry("recordings/WEE/offset", 2, 1))
broken("indptr_beyond", set_entry("state/W_ee/indptr", -1, 10**6))
broken("first_step_huge", set_attr(E, "first_step", np.int64(2**63 - 10)))
broken("rec_first_step_huge", set_attr(REC, "first_step", np.int64(2**63 - 10)))
broken("first_step_negative", set_attr(E, "first_step", np.int64(-5)))
broken("rec_first_step_negative", set_attr(REC, "first_step", np.int64(-5)))
broken("state_weight_nan", set_entry("state/W_ee/data", 3, np.nan))
broken("state_weight_big", set_entry("state/W_ee/data", 0, 1.5))
broken("wee_weight_inf", set_entry("recordings/WEE/weight", -1, np.inf))
broken("wee_first_snapshot_weight_big", set_entry("recordings/WEE/weight", 0, 1.5))
broken("te_float32", lambda f: retype(f, "recordings/TE", f["recordings/TE"][...].astype(np.float32)))
broken("spikes_float", lambda f: retype(f, E, f[E][...].astype(np.float64)))
broken("units_float", set_attr(E, "units", 120.0))
broken("counts_float", lambda f: retype(f, "recordings/EEConnectionCounts",
                                        f["recordings/EEConnectionCounts"][...].astype(float)))
broken("indices_float", lambda f: retype(f, "state/W_ee/indices",
                                         f["state/W_ee/indices"][...].astype(float)))
broken("wee_weight_int", lambda f: retype(f, "recordings/WEE/weight",
                                          np.ones(len(f["recordings/WEE/weight"]), np.int64)))
broken("snapshot_steps_str", lambda f: retype(f, "recordings/snapshot_steps",
                                              np.array([b"500"] * 6)))
broken("counts_short", lambda f: f["recordings/EEConnectionCounts"].resize((2000,)))
EOF
mkdir dir.h5 out_dir
mkfifo fifo.h5
cp run.h5 mine.h5
cp other.h5 theirs.h5
mine_sum=$(checksum mine.h5)
theirs_sum=$(checksum theirs.h5)

# ---- bad input -------------------------------------------------------------------------------
# expect_bad NAME NEEDLE ARGS...: sorn-analyze ARGS on 2 ranks (with --output bad_NAME.h5
# unless ARGS give one) must exit 2 with one stderr line that starts "sorn-analyze: error: "
# and holds NEEDLE, leaving no output. The cases run side by side, at most 16 at a time
# (mpiexec idles a second or two after a failed run), each under a timeout: a hang (e.g. on a
# FIFO) fails its case.
bad_cases=()
expect_bad() {
  local name=$1 needle=$2 a
  shift 2
  local args=("$@") own_output=0
  for a in "$@"; do [[ $a == --output ]] && own_output=1; done
  [[ $own_output -eq 1 ]] || args+=(--output "bad_$name.h5")
  printf '%s\n' "$needle" > "bad_$name.needle"
  while [[ $(jobs -rp | wc -l) -ge 16 ]]; do wait -n; done
  (
    rc=0
    timeout 120 "$MPIEXEC" "${MPI_FLAGS[@]}" -n 2 "$ANALYZE" "${args[@]}" \
        > "bad_$name.out" 2> "bad_$name.err" || rc=$?
    echo "$rc" > "bad_$name.rc"
  ) &
  bad_cases+=("$name")
}

check_bad_cases() {
  wait
  local name rc lines needle
  for name in "${bad_cases[@]}"; do
    rc=$(cat "bad_$name.rc")
    needle=$(cat "bad_$name.needle")
    lines=$(grep -c '' "bad_$name.err" || true)
    if [[ $rc -ne 2 ]]; then
      fail "$name: exit code $rc, expected 2: $(head -c 300 "bad_$name.err")"
    elif [[ $lines -ne 1 ]]; then
      fail "$name: stderr has $lines lines, expected 1: $(head -c 300 "bad_$name.err")"
    elif ! grep -q '^sorn-analyze: error: ' "bad_$name.err"; then
      fail "$name: stderr does not start with 'sorn-analyze: error: ': $(cat "bad_$name.err")"
    elif ! grep -qF -- "$needle" "bad_$name.err"; then
      fail "$name: stderr does not mention '$needle': $(cat "bad_$name.err")"
    elif [[ -e bad_$name.h5 ]] || compgen -G "bad_$name.h5*.partial" > /dev/null; then
      fail "$name: left an output file"
    else
      echo "ok: $name -> $(cat "bad_$name.err")"
    fi
  done
}

echo "not hdf5" > text.h5
expect_bad missing_file "nope.h5: no such file" nope.h5
expect_bad not_hdf5 "text.h5: not an HDF5 file" text.h5
expect_bad window_outside "window 5000..6000" run.h5 --from 5000 --to 6000
expect_bad unknown_option "bogus" run.h5 --bogus
# issue 11: the avalanche options and --pool
expect_bad threshold_rule "--avalanche-threshold = half: must be auto, round, floor, floor+1" \
    run.h5 --avalanche-threshold half
expect_bad avalanche_size "--avalanche-size = some: must be one of above, total" \
    run.h5 --avalanche-size some
expect_bad avalanche_bin "--avalanche-bin = 0: must be >= 1" run.h5 --avalanche-bin 0
expect_bad size_window "--size-xmax = 5: must be >= the xmin of the sizes" \
    run.h5 --size-xmin 10 --size-xmax 5
expect_bad pool_missing "--pool nope.h5: no such file" run.h5 --pool nope.h5
expect_bad pool_units "--pool small.h5: /recordings/ExcitatoryActivation has 40 units" \
    run.h5 --pool small.h5
expect_bad pool_window "lies outside the recorded steps 1..100 of short.h5" \
    run.h5 --pool short.h5 --from 200
expect_bad pool_stats "--pool other.h5: pooling needs the avalanches statistic" \
    run.h5 --pool other.h5 --stats rates
expect_bad turnover_without_snapshots "--stats turnover: needs /recordings/WEE" \
    other.h5 --stats turnover
expect_bad pool_is_output "--pool = other.h5: must differ from --output" \
    run.h5 --pool other.h5 --output other.h5 --overwrite
# issue 7.1: row pointers into the synapse datasets
expect_bad wee_offset_beyond "wee_offset_beyond.h5:/recordings/WEE/offset: ends at 1000000" \
    wee_offset_beyond.h5 --weights-source snapshot
expect_bad wee_offset_decreasing "wee_offset_decreasing.h5:/recordings/WEE/offset: decreases" \
    wee_offset_decreasing.h5 --stats weights --weights-source snapshot
expect_bad indptr_beyond "indptr_beyond.h5:/state/W_ee/indptr: ends at 1000000" \
    indptr_beyond.h5 --stats degrees
# issue 7.2, 7.3: steps fit in int64, are not negative; windows in messages are exact
expect_bad first_step_huge "first_step_huge.h5:/recordings/ExcitatoryActivation: 3000 rows from first_step 9223372036854775798" \
    first_step_huge.h5
expect_bad rec_first_step_huge "rec_first_step_huge.h5:/recordings/EEConnectionCounts: 3000 rows from first_step 9223372036854775798" \
    rec_first_step_huge.h5 --stats connections
expect_bad from_huge "window 9223372036854775807..3000 lies outside the recorded steps 1..3000" \
    run.h5 --from 9223372036854775807
expect_bad to_huge "do not overlap the window 3001..9223372036854775807" \
    run.h5 --stats connections --from 3001 --to 9223372036854775807
expect_bad first_step_negative "first_step_negative.h5:/recordings/ExcitatoryActivation: attribute first_step = -5 is negative" \
    first_step_negative.h5
expect_bad rec_first_step_negative "rec_first_step_negative.h5:/recordings: attribute first_step = -5 is negative" \
    rec_first_step_negative.h5 --stats connections
# issue 7.4: weights in (0, 1]
expect_bad state_weight_nan "state_weight_nan.h5:/state/W_ee/data: weight nan at entry 3 not in (0, 1]" \
    state_weight_nan.h5
expect_bad state_weight_big "state_weight_big.h5:/state/W_ee/data: weight 1.5 at entry 0" \
    state_weight_big.h5 --stats weights
expect_bad wee_weight_inf "wee_weight_inf.h5:/recordings/WEE/weight: weight inf" \
    wee_weight_inf.h5 --weights-source snapshot
# the snapshot statistics check every snapshot, not only the last
expect_bad wee_first_snapshot_weight_big \
    "wee_first_snapshot_weight_big.h5:/recordings/WEE/weight: weight 1.5 at entry 0 not in (0, 1]" \
    wee_first_snapshot_weight_big.h5 --stats weight_snapshots
expect_bad te_float32 "te_float32.h5:/recordings/TE: holds float32, expected float64" \
    te_float32.h5 --stats thresholds
# issue 7.5: element types are not converted
expect_bad spikes_float "spikes_float.h5:/recordings/ExcitatoryActivation: holds float64, expected uint8" \
    spikes_float.h5
expect_bad units_float "units_float.h5:/recordings/ExcitatoryActivation: attribute 'units' is not a scalar integer" \
    units_float.h5
expect_bad counts_float "counts_float.h5:/recordings/EEConnectionCounts: holds float64, expected int64" \
    counts_float.h5
expect_bad indices_float "indices_float.h5:/state/W_ee/indices: holds float64, expected int64" \
    indices_float.h5 --stats degrees
expect_bad wee_weight_int "wee_weight_int.h5:/recordings/WEE/weight: holds int64, expected float64" \
    wee_weight_int.h5 --weights-source snapshot
expect_bad snapshot_steps_str "snapshot_steps_str.h5:/recordings/snapshot_steps: holds strings, expected int64" \
    snapshot_steps_str.h5 --stats weights --weights-source snapshot
# issue 7.6: one count per recorded step
expect_bad counts_short "counts_short.h5:/recordings/EEConnectionCounts: 2000 entries, but /recordings/ExcitatoryActivation has 3000 rows" \
    counts_short.h5
# issue 7.7: only regular files are opened
expect_bad result_dir "RESULT.h5 dir.h5: is a directory" dir.h5
expect_bad compare_dir "--compare dir.h5: is a directory" run.h5 --compare dir.h5
expect_bad result_fifo "RESULT.h5 fifo.h5: is a FIFO, not a regular file" fifo.h5
# issue 7.8: the output is never an input, a directory or a FIFO
expect_bad output_is_result "--output ./mine.h5: is the input file mine.h5" \
    mine.h5 --output ./mine.h5 --overwrite
expect_bad output_is_compare "--output theirs.h5: is the input file theirs.h5" \
    run.h5 --compare theirs.h5 --output theirs.h5 --overwrite
expect_bad output_dir "--output out_dir: is a directory" run.h5 --output out_dir --overwrite
expect_bad output_fifo "--output fifo.h5: is not a regular file" run.h5 --output fifo.h5
expect_bad json_is_result "--json-file ./mine.h5: is the input file mine.h5" \
    mine.h5 --json-file ./mine.h5
check_bad_cases

[[ $(checksum mine.h5) == "$mine_sum" ]] || fail "the RESULT.h5 given as --output was changed"
[[ $(checksum theirs.h5) == "$theirs_sum" ]] || fail "the --compare file given as --output was changed"
[[ -d out_dir && -z $(ls -A out_dir) ]] || fail "the --output directory was changed"
compgen -G "out_dir*.partial" > /dev/null && fail "--output out_dir left a .partial"
[[ -p fifo.h5 ]] || fail "the FIFO was replaced"
finish test_analyze "${#bad_cases[@]}"
