"""The figures of the report, in its order: (key, title, function). Each function takes the
Context (load.py) and returns (PNG file name, caption), or raises load.Skip."""

from . import correlation, dynamics, network, spikes, weights

FIGURES = [
    ("weights", "Weight distribution", weights.fig_weights),
    ("weight_snapshots", "Weights over time", weights.fig_weight_snapshots),
    ("raster", "Raster plot", spikes.fig_raster),
    ("scatter", "Scatter plot", spikes.fig_scatter),
    ("rates", "Firing rates", spikes.fig_rates),
    ("fano", "Fano factor", spikes.fig_fano),
    ("isi", "Inter-spike intervals", spikes.fig_isi),
    ("correlation", "Correlation matrix", correlation.fig_correlation),
    ("correlation_graph", "Network of correlated units", correlation.fig_corr_graph),
    ("autocorr", "Autocorrelation", dynamics.fig_autocorr),
    ("avalanches", "Neuronal avalanches", dynamics.fig_avalanches),
    ("hamming", "Hamming distance", dynamics.fig_hamming),
    ("degrees", "Connection degrees", network.fig_degrees),
    ("connections", "Connection dynamics", network.fig_connections),
    ("thresholds", "Thresholds", network.fig_thresholds),
]
