#!/usr/bin/env bash
# examples/lazar2009 (docs/SCIENCE.md) reduced: run.sh with 2 word lengths, 1 seed, 3 conditions
# and short phases writes its table, summary and figure; the same runs on 2 ranks, and a noisy
# run (the noise-off reload) on 1 and 3 ranks, give byte-identical CSVs (readout weights
# included, by their hash); the accuracies are fractions of the test letters, the current-letter
# readout never predicts an end letter, the sequence is the same in every condition, and the
# SORN counts at n = 4; bad options exit 2 with one line and leave no file.
#
# usage: bash test_lazar2009.sh <build/bin dir> <mpiexec>
set -euo pipefail
source "$(dirname "$0")/lib.sh"
EXAMPLE=$(cd "$(dirname "$0")/../../examples/lazar2009" && pwd)
TASK=$BIN_DIR/sorn-counting-task
[[ -x $TASK ]] || fatal "$TASK is not an executable"
enter_workdir lazar2009

SMALL=(--n-values 4,8 --seeds 3 --plastic-steps 2000 --train-steps 1000 --test-steps 1000
       --conditions sorn,static,no-stdp)
BUILD=$(dirname "$BIN_DIR") expect_success run bash "$EXAMPLE/run.sh" out 1 "${SMALL[@]}" ||
    fatal "run.sh failed"
for f in results.csv summary.csv summary.json accuracy.png run.log; do
    [[ -s out/$f ]] || fail "run.sh wrote no out/$f"
done

expect_success np2 on_ranks 2 "$TASK" --network-config "$EXAMPLE/lazar2009.ini" "${SMALL[@]}" \
    --quiet --output np2.csv
cmp -s out/results.csv np2.csv || fail "results.csv differs between 1 and 2 ranks"

NOISY=(--network-config "$EXAMPLE/lazar2009.ini" --n-values 4 --seeds 2 --plastic-steps 1000
       --train-steps 500 --test-steps 500 --conditions sorn --set noise-sigma=0.05 --quiet)
expect_success noisy1 "$TASK" "${NOISY[@]}" --output noisy1.csv
expect_success noisy3 on_ranks 3 "$TASK" "${NOISY[@]}" --output noisy3.csv
cmp -s noisy1.csv noisy3.csv || fail "the noisy run differs between 1 and 3 ranks"
ls noisy*.state.h5 >/dev/null 2>&1 && fail "the noise-off state file was left behind"

"$PY" - <<'PY' || fail "results.csv breaks an invariant"
import csv, json
rows = list(csv.DictReader(open("out/results.csv")))
assert [(r["condition"], r["n"]) for r in rows] == [
    (c, n) for c in ("sorn", "static", "no-stdp") for n in ("4", "8")], rows
for r in rows:
    n = int(r["n"])
    for k in ("acc_all", "acc_predictable", "acc_end", "markov1_all", "markov1_predictable"):
        assert 0.0 <= float(r[k]) <= 1.0, (k, r)
    assert int(r["test_all"]) == 1000, r
    # a and d start a word (n + 2 letters): about 1 / (n + 2) of the test letters.
    starts = int(r["test_all"]) - int(r["test_predictable"])
    assert abs(starts / 1000 - 1 / (n + 2)) < 0.02, r
    assert abs(int(r["test_end"]) / 1000 - 1 / (n + 2)) < 0.02, r
    # The best guess from the current letter alone: b after b, so never c or f; right on n of
    # the n + 1 predictable letters of a word.
    assert float(r["markov1_end"]) == 0.0, r
    assert abs(float(r["markov1_predictable"]) - n / (n + 1)) < 0.02, r
    assert 0.0 < float(r["rate"]) < 1.0, r
for n in ("4", "8"): # every condition sees the same letters
    assert len({(r["markov1_all"], r["test_end"]) for r in rows if r["n"] == n}) == 1, rows
sorn4 = next(r for r in rows if r["condition"] == "sorn" and r["n"] == "4")
assert float(sorn4["acc_end"]) > 0.9, sorn4          # it counts to 4
assert float(sorn4["acc_predictable"]) > float(sorn4["markov1_predictable"]) + 0.1, sorn4
s = json.load(open("out/summary.json"))
assert s["n"] == [4, 8] and s["seeds"] == [3] and len(s["table"]) == 6, s
assert s["wall_seconds"] > 0, s
PY

# Bad input: one line (from rank 0 only on 2 ranks), exit 2, nothing written.
bad() { # bad WHAT TEXT ARGS...: the run on $NP ranks is refused naming TEXT
    local what=$1 text=$2
    shift 2
    rc=0
    on_ranks "$NP" "$TASK" "$@" >out.txt 2>err.txt || rc=$?
    local ok=1
    [[ $rc -eq 2 ]] || { fail "$what: exit code $rc, expected 2"; ok=0; }
    [[ $(grep -c '' err.txt) -eq 1 ]] || { fail "$what: stderr is not one line"; ok=0; }
    grep -q '^sorn-counting-task: error: ' err.txt || { fail "$what: no error line"; ok=0; }
    grep -qF -- "$text" err.txt || { fail "$what: stderr does not mention '$text'"; ok=0; }
    compgen -G "bad.csv*" >/dev/null && { fail "$what: left a file behind"; ok=0; }
    report_case "$what" $ok
}
NP=2
bad "no output" "--output" --n-values 4
bad "an unknown network option" "no-such" --set no-such=1 --output bad.csv
NP=1
bad "n = 0" "--n-values" --n-values 0 --output bad.csv
bad "seed twice" "given twice" --seeds 1,1 --output bad.csv
bad "ablating a rule that is not plastic" "no-RULE" --conditions no-sp --output bad.csv
bad "unknown condition" "--conditions" --conditions plastic --output bad.csv
bad "unknown rule" "--rules" --rules stdp,hebb --output bad.csv
bad "an input option" "input-words" --set input-words=abc --output bad.csv
bad "a --set without =" "NAME=VALUE" --set ne --output bad.csv
bad "a bad network value" "--ne" --set ne=-5 --output bad.csv
bad "negative ridge" "--ridge" --ridge -1 --output bad.csv
bad "no train steps" "--train-steps" --train-steps 0 --output bad.csv
bad "no such directory" "no directory" --output nodir/bad.csv
bad "unknown option" "no-such-option" --no-such-option 1 --output bad.csv
capture help "$TASK" --help
[[ $rc -eq 0 ]] && grep -q -- "--n-values" help.stdout || fail "--help: exit $rc"
finish test_lazar2009
