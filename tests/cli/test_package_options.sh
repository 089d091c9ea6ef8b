#!/usr/bin/env bash
# The options that make a run more like the Python package's (docs/PACKAGE.md), in whole runs of
# sorn-simulate (their rank invariance: test_rank_invariance.sh, configuration "package"):
#   a. --count-timing before: row k of EEConnectionCounts/EIConnectionCounts is the count at the
#      start of step first_step + k, i.e. row 0 is the initial network's and row k is row k-1 of
#      the default (after) series, which equals the synapses of the WEE/WEI snapshots; nothing
#      else changes; /parameters holds count-timing only when it is not the default, and a
#      resumed run keeps it;
#   b. --ip-target package at the package's defaults (2 * 10 / 200 = 0.1 = mu-ip) changes nothing
#      but /parameters; with nu = 20 it moves the mean E rate towards 0.2;
#   c. --ei-degree package: the out-degrees of the I units in W_ei have the package's
#      distribution (mean lambda - 0.5, sd ~1), the same on 1 and 3 ranks; a saved network fixes
#      the mode (--state with another --ei-degree is refused, exit 2).
#
# usage: bash test_package_options.sh <build/bin dir> <mpiexec>
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_tools h5diff
require_h5py
enter_workdir package_options

NET=(--ne 80 --lambda-ee 10 --lambda-ei 20 --input-source uniform --noise-sigma 0.05 --seed 3
     --sp-prob 1 --quiet)

# ---- a. --count-timing before ---------------------------------------------------------------------
must_simulate 1 "${NET[@]}" --steps 0 --checkpoint init.h5
must_simulate 2 "${NET[@]}" --steps 300 --record all --record-every 1 --output after.h5
must_simulate 3 "${NET[@]}" --steps 300 --record all --record-every 1 --count-timing before \
    --output before.h5
check "[a] before = the initial count, then the after series shifted by one step" '
init, after, before = (h5py.File(p, "r") for p in sys.argv[1:4])
for name, matrix, snap in [("EEConnectionCounts", "W_ee", "WEE"), ("EIConnectionCounts", "W_ei", "WEI")]:
    a, b = after["recordings"][name][:], before["recordings"][name][:]
    assert len(a) == len(b) == 300, (len(a), len(b))
    n0 = len(init["state"][matrix]["indices"])
    assert b[0] == n0, f"{name}: first row {b[0]}, initial network {n0}"
    assert np.array_equal(b[1:], a[:-1]), f"{name}: not the after series shifted by one"
    o = after["recordings"][snap]["offset"][:]
    assert np.array_equal(np.diff(o), a), f"{name}: after != synapses of the {snap} snapshots"
    assert not np.all(a == a[0]), f"{name}: constant, the test shows nothing"
for name in ["ExcitatoryActivation", "InhibitoryActivation", "TE"]:
    assert np.array_equal(after["recordings"][name][...], before["recordings"][name][...]), name
assert "count-timing" not in after["parameters"].attrs
assert before["parameters"].attrs["count-timing"] == "before"
' init.h5 after.h5 before.h5

# Resumed: the saved count-timing applies again; the rows continue the uninterrupted run's.
must_simulate 2 "${NET[@]}" --steps 150 --count-timing before --checkpoint half.h5
must_simulate 3 --state half.h5 --steps 150 --record EEConnectionCounts --quiet --output rest.h5
check "[a] a resumed before run continues the before series" '
whole, rest = h5py.File(sys.argv[1], "r"), h5py.File(sys.argv[2], "r")
w, r = whole["recordings/EEConnectionCounts"][:], rest["recordings/EEConnectionCounts"][:]
assert rest["parameters"].attrs["count-timing"] == "before"
assert np.array_equal(w[150:], r), "resumed counts differ"
' before.h5 rest.h5

# ---- b. --ip-target package ---------------------------------------------------------------------
must_simulate 2 --steps 300 --input-source uniform --quiet --output mu.h5
must_simulate 2 --steps 300 --input-source uniform --quiet --ip-target package --output pkg.h5
expect_same "[b] ip-target package at the package's defaults: the same recordings and state" \
    mu.h5 pkg.h5 /recordings /recordings
expect_same "[b] ... and the same /state" mu.h5 pkg.h5 /state /state
check "[b] ... and /parameters differs only by ip-target" '
mu, pkg = (dict(h5py.File(p, "r")["parameters"].attrs) for p in sys.argv[1:3])
assert "ip-target" not in mu and pkg.pop("ip-target") == "package"
assert mu.keys() == pkg.keys() and all(np.array_equal(mu[k], pkg[k]) for k in mu)
' mu.h5 pkg.h5
must_simulate 2 --steps 3000 --input-source uniform --nu 20 --quiet --record ExcitatoryActivation \
    --output mu20.h5
must_simulate 2 --steps 3000 --input-source uniform --nu 20 --quiet --record ExcitatoryActivation \
    --ip-target package --output pkg20.h5
check "[b] nu = 20: the mean E rate goes to mu-ip = 0.1, or to 2 * 20 / 200 = 0.2 (package)" '
rate = [spikes(h5py.File(p, "r")["recordings/ExcitatoryActivation"])[1500:].mean()
        for p in sys.argv[1:3]]
print("mean E rate, steps 1500-3000: mu %.4f, package %.4f" % tuple(rate))
assert abs(rate[0] - 0.1) < 0.01 and abs(rate[1] - 0.2) < 0.02, rate
' mu20.h5 pkg20.h5

# ---- c. --ei-degree package ---------------------------------------------------------------------
must_simulate 1 --steps 0 --quiet --checkpoint ber.h5
must_simulate 1 --steps 0 --quiet --ei-degree package --checkpoint pkg1.h5
must_simulate 3 --steps 0 --quiet --ei-degree package --checkpoint pkg3.h5
expect_same "[c] the package's W_ei on 1 and 3 ranks" pkg1.h5 pkg3.h5
check "[c] I out-degrees: Binomial (bernoulli) or floor(Normal(40, 1)) (package)" '
def out_degrees(path):
    w = h5py.File(path, "r")["state/W_ei"]
    return np.bincount(w["indices"][:], minlength=int(w.attrs["cols"]))
b, p = out_degrees(sys.argv[1]), out_degrees(sys.argv[2])
print("I out-degree: bernoulli %.2f +- %.2f, package %.2f +- %.2f (total %d, %d)"
      % (b.mean(), b.std(), p.mean(), p.std(), b.sum(), p.sum()))
assert len(p) == 40 and abs(p.mean() - 39.5) < 0.6 and p.std() < 1.6, (p.mean(), p.std())
assert p.min() >= 35 and p.max() <= 44, (p.min(), p.max())
assert b.std() > 3, b.std()
f = h5py.File(sys.argv[2], "r")
assert f["parameters"].attrs["ei-degree"] == "package"
assert "ei-degree" not in h5py.File(sys.argv[1], "r")["parameters"].attrs
' ber.h5 pkg1.h5
run_sim 2 --state pkg1.h5 --steps 10 --ei-degree bernoulli --output out.h5
if expect_rejected "[c] --state of a package network with --ei-degree bernoulli"; then
    expect_mention "[c] ... names the option" "--ei-degree = bernoulli contradicts"
    echo "ok: [c] --ei-degree bernoulli on a package network -> exit 2: $(head -n 1 err.txt)"
fi
run_sim 2 --state ber.h5 --steps 10 --ei-degree package --output out.h5
if expect_rejected "[c] --state of a bernoulli network (no ei-degree attribute) with --ei-degree package"; then
    expect_mention "[c] ... names the option" "--ei-degree = package contradicts"
    echo "ok: [c] --ei-degree package on an older network -> exit 2: $(head -n 1 err.txt)"
fi

finish test_package_options
