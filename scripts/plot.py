#!/usr/bin/python3
"""Figures and an HTML report of a SORN run.

usage: plot.py RESULT.h5 [ANALYSIS.h5] --out DIR [--raster-units N] [--raster-steps N]
               [--raster-select auto|first|strided] [--top-pairs K] [--dpi D]
               [--population E|I|R] [--compare OTHER.h5] [--sorn-analyze PATH]
               [--sorn-simulate PATH]

RESULT.h5 is an output file of `sorn-simulate` (docs/FORMAT.md); ANALYSIS.h5 the file written
by `sorn-analyze RESULT.h5 --output ANALYSIS.h5` (docs/ANALYSIS.md). Every statistic the
figures show is read from ANALYSIS.h5; without one, plot.py runs sorn-analyze into
DIR/analysis.h5 first (`plot.py --help` says which sorn-analyze). Writes one PNG per figure
into DIR and DIR/index.html with every figure, its caption, the run's parameters and
provenance and the scalar results of the analysis; figures whose data are missing are
skipped, with the reason in the HTML.

This file is the command line only: the code is the package python/sorn/plot/ (also
`PYTHONPATH=python python3 -m sorn.plot ...`).

Exit codes: 0 success; 1 a figure failed unexpectedly (the others are still written);
2 bad input.
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "python"))

from sorn.plot import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
