#!/usr/bin/env bash
# scripts/plot.py: figures and HTML report of a run.
#   a. a small run (--record all, snapshots), a second run with another seed, and
#      sorn-analyze with --compare (so that the Hamming distance exists);
#   b. plot.py RESULT ANALYSIS --out DIR: exit 0, every expected figure is a PNG
#      (magic bytes) of more than 5 kB, and index.html references each of them;
#   c. result-only mode (no analysis file): the figures that need no analysis file;
#   d. bad input exits 2 with one "plot.py: error:" line and no traceback:
#      missing file, a file that is not HDF5, an analysis file given as result,
#      a result file given as analysis, an --out that is a regular file.
#
# usage: bash test_plot.sh <build/bin dir> <mpiexec>
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ANA=$BIN_DIR/sorn-analyze
PLOT=$(cd "$(dirname "$0")/../../scripts" && pwd)/plot.py
export MPLBACKEND=Agg

for b in "$ANA" "$PLOT"; do
    [[ -x $b ]] || fatal "$b is not an executable"
done
"$PY" -c 'import numpy, h5py, matplotlib' || fatal "$PY lacks numpy, h5py or matplotlib"
enter_workdir plot

# expect_error NAME CMD... : exit code 2, a "plot.py: error:" line, no traceback.
expect_error() {
    local name=$1 rc # capture sets this rc (bash scoping), not the caller's
    capture "$@"
    shift
    if [[ $rc -ne 2 ]]; then
        fail "[$name] '$*': exit code $rc, expected 2"
        head -n 20 "$name.stderr" >&2
        return 0
    fi
    grep -q '^plot.py: error: ' "$name.stderr" ||
        fail "[$name] no 'plot.py: error:' line on stderr: $(head -c 300 "$name.stderr")"
    if grep -q 'Traceback' "$name.stderr"; then
        fail "[$name] Python traceback on stderr"
    fi
}

# check_figures DIR NAME... : each DIR/NAME.png is a PNG > 5 kB referenced by DIR/index.html.
check_figures() {
    local dir=$1
    shift
    [[ -s $dir/index.html ]] || { fail "$dir/index.html missing or empty"; return 0; }
    local f size magic
    for f in "$@"; do
        if [[ ! -f $dir/$f.png ]]; then
            fail "$dir/$f.png missing"
            continue
        fi
        size=$(stat -c %s "$dir/$f.png")
        ((size > 5120)) || fail "$dir/$f.png is only $size bytes"
        magic=$(head -c 8 "$dir/$f.png" | od -An -tx1 | tr -d ' \n')
        [[ $magic == 89504e470d0a1a0a ]] || fail "$dir/$f.png is not a PNG (magic $magic)"
        grep -q "src=\"$f.png\"" "$dir/index.html" || fail "$dir/index.html does not show $f.png"
    done
}

# --- a. data ---------------------------------------------------------------------------------
COMMON=(--ne 100 --steps 1500 --record all --record-every 300 --overwrite --quiet)
expect_success sim1 on_ranks 2 "$SIM" "${COMMON[@]}" --output run.h5
expect_success sim2 on_ranks 2 "$SIM" "${COMMON[@]}" --seed 2 --output other.h5
expect_success ana on_ranks 2 "$ANA" run.h5 --output ana.h5 --compare other.h5 --overwrite --quiet

ALL=(weights weight_snapshots raster scatter rates fano isi correlation correlation_graph
     autocorr avalanches hamming degrees connections thresholds)
RESULT_ONLY=(weights weight_snapshots raster scatter rates isi correlation correlation_graph
             autocorr avalanches degrees connections thresholds)

# --- b. with the analysis file ---------------------------------------------------------------
if expect_success plot_full "$PY" "$PLOT" run.h5 ana.h5 --out full --dpi 80; then
    check_figures full "${ALL[@]}"
    grep -q 'lognormal_mu' full/index.html || fail "full/index.html lacks the analysis scalars"
    grep -q 'eta-stdp' full/index.html || fail "full/index.html lacks the parameter table"
    grep -q 'wall_seconds' full/index.html || fail "full/index.html lacks the provenance"
    if grep -q 'Traceback' plot_full.stderr; then fail "plot_full printed a traceback"; fi
fi

# --- c. result file only, small raster window, executable called directly --------------------
if expect_success plot_result "$PLOT" run.h5 --out result_only --raster-units 40 --raster-steps 300 \
        --top-pairs 10 --dpi 80; then
    check_figures result_only "${RESULT_ONLY[@]}"
    grep -q 'Fano factor' result_only/index.html ||
        fail "result_only/index.html does not say why the Fano figure is missing"
    grep -q 'steps 1201–1500' result_only/index.html ||
        fail "result_only/index.html: raster caption does not give the window steps 1201–1500"
fi

# --- d. bad input ----------------------------------------------------------------------------
echo "not hdf5" >notes.txt
expect_error missing "$PY" "$PLOT" does_not_exist.h5 --out bad1
expect_error not_hdf5 "$PY" "$PLOT" notes.txt --out bad2
expect_error analysis_as_result "$PY" "$PLOT" ana.h5 --out bad3
expect_error result_as_analysis "$PY" "$PLOT" run.h5 other.h5 --out bad4
expect_error missing_analysis "$PY" "$PLOT" run.h5 nope.h5 --out bad5
expect_error out_is_file "$PY" "$PLOT" run.h5 ana.h5 --out notes.txt
expect_error out_under_file "$PY" "$PLOT" run.h5 ana.h5 --out notes.txt/sub
for d in bad1 bad2 bad3 bad4 bad5; do
    [[ ! -e $d ]] || fail "$d was created although the input was bad"
done

finish test_plot
