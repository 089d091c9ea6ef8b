#!/usr/bin/env bash
# scripts/plot.py (python/sorn/plot/): figures and HTML report of a run, drawn from the
# analysis file.
#   a. a small run (--record all, snapshots), a second run with another seed, and
#      sorn-analyze with --compare (so that the Hamming distance exists);
#   b. plot.py RESULT ANALYSIS --out DIR: exit 0, every expected figure is a PNG
#      (magic bytes) of more than 5 kB, and index.html references each of them;
#   c. without an analysis file plot.py runs sorn-analyze into DIR/analysis.h5 (the same file
#      as sorn-analyze on its own makes) and draws every figure (with --compare: Hamming too);
#   d. what the figures show is the analysis file's: the drawn histograms, curves, quantiles
#      and the numbers in the legends are its datasets and attributes;
#   e. no statistic in the package: no numpy histogram, fit, percentile, correlation, cumsum
#      or bincount call in python/sorn/plot/;
#   f. bad input exits 2 with one "plot.py: error:" line and no traceback:
#      missing file, a file that is not HDF5, an analysis file given as result,
#      a result file given as analysis, an --out that is a regular file, no sorn-analyze.
#
# usage: bash test_plot.sh <build/bin dir> <mpiexec>
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ANA=$BIN_DIR/sorn-analyze
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PLOT=$ROOT/scripts/plot.py
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
NO_COMPARE=(weights weight_snapshots raster scatter rates fano isi correlation correlation_graph
            autocorr avalanches degrees connections thresholds)

# --- b. with the analysis file ---------------------------------------------------------------
if expect_success plot_full "$PY" "$PLOT" run.h5 ana.h5 --out full --dpi 80; then
    check_figures full "${ALL[@]}"
    grep -q 'lognormal_mu' full/index.html || fail "full/index.html lacks the analysis scalars"
    grep -q 'eta-stdp' full/index.html || fail "full/index.html lacks the parameter table"
    grep -q 'wall_seconds' full/index.html || fail "full/index.html lacks the provenance"
    if grep -q 'Traceback' plot_full.stderr; then fail "plot_full printed a traceback"; fi
fi

# --- c. result file only: plot.py runs sorn-analyze; small raster window; called directly -----
if expect_success plot_result "$PLOT" run.h5 --out result_only --raster-units 40 --raster-steps 300 \
        --top-pairs 10 --dpi 80; then
    check_figures result_only "${NO_COMPARE[@]}"
    grep -q 'sorn-analyze --compare' result_only/index.html ||
        fail "result_only/index.html does not say why the Hamming figure is missing"
    grep -q 'steps 1201–1500' result_only/index.html ||
        fail "result_only/index.html: raster caption does not give the window steps 1201–1500"
    expect_success ana_alone "$ANA" run.h5 --output alone.h5 --quiet
    h5diff -q --exclude-path /provenance result_only/analysis.h5 alone.h5 ||
        fail "result_only/analysis.h5 differs from sorn-analyze run.h5 --output alone.h5"
fi
if expect_success plot_compare env SORN_SIMULATE= "$PY" "$PLOT" run.h5 --compare other.h5 \
        --sorn-simulate "$SIM" --sorn-analyze "$ANA" --out with_compare --dpi 60; then
    check_figures with_compare "${ALL[@]}"
fi

# --- d. the figures show the analysis file's numbers ----------------------------------------
check "[d] every drawn histogram, curve, quantile and legend number is the analysis file's" '
import argparse, os
sys.path.insert(0, sys.argv[1])
import matplotlib
matplotlib.use("Agg")
from sorn.plot import cli, figures, load
args = cli.parse_args(["run.h5", "ana.h5", "--out", "numbers", "--dpi", "40"])
ctx = cli.make_context(args)
ctx.keep_figures = True
done, skipped, failed = cli.draw_all(ctx)
assert not failed and not skipped, (failed, skipped)
a = h5py.File("ana.h5", "r")
fig = ctx.figures

def same(x, y, what):
    x, y = np.asarray(x, float), np.asarray(y, float)
    assert x.shape == y.shape and np.array_equal(x, y, equal_nan=True), f"{what}: {x[:5]} vs {y[:5]}"

def stairs(ax):
    return [p for p in ax.patches if type(p).__name__ == "StepPatch"]

def legend_text(ax):
    return " ".join(t.get_text() for t in ax.get_legend().get_texts())

# avalanches: the CCDF points, the fitted curve and the legend numbers
for ax, key in zip(fig["avalanches.png"].axes, ("size_fit", "duration_fit")):
    g = a["avalanches"][key]
    pts, model = ax.lines[0], ax.lines[1]
    same(pts.get_xdata(), g["ccdf_value"][:], key + " ccdf x")
    same(pts.get_ydata(), g["ccdf"][:], key + " ccdf")
    ok = np.isfinite(g["fit_ccdf"][:])
    same(model.get_ydata(), g["fit_ccdf"][:][ok], key + " fit")
    alpha = g.attrs["alpha"]
    assert f"α = {alpha:.2f}" in legend_text(ax), (legend_text(ax), alpha)
    xmin = g.attrs["xmin"]
    assert f"xmin = {xmin}" in legend_text(ax), (legend_text(ax), xmin)
# ISI: the points are the histogram, the line the fit
ax = fig["isi.png"].axes[0]
h = a["isi/histogram"][:]
same(ax.lines[0].get_ydata(), h[h > 0], "ISI histogram")
same(ax.lines[1].get_ydata(), a["isi/fit_expected"][1:], "ISI fit")
p = a["isi"].attrs["geometric_p"]
assert f"p = 1/mean = {p:.4f}" in legend_text(ax), (legend_text(ax), p)
# rates, Fano, correlation, weights, thresholds: the histograms
same(stairs(fig["rates.png"].axes[0])[0].get_data().values, a["rates/histogram_counts"][:], "rates")
same(stairs(fig["fano.png"].axes[0])[0].get_data().values, a["fano/histogram_counts"][:], "fano")
same(stairs(fig["correlation.png"].axes[1])[0].get_data().values,
     a["correlation/histogram_counts"][:], "correlation")
same(fig["correlation.png"].axes[0].images[0].get_array().filled(np.nan),
     a["correlation/subset_matrix"][:], "correlation matrix")
w = fig["weights.png"].axes
same(stairs(w[0])[0].get_data().values, a["weights/linear_histogram_counts"][:], "linear weights")
same(stairs(w[1])[0].get_data().values, a["weights/histogram_counts"][:], "log weights")
same(stairs(w[1])[1].get_data().values, a["weights/lognormal_expected"][:], "lognormal fit")
same(stairs(fig["thresholds.png"].axes[1])[0].get_data().values,
     a["thresholds/final_histogram_counts"][:], "final T_e")
same(fig["thresholds.png"].axes[0].lines[0].get_ydata(), a["thresholds/snapshot_quantiles"][:, 2],
     "T_e median")
same(fig["weight_snapshots.png"].axes[1].lines[0].get_ydata(),
     a["weight_snapshots/snapshot_quantiles"][:, 2], "weight median")
# autocorrelation, degrees
same(fig["autocorr.png"].axes[0].lines[1].get_ydata(), a["autocorr/autocorr"][:], "autocorr")
same([p.get_height() for p in fig["degrees.png"].axes[0].patches],
     a["degrees/in_degree_histogram"][:], "in-degrees")
print(f"{len(done)} figures checked against ana.h5")
' "$ROOT/python"

# --- e. no statistic in the plot package -------------------------------------------------------
if grep -nE 'np\.(histogram|polyfit|percentile|quantile|corrcoef|correlate|cumsum|bincount|unique\([^)]*return_counts|median|std|var)\b|scipy|curve_fit|\.mean\(|\.std\(' \
        -r "$ROOT/python/sorn/plot" --include='*.py' >stats_in_plots.txt; then
    fail "python/sorn/plot computes statistics: $(head -n 3 stats_in_plots.txt)"
else
    echo "ok: [e] no numpy statistics in python/sorn/plot"
fi

# --- f. bad input ----------------------------------------------------------------------------
echo "not hdf5" >notes.txt
expect_error missing "$PY" "$PLOT" does_not_exist.h5 --out bad1
expect_error not_hdf5 "$PY" "$PLOT" notes.txt --out bad2
expect_error analysis_as_result "$PY" "$PLOT" ana.h5 --out bad3
expect_error result_as_analysis "$PY" "$PLOT" run.h5 other.h5 --out bad4
expect_error missing_analysis "$PY" "$PLOT" run.h5 nope.h5 --out bad5
expect_error out_is_file "$PY" "$PLOT" run.h5 ana.h5 --out notes.txt
expect_error out_under_file "$PY" "$PLOT" run.h5 ana.h5 --out notes.txt/sub
expect_error no_analyzer env SORN_ANALYZE=/nonexistent/sorn-analyze "$PY" "$PLOT" run.h5 --out bad6
for d in bad1 bad2 bad3 bad4 bad5 bad6; do
    [[ ! -e $d ]] || fail "$d was created although the input was bad"
done

finish test_plot
