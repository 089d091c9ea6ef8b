#!/usr/bin/env bash
# Checkpoints and --state: a run split into pieces, each resumed from the previous piece's
# checkpoint on a different number of ranks, is bit-identical to the uninterrupted run (everything
# but /provenance), and so are its recordings. Also: periodic checkpoints (--checkpoint-every),
# --phase training / --freeze on a resumed network, a changed learning rate, and the input-file
# rule (a network driven by --input needs --input again).
#
# usage: bash test_resume.sh <build/bin dir> <mpiexec>
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_tools h5diff
require_h5py
enter_workdir resume

# Random input and noise, default network: every rule (STDP, IP, SP, iSTDP, SN) is on.
COMMON=(--input-source random --noise-sigma 0.05 --quiet)

no_partial() {
    local left
    left=$(find . -name '*.partial' | tr '\n' ' ')
    [[ -z $left ]] || fail "files left behind after successful runs: $left"
}

# ---- 1. the acceptance test: 1000 steps on 2 ranks + 1000 on 3 ranks == 2000 on 1 rank -------
must_simulate 2 --steps 1000 --checkpoint c.h5 "${COMMON[@]}"
must_simulate 3 --state c.h5 --steps 1000 --checkpoint d.h5 "${COMMON[@]}"
must_simulate 1 --steps 2000 --checkpoint full.h5 "${COMMON[@]}"
expect_same "1000 steps (2 ranks) + resumed 1000 steps (3 ranks) == 2000 steps (1 rank)" d.h5 full.h5
expect_differ "the step-1000 checkpoint differs from the step-2000 one" c.h5 full.h5
check "checkpoints: /state/step, no /recordings, /provenance/state_file" '
for name, step, state in [("c.h5", 1000, ""), ("d.h5", 2000, "c.h5"), ("full.h5", 2000, "")]:
    with h5py.File(name, "r") as f:
        got = f["state"].attrs["step"]
        assert got == step, f"{name}: /state/step = {got}, expected {step}"
        assert "recordings" not in f, f"{name}: a checkpoint has /recordings"
        got = f["provenance"].attrs["state_file"]
        assert got == state, f"{name}: /provenance/state_file = {got!r}, expected {state!r}"
        assert f.attrs["format_version"] == format_version()
        assert f["provenance"].attrs["parameter_changes"] == "", f"{name}: parameter_changes not empty"
'
check "/provenance/steps_per_second of a resumed run's checkpoint counts this run's steps only" '
for name, steps in [("c.h5", 1000), ("d.h5", 1000)]:
    with h5py.File(name, "r") as f:
        p = f["provenance"].attrs
        done = p["steps_per_second"] * p["wall_seconds"]
        assert abs(done - steps) < 1e-6 * steps, f"{name}: steps_per_second * wall_seconds = {done:g}, expected {steps} (the steps of this run)"
'

# ---- 2. recordings of a resumed run are rows of the uninterrupted run's -----------------------
REC=(--record all --record-every 100)
must_simulate 2 --steps 2000 --output a.h5 "${REC[@]}" "${COMMON[@]}"
must_simulate 1 --steps 1000 --output b1.h5 --checkpoint cb.h5 "${REC[@]}" "${COMMON[@]}"
must_simulate 3 --state cb.h5 --steps 1000 --output b2.h5 "${REC[@]}" "${COMMON[@]}"
must_simulate 2 --state cb.h5 --steps 1000 --output w.h5 "${REC[@]}" --record-steps 1250:1700 "${COMMON[@]}"
expect_same "recording does not change the network: checkpoint of a run with --output == without" \
    cb.h5 c.h5
expect_same "/state after resuming == /state of the uninterrupted run" a.h5 b2.h5 /state /state
expect_same "/parameters after resuming == /parameters of the uninterrupted run" \
    a.h5 b2.h5 /parameters /parameters
expect_same "a --record-steps window does not change the final /state" a.h5 w.h5 /state /state
expect_same "/state of the --output file == the checkpoint written at the same step" \
    b1.h5 cb.h5 /state /state
check "recordings: resumed rows == rows 1000..1999 of the uninterrupted run, snapshots too" '
SPIKES = ["ExcitatoryActivation", "InhibitoryActivation", "RecurrentActivation"]
COUNTS = ["EEConnectionCounts", "EIConnectionCounts"]

def sparse(g, s):
    a, b = g["offset"][s], g["offset"][s + 1]
    return g["row"][a:b], g["col"][a:b], g["weight"][a:b]

def same_rows(A, B, a0, n, what):
    """rows a0 .. a0+n-1 of the uninterrupted file A == all rows of B"""
    for name in SPIKES + COUNTS:
        x, y = A[name][a0:a0 + n], B[name][...]
        assert len(y) == n, f"{what}: {name} has {len(y)} rows, expected {n}"
        assert x.shape == y.shape and x.dtype == y.dtype, f"{what}: {name} {x.shape} {x.dtype} vs {y.shape} {y.dtype}"
        assert np.array_equal(x, y), f"{what}: {name} differs from rows {a0}..{a0 + n - 1}"

def same_snapshots(A, B, steps, what):
    sa, sb = list(A["snapshot_steps"][:]), list(B["snapshot_steps"][:])
    assert sb == steps, f"{what}: snapshot_steps = {sb}, expected {steps}"
    for k, step in enumerate(steps):
        j = sa.index(step)
        for name in ["TE", "TI"]:
            assert np.array_equal(A[name][j], B[name][k]), f"{what}: {name} at step {step} differs"
        for name in ["WEE", "WEI"]:
            for u, v, part in zip(sparse(A[name], j), sparse(B[name], k), ["row", "col", "weight"]):
                assert np.array_equal(u, v), f"{what}: {name}/{part} at step {step} differs"

with h5py.File("a.h5", "r") as fa, h5py.File("b1.h5", "r") as f1, \
     h5py.File("b2.h5", "r") as f2, h5py.File("w.h5", "r") as fw:
    A, B1, B2, W = fa["recordings"], f1["recordings"], f2["recordings"], fw["recordings"]
    assert A["ExcitatoryActivation"].shape == (2000, 25), A["ExcitatoryActivation"].shape
    assert A["EEConnectionCounts"].shape == (2000,), A["EEConnectionCounts"].shape
    assert list(A["snapshot_steps"][:]) == list(range(100, 2001, 100)), "a.h5 snapshot_steps"
    for R, first in [(A, 1), (B1, 1), (B2, 1001), (W, 1250)]:
        got = R.attrs["first_step"]
        assert got == first, f"{R.file.filename}: /recordings first_step = {got}, expected {first}"
        for name in SPIKES:
            got = R[name].attrs["first_step"]
            assert got == first, f"{R.file.filename}: {name} first_step = {got}, expected {first}"
            assert R[name].attrs["bitorder"] == "little" and R[name].dtype == np.uint8, f"{name}: bitorder/dtype"
    x = np.unpackbits(A["ExcitatoryActivation"][:], axis=1, bitorder="little")[:, :A["ExcitatoryActivation"].attrs["units"]]
    assert x.shape == (2000, 200) and 0 < x.sum() < x.size, "decoded E spikes look wrong"
    same_rows(A, B1, 0, 1000, "b1.h5 (steps 1..1000)")
    same_rows(A, B2, 1000, 1000, "b2.h5 (steps 1001..2000, resumed)")
    same_rows(A, W, 1249, 450, "w.h5 (--record-steps 1250:1700, resumed)")
    same_snapshots(A, B2, list(range(1100, 2001, 100)), "b2.h5")
    same_snapshots(A, W, [1300, 1400, 1500, 1600], "w.h5")
    # the network really changes between the halves
    assert not np.array_equal(A["TE"][9], A["TE"][19]), "T_e did not change in 1000 steps"
'

# ---- 3. periodic checkpoints (--checkpoint-every) ------------------------------------------
# The periodic writes are at steps that are multiples of --checkpoint-every, counted since the
# network was built. A run ending on such a step writes its last checkpoint from the loop only;
# a checkpoint may be resumed in place (--state F --checkpoint F).
must_simulate 2 --steps 1000 --checkpoint p.h5 --checkpoint-every 250 "${COMMON[@]}"
expect_same "--checkpoint-every 250 over 1000 steps: the checkpoint == the end-of-run one" p.h5 c.h5
must_simulate 2 --steps 500 --checkpoint chain.h5 --checkpoint-every 200 "${COMMON[@]}"
cp chain.h5 half.h5
must_simulate 3 --state chain.h5 --steps 250 --checkpoint chain.h5 --checkpoint-every 100 "${COMMON[@]}"
must_simulate 1 --state chain.h5 --steps 250 --checkpoint chain.h5 --checkpoint-every 250 "${COMMON[@]}"
expect_same "500 (2 ranks) + 250 (3 ranks, in place) + 250 (1 rank, in place) == 1000 steps" \
    chain.h5 c.h5
must_simulate 3 --state half.h5 --steps 500 --checkpoint h2.h5 --checkpoint-every 300 "${COMMON[@]}"
expect_same "500 steps + resumed 500 (--checkpoint-every 300: writes at 600, 900, 1000) == 1000" \
    h2.h5 c.h5
check "periodic checkpoints: step and /provenance/checkpoint_every" '
for name, step, every in [("p.h5", 1000, 250), ("half.h5", 500, 200), ("chain.h5", 1000, 250), ("h2.h5", 1000, 300)]:
    with h5py.File(name, "r") as f:
        got = f["state"].attrs["step"]
        assert got == step, f"{name}: /state/step = {got}, expected {step}"
        assert f["provenance"].attrs["checkpoint_every"] == every, f"{name}: checkpoint_every"
'
# --steps 0: nothing is simulated, the state is written back unchanged (a pure read/write trip).
must_simulate 2 --state c.h5 --steps 0 --checkpoint zero.h5 "${COMMON[@]}"
expect_same "--state c.h5 --steps 0: the checkpoint is c.h5 again" zero.h5 c.h5

# ---- 4. --phase training and --freeze on a resumed network -------------------------------------
must_simulate 2 --phase training --state c.h5 --steps 300 --checkpoint t.h5 --output t_out.h5 "${COMMON[@]}"
for obj in W_ee W_ei W_ie T_e T_i h_ip; do
    expect_same "--phase training: /state/$obj unchanged" c.h5 t.h5 /state/$obj /state/$obj
done
expect_same "--phase training: --output /state == --checkpoint /state" t.h5 t_out.h5 /state /state
check "--phase training: step, x and freeze" '
with h5py.File("c.h5", "r") as c, h5py.File("t.h5", "r") as t, h5py.File("t_out.h5", "r") as o:
    got = t["state"].attrs["step"]
    assert got == 1300, f"t.h5: /state/step = {got}, expected 1300"
    assert not np.array_equal(c["state/x"][:], t["state/x"][:]), "x did not change in 300 steps"
    assert t["parameters"].attrs["freeze"] == "stdp,ip,sp,istdp,ss", t["parameters"].attrs["freeze"]
    assert t["provenance"].attrs["phase"] == "training"
    assert t["provenance"].attrs["parameter_changes"] == "", t["provenance"].attrs["parameter_changes"]
    counts = o["recordings/EEConnectionCounts"][:]
    assert (counts == len(c["state/W_ee/data"])).all(), "E->E synapse count changed in training"
'
# freeze and phase come from the command line, not from the saved file.
must_simulate 2 --state t.h5 --steps 200 --checkpoint u.h5 "${COMMON[@]}"
expect_differ "resuming a trained network without --phase: plasticity is on again (W_ee changes)" \
    t.h5 u.h5 /state/W_ee /state/W_ee
check "resuming a trained network: /parameters/freeze = none, phase = plasticity" '
with h5py.File("u.h5", "r") as f:
    assert f["parameters"].attrs["freeze"] == "none", f["parameters"].attrs["freeze"]
    assert f["provenance"].attrs["phase"] == "plasticity"
'
must_simulate 2 --state c.h5 --steps 300 --freeze ip --checkpoint f_ip.h5 "${COMMON[@]}"
must_simulate 3 --state c.h5 --steps 300 --freeze istdp,ss --checkpoint f_is.h5 "${COMMON[@]}"
expect_same "--freeze ip: T_e unchanged" c.h5 f_ip.h5 /state/T_e /state/T_e
expect_differ "--freeze ip: W_ee still learns" c.h5 f_ip.h5 /state/W_ee /state/W_ee
expect_same "--freeze istdp,ss: W_ei unchanged" c.h5 f_is.h5 /state/W_ei /state/W_ei
expect_differ "--freeze istdp,ss: T_e still learns" c.h5 f_is.h5 /state/T_e /state/T_e
check "--freeze: /parameters/freeze" '
for name, frozen in [("f_ip.h5", "ip"), ("f_is.h5", "istdp,ss")]:
    with h5py.File(name, "r") as f:
        got = f["parameters"].attrs["freeze"]
        assert got == frozen, f"{name}: /parameters/freeze = {got!r}, expected {frozen!r}"
'

# ---- 5. a changed learning rate ---------------------------------------------------------------
must_simulate 2 --state c.h5 --steps 100 --eta-stdp 0.002 --checkpoint e.h5 "${COMMON[@]}"
must_simulate 2 --state e.h5 --steps 0 --checkpoint e2.h5 "${COMMON[@]}"
check "--eta-stdp 0.002 on resume: /parameters and /provenance/parameter_changes" '
with h5py.File("e.h5", "r") as f:
    assert f["parameters"].attrs["eta-stdp"] == 0.002, f["parameters"].attrs["eta-stdp"]
    changes = f["provenance"].attrs["parameter_changes"]
    assert "eta-stdp: 0.004 -> 0.002" in changes, f"parameter_changes = {changes!r}, expected it to contain \"eta-stdp: 0.004 -> 0.002\""
    assert changes.count(":") == 1, f"parameter_changes lists more than eta-stdp: {changes!r}"
'
check "the changed rate is kept by the next resume (no new change listed)" '
with h5py.File("e2.h5", "r") as f:
    assert f["parameters"].attrs["eta-stdp"] == 0.002, f["parameters"].attrs["eta-stdp"]
    assert f["provenance"].attrs["parameter_changes"] == "", f["provenance"].attrs["parameter_changes"]
'

# ---- 6. a network driven by an input file needs --input again ----------------------------------
"$PY" - <<'EOF'
import h5py, numpy as np
u = np.zeros((10, 400))
u[np.random.default_rng(1).integers(10, size=400), np.arange(400)] = 1.0
with h5py.File("in.h5", "w") as f:
    f["input"] = u
EOF
must_simulate 2 --steps 200 --input in.h5 --checkpoint ci.h5 --quiet
run_sim 2 --state ci.h5 --steps 100 --checkpoint ci2.h5 --quiet
lines=$(grep -c '' err.txt || true)
if [[ $rc -ne 2 ]]; then
    fail "--state ci.h5 (saved with --input) without --input: exit $rc, expected 2"
elif [[ $lines -ne 1 ]] || ! grep -q -- '--input' err.txt || ! grep -qF ci.h5 err.txt; then
    fail "--state ci.h5 without --input: expected one stderr line naming ci.h5 and --input, got:"
    cat err.txt >&2
elif [[ -e ci2.h5 || -e ci2.h5.partial ]]; then
    fail "--state ci.h5 without --input: a checkpoint was written anyway"
else
    echo "ok: resuming a file-driven network without --input -> exit 2: $(cat err.txt)"
fi
must_simulate 2 --state ci.h5 --steps 100 --input in.h5 --checkpoint ci2.h5 --quiet
check "resuming a file-driven network with --input again" '
with h5py.File("ci2.h5", "r") as f:
    assert f["parameters"].attrs["input-source"] == "file"
    assert f["provenance"].attrs["input_file"] == "in.h5"
    assert f["state"].attrs["step"] == 300
'

no_partial

finish test_resume
