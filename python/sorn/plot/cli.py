"""The command line of scripts/plot.py (and python -m sorn.plot)."""

import argparse
import html
import os
import sys
import traceback

from . import load
from .figures import FIGURES
from .load import plt
from .report import write_html

USAGE_NOTE = """\
Every statistic a figure shows (histograms, fits and fitted curves, quantiles, correlations,
avalanches, autocorrelation, ...) is read from the analysis file of sorn-analyze
(docs/ANALYSIS.md); plot.py computes none. From RESULT.h5 it reads only raw data shown as they
are: a window of spike trains (raster, scatter) and the thresholds of a few units.

Without ANALYSIS.h5, plot.py runs sorn-analyze (one process) as
    sorn-analyze RESULT.h5 --output DIR/analysis.h5 --overwrite [--population P] [--compare F]
with the sorn-analyze given by --sorn-analyze PATH, else $SORN_ANALYZE, else the one beside the
sorn-simulate that gives the file format, else ../build/bin/sorn-analyze beside this script,
else sorn-analyze on PATH. For a large run, analyse it on several ranks yourself
(mpirun -n R sorn-analyze RESULT.h5 --output ANALYSIS.h5) and pass ANALYSIS.h5.

The names of the groups, datasets and attributes and the format_version are the simulator's
(sorn-simulate --print-schema json, scripts/sorn_format.py): --sorn-simulate PATH, else
$SORN_SIMULATE, else ../build/bin/sorn-simulate beside this script.

Exit codes: 0 success; 1 a figure failed unexpectedly (the others are still written);
2 bad input (missing or foreign file, unwritable DIR, bad option, no sorn-simulate or
sorn-analyze, sorn-analyze refused the input).
"""


def positive_int(s):
    try:
        v = int(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{s}' is not an integer")
    if v < 1:
        raise argparse.ArgumentTypeError(f"{v} must be at least 1")
    return v


def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog=load.PROG, description="Figures and an HTML report of a SORN run (sorn-simulate "
        "result file and its sorn-analyze analysis file).", epilog=USAGE_NOTE,
        formatter_class=lambda prog: argparse.RawDescriptionHelpFormatter(prog, width=96))
    ap.add_argument("result", metavar="RESULT.h5", help="output file of sorn-simulate")
    ap.add_argument("analysis", metavar="ANALYSIS.h5", nargs="?",
                    help="analysis file of sorn-analyze RESULT.h5 --output ANALYSIS.h5 "
                         "(default: made by running sorn-analyze into DIR/analysis.h5)")
    ap.add_argument("--out", required=True, metavar="DIR",
                    help="output directory (created if needed)")
    ap.add_argument("--raster-units", type=positive_int, default=200, metavar="N",
                    help="units shown in the raster and scatter plots (default 200)")
    ap.add_argument("--raster-steps", type=positive_int, default=1000, metavar="N",
                    help="steps shown in the raster (the last N; the scatter shows 5N; "
                         "default 1000)")
    ap.add_argument("--raster-select", choices=["auto", "first", "strided"], default="auto",
                    help="which units the raster shows when there are more than N: the first N, "
                         "N evenly strided, or auto (first unless the population exceeds 5N)")
    ap.add_argument("--top-pairs", type=positive_int, default=30, metavar="K",
                    help="edges of the graph of the most correlated units (default 30)")
    ap.add_argument("--dpi", type=positive_int, default=110, metavar="D",
                    help="resolution of the PNG files (default 110)")
    ap.add_argument("--population", choices=["E", "I", "R"], default=None,
                    help="population analysed when plot.py runs sorn-analyze (default E; "
                         "with ANALYSIS.h5, its population)")
    ap.add_argument("--compare", metavar="OTHER.h5", default=None,
                    help="when plot.py runs sorn-analyze: its --compare (Hamming distance)")
    ap.add_argument("--sorn-analyze", metavar="PATH", default=None,
                    help="the sorn-analyze to run without ANALYSIS.h5 (see below)")
    ap.add_argument("--sorn-simulate", metavar="PATH", default=None,
                    help="the sorn-simulate whose file format to read (see below)")
    return ap.parse_args(argv)


def make_context(args):
    """The Context of the figures: the inputs checked first (a bad file exits 2 before DIR
    exists), then the analysis file, made by sorn-analyze if none was given."""
    load.load_format(args.sorn_simulate)
    res = load.open_result(args.result)
    if args.analysis:
        load.open_sorn(args.analysis, load.F.formats.analysis,
                       "sorn analysis file (sorn-analyze --output)").close()
        if args.compare:
            load.warn("--compare is used only when plot.py runs sorn-analyze")
        load.prepare_out_dir(args.out)
        path = args.analysis
    else:
        exe = load.find_analyzer(args.sorn_analyze)
        load.prepare_out_dir(args.out)
        path = load.run_analyze(exe, args, args.out)
    return load.Context(args, res, path)


def draw_all(ctx, figures=FIGURES):
    """Draws every figure: (done, skipped, failed) lists for the report."""
    done, skipped, failed = [], [], []
    for key, title, fn in figures:
        stale = os.path.join(ctx.out, key + ".png")
        try:
            fname, cap = fn(ctx)
            done.append((key, title, fname, html.escape(cap, quote=False)))
        except load.Skip as s:
            skipped.append((key, title, str(s)))
            if os.path.exists(stale):
                os.remove(stale)
        except Exception as e:  # a bug or an unexpected file: keep the other figures
            traceback.print_exc()
            load.warn(f"figure '{key}' failed: {type(e).__name__}: {e}")
            failed.append((key, title, f"{type(e).__name__}: {e}"))
            plt.close("all")
    return done, skipped, failed


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    ctx = make_context(args)
    plt.rcParams.update({"font.size": 10, "axes.titlesize": 11, "figure.titlesize": 12,
                         "axes.grid": True, "grid.alpha": 0.25})
    done, skipped, failed = draw_all(ctx)
    try:
        path = write_html(ctx, done, skipped, failed)
    except OSError as e:
        load.die(f"{args.out}: cannot write index.html: {e}")
    print(f"{load.PROG}: {len(done)} figures in {args.out} ({path})"
          + (f"; skipped: {', '.join(k for k, _, _ in skipped)}" if skipped else ""))
    for k, _, why in skipped:
        print(f"  skipped {k}: {why}")
    return 1 if failed else 0
