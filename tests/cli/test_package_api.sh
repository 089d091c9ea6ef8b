#!/usr/bin/env bash
# The Python package's API on the engine (python/sorn/simulator.py, sorn.py, utils.py):
#   a. the seed README's snippets (plasticity, resume with matrices_dict, training, Plotter,
#      Statistics) run as written; the cart-pole loop's TrainSornPlasticity/TrainSorn calls;
#   b. v0.7.3's Simulator.simulate_sorn / Trainer.train_sorn: shapes, callbacks, phases;
#   c. simulate_sorn's spikes, counts and state = sorn-simulate's for the same seed and options,
#      on 1 and 3 ranks, in one call and in a loop of one-step calls;
#   d. matrices: the package's own dense dict, ours (state()) and a sorn.Network continue exactly
#      (0 steps give back what was given, transposition included; a pickled state continues
#      bit for bit);
#   e. Statistics against hand-computed numbers; f. every Plotter figure; g. bad input raises
#      ValueError naming the parameter.
#
# usage: bash test_package_api.sh <build/bin dir> <mpiexec>
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_h5py
export PYTHONPATH="$BIN_DIR/../python${PYTHONPATH:+:$PYTHONPATH}"
export MPLBACKEND=Agg
"$PY" -c "import sorn.simulator, sorn.utils" || fatal "import sorn.simulator failed"
enter_workdir package_api

# py NP NAME CODE: CODE after "import numpy as np" on NP ranks (its output in NAME.out).
py() {
    local np=$1 name=$2
    printf 'import numpy as np\n%s\n' "$3" >"$name.py"
    if on_ranks "$np" "$PY" "$name.py" >"$name.out" 2>&1; then
        echo "ok: $name on $np rank(s)"
    else
        fail "$name on $np rank(s): $(tail -n 1 "$name.out")"
        tail -n 20 "$name.out" >&2
    fi
}

# ---- a. the seed README's snippets, as written ----------------------------------------------
py 1 seed_readme "
# Import
from sorn.sorn import RunSorn

# Sample input
inputs = [0.]

# To simulate the network;
matrices_dict, Exc_activity, Inh_activity, Rec_activity, num_active_connections = RunSorn(phase='Plasticity', matrices=None,
                                                                          time_steps=100).run_sorn(inputs)
first = matrices_dict

# To resume the simulation, load the matrices_dict from previous simulation;
matrices_dict, Exc_activity, Inh_activity, Rec_activity, num_active_connections = RunSorn(phase='Plasticity', matrices=matrices_dict,
                                                                          time_steps=100).run_sorn(inputs)
resumed = matrices_dict
matrices_dict, Exc_activity, Inh_activity, Rec_activity, num_active_connections = RunSorn(phase='Training', matrices=matrices_dict,
                                                                          time_steps=100).run_sorn(inputs)

from sorn.utils import Plotter
# Plot weight distribution in the network
Plotter.weight_distribution(weights= matrices_dict['Wee'], bin_size = 5, savefig = False)

# Plot Spike train of all neurons in the network
Plotter.scatter_plot(spike_train = np.asarray(Exc_activity), savefig=False)


Plotter.raster_plot(spike_train = np.asarray(Exc_activity), savefig=False)

from sorn.utils import Statistics
#t-lagged auto correlation between neural activity
Statistics.autocorr(firing_rates = [1,1,5,6,3,7],t= 2)

# Fano factor: To verify poissonian process in spike generation of neuron 10
Statistics.fanofactor(spike_train= np.asarray(Exc_activity),neuron = 10,window_size = 10)

# What came back: the package's shapes and orientation, the phases.
assert set(first) == {'Wee', 'Wei', 'Wie', 'Te', 'Ti', 'X', 'Y'}
assert first['Wee'].shape == (200, 200) and first['Wei'].shape == (40, 200)
assert first['Wie'].shape == (200, 40) and first['Te'].shape == (200, 1)
assert first['X'].shape == (200, 2) and first['Y'].shape == (40, 2)
assert np.asarray(Exc_activity).shape == (100, 200) and np.asarray(Inh_activity).shape == (100, 40)
assert np.asarray(Rec_activity).shape == (100, 200, 1) and len(num_active_connections) == 100
assert np.allclose(first['Wee'].sum(axis=0), 1.0)  # incoming weights (columns) sum to 1
assert np.all(np.diagonal(first['Wee']) == 0)
assert not np.array_equal(first['Te'], resumed['Te']), 'the resumed plasticity phase learns'
for k in ('Wee', 'Wei', 'Wie', 'Te', 'Ti'):
    assert np.array_equal(resumed[k], matrices_dict[k]), ('training changes nothing', k)
assert np.array_equal(matrices_dict['X'][:, 1], np.asarray(Exc_activity)[-1])
assert np.array_equal(matrices_dict['X'][:, 0], np.asarray(Exc_activity)[-2])
assert num_active_connections[0] == np.count_nonzero(resumed['Wee'])
assert all(c == num_active_connections[0] for c in num_active_connections)
print('ok')"

py 3 seed_cartpole "
from sorn.sorn import RunSorn, TrainSorn, TrainSornPlasticity
rng = np.random.default_rng(4)
sim_matrices, excit_states, inhib_states, recur_states, num_reservoir_conn = RunSorn(
    phase='Plasticity', matrices=None, time_steps=20, nu=4, ne=60, lambda_ee=10).run_sorn([0.])
start = sim_matrices
states = [rng.uniform(-0.05, 0.05, 4)[None, :] for _ in range(30)]   # env.reset()[None,:]
seen = []
for EPISODE, state in enumerate(states):
    if EPISODE < 20:
        sim_matrices, excit_states, inhib_states, recur_states, num_reservoir_conn = TrainSornPlasticity.train_sorn(phase = 'Plasticity',
                                                                                                            matrices = sim_matrices,
                                                                                                            inputs = state)
    else:
        sim_matrices, excit_states, inhib_states, recur_states, num_reservoir_conn = TrainSorn.train_sorn(phase = 'Training',
                                                                                                            matrices = sim_matrices,
                                                                                                            inputs = state)
    assert np.asarray(excit_states).shape == (1, 60)
    seen.append(np.asarray(excit_states)[0])
# The same 30 steps in two calls from the start: bit-identical spikes and network.
u = np.concatenate(states).T
plastic, E1, _, _, _ = RunSorn(phase='Plasticity', matrices=start, time_steps=20).run_sorn(u[:, :20])
frozen, E2, _, _, _ = RunSorn(phase='Training', matrices=plastic, time_steps=10).run_sorn(u[:, 20:])
assert np.array_equal(np.concatenate((E1, E2)), np.array(seen))
for k in frozen:
    assert np.array_equal(frozen[k], sim_matrices[k]), k
print('ok')"

# ---- b. v0.7.3's Simulator and Trainer ----------------------------------------------------
py 1 v073 "
import sorn
from sorn import Simulator, Trainer
inputs = np.random.default_rng(1).random((6, 50))
state, cb = Simulator.simulate_sorn(inputs=inputs, phase='plasticity', matrices=None, timesteps=50,
                                    noise=True, callbacks=list(sorn.simulator.CALLBACKS),
                                    ne=60, nu=6, lambda_ee=10)
assert set(cb) == set(sorn.simulator.CALLBACKS)
shapes = {'ExcitatoryActivation': (50, 60), 'InhibitoryActivation': (50, 12),
          'RecurrentActivation': (50, 60, 1), 'WEE': (50, 60, 60), 'WEI': (50, 12, 60),
          'TE': (50, 60, 1), 'TI': (50, 12, 1), 'EEConnectionCounts': (50,),
          'EIConnectionCounts': (50,)}
for k, s in shapes.items():
    assert cb[k].shape == s, (k, cb[k].shape)
assert np.array_equal(cb['WEE'][-1], state['Wee']) and np.array_equal(cb['WEI'][-1], state['Wei'])
assert np.array_equal(cb['TE'][-1], state['Te'])
# counts at the start of each step, as the package: row k = the synapses of WEE[k-1]
assert all(cb['EEConnectionCounts'][k] == np.count_nonzero(cb['WEE'][k - 1]) for k in range(1, 50))
assert all(cb['EIConnectionCounts'][k] == np.count_nonzero(cb['WEI'][k - 1]) for k in range(1, 50))
assert (cb['RecurrentActivation'][:, :, 0] <= cb['ExcitatoryActivation'] + 1).all()
# simulate_sorn: the freeze list decides, not the phase
s2, cb2 = Simulator.simulate_sorn(inputs=inputs[:, :10], phase='training', matrices=state,
                                  timesteps=10, freeze=['ip'], callbacks=['TE'])
assert np.array_equal(s2['Te'], state['Te']) and not np.array_equal(s2['Wee'], state['Wee'])
# train_sorn: phase training freezes everything; callbacks {} when none asked
s3, cb3 = Trainer.train_sorn(inputs=inputs[:, :1], phase='training', matrices=s2, timesteps=1,
                             noise=False)
assert cb3 == {}
for k in ('Wee', 'Wei', 'Wie', 'Te', 'Ti'):
    assert np.array_equal(s3[k], s2[k]), k
assert np.array_equal(s3['X'][:, 0], s2['X'][:, 1])
s4, _ = Trainer.train_sorn(inputs=inputs[:, :5], phase='plasticity', matrices=s3, timesteps=5)
assert not np.array_equal(s4['Te'], s3['Te'])
print('ok')"

# ---- c. = sorn-simulate, bit for bit, on 1 and 3 ranks ---------------------------------------
PKG=(--ip-clip --ip-target package --ee-degree package --ei-degree package --sp-sampling pair
     --count-timing before --noise-sigma 0.04)
NET=(--ne 60 --nu 6 --seed 9 --lambda-ee 10 --sp-prob 1)
"$PY" -c "
import h5py, numpy as np
u = np.random.default_rng(7).random((6, 120))
with h5py.File('u.h5', 'w') as f: f['input'] = u
np.save('u.npy', u)"
must_simulate 2 "${NET[@]}" "${PKG[@]}" --input u.h5 --steps 120 --quiet \
    --record ExcitatoryActivation,InhibitoryActivation,RecurrentActivation,EEConnectionCounts,WEE \
    --record-every 1 --output sim.h5
COMPARE="
import h5py, scipy.sparse as sp
from sorn import Simulator, Trainer
u = np.load('u.npy')
NET = dict(ne=60, nu=6, seed=9, lambda_ee=10, sp_prob=1)
f = h5py.File('sim.h5', 'r')
def spikes(name):
    d = f['recordings'][name]
    return np.unpackbits(d[:], axis=1, bitorder='little')[:, :d.attrs['units']]
def csr(name):
    g = f['state'][name]
    return sp.csr_matrix((g['data'][:], g['indices'][:], g['indptr'][:]),
                         shape=(g.attrs['rows'], g.attrs['cols'])).toarray()
def same_state(state):
    assert np.array_equal(state['Wee'], csr('W_ee').T) and np.array_equal(state['Wei'], csr('W_ei').T)
    assert np.array_equal(state['Wie'], csr('W_ie').T)
    assert np.array_equal(state['Te'][:, 0], f['state/T_e'][:]) and np.array_equal(state['Ti'][:, 0], f['state/T_i'][:])
    assert np.array_equal(state['X'][:, 1], f['state/x'][:]) and np.array_equal(state['Y'][:, 1], f['state/y'][:])
"
for np in 1 3; do
    py $np "simulate_equals_cli_$np" "$COMPARE
names = ['ExcitatoryActivation', 'InhibitoryActivation', 'RecurrentActivation', 'EEConnectionCounts']
state, cb = Simulator.simulate_sorn(inputs=u, phase='plasticity', matrices=None, timesteps=120,
                                    noise=True, callbacks=names + ['WEE'], **NET)
for k in names[:3]:
    assert np.array_equal(cb[k].reshape(120, -1), spikes(k)), k
assert np.array_equal(cb['EEConnectionCounts'], f['recordings/EEConnectionCounts'][:])
g = f['recordings/WEE']
snap = np.repeat(np.arange(120), np.diff(g['offset'][:]))
assert np.count_nonzero(cb['WEE']) == len(snap)
assert np.array_equal(cb['WEE'][snap, g['col'][:], g['row'][:]], g['weight'][:])  # [pre][post]
same_state(state)
print('ok')"
    py $np "step_calls_equal_cli_$np" "$COMPARE
state, cb = Simulator.simulate_sorn(inputs=u[:, :30], matrices=None, timesteps=30,
                                    callbacks=['ExcitatoryActivation'], **NET)
rows = [cb['ExcitatoryActivation']]
for t in range(30, 120):   # one step per call, as the package's training loop
    state, cb = Trainer.train_sorn(inputs=u[:, t:t + 1], phase='plasticity', matrices=state,
                                   timesteps=1, callbacks=['ExcitatoryActivation', 'EEConnectionCounts'])
    rows.append(cb['ExcitatoryActivation'])
    assert cb['EEConnectionCounts'][0] == f['recordings/EEConnectionCounts'][t]
assert np.array_equal(np.concatenate(rows), spikes('ExcitatoryActivation'))
same_state(state)
print('ok')"
done

# ---- d. matrices: the package's dict, ours, a sorn.Network --------------------------------
for np in 1 3; do
    py $np matrices "
import pickle, sorn
from sorn import Simulator
rng = np.random.default_rng(2)
ne, ni = 30, 6
def normalized(W):
    return W / W.sum(axis=0)
Wee = rng.random((ne, ne)) * (rng.random((ne, ne)) < 0.3)
np.fill_diagonal(Wee, 0); Wee[1, 0] = 0.05                          # [pre][post]: asymmetric
pkg = {'Wee': normalized(Wee), 'Wei': normalized(rng.random((ni, ne))),
       'Wie': normalized(rng.random((ne, ni))), 'Te': rng.random((ne, 1)),
       'Ti': 0.5 * rng.random((ni, 1)), 'X': (rng.random((ne, 2)) < 0.2) * 1.0,
       'Y': (rng.random((ni, 2)) < 0.2) * 1.0}
back, cb = Simulator.simulate_sorn(inputs=None, matrices=pkg, timesteps=0, nu=5,
                                   callbacks=['ExcitatoryActivation'])
for k in pkg:
    assert back[k].shape == pkg[k].shape and np.array_equal(back[k], pkg[k]), k
assert cb['ExcitatoryActivation'].shape == (0, ne)
net = sorn.Network(ne=ne, nu=5, seed=3, lambda_ee=8, lambda_ei=6)
s = net.state()
back, _ = Simulator.simulate_sorn(matrices=s, timesteps=0)          # ours: rows = postsynaptic
assert np.array_equal(back['Wee'], s['Wee'].toarray().T) and np.array_equal(back['Wei'], s['Wei'].toarray().T)
assert np.array_equal(back['Te'][:, 0], s['Te']) and np.array_equal(back['X'][:, 1], s['X'])
out, _ = Simulator.simulate_sorn(matrices=net, timesteps=7)        # a sorn.Network: stepped
assert net.t == 7 and np.array_equal(out['Wee'], net.state()['Wee'].toarray().T)
# a state continues exactly after other calls and a pickle round trip
u = rng.random((5, 40))
whole, _ = Simulator.simulate_sorn(inputs=u, matrices=None, timesteps=40, ne=ne, nu=5, lambda_ee=8, lambda_ei=6, seed=5)
half, _ = Simulator.simulate_sorn(inputs=u[:, :25], matrices=None, timesteps=25, ne=ne, nu=5, lambda_ee=8, lambda_ei=6, seed=5)
other, _ = Simulator.simulate_sorn(inputs=u, matrices=None, timesteps=3, ne=ne, nu=5, lambda_ee=8, lambda_ei=6)
half = pickle.loads(pickle.dumps(half))
rest, _ = Simulator.simulate_sorn(inputs=u[:, 25:], matrices=half, timesteps=15)
for k in whole:
    assert np.array_equal(whole[k], rest[k]), k
# the package's dict as a plain dict (no step): the same network, continued from step 0
plain = {k: np.array(v) for k, v in whole.items()}
again, _ = Simulator.simulate_sorn(matrices=plain, timesteps=0)
for k in plain:
    assert np.array_equal(again[k], plain[k]), k
print('ok')"
done

# ---- e. Statistics, by hand ----------------------------------------------------------------
py 1 statistics "
from sorn.utils import Statistics as S
train = np.array([[1, 1, 1], [1, 0, 0], [0, 0, 1], [1, 0, 0], [0, 0, 0], [0, 0, 0]])
assert np.array_equal(S.firing_rate_network(train), [3, 1, 1, 1, 0, 0])
assert S.firing_rate_neuron(train, 0, 2) == (6, 2, 1.0)              # 3 spikes * 2 / 6
m, v, ff = S.fanofactor(train, 0, 2)                                  # windows: 2, 1, 0
assert m == 1.0 and abs(v - 2 / 3) < 1e-15 and abs(ff - 2 / 3) < 1e-15
assert abs(S.spike_source_entropy(train, 3) - (np.log(2) / 2 + np.log(6) / 6 + np.log(3) / 3) / np.log(3)) < 1e-15  # p = 1/2, 1/6, 1/3
r = S.autocorr([1, 1, 5, 6, 3, 7], t=2)                               # [1,1,5,6] vs [5,6,3,7]
assert r.shape == (2, 2) and abs(r[0, 1] + 0.25 / np.sqrt(20.75 * 8.75)) < 1e-15 and r[0, 0] == 1
assert abs(S.scale_dependent_smoothness_measure([1, 3, 2, 6]) - np.sqrt(114 / 27)) < 1e-15
assert abs(S.scale_independent_smoothness_measure([1, 3, 2, 6]) - np.sqrt(114 / 27) / (5 / 3)) < 1e-14
a = np.array([[1, 1, 1], [0, 0, 1], [1, 0, 0], [0, 0, 0]])           # units a, b, c
corr, mean = S.avg_corr_coeff(a)
assert abs(corr[0, 1] - 2 / np.sqrt(12)) < 1e-15 and corr[0, 2] == 0 and abs(corr[1, 2] - 2 / np.sqrt(12)) < 1e-15
assert abs(mean - 4 / np.sqrt(12) / 3) < 1e-15 and corr[0, 0] == 1
assert np.array_equal(S.spike_times(np.array([0, 1, 0, 0, 1, 1]))[0], [1, 4, 5])
assert np.array_equal(S.spike_time_intervals(np.array([0, 1, 0, 0, 1, 1])), [3, 1])
t, u = S.spike_times(train)
assert np.array_equal(t, np.where(train == 1)[0]) and np.array_equal(u, np.where(train == 1)[1])
assert S.hamming_distance(train, train[::-1]) == [3, 1, 2, 2, 1, 3]
for call, text in ((lambda: S.fanofactor(train, 7, 2), 'neuron'),
                   (lambda: S.fanofactor(train, 0, 0), 'window_size'),
                   (lambda: S.spike_source_entropy(train, 4), 'num_neurons'),
                   (lambda: S.autocorr([1, 2, 3], t=0), 't = 0'),
                   (lambda: S.firing_rate_network(train * 2), 'spike_train')):
    try:
        call()
    except ValueError as e:
        assert text in str(e), (text, str(e))
    else:
        raise AssertionError('no ValueError: ' + text)
print('ok')"

# ---- f. every Plotter figure ---------------------------------------------------------------
py 1 plotter "
import os
from sorn.utils import Plotter as P, Statistics as S
from sorn.sorn import RunSorn
m, E, I, R, C = RunSorn(phase='Plasticity', matrices=None, time_steps=300, ne=60, nu=6, lambda_ee=10).run_sorn([0.])
corr, _ = S.avg_corr_coeff(E)
figs = [P.hist_incoming_conn(m['Wee'], 10, 'bar', True), P.hist_outgoing_conn(m['Wee'], 10, 'step', False),
        P.network_connection_dynamics(C, 50, 50, True), P.hist_firing_rate_network(E, 10, True),
        P.scatter_plot(E, True), P.raster_plot(E, True), P.correlation(corr, True),
        P.isi_exponential_fit(E, 3, 10, True), P.weight_distribution(m['Wee'], 10, True),
        P.linear_lognormal_fit(m['Wee'][m['Wee'] > 0], 50, True),
        P.plot_network(corr, 0.1, 'network.png'), P.hamming_distance(S.hamming_distance(E, E[::-1]), True)]
assert all(hasattr(f, 'savefig') for f in figs)
for name in ('hist_incoming_conn.png', 'connection_dynamics.png', 'hist_firing_rate_network.png',
             'ScatterSpikeTrain.png', 'RasterSpikeTrain.png', 'isi_exponential_fit.png',
             'weight distribution.png', 'LinearLognormalFit.png', 'network.png', 'HammingDistance.png'):
    assert os.path.getsize(name) > 1000, name
print('ok')"

# ---- g. bad input --------------------------------------------------------------------------
py 1 errors "
from sorn import Simulator, Trainer
from sorn.sorn import RunSorn
def raises(text, f, *a, **k):
    try:
        f(*a, **k)
    except ValueError as e:
        assert text in str(e), (text, str(e))
        return
    raise AssertionError('no ValueError: ' + text)
u = np.zeros((6, 5))
NET = dict(ne=60, nu=6, lambda_ee=10)
good, _ = Simulator.simulate_sorn(inputs=u, timesteps=5, **NET)
raises('phase', Simulator.simulate_sorn, inputs=u, phase='warmup', timesteps=5, **NET)
raises('callbacks: Foo not available', Simulator.simulate_sorn, inputs=u, timesteps=5, callbacks=['Foo'], **NET)
raises('freeze: unknown rule', Simulator.simulate_sorn, inputs=u, timesteps=5, freeze=['hebb'], **NET)
raises('timesteps', Simulator.simulate_sorn, inputs=u, timesteps=-1, **NET)
raises('timesteps', Simulator.simulate_sorn, inputs=None, **NET)
raises('inputs: shape (6, 5) must be (nu, timesteps) = (6, 9)', Simulator.simulate_sorn, inputs=u, timesteps=9, **NET)
raises('noise', Simulator.simulate_sorn, inputs=u, timesteps=5, noise='yes', **NET)
raises('matrices: must be None', Simulator.simulate_sorn, inputs=u, timesteps=5, matrices=42)
raises(\"key(s) 'Wee'\", Trainer.train_sorn, inputs=u, timesteps=1, matrices={'X': 1})
bad = dict(good); bad['Wee'] = good['Wee'] * 3
raises('matrices: Wee[', Trainer.train_sorn, inputs=u, timesteps=1, matrices=bad)
raises('ne = 50 contradicts matrices', Trainer.train_sorn, inputs=u, timesteps=1, matrices=dict(good), ne=50)
raises('--ne = -3', Simulator.simulate_sorn, inputs=u, timesteps=5, ne=-3, nu=6)
raises('--no-such-option', Simulator.simulate_sorn, inputs=u, timesteps=5, no_such_option=1, **NET)
raises('phase', RunSorn(phase='Sleep', matrices=None, time_steps=3).run_sorn, [0.])
print('ok')"

finish test_package_api
