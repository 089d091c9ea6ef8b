#!/usr/bin/python3
"""The statistics summary.py computes itself, against hand-computed values (run by
tests/cli/test_zheng2013.sh): the settling of the connection fraction, the weight-change
scaling, the three weight laws' log-likelihoods and the fitted lifetime CCDF."""

import math
import os
import sys

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import summary  # noqa: E402


def test_settling_step():
    # 100 synapses of 1000 pairs for 1000 steps, then 50: 300 blocks of 10 steps; it settles at
    # the first block of 50 (step 1000 after the first), with no drift.
    counts = np.r_[np.full(1000, 100), np.full(2000, 50)]
    s = summary.settling(counts, 1, 1000)
    assert s["block_steps"] == 10 and len(s["block_fraction"]) == 300
    assert s["fraction_initial"] == 0.1 and s["fraction_final"] == 0.05
    assert s["settle_step"] == 1001, s["settle_step"]
    assert s["fraction_min"] == 0.05 and s["step_min"] == 1001 + 5
    assert s["drift_last_third_per_1e6"] == 0.0


def test_not_settled():
    # Still decaying: the last block (counts 10..1) is far below the mean of the last 10 %.
    s = summary.settling(np.arange(3000, 0, -1), 1, 1000)
    assert s["settle_step"] is None
    # Within 5 % at the end but drifting 0.1 per step: over the last third (1000 steps) the
    # fraction grows by 100 / 1285 = 7.8 % > 5 %, so not settled either.
    counts = 1000 + 0.1 * np.arange(3000)
    s = summary.settling(counts, 0, 1000)
    final = (1000 + 0.1 * np.arange(2700, 3000)).mean() / 1000
    assert abs(s["fraction_final"] - final) < 1e-12
    assert abs(s["drift_last_third_per_1e6"] - 0.1 * 1e6 / 1000 / final) < 1e-6
    assert s["settle_step"] is None
    # The same drift ten times slower changes it by 0.8 %: settled.
    s = summary.settling(1000 + 0.01 * np.arange(3000), 0, 1000)
    assert s["settle_step"] == 0


def test_change_scaling():
    edges = np.logspace(-4, 0, 5)
    centre = np.sqrt(edges[:-1] * edges[1:])
    t = {"weight_bin_edges": edges,
         "change_count": np.array([5, 30, 30, 30, 19]),
         "change_mean": np.r_[0.0, -0.01 * centre],
         "change_std": np.r_[1.0, 0.3 * centre]}
    # The last bin (19 changes < 20) is left out; std = 0.3 w on the other three: slope 1.
    res, c, *_ = summary.change_scaling(t)
    assert res["bins_used"] == 3
    assert abs(res["std_slope"] - 1.0) < 1e-12 and abs(res["relative_std_median"] - 0.3) < 1e-12
    assert np.allclose(c, centre)


def test_weight_models():
    rng = np.random.default_rng(1)
    w = np.exp(rng.normal(-3, 0.7, 5000))
    m = summary.weight_models(w)
    mu, sigma = np.log(w).mean(), np.log(w).std()
    half = 0.5 * (1 + math.log(2 * math.pi))
    # At the maximum-likelihood parameters the mean log-density has a closed form.
    assert abs(m["lognormal"]["loglik_per_synapse"] - (-mu - math.log(sigma) - half)) < 1e-9
    assert abs(m["normal"]["loglik_per_synapse"] - (-math.log(w.std()) - half)) < 1e-9
    assert abs(m["exponential"]["loglik_per_synapse"] - (-math.log(w.mean()) - 1)) < 1e-9
    assert m["best"] == "lognormal" and m["lognormal"]["ks_distance"] < 0.02


def test_lifetime_ccdf():
    values, ccdf, model = summary.lifetime_ccdf([3, 1, 2, 1], 2.0, 2, 2)
    assert list(values) == [1, 2, 3] and list(ccdf) == [1.0, 0.5, 0.25]
    z2 = math.pi ** 2 / 6 - 1  # zeta(2, 2)
    assert math.isnan(model[0]) and abs(model[1] - 0.5) < 1e-12
    assert abs(model[2] - (z2 - 0.25) / z2 * 0.5) < 1e-12


if __name__ == "__main__":
    for name, f in list(globals().items()):
        if name.startswith("test_"):
            f()
            print("ok:", name)
