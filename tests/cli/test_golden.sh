#!/usr/bin/env bash
# Golden files (tests/golden/, docs/TESTING.md): the code must still compute, bit for bit, what
# the committed code computed for one small fixed network. The other tests compare the code
# with itself (1 rank vs N, split vs whole run); this one also sees a change of the science that
# is the same on every rank count.
#   a. the committed text form of each golden .h5 (tests/golden/NAME.txt) is its content, and
#      the golden files agree with each other (the resumed run == the second half of the run);
#   b. sorn-simulate reproduces result.h5 on 1, 2, 3 and 4 ranks, and resuming checkpoint.h5
#      on 1-4 ranks reproduces resumed.h5 (everything but /provenance, h5diff);
#   c. sorn-analyze of result.h5 on 1 and 3 ranks reproduces analysis.h5 (but /provenance) and,
#      byte for byte, analysis.json;
#   d. every reader accepts the golden files: sorn-simulate --state (checkpoint and result),
#      h5_to_sorn_pkg.py (and back with sorn_pkg_to_h5.py: the same /state and /parameters),
#      plot.py RESULT ANALYSIS (writes index.html);
#   e. a copy with the root attribute format_version = 2 (or none) is refused with exit code 2
#      and one stderr line by sorn-simulate --state, sorn-analyze, h5_to_sorn_pkg.py, plot.py;
#   f. negative controls: a copy of result.h5 with one weight changed differs, both for h5diff
#      and in its text form.
# The command lines come from scripts/make-golden.sh, which regenerates the golden files.
#
# usage: bash test_golden.sh <build/bin dir> <mpiexec>
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
GOLDEN=$ROOT/tests/golden
SCRIPTS=$ROOT/scripts
ANALYZE=$BIN_DIR/sorn-analyze
H5TEXT=$GOLDEN/h5text.py
source "$SCRIPTS/make-golden.sh" # GOLDEN_RESULT, GOLDEN_CHECKPOINT, GOLDEN_RESUMED, GOLDEN_ANALYSIS
require_tools h5diff
require_h5py
[[ -x $ANALYZE ]] || fatal "$ANALYZE is not an executable"
for f in result checkpoint resumed analysis; do
    [[ -s $GOLDEN/$f.h5 && -s $GOLDEN/$f.txt ]] || fatal "$GOLDEN/$f.h5 or $f.txt missing"
done
[[ -s $GOLDEN/analysis.json ]] || fatal "$GOLDEN/analysis.json missing"
enter_workdir golden

# expect_text WHAT FILE.h5 GOLDEN.txt: h5text.py of FILE.h5 is GOLDEN.txt (WANT=differ: is not).
expect_text() {
    local what=$1 h5=$2 txt=$3 want=${4:-same}
    if ! "$PY" "$H5TEXT" "$h5" >text.txt 2>text.err; then
        fail "$what: h5text.py $h5 failed: $(tail -n 1 text.err)"
    elif cmp -s text.txt "$txt"; then
        if [[ $want == same ]]; then echo "ok: $what"; else fail "$what: the text is unchanged"; fi
    elif [[ $want == same ]]; then
        fail "$what: the text of $h5 differs from $txt:"
        diff -u "$txt" text.txt | head -n 20 >&2
    else
        echo "ok: $what"
    fi
}

# in_dir NAME FILE...: a fresh subdirectory NAME holding copies of the golden FILEs; cd into it.
in_dir() {
    local name=$1 f
    shift
    cd "$WORK"
    mkdir "$name"
    cd "$name"
    for f in "$@"; do cp "$GOLDEN/$f" .; done
}

# expect_refused WHAT PROGRAM TEXT CMD...: exit code 2 and one stderr line that starts
# "PROGRAM: error: " and holds TEXT; no out.h5, out.pkl (or partial one) or report/ left behind.
expect_refused() {
    local what=$1 program=$2 text=$3 lines failed=$failures
    shift 3
    rc=0
    "$@" >out.txt 2>err.txt || rc=$?
    lines=$(grep -c '' err.txt || true)
    [[ $rc -eq 2 ]] || fail "$what: exit code $rc, expected 2"
    [[ $lines -eq 1 ]] || fail "$what: stderr has $lines lines, expected exactly 1"
    grep -q "^$program: error: " err.txt ||
        fail "$what: stderr does not start with '$program: error: '"
    grep -qF -- "$text" err.txt || fail "$what: stderr does not mention '$text'"
    expect_no_files "$what" out.h5 out.pkl report || true
    if [[ $failures -eq $failed ]]; then
        echo "ok: $what -> exit 2: $(head -n 1 err.txt)"
    else
        echo "---- stderr of $what:" >&2
        head -n 20 err.txt >&2
    fi
}

# ---- a. the golden files: text form, consistency ----------------------------------------------
for f in result checkpoint resumed analysis; do
    expect_text "[a] tests/golden/$f.txt is the content of $f.h5" "$GOLDEN/$f.h5" "$GOLDEN/$f.txt"
done
expect_same "[a] resumed.h5 /state == result.h5 /state (150 + 150 steps == 300 steps)" \
    "$GOLDEN/resumed.h5" "$GOLDEN/result.h5" /state /state
expect_same "[a] resumed.h5 /parameters == result.h5 /parameters" \
    "$GOLDEN/resumed.h5" "$GOLDEN/result.h5" /parameters /parameters
check "[a] steps, recordings and snapshots of the golden files" '
G = sys.argv[1]
with h5py.File(G + "/result.h5", "r") as r, h5py.File(G + "/checkpoint.h5", "r") as c, \
     h5py.File(G + "/resumed.h5", "r") as s, h5py.File(G + "/analysis.h5", "r") as a:
    for f in (r, c, s):
        assert f.attrs["format"] == "sorn" and f.attrs["format_version"] == 1, f.filename
    assert a.attrs["format"] == "sorn-analysis" and a.attrs["format_version"] == 1
    steps = [f["state"].attrs["step"] for f in (r, c, s)]
    assert steps == [300, 150, 300], f"/state/step of result, checkpoint, resumed: {steps}"
    assert "recordings" not in c, "the checkpoint has /recordings"
    R, S = r["recordings"], s["recordings"]
    assert R.attrs["first_step"] == 1 and S.attrs["first_step"] == 151
    for name in ["ExcitatoryActivation", "InhibitoryActivation", "RecurrentActivation",
                 "EEConnectionCounts", "EIConnectionCounts"]:
        assert len(R[name]) == 300, name
        assert np.array_equal(R[name][150:], S[name][...]), f"resumed {name} != rows 150.. of result"
    assert list(R["snapshot_steps"][:]) == [150, 300] and list(S["snapshot_steps"][:]) == [300]
    for name in ["TE", "TI"]:
        assert np.array_equal(R[name][1], S[name][0]), name
    for name in ["WEE", "WEI"]:
        o = R[name]["offset"][:]
        for part in ["row", "col", "weight"]:
            assert np.array_equal(R[name][part][o[1]:o[2]], S[name][part][:]), f"{name}/{part}"
    x = spikes(R["ExcitatoryActivation"])
    assert x.shape == (300, 40) and 0.05 < x.mean() < 0.3, f"E rate {x.mean()}: not a working SORN"
    assert not np.array_equal(R["TE"][0], R["TE"][1]), "T_e did not learn"
    assert R["EEConnectionCounts"][-1] != R["EEConnectionCounts"][0], "no structural change"
' "$GOLDEN"

# ---- b. the simulator reproduces result.h5 and resumed.h5 on 1-4 ranks -------------------------
for np in 1 2 3 4; do
    in_dir "sim$np"
    must_simulate "$np" "${GOLDEN_RESULT[@]}"
    expect_same "[b] result on $np rank(s) == golden result.h5" result.h5 "$GOLDEN/result.h5"
    in_dir "resume$np" checkpoint.h5
    must_simulate "$np" "${GOLDEN_RESUMED[@]}"
    expect_same "[b] golden checkpoint.h5 resumed on $np rank(s) == golden resumed.h5" \
        resumed.h5 "$GOLDEN/resumed.h5"
done
in_dir checkpoint
must_simulate 2 "${GOLDEN_CHECKPOINT[@]}"
expect_same "[b] the checkpoint run on 2 ranks == golden checkpoint.h5" \
    checkpoint.h5 "$GOLDEN/checkpoint.h5"

# ---- c. sorn-analyze reproduces analysis.h5 and analysis.json on 1 and 3 ranks ------------------
for np in 1 3; do
    in_dir "analyze$np" result.h5
    if on_ranks "$np" "$ANALYZE" "${GOLDEN_ANALYSIS[@]}" >analysis.json 2>err.txt; then
        expect_same "[c] analysis on $np rank(s) == golden analysis.h5" \
            analysis.h5 "$GOLDEN/analysis.h5"
        if cmp -s analysis.json "$GOLDEN/analysis.json"; then
            echo "ok: [c] JSON on $np rank(s) == golden analysis.json (byte for byte)"
        else
            fail "[c] JSON on $np rank(s) differs from golden analysis.json:"
            diff -u "$GOLDEN/analysis.json" analysis.json | head -n 20 >&2
        fi
    else
        fail "[c] sorn-analyze ${GOLDEN_ANALYSIS[*]} on $np rank(s) failed: $(head -n 3 err.txt)"
    fi
done

# ---- d. every reader accepts the golden files -------------------------------------------------
in_dir readers result.h5 checkpoint.h5 analysis.h5
must_simulate 3 --state result.h5 --steps 0 --checkpoint state0.h5 --quiet
expect_same "[d] sorn-simulate --state result.h5 --steps 0: the same /state" \
    state0.h5 result.h5 /state /state
if expect_success d.to_pkg "$PY" "$SCRIPTS/h5_to_sorn_pkg.py" result.h5 result.pkl &&
    expect_success d.from_pkg "$PY" "$SCRIPTS/sorn_pkg_to_h5.py" result.pkl back.h5 \
        --template result.h5 --step 300; then
    expect_same "[d] result.h5 -> h5_to_sorn_pkg.py -> sorn_pkg_to_h5.py: the same /state" \
        back.h5 result.h5 /state /state
    expect_same "[d] ... and the same /parameters" back.h5 result.h5 /parameters /parameters
fi
expect_success d.ckpt_to_pkg "$PY" "$SCRIPTS/h5_to_sorn_pkg.py" checkpoint.h5 checkpoint.pkl || true
if expect_success d.plot "$PY" "$SCRIPTS/plot.py" result.h5 analysis.h5 --out report; then
    if [[ -s report/index.html ]] && grep -q 'src="raster.png"' report/index.html; then
        echo "ok: [d] plot.py wrote report/index.html"
    else
        fail "[d] plot.py: report/index.html missing, empty or without raster.png"
    fi
fi

# ---- e. another format_version is refused -------------------------------------------------------
in_dir version result.h5 checkpoint.h5 analysis.h5
"$PY" - <<'EOF'
import shutil
import h5py
import numpy as np
for name in ["result", "checkpoint", "analysis"]:
    shutil.copy(name + ".h5", name + "_v2.h5")
    with h5py.File(name + "_v2.h5", "r+") as f:
        f.attrs["format_version"] = np.int64(2)
shutil.copy("result.h5", "result_none.h5")
with h5py.File("result_none.h5", "r+") as f:
    del f.attrs["format_version"]
EOF
V2="format_version 2, this build reads version 1"
expect_refused "[e] sorn-simulate --state checkpoint_v2.h5 (2 ranks)" sorn-simulate \
    "checkpoint_v2.h5: $V2" on_ranks 2 "$SIM" --state checkpoint_v2.h5 --steps 10 --output out.h5
expect_refused "[e] sorn-simulate --state result_v2.h5" sorn-simulate "result_v2.h5: $V2" \
    on_ranks 1 "$SIM" --state result_v2.h5 --steps 10 --output out.h5
expect_refused "[e] sorn-analyze result_v2.h5 (3 ranks)" sorn-analyze "result_v2.h5: $V2" \
    on_ranks 3 "$ANALYZE" result_v2.h5 --output out.h5
expect_refused "[e] sorn-analyze result_none.h5 (no format_version)" sorn-analyze \
    "result_none.h5: format_version missing" on_ranks 1 "$ANALYZE" result_none.h5 --output out.h5
expect_refused "[e] sorn-analyze --compare result_v2.h5" sorn-analyze "result_v2.h5: $V2" \
    on_ranks 1 "$ANALYZE" result.h5 --compare result_v2.h5 --output out.h5
expect_refused "[e] h5_to_sorn_pkg.py result_v2.h5" h5_to_sorn_pkg.py \
    "result_v2.h5: format_version 2" "$PY" "$SCRIPTS/h5_to_sorn_pkg.py" result_v2.h5 out.pkl
expect_refused "[e] plot.py result_v2.h5" plot.py "format_version 2" \
    "$PY" "$SCRIPTS/plot.py" result_v2.h5 analysis.h5 --out report
expect_refused "[e] plot.py with analysis_v2.h5" plot.py "format_version 2" \
    "$PY" "$SCRIPTS/plot.py" result.h5 analysis_v2.h5 --out report

# ---- f. negative controls: the comparisons can fail ------------------------------------------
in_dir control result.h5
"$PY" - <<'EOF'
import shutil
import h5py
import numpy as np
shutil.copy("result.h5", "perturbed.h5")
with h5py.File("perturbed.h5", "r+") as f:
    w = f["state/W_ee/data"]
    w[7] = np.nextafter(w[7], 2.0)          # one weight, one ulp
EOF
expect_differ "[f] result.h5 with one weight changed by an ulp differs from the golden one" \
    perturbed.h5 "$GOLDEN/result.h5"
expect_text "[f] ... and so does its text form" perturbed.h5 "$GOLDEN/result.txt" differ

finish test_golden
