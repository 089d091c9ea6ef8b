#!/usr/bin/env bash
# sorn-simulate with the Python package's configuration file (tests/data/package_configuration.ini):
#   1. a plasticity run: /parameters hold the package's values; the final W_ee has no
#      self-synapse; rows of W_ee and W_ei sum to 1; weights lie in (0, 1]; the
#      ExcitatoryActivation recording covers 200 steps x 200 units of uint8;
#   2. a training-phase run driven by a one-hot input file works and freezes every rule
#      (and leaves weights and thresholds as they were initialized);
#   3. a file input that drives input unit 0 with a huge value makes E unit 0 fire at every
#      step (feature mapping: input unit k drives E unit k).
#
# usage: bash test_package_config.sh <build/bin dir> <mpiexec>
set -euo pipefail
source "$(dirname "$0")/lib.sh"
DATA_DIR=$(cd "$(dirname "$0")/../data" && pwd)
INI=$DATA_DIR/package_configuration.ini
[[ -f $INI ]] || { echo "FAIL: $INI not found" >&2; exit 1; }
enter_workdir package_config

# simulate NAME NP ARGS... : returns 0 if the run exited 0 and wrote its --output file.
simulate() {
    local name=$1 np=$2
    shift 2
    expect_success "$name" on_ranks "$np" "$SIM" "$@"
}

# For the checks below: spike recordings must be uint8; CSR matrices; text attributes.
PY_HELPERS=$(cat <<'EOF'
def uint8_spikes(ds):
    assert ds.dtype == np.uint8, f"{ds.name}: dtype {ds.dtype}, expected uint8"
    return spikes(ds)

def csr(g):
    rows, cols = int(g.attrs["rows"]), int(g.attrs["cols"])
    indptr, indices, data = g["indptr"][...], g["indices"][...], g["data"][...]
    assert indptr.shape == (rows + 1,), f"{g.name}: indptr shape {indptr.shape}"
    assert indptr[0] == 0 and np.all(np.diff(indptr) >= 0), f"{g.name}: bad indptr"
    assert indptr[-1] == len(indices) == len(data), f"{g.name}: indptr[-1] != nnz"
    assert np.all((indices >= 0) & (indices < cols)), f"{g.name}: column index out of range"
    return rows, cols, indptr, indices, data

def attr(f, path, name):
    v = f[path].attrs[name]
    return v.decode() if isinstance(v, bytes) else v
EOF
)

# ---- 1. the package's configuration, plasticity phase ---------------------------------------
if simulate package 2 --config "$INI" --steps 200 --output o.h5 --quiet; then
    check "[package] file checks" '
path = sys.argv[1]
expected = {
    "ne": 200, "ni": 40, "nu": 10,
    "network-type-ee": "sparse", "network-type-ei": "sparse", "network-type-ie": "dense",
    "lambda-ee": 20.0, "lambda-ei": 40.0, "lambda-ie": 100.0,
    "eta-stdp": 0.004, "eta-inhib": 0.001, "eta-ip": 0.01,
    "te-min": 0.0, "te-max": 1.0, "ti-min": 0.0, "ti-max": 0.5,
    "mu-ip": 0.1, "sigma-ip": 0.0, "freeze": "none",
}
with h5py.File(path, "r") as f:
    bad = []
    for key, want in expected.items():
        if key not in f["parameters"].attrs:
            bad.append(f"{key}: missing")
            continue
        got = attr(f, "/parameters", key)
        if isinstance(want, str):
            ok = str(got).lower() == want
        else:
            ok = math.isclose(float(got), float(want), rel_tol=1e-12, abs_tol=0.0)
        if not ok:
            bad.append(f"{key} = {got!r}, expected {want!r}")
    assert not bad, "/parameters: " + "; ".join(bad)

    rows, cols, indptr, indices, data = csr(f["state/W_ee"])
    assert (rows, cols) == (200, 200), f"W_ee is {rows} x {cols}"
    row_of = np.repeat(np.arange(rows), np.diff(indptr))
    assert not np.any(indices == row_of), "W_ee has a self-synapse"
    for r in range(rows):
        c = indices[indptr[r]:indptr[r + 1]]
        assert len(np.unique(c)) == len(c), f"W_ee row {r} has a duplicate column"
    for name, shape in [("W_ee", (200, 200)), ("W_ei", (200, 40))]:
        rows, cols, indptr, indices, data = csr(f["state/" + name])
        assert (rows, cols) == shape, f"{name} is {rows} x {cols}, expected {shape}"
        assert np.all((data > 0) & (data <= 1)), \
            f"{name}: weights outside (0, 1]: min {data.min()}, max {data.max()}"
        assert np.all(np.diff(indptr) > 0), f"{name}: a row has no synapse"
        sums = np.add.reduceat(data, indptr[:-1])
        worst = np.max(np.abs(sums - 1.0))
        assert worst <= 1e-12, f"{name}: a row sums to 1 {worst:+.3g}"

    ds = f["recordings/ExcitatoryActivation"]
    assert ds.dtype == np.uint8, f"ExcitatoryActivation dtype {ds.dtype}, expected uint8"
    x = uint8_spikes(ds)
    assert x.shape == (200, 200), f"ExcitatoryActivation decodes to shape {x.shape}, expected (200, 200)"
    assert set(np.unique(x)) <= {0, 1}, "ExcitatoryActivation holds values other than 0/1"
    assert x.any(), "no excitatory spike in 200 steps"
' o.h5
fi

# ---- 2. training phase with a one-hot file input ----------------------------------------------
"$PY" - <<'EOF'
import h5py
import numpy as np
rng = np.random.default_rng(12345)
symbols = rng.integers(0, 10, size=300)
u = np.zeros((10, 300))
u[symbols, np.arange(300)] = 1.0
with h5py.File("onehot.h5", "w") as f:
    f["input"] = u
EOF
# The initial network (0 steps) of the same seed: a training run must not change it.
if simulate initial 2 --config "$INI" --steps 0 --output initial.h5 --quiet &&
    simulate training 2 --config "$INI" --phase training --input onehot.h5 --steps 300 \
        --output training.h5 --quiet; then
    check "[training] file checks" '
path, initial = sys.argv[1], sys.argv[2]
with h5py.File(path, "r") as f, h5py.File(initial, "r") as g:
    frozen = set(str(attr(f, "/parameters", "freeze")).split(","))
    frozen = {"ss" if r == "sn" else r for r in frozen}
    want = {"stdp", "ip", "sp", "istdp", "ss"}
    assert frozen == want, f"/parameters freeze = {sorted(frozen)}, expected {sorted(want)}"
    for name in ["W_ee", "W_ei", "W_ie"]:
        for part in ["indptr", "indices", "data"]:
            a, b = f[f"state/{name}/{part}"][...], g[f"state/{name}/{part}"][...]
            assert a.shape == b.shape and np.array_equal(a, b), \
                f"training changed /state/{name}/{part}"
    for name in ["T_e", "T_i"]:
        assert np.array_equal(f["state/" + name][...], g["state/" + name][...]), \
            f"training changed /state/{name}"
    x = uint8_spikes(f["recordings/ExcitatoryActivation"])
    assert x.shape == (300, 200), f"ExcitatoryActivation decodes to shape {x.shape}"
' training.h5 initial.h5
fi

# ---- 3. the file input drives E unit k from input unit k (feature mapping) --------------------
"$PY" - <<'EOF'
import h5py
import numpy as np
u = np.zeros((3, 120))
u[0, :] = 100.0   # input unit 0: far above any threshold at every step
with h5py.File("drive0.h5", "w") as f:
    f["input"] = u
EOF
if simulate drive 2 --nu 3 --input drive0.h5 --noise-sigma 0 --steps 120 \
    --record ExcitatoryActivation --output drive.h5 --quiet; then
    check "[drive] file checks" '
with h5py.File(sys.argv[1], "r") as f:
    x = uint8_spikes(f["recordings/ExcitatoryActivation"])
    assert x.shape == (120, 200), f"ExcitatoryActivation decodes to shape {x.shape}"
    silent = np.flatnonzero(x[:, 0] != 1)
    assert silent.size == 0, \
        f"E unit 0 (driven by input unit 0 = 100) is silent in {silent.size} of 120 recorded steps, first at row {silent[0]}"
' drive.h5
fi

finish test_package_config
