#!/usr/bin/env bash
# The Python module sorn (python/sorn, build/python) against sorn-simulate, on 1 and 3 ranks:
#   a. net.run() writes the very file sorn-simulate writes (outside /provenance);
#   b. a loop of net.step(u) with the caller's u(t) gives sorn-simulate --input's network, and
#      net.run(inputs=...) the same;
#   c. save, load and run on = one uninterrupted run;
#   d. phase 'training' leaves weights and thresholds bit-identical; freeze/unfreeze by name;
#   e. state() gathers the network that a checkpoint holds;
#   f. bad input raises ValueError / FileNotFoundError naming the option or file.
#
# usage: bash test_python_api.sh <build/bin dir> <mpiexec>
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_tools h5diff
require_h5py
export PYTHONPATH="$BIN_DIR/../python${PYTHONPATH:+:$PYTHONPATH}"
"$PY" -c "import sorn.network" || fatal "import sorn.network failed (PYTHONPATH=$PYTHONPATH)"
enter_workdir python_api

NET=(--ne 80 --nu 6 --seed 5 --noise-sigma 0.05 --sp-prob 1 --lambda-ee 10 --quiet)
PYNET='dict(ne=80, nu=6, seed=5, noise_sigma=0.05, sp_prob=1, lambda_ee=10)'

# py NP NAME CODE: CODE after "import sorn, numpy as np" on NP ranks; output in NAME.stdout/err.
py() {
    local np=$1 name=$2
    printf 'import sys\nimport numpy as np\nimport sorn\nNET = %s\n%s\n' "$PYNET" "$3" >"$name.py"
    expect_success "$name on $np rank(s)" on_ranks "$np" "$PY" "$name.py"
}

# ---- a. run() = sorn-simulate ------------------------------------------------------------------
must_simulate 1 "${NET[@]}" --input-source uniform --steps 300 --record all --record-every 50 \
    --output sim.h5
for np in 1 3; do
    py $np "run_$np" "
net = sorn.Network(input_source='uniform', **NET)
s = net.run(300, output='py$np.h5', record='all', record_every=50)
assert s['steps'] == 300 and 0 < s['mean_rate'] < 1, s"
    expect_same "[a] net.run() on $np rank(s) = sorn-simulate on 1" sim.h5 "py$np.h5"
done

# ---- b. step(u) = --input ----------------------------------------------------------------------
"$PY" -c "
import h5py, numpy as np
u = np.random.default_rng(3).random((6, 200))
with h5py.File('u.h5', 'w') as f: f['input'] = u
np.save('u.npy', u.T)"
must_simulate 2 "${NET[@]}" --input u.h5 --steps 200 --checkpoint sim_u.h5
for np in 1 3; do
    py $np "step_$np" "
u = np.load('u.npy')
net = sorn.Network(**NET)
for t in range(200):
    x = net.step(u[t])
assert x.dtype == np.uint8 and x.shape == (80,) and np.array_equal(x, net.x)
assert net.t == 200
net.save('step$np.h5')
net2 = sorn.Network(**NET)
net2.run(200, inputs=u)
net2.save('run_inputs$np.h5')"
    expect_same "[b] a step(u) loop on $np rank(s) = sorn-simulate --input" sim_u.h5 "step$np.h5" \
        /state /state
    expect_same "[b] run(inputs=u) on $np rank(s) = the step(u) loop" "step$np.h5" \
        "run_inputs$np.h5"
done
expect_differ "[b] ... and the input matters" sim_u.h5 py1.h5 /state /state

# ---- c. save, load, run on ---------------------------------------------------------------------
must_simulate 1 "${NET[@]}" --input-source uniform --steps 300 --checkpoint whole.h5
for np in 1 3; do
    py $np "resume_$np" "
net = sorn.Network(input_source='uniform', **NET)
net.run(120)
net.save('half$np.h5')
net.close()
net = sorn.Network.load('half$np.h5')
assert net.t == 120
net.run(180)
net.save('resumed$np.h5')"
    expect_same "[c] save, load, run on $np rank(s) = one run" whole.h5 "resumed$np.h5" /state /state
done

# ---- d. phase and freeze -----------------------------------------------------------------------
py 3 phase "
net = sorn.Network(input_source='uniform', **NET)
net.run(100)
before = net.state()
net.phase = 'training'
assert net.phase == 'training' and net.frozen == sorn.RULES
net.run(100)
after = net.state()
for k in ['Wee', 'Wei', 'Wie']:
    assert (before[k] != after[k]).nnz == 0, k
for k in ['Te', 'Ti', 'h_ip']:
    assert np.array_equal(before[k], after[k]), k
assert after['step'] == 200 and not np.array_equal(before['X'], after['X'])
net.unfreeze('stdp', 'sn')
assert net.frozen == ('ip', 'sp', 'istdp') and net.phase == 'plasticity'
net.run(50)
later = net.state()
assert np.array_equal(later['Te'], after['Te']), 'IP is frozen'
assert (later['Wee'] != after['Wee']).nnz > 0, 'STDP is not'
print('ok')"

# ---- e. state() = the checkpoint -----------------------------------------------------------------
py 3 state "
import h5py
net = sorn.Network(input_source='uniform', **NET)
net.run(150)
net.save('state.h5')
s = net.state()
f = h5py.File('state.h5', 'r')
for k, g in [('Wee', 'W_ee'), ('Wei', 'W_ei'), ('Wie', 'W_ie')]:
    m = f['state'][g]
    assert np.array_equal(s[k].indptr, m['indptr'][:]), k
    assert np.array_equal(s[k].indices, m['indices'][:]), k
    assert np.array_equal(s[k].data, m['data'][:]), k
for k, g in [('Te', 'T_e'), ('Ti', 'T_i'), ('h_ip', 'h_ip'), ('X', 'x'), ('Y', 'y')]:
    assert np.array_equal(s[k], f['state'][g][:]), k
assert s['step'] == 150 and s['Wee'].shape == (80, 80) and s['Wie'].shape == (16, 80)
assert np.allclose(np.asarray(s['Wee'].sum(axis=1)).ravel(), 1.0)
r = net.r
assert r.shape == (len(net.local_e),) and net.te.shape == r.shape"

# ---- f. bad input ------------------------------------------------------------------------------
py 1 errors "
def raises(kind, text, f, *a, **k):
    try:
        f(*a, **k)
    except kind as e:
        assert text in str(e), (text, str(e))
        return
    raise AssertionError(f'no {kind.__name__}: {text}')
raises(ValueError, '--ne = -3: must be >= 2', sorn.Network, ne=-3)
raises(ValueError, '--no-such-option', sorn.Network, no_such_option=1)
raises(FileNotFoundError, 'missing.h5', sorn.Network.load, 'missing.h5')
net = sorn.Network(**NET)
raises(ValueError, 'shape must be (6)', net.step, np.zeros(5))
raises(ValueError, 'shape must be (10, 6)', net.run, 10, inputs=np.zeros((10, 5)))
raises(ValueError, 'unknown rule', net.freeze, 'hebb')
raises(OSError, 'does not exist', net.run, 5, output='no/such/dir/out.h5')
raises(OSError, 'not an HDF5 file', sorn.Network.load, 'u.npy')
raises(ValueError, '--ne = 90 contradicts', sorn.Network.load, 'half1.h5', ne=90)
net.save('exists.h5')
net.save('exists.h5')  # its own checkpoint (the same lineage) may be replaced
other = sorn.Network(**NET)
raises(OSError, 'exists.h5', other.save, 'exists.h5')
other.save('exists.h5', overwrite=True)
assert net.t == 0"

finish test_python_api
