"""`from sorn.sorn import ...`: the seed README's API (an early release of the Python package:
RunSorn, TrainSorn, TrainSornPlasticity), and v0.7.3's Simulator and Trainer, which that
release's sorn/sorn.py also held. docs/PYTHON.md, "The package's API".

    matrices_dict, Exc_activity, Inh_activity, Rec_activity, num_active_connections = \\
        RunSorn(phase='Plasticity', matrices=None, time_steps=100).run_sorn([0.])

Exc_activity (T, N_e), Inh_activity (T, N_i), Rec_activity (T, N_e, 1) hold x(t+1), y(t+1)
and r(t+1) of each step (uint8), num_active_connections (T,) the E->E synapses at the start of
each step, as the package counts them. Collective under mpirun.
"""

from .simulator import Simulator, Simulator_, Trainer, Trainer_, _simulate

__all__ = ["RunSorn", "TrainSorn", "TrainSornPlasticity", "Simulator", "Trainer", "Simulator_",
           "Trainer_"]

_RETURNED = ("ExcitatoryActivation", "InhibitoryActivation", "RecurrentActivation",
             "EEConnectionCounts")


def _five(inputs, phase, matrices, time_steps, all_frozen, noise, freeze, params):
    state, out, _ = _simulate(inputs, phase, matrices, time_steps, noise, freeze,
                              list(_RETURNED), params, all_frozen)
    return (state,) + tuple(out[name] for name in _RETURNED)


class RunSorn:
    """RunSorn(phase, matrices, time_steps).run_sorn(inputs): phase 'Plasticity' applies the
    rules (but those in `freeze`), 'Training' freezes them all. matrices: None (a new network),
    a matrices_dict (the package's or ours) or a sorn.Network. params: the package's keywords
    and sorn.Network's model options."""

    def __init__(self, phase="Plasticity", matrices=None, time_steps=None, noise=True,
                 freeze=None, **params):
        self.phase, self.matrices, self.time_steps = phase, matrices, time_steps
        self.noise, self.freeze, self.params = noise, freeze, params

    def run_sorn(self, inputs=None):
        """(matrices_dict, Exc_activity, Inh_activity, Rec_activity, num_active_connections).
        inputs: [0.] or any single value (every input unit, every step), nu values (every
        step), or (nu, time_steps); None: the network's input source. Collective."""
        return _five(inputs, self.phase, self.matrices, self.time_steps,
                     lambda phase: phase == "training", self.noise, self.freeze, self.params)


class TrainSorn:
    """The seed's training call: TrainSorn.train_sorn(phase='Training', matrices, inputs), one
    step by default; 'Training' freezes every rule, 'Plasticity' applies them."""

    @staticmethod
    def train_sorn(phase="Training", matrices=None, inputs=None, time_steps=1, noise=True,
                   freeze=None, **params):
        """The five values of RunSorn.run_sorn. Collective."""
        return _five(inputs, phase, matrices, time_steps, lambda phase: phase == "training",
                     noise, freeze, params)


class TrainSornPlasticity:
    """The seed's plasticity-phase call inside a loop: every rule but those in `freeze` applies,
    whatever `phase` says."""

    @staticmethod
    def train_sorn(phase="Plasticity", matrices=None, inputs=None, time_steps=1, noise=True,
                   freeze=None, **params):
        """The five values of RunSorn.run_sorn. Collective."""
        return _five(inputs, phase, matrices, time_steps, lambda phase: False, noise, freeze,
                     params)
