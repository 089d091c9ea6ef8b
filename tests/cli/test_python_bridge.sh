#!/usr/bin/env bash
# The bridge to the Python sorn package (scripts/sorn_pkg_to_h5.py, scripts/h5_to_sorn_pkg.py):
#   a. a package-style state (Ne 40, Ni 8; Wee[pre][post] with zero diagonal and every
#      postsynaptic unit's incoming weights summing to 1; Wei (Ni, Ne), Wie (Ne, Ni);
#      Te, Ti as column vectors; X, Y with two columns) is pickled;
#   b. it is converted to a sorn state file (also from the run_sorn tuple and with 1-D X/Y:
#      the same state), whose /parameters and /state are checked;
#   c. sorn-simulate continues it for 50 steps on 2 ranks (and on 1 rank: same result);
#   d. the state file converted back equals the original arrays exactly;
#   e. the continued network converted back has the package's shapes and SN-normalized
#      incoming weights;
#   f. an Ne/Ni pair whose ratio needs an ulp of nudging, and small-network defaults;
#   g. bad input exits 2 with a message and leaves no output file.
#
# usage: bash test_python_bridge.sh <build/bin dir> <mpiexec>
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SCRIPTS=$(cd "$(dirname "$0")/../../scripts" && pwd)
TO_H5=$SCRIPTS/sorn_pkg_to_h5.py
TO_PKG=$SCRIPTS/h5_to_sorn_pkg.py
for s in "$TO_H5" "$TO_PKG"; do
    [[ -x $s ]] || { echo "FAIL: $s is not an executable" >&2; exit 1; }
done
require_h5py
enter_workdir python_bridge

# expect_error NAME OUTPUT MESSAGE CMD... : exit code 2, MESSAGE on stderr, OUTPUT not written.
expect_error() {
    local name=$1 output=$2 message=$3
    shift 3
    local rc=0
    "$@" >"$name.stdout" 2>"$name.stderr" || rc=$?
    if [[ $rc -ne 2 ]]; then
        fail "[$name] '$*': exit code $rc, expected 2; stderr:"
        head -n 20 "$name.stderr" >&2
    elif ! grep -qF -- "$message" "$name.stderr"; then
        fail "[$name] stderr lacks '$message':"
        cat "$name.stderr" >&2
    elif [[ -e $output || -e $output.partial ]] || partial_left "$output"; then
        fail "[$name] left $output or a temporary $output.*.partial behind"
    else
        echo "ok: [$name] exit 2: $(head -n 1 "$name.stderr")"
    fi
}

# ---- a. a package-style state ------------------------------------------------------------------
"$PY" - <<'EOF'
import pickle
import numpy as np

rng = np.random.default_rng(2024)
Ne, Ni = 40, 8

def normalize_columns(W):           # the package's SS: each postsynaptic unit's inputs sum to 1
    return W / W.sum(axis=0)

Wee = np.zeros((Ne, Ne))            # Wee[pre][post]
for post in range(Ne):
    pre = rng.choice([i for i in range(Ne) if i != post], size=rng.integers(3, 12), replace=False)
    Wee[pre, post] = rng.uniform(0.01, 1.0, size=pre.size)
Wee = normalize_columns(Wee)
Wei = np.zeros((Ni, Ne))            # Wei[pre I][post E]
for post in range(Ne):
    pre = rng.choice(Ni, size=rng.integers(1, Ni + 1), replace=False)
    Wei[pre, post] = rng.uniform(0.01, 1.0, size=pre.size)
Wei = normalize_columns(Wei)
Wie = normalize_columns(rng.uniform(0.0, 0.1, (Ne, Ni)) + 1e-3)   # dense, Wie[pre E][post I]
Te = rng.uniform(0.0, 1.0, (Ne, 1))
Ti = rng.uniform(0.0, 0.5, (Ni, 1))
X = (rng.random((Ne, 2)) < 0.3).astype(float)     # columns: previous, current
Y = (rng.random((Ni, 2)) < 0.3).astype(float)
X[:, 0] = 1.0 - X[:, 1]                           # the previous column must not be taken
d = dict(Wee=Wee, Wei=Wei, Wie=Wie, Te=Te, Ti=Ti, X=X, Y=Y)
assert np.allclose(Wee.sum(axis=0), 1.0) and np.all(np.diagonal(Wee) == 0.0)
with open("orig.pkl", "wb") as f:
    pickle.dump(d, f)
with open("tuple.pkl", "wb") as f:                # what run_sorn returns
    pickle.dump((d, [X[:, 1]], [Y[:, 1]], [X[:, 1]], [int((Wee > 0).sum())]), f)
flat = dict(d, X=X[:, 1].astype(int), Y=Y[:, 1].astype(bool), Te=Te[:, 0], Ti=Ti[:, 0])
with open("flat.pkl", "wb") as f:                 # 1-D activity and thresholds
    pickle.dump(flat, f)

bad = lambda name, **change: pickle.dump(dict(d, **change), open(name, "wb"))
pickle.dump({k: v for k, v in d.items() if k != "Wee"}, open("no_wee.pkl", "wb"))
nan = Wee.copy(); nan[3, 5] = np.nan
bad("nan.pkl", Wee=nan)
bad("not_square.pkl", Wee=Wee[:, :-1])
big = Wee.copy(); big[7, 2] = 1.5
bad("big.pkl", Wee=big)
diag = Wee.copy(); diag[4, 4] = 0.1
bad("diag.pkl", Wee=diag)
bad("wie_shape.pkl", Wie=Wie.T)                    # given as [post][pre]
bad("x_values.pkl", X=X * 0.5)
pickle.dump([1, 2, 3], open("list.pkl", "wb"))
open("text.pkl", "w").write("this is not a pickle\n")
EOF
echo "ok: [a] package-style state pickled"

# ---- b. to a sorn state file -------------------------------------------------------------------
expect_success b.convert "$TO_H5" orig.pkl conv.h5
expect_success b.tuple "$TO_H5" tuple.pkl conv_tuple.h5
expect_success b.flat "$TO_H5" flat.pkl conv_flat.h5
for f in conv_tuple.h5 conv_flat.h5; do
    expect_success "b.same.$f" h5diff --exclude-path /provenance conv.h5 "$f"
done
check "[b.file] checks" '
d = pickle.load(open("orig.pkl", "rb"))
with h5py.File("conv.h5", "r") as f:
    assert f.attrs["format"] == "sorn" and f.attrs["format_version"] == format_version()
    assert f.attrs["format_version"].dtype == np.int64
    p = f["parameters"].attrs
    assert p["ne"] == 40 and p["ni"] == 8 and p["nu"] == 10, dict(p)
    assert int(p["inhibitory-ratio"] * 40) == 8
    assert p["seed"] == "1" and p["eta-stdp"] == 0.004 and p["eta-inhib"] == 0.001
    assert p["eta-ip"] == 0.01 and p["mu-ip"] == 0.1 and p["sigma-ip"] == 0.0
    assert (p["lambda-ee"], p["lambda-ei"], p["lambda-ie"]) == (20.0, 40.0, 100.0)
    assert (p["network-type-ee"], p["network-type-ei"], p["network-type-ie"]) == \
        ("sparse", "sparse", "dense")
    assert f["provenance"].attrs["converted_from"] == "orig.pkl"
    s = f["state"]
    assert s.attrs["step"] == 0 and s.attrs["step"].dtype == np.int64
    for name, W in (("W_ee", d["Wee"].T), ("W_ei", d["Wei"].T), ("W_ie", d["Wie"].T)):
        g = s[name]
        assert (g.attrs["rows"], g.attrs["cols"]) == W.shape, name
        assert g["indptr"].dtype == np.int64 and g["indices"].dtype == np.int64
        assert g["data"].dtype == np.float64
        indptr, idx, data = g["indptr"][:], g["indices"][:], g["data"][:]
        assert indptr[0] == 0 and indptr[-1] == len(idx) == np.count_nonzero(W), name
        for r in range(W.shape[0]):
            cols = idx[indptr[r]:indptr[r + 1]]
            assert np.all(np.diff(cols) > 0), (name, r)
            assert np.array_equal(cols, np.flatnonzero(W[r])), (name, r)
            assert np.array_equal(data[indptr[r]:indptr[r + 1]], W[r, cols]), (name, r)
    assert np.array_equal(s["T_e"][:], d["Te"][:, 0]) and np.array_equal(s["T_i"][:], d["Ti"][:, 0])
    assert np.all(s["h_ip"][:] == 0.1) and s["h_ip"].shape == (40,)
    assert s["x"].dtype == np.uint8 and np.array_equal(s["x"][:], d["X"][:, 1])
    assert s["y"].dtype == np.uint8 and np.array_equal(s["y"][:], d["Y"][:, 1])
'

# ---- c. sorn-simulate continues the package's network --------------------------------------------
expect_success c.simulate2 "$MPIEXEC" -n 2 "$SIM" --state conv.h5 --steps 50 --checkpoint cont.h5 --quiet
expect_success c.simulate1 "$MPIEXEC" -n 1 "$SIM" --state conv.h5 --steps 50 --checkpoint cont1.h5 --quiet
expect_success c.rank_invariance h5diff --exclude-path /provenance cont.h5 cont1.h5
check "[c.step] checks" '
with h5py.File("cont.h5", "r") as f:
    assert f["state"].attrs["step"] == 50
'

# ---- d. back to a pickle: the original arrays exactly ---------------------------------------------
expect_success d.back "$TO_PKG" conv.h5 back.pkl
check "[d.equal] checks" '
a, b = pickle.load(open("orig.pkl", "rb")), pickle.load(open("back.pkl", "rb"))
assert type(b) is dict and sorted(b) == sorted(["Wee", "Wei", "Wie", "Te", "Ti", "X", "Y"]), b.keys()
for k in ("Wee", "Wei", "Wie", "Te", "Ti"):
    assert b[k].dtype == np.float64 and b[k].shape == a[k].shape, (k, b[k].shape)
    assert np.array_equal(a[k].view(np.uint64), b[k].view(np.uint64)), k   # bit-identical
for k in ("X", "Y"):
    assert b[k].shape == a[k].shape and b[k].dtype == np.float64, (k, b[k].shape)
    assert np.array_equal(b[k][:, 1], a[k][:, 1]), k          # the current activity
    assert np.all(b[k][:, 0] == 0.0), k                        # previous: not stored, zeros
'
# and again to h5: the same state
expect_success d.again "$TO_H5" back.pkl conv2.h5
expect_success d.same h5diff --exclude-path /provenance conv.h5 conv2.h5

# ---- e. the continued network in the package's layout -------------------------------------------
expect_success e.back "$TO_PKG" cont.h5 cont.pkl
check "[e.continued] checks" '
m = pickle.load(open("cont.pkl", "rb"))
shapes = dict(Wee=(40, 40), Wei=(8, 40), Wie=(40, 8), Te=(40, 1), Ti=(8, 1), X=(40, 2), Y=(8, 2))
for k, s in shapes.items():
    assert m[k].shape == s and m[k].dtype == np.float64, (k, m[k].shape)
for k in ("Wee", "Wei"):                                        # SN: incoming weights sum to 1
    sums = m[k].sum(axis=0)
    assert np.allclose(sums[sums > 0], 1.0, rtol=0, atol=1e-12), (k, sums)
    assert np.all(sums > 0), k
for k in ("Wee", "Wei", "Wie"):
    assert np.all((m[k] >= 0) & (m[k] <= 1)), k
assert np.all(np.diagonal(m["Wee"]) == 0)
assert set(np.unique(m["X"])) <= {0.0, 1.0} and set(np.unique(m["Y"])) <= {0.0, 1.0}
o = pickle.load(open("orig.pkl", "rb"))
assert not np.array_equal(m["Wee"], o["Wee"]), "50 plastic steps changed nothing"
assert np.array_equal(m["Ti"], o["Ti"])                         # no rule changes T_i
'
expect_error e.exists back.pkl.none "file exists" "$TO_PKG" cont.h5 back.pkl
expect_success e.overwrite "$TO_PKG" cont.h5 back.pkl --overwrite

# ---- f. an inhibitory ratio that needs nudging; defaults of a small network -----------------------
"$PY" - <<'EOF'
import pickle
import numpy as np
rng = np.random.default_rng(7)
Ne, Ni = 22, 15                       # 15 / 22 * 22 = 14.999999999999998 in float64
assert int(Ni / Ne * Ne) != Ni
Wee = rng.uniform(0.1, 1, (Ne, Ne)); np.fill_diagonal(Wee, 0); Wee /= Wee.sum(axis=0)
Wei = rng.uniform(0.1, 1, (Ni, Ne)); Wei /= Wei.sum(axis=0)
Wie = rng.uniform(0.1, 1, (Ne, Ni)); Wie /= Wie.sum(axis=0)
pickle.dump(dict(Wee=Wee, Wei=Wei, Wie=Wie, Te=rng.uniform(0, 1, (Ne, 1)),
                 Ti=rng.uniform(0, .5, (Ni, 1)), X=np.zeros((Ne, 2)), Y=np.zeros((Ni, 2))),
            open("odd.pkl", "wb"))
EOF
expect_success f.convert "$TO_H5" odd.pkl odd.h5 --seed 12345678901234567890 --step 7 --eta-stdp 0.005
check "[f.parameters] checks" '
with h5py.File("odd.h5", "r") as f:
    p = f["parameters"].attrs
    r = p["inhibitory-ratio"]
    assert int(r * 22) == 15 and p["ni"] == 15 and r > 15 / 22, r
    assert p["lambda-ei"] == 22.0 and p["lambda-ee"] == 20.0, (p["lambda-ee"], p["lambda-ei"])
    assert p["seed"] == "12345678901234567890" and p["eta-stdp"] == 0.005
    assert f["state"].attrs["step"] == 7
'
expect_success f.simulate "$MPIEXEC" -n 2 "$SIM" --state odd.h5 --steps 5 --checkpoint odd_cont.h5 --quiet
check "[f.step] checks" '
with h5py.File("odd_cont.h5", "r") as f:
    assert f["state"].attrs["step"] == 12 and f["parameters"].attrs["ni"] == 15
'
# --template: /parameters of another file (here: the simulator's own checkpoint)
expect_success f.template "$TO_H5" orig.pkl templ.h5 --template odd.h5 --eta-ip 0.02
check "[f.templated] checks" '
with h5py.File("templ.h5", "r") as f, h5py.File("odd.h5", "r") as t:
    p, q = f["parameters"].attrs, t["parameters"].attrs
    assert p["ne"] == 40 and p["ni"] == 8 and int(p["inhibitory-ratio"] * 40) == 8
    assert p["seed"] == q["seed"] and p["eta-stdp"] == 0.005 and p["eta-ip"] == 0.02
    assert sorted(p) == sorted(q)
'
expect_success f.template_simulate "$MPIEXEC" -n 2 "$SIM" --state templ.h5 --steps 3 --quiet

# ---- g. bad input ---------------------------------------------------------------------------------
expect_error g.missing out.h5 "missing.pkl: no such file" "$TO_H5" missing.pkl out.h5
expect_error g.text out.h5 "not a readable pickle" "$TO_H5" text.pkl out.h5
expect_error g.list out.h5 "expected the package's matrices_dict" "$TO_H5" list.pkl out.h5
expect_error g.no_wee out.h5 "'Wee' missing" "$TO_H5" no_wee.pkl out.h5
expect_error g.nan out.h5 "Wee[3][5] = nan" "$TO_H5" nan.pkl out.h5
expect_error g.not_square out.h5 "Wee must be square" "$TO_H5" not_square.pkl out.h5
expect_error g.big out.h5 "Wee[7][2] = 1.5" "$TO_H5" big.pkl out.h5
expect_error g.diag out.h5 "diagonal of Wee must be 0" "$TO_H5" diag.pkl out.h5
expect_error g.wie_shape out.h5 "Wie must have shape (Ne, Ni) = (40, 8)" "$TO_H5" wie_shape.pkl out.h5
expect_error g.x_values out.h5 "X: the current activity must be 0 or 1" "$TO_H5" x_values.pkl out.h5
expect_error g.bad_param out.h5 "mu-ip = 1.5" "$TO_H5" orig.pkl out.h5 --mu-ip 1.5
expect_error g.lambda out.h5 "lambda-ee = 50" "$TO_H5" orig.pkl out.h5 --lambda-ee 50
expect_error g.bad_option out.h5 "--network-type-ee" "$TO_H5" orig.pkl out.h5 --network-type-ee x
cp conv.h5 exists.h5
expect_error g.exists exists.h5.none "file exists" "$TO_H5" orig.pkl exists.h5
expect_success g.overwrite "$TO_H5" orig.pkl exists.h5 --overwrite
expect_error g.h5_missing out.pkl "missing.h5: no such file" "$TO_PKG" missing.h5 out.pkl
expect_error g.h5_not_hdf5 out.pkl "cannot open" "$TO_PKG" text.pkl out.pkl
"$PY" - <<'EOF'
import h5py, shutil
shutil.copy("conv.h5", "huge.h5")
with h5py.File("huge.h5", "r+") as f:          # claims 20001 units: refused before reading
    f["parameters"].attrs["ne"] = 19993
shutil.copy("conv.h5", "nostate.h5")
with h5py.File("nostate.h5", "r+") as f:
    del f["state"]
EOF
expect_error g.h5_huge out.pkl "at most 20000 units" "$TO_PKG" huge.h5 out.pkl
expect_error g.h5_nostate out.pkl "group /state missing" "$TO_PKG" nostate.h5 out.pkl

finish test_python_bridge
