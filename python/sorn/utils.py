"""sorn.utils: the package's Statistics and Plotter, with its function names and arguments
(docs/PYTHON.md, "The package's API"). The statistics are computed by sorn's analysis library
(src/analysis, the code of sorn-analyze) through sorn._sorn; where a result differs from the
package on purpose, the docstring says so. Every function is Local (no MPI).

Spike trains are (T, N) arrays of 0/1, one row per step: np.asarray(Exc_activity), or the
callbacks' "ExcitatoryActivation".
"""

import numpy as np

from . import _sorn

__all__ = ["Statistics", "Plotter"]


def _train(spike_train, what="spike_train"):
    a = np.asarray(spike_train)
    if a.ndim != 2:
        raise ValueError(f"{what}: must be a (T, N) array of 0/1, one row per step; got shape "
                         f"{a.shape}")
    if a.size and not np.isin(a, (0, 1)).all():
        raise ValueError(f"{what}: the spikes must be 0 or 1")
    return a.astype(np.uint8)


def _unit(a, neuron):
    if isinstance(neuron, (bool, np.bool_)) or not isinstance(neuron, (int, np.integer)) or \
            not 0 <= neuron < a.shape[1]:
        raise ValueError(f"neuron = {neuron!r}: must be an integer in [0, {a.shape[1]})")
    return np.ascontiguousarray(a[:, neuron])


def _positive(value, name):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or \
            value < 1:
        raise ValueError(f"{name} = {value!r}: must be an integer >= 1")
    return int(value)


def _series(firing_rates):
    a = np.asarray(firing_rates, dtype=np.float64)
    if a.ndim != 1:
        raise ValueError(f"firing_rates: must be one-dimensional; got shape {a.shape}")
    return a


class Statistics:
    """The package's statistical functions, computed by sorn's analysis library."""

    @staticmethod
    def firing_rate_neuron(spike_train, neuron, bin_size):
        """(T, bin_size, spikes of the unit per bin_size steps), as the package."""
        a = _train(spike_train)
        bin_size = _positive(bin_size, "bin_size")
        spikes = len(_sorn.spike_times(_unit(a, neuron)))
        return a.shape[0], bin_size, spikes * bin_size / a.shape[0]

    @staticmethod
    def firing_rate_network(spike_train):
        """The number of active units at each step, (T,)."""
        return np.count_nonzero(_train(spike_train), axis=1)

    @staticmethod
    def scale_dependent_smoothness_measure(firing_rates):
        """std(diff(firing_rates)) (population std, as np.std)."""
        return _sorn.scale_dependent_smoothness(_series(firing_rates))

    @staticmethod
    def scale_independent_smoothness_measure(firing_rates):
        """The package's std(diff(s)) / |mean(diff(s))|; inf when mean(diff(s)) is 0.
        (sorn-analyze reports std(diff(s)) / mean(s) instead: docs/ANALYSIS.md.)"""
        return _sorn.package_scale_independent_smoothness(_series(firing_rates))

    @staticmethod
    def autocorr(firing_rates, t=2):
        """The package's 2 x 2 np.corrcoef([s[:-t], s[t:]]): [[1, r], [r, 1]], r the lag-t
        autocorrelation (NaN on the diagonal too when r is undefined)."""
        t = _positive(t, "t")
        r = _sorn.autocorr(_series(firing_rates), t)
        d = 1.0 if np.isfinite(r) else np.nan
        return np.array([[d, r], [r, d]])

    @staticmethod
    def avg_corr_coeff(spike_train):
        """(corr_mat, corr_coeff): the (N, N) Pearson correlations of the units' trains (NaN for
        a unit that never or always fires) and their mean over the distinct pairs a < b with a
        defined r. (The package divides the matrix's sum, diagonal included, by 200 twice.)"""
        a = _train(spike_train).astype(np.int64)
        corr = _sorn.correlation_matrix(a.T @ a, a.sum(axis=0), a.shape[0])
        upper = corr[np.triu_indices(a.shape[1], 1)]
        upper = upper[np.isfinite(upper)]
        return corr, float(upper.mean()) if upper.size else float("nan")

    @staticmethod
    def spike_times(spike_train):
        """As np.where(spike_train == 1): (times,) of a 1-D train; (steps, units) of a 2-D one."""
        a = np.asarray(spike_train)
        if a.ndim == 1:
            return (_sorn.spike_times(_train(a[:, None])[:, 0]),)
        a = _train(a)
        flat = _sorn.spike_times(np.ascontiguousarray(a.reshape(-1)))
        return flat // a.shape[1], flat % a.shape[1]

    @staticmethod
    def spike_time_intervals(spike_train):
        """The inter-spike intervals of a 1-D train."""
        a = np.asarray(spike_train)
        if a.ndim != 1:
            raise ValueError(f"spike_train: must be the 1-D train of one unit; got shape "
                             f"{a.shape}")
        return _sorn.inter_spike_intervals(_sorn.spike_times(_train(a[:, None])[:, 0]))

    @staticmethod
    def hamming_distance(actual_spike_train, perturbed_spike_train):
        """The number of units whose state differs, at each step (a list)."""
        a = _train(actual_spike_train, "actual_spike_train")
        b = _train(perturbed_spike_train, "perturbed_spike_train")
        if a.shape != b.shape:
            raise ValueError(f"perturbed_spike_train: shape {b.shape} must equal "
                             f"actual_spike_train's {a.shape}")
        return np.count_nonzero(a != b, axis=1).tolist()

    @staticmethod
    def fanofactor(spike_train, neuron, window_size):
        """(mean, variance, Fano factor) of the unit's spike counts in the floor(T/window_size)
        complete windows of window_size steps (population variance). The package instead splits
        the train into window_size pieces (np.split, which fails unless window_size divides
        T); both agree when T = window_size**2."""
        a = _train(spike_train)
        w = _positive(window_size, "window_size")
        if w > a.shape[0]:
            raise ValueError(f"window_size = {w}: must be <= the {a.shape[0]} steps")
        k, s1, s2, ff = _sorn.window_counts(_unit(a, neuron), w)
        mean = s1 / k
        return mean, s2 / k - mean * mean if k else float("nan"), ff

    @staticmethod
    def spike_source_entropy(spike_train, num_neurons):
        """-sum(p ln p) / ln N of the units' shares p of the spikes; units without spikes add 0
        (the package's formula gives NaN there)."""
        a = _train(spike_train)
        if num_neurons != a.shape[1]:
            raise ValueError(f"num_neurons = {num_neurons!r}: must equal the spike train's "
                             f"{a.shape[1]} units")
        return _sorn.spike_source_entropy(a.sum(axis=0).astype(np.int64))


# ---- figures ---------------------------------------------------------------------------------
def _pyplot():
    import matplotlib

    if matplotlib.get_backend().lower() not in ("agg", "pdf", "svg", "ps", "cairo") and \
            not _has_display():
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _has_display():
    import os

    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _done(fig, savefig, name):
    """The package's file name in the working directory when savefig; returns the figure."""
    if savefig:
        fig.savefig(name)
    return fig


class Plotter:
    """The package's figures (matplotlib). Each returns its Figure (the package returns
    plt.show()); savefig=True saves it under the package's file name in the working directory."""

    @staticmethod
    def _degree_histogram(counts, bin_size, histtype, savefig, title, name):
        plt = _pyplot()
        fig, ax = plt.subplots(figsize=(12, 5))
        ax.hist(counts, bins=bin_size, histtype=histtype, density=True)
        mean, var = float(np.mean(counts)), float(np.var(counts))
        if var > 0:
            x = np.linspace(counts.min(), counts.max(), 100)
            ax.plot(x, np.exp(-0.5 * (x - mean) ** 2 / var) / np.sqrt(2 * np.pi * var), "k--",
                    label="Gaussian fit")
        ax.axvline(mean, color="r", linestyle="--", label="Mean")
        ax.set(title=title, xlabel="Number of connections", ylabel="Density")
        ax.legend()
        return _done(fig, savefig, name)

    @staticmethod
    def hist_incoming_conn(weights, bin_size, histtype, savefig):
        """Histogram of the incoming synapses per unit of the package's weights[pre][post]."""
        w = np.asarray(weights)
        return Plotter._degree_histogram(np.sum(w > 0, axis=0), bin_size, histtype, savefig,
                                         "Number of incoming connections", "hist_incoming_conn")

    @staticmethod
    def hist_outgoing_conn(weights, bin_size, histtype, savefig):
        """Histogram of the outgoing synapses per unit of weights[pre][post]."""
        w = np.asarray(weights)
        return Plotter._degree_histogram(np.sum(w > 0, axis=1), bin_size, histtype, savefig,
                                         "Number of outgoing connections", "hist_outgoing_conn")

    @staticmethod
    def network_connection_dynamics(connection_counts, initial_steps, final_steps, savefig):
        """The synapse count per step, with insets of the first and last steps."""
        plt = _pyplot()
        c = np.asarray(connection_counts)
        fig, ax = plt.subplots(figsize=(12, 5))
        ax.plot(c, label="Connection dynamics")
        ax.set(title="Network connection dynamics", xlabel="Time step",
               ylabel="Number of active connections")
        ax.legend(loc="upper right")
        for pos, part, title in (([0.25, 0.4, 0.3, 0.3], c[:initial_steps],
                                  "Initial %s time steps" % initial_steps),
                                 ([0.6, 0.4, 0.3, 0.3], c[-final_steps:],
                                  "Final %s time steps" % final_steps)):
            inset = ax.inset_axes(pos)
            inset.plot(part)
            inset.set_title(title)
        return _done(fig, savefig, "connection_dynamics")

    @staticmethod
    def hist_firing_rate_network(spike_train, bin_size, savefig):
        """Histogram of the number of active units per step, steps without spikes left out."""
        plt = _pyplot()
        fr = Statistics.firing_rate_network(spike_train)
        fig, ax = plt.subplots()
        ax.hist(fr[fr != 0], bin_size)
        ax.set(title="Distribution of population activity without inactive time steps",
               xlabel="Spikes/time step", ylabel="Count")
        return _done(fig, savefig, "hist_firing_rate_network.png")

    @staticmethod
    def _spikes(spike_train, savefig, name, marker, size):
        plt = _pyplot()
        a = _train(spike_train)
        t, unit = np.nonzero(a)
        fig, ax = plt.subplots(figsize=size)
        ax.plot(Statistics.firing_rate_network(a), label="Firing rate")
        if marker == "|":
            ax.plot(t, unit, "|r")
        else:
            ax.scatter(t, unit, s=0.1, color="black")
        ax.set(xlabel="Time step", ylabel="Neuron #")
        ax.legend(loc="upper left")
        return _done(fig, savefig, name)

    @staticmethod
    def scatter_plot(spike_train, savefig):
        """The spikes (T, N) as dots, with the network's firing rate."""
        return Plotter._spikes(spike_train, savefig, "ScatterSpikeTrain.png", ".", (8, 5))

    @staticmethod
    def raster_plot(spike_train, savefig):
        """The spikes (T, N) as a raster, with the network's firing rate."""
        return Plotter._spikes(spike_train, savefig, "RasterSpikeTrain.png", "|", (11, 6))

    @staticmethod
    def correlation(corr, savefig):
        """The lower triangle of a correlation matrix (Statistics.avg_corr_coeff's corr_mat)."""
        plt = _pyplot()
        c = np.array(corr, dtype=np.float64)
        c[np.triu_indices_from(c)] = np.nan
        fig, ax = plt.subplots(figsize=(11, 9))
        im = ax.imshow(c, cmap="RdBu_r", vmin=-0.1, vmax=0.1)
        fig.colorbar(im, ax=ax, shrink=0.9)
        ax.set(xlabel="Neuron #", ylabel="Neuron #")
        return _done(fig, savefig, "Correlation between neurons")

    @staticmethod
    def isi_exponential_fit(spike_train, neuron, bin_size, savefig):
        """Histogram of the unit's inter-spike intervals and our fit: the geometric (discrete
        exponential) maximum-likelihood law P(k) = p (1-p)^(k-1), p = 1/mean ISI (the package
        fits a*exp(-b*x) - c to the bins by least squares)."""
        plt = _pyplot()
        a = _train(spike_train)
        isi = _sorn.inter_spike_intervals(_sorn.spike_times(_unit(a, neuron)))
        fit = _sorn.fit_isi(np.bincount(isi).astype(np.int64) if isi.size else
                            np.zeros(1, dtype=np.int64))
        fig, ax = plt.subplots()
        if isi.size:
            y, edges = np.histogram(isi, bins=bin_size)
            centers = 0.5 * (edges[:-1] + edges[1:])
            ax.scatter(centers, y, s=2.0, color="black", label="ISI")
            k = np.arange(1, isi.max() + 1)
            law = fit["p"] * (1 - fit["p"]) ** (k - 1) * len(isi) * (edges[1] - edges[0])
            ax.plot(k, law, label="Exponential fit (p = %.3g)" % fit["p"])
        ax.set(xlabel="ISI (time step)", ylabel="Frequency")
        ax.legend()
        return _done(fig, savefig, "isi_exponential_fit")

    @staticmethod
    def weight_distribution(weights, bin_size, savefig):
        """Histogram of the weights >= 0.01 (as the package, after Zheng et al. 2013)."""
        plt = _pyplot()
        w = np.asarray(weights, dtype=np.float64)
        y, x = np.histogram(w[w >= 0.01], bins=bin_size)
        fig, ax = plt.subplots()
        ax.scatter(x[:-1], y, s=2.0, c="black")
        ax.set(xlabel="Weight", ylabel="Frequency")
        return _done(fig, savefig, "weight distribution")

    @staticmethod
    def linear_lognormal_fit(weights, num_points, savefig):
        """The lognormal maximum-likelihood fit of the positive weights (our fit_lognormal: the
        package's mu and sigma), its pdf on linear and log scales, mode, mean and median."""
        plt = _pyplot()
        w = np.asarray(weights, dtype=np.float64).reshape(-1)
        f = _sorn.fit_lognormal(np.ascontiguousarray(w))
        pos = w[w > 0]
        x = np.linspace(pos.min(), pos.max(), num=num_points)
        pdf = np.exp(-0.5 * ((np.log(x) - f["mu"]) / f["sigma"]) ** 2) / (
            x * f["sigma"] * np.sqrt(2 * np.pi))
        fig, axes = plt.subplots(1, 2, figsize=(12, 4.5))
        for ax, scale in zip(axes, ("linear", "log")):
            ax.plot(x, pdf)
            ax.set_xscale(scale)
            for value, style, label in ((f["mode"], ":", "Mode"), (f["mean"], "--", "Mean"),
                                        (f["median"], "-", "Median")):
                ax.axvline(value, linestyle=style, label=label)
            ax.set(xlabel="Weight", title="Linear scale" if scale == "linear" else
                   "Logarithmic scale")
            ax.set_ylim(bottom=0)
            ax.legend()
        return _done(fig, savefig, "LinearLognormalFit")

    @staticmethod
    def plot_network(corr, corr_thres, fig_name=None):
        """The units on a circle, joined where their correlation exceeds corr_thres (the package
        draws a networkx spring layout, saved as fig_name)."""
        plt = _pyplot()
        c = np.asarray(corr, dtype=np.float64)
        n = c.shape[0]
        angle = 2 * np.pi * np.arange(n) / n
        px, py = np.cos(angle), np.sin(angle)
        fig, ax = plt.subplots(figsize=(10, 10))
        a, b = np.nonzero(np.triu(c > corr_thres, 1))
        for i, j in zip(a, b):
            ax.plot([px[i], px[j]], [py[i], py[j]], color="gray", linewidth=0.5)
        ax.scatter(px, py, color="orange", s=50, zorder=2)
        ax.text(0.02, 0.95, "%s" % corr_thres, transform=ax.transAxes)
        ax.set_axis_off()
        if fig_name is not None:
            fig.savefig("%s" % fig_name)
        return fig

    @staticmethod
    def hamming_distance(hamming_dist, savefig):
        """Hamming distance per step between a network's states and a perturbed copy's."""
        plt = _pyplot()
        fig, ax = plt.subplots(figsize=(15, 6))
        ax.plot(hamming_dist)
        ax.set(title="Hamming distance between actual and perturbed states", xlabel="Time steps",
               ylabel="Hamming distance")
        return _done(fig, savefig, "HammingDistance")
