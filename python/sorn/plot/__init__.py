"""Figures and an HTML report of a SORN run (the command line: scripts/plot.py, or
``python -m sorn.plot``).

The plots read the statistics from the analysis file of ``sorn-analyze`` (docs/ANALYSIS.md):
every number, histogram, fitted curve and quantile a figure shows is a dataset or attribute
of that file; none is computed here. From the result file of ``sorn-simulate`` only raw data
are read, for the figures that show them: a window of the spike trains (raster, scatter) and
the thresholds of a few units (thresholds). Without an analysis file, sorn-analyze is run
(load.run_analyze).

Modules:
    load         the file format (from the simulator's schema), the input files, running
                 sorn-analyze, the Context handed to every figure
    draw         drawing helpers shared by the figures (no statistics)
    weights      weight distribution, weights over the snapshots
    spikes       raster, scatter, firing rates, Fano factors, inter-spike intervals
    correlation  correlation matrix and the graph of the most correlated pairs
    dynamics     autocorrelation, avalanches, Hamming distance
    network      degrees, connection counts, thresholds
    figures      the list of figures, in the order of the report
    report       index.html
    cli          the command line (main)
"""


def main(argv=None):
    """The command line (scripts/plot.py); returns the exit code."""
    from .cli import main as _main
    return _main(argv)
