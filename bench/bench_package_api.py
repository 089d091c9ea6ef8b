#!/usr/bin/env python3
"""Calls per second of the package's API on the default network (docs/PERFORMANCE.md): the
seed README's one-step loop (TrainSorn.train_sorn in the training phase, TrainSornPlasticity in
the plasticity phase), v0.7.3's Trainer.train_sorn with one callback, and one
Simulator.simulate_sorn call of many steps with the spike callbacks.

    PYTHONPATH=build/python python3 bench/bench_package_api.py [calls]
    mpirun -n 2 env PYTHONPATH=build/python python3 bench/bench_package_api.py
"""
import sys
import time

import numpy as np

from sorn import Simulator, Trainer
from sorn.sorn import RunSorn, TrainSorn, TrainSornPlasticity

calls = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
u = np.random.default_rng(1).random((10, calls))


def rate(f, n):
    t0 = time.perf_counter()
    f(n)
    return n / (time.perf_counter() - t0)


state, *_ = RunSorn(phase="Plasticity", matrices=None, time_steps=5000).run_sorn(u[:, 0])


def seed_loop(cls, phase):
    def loop(n):
        global state
        for t in range(n):
            state, *_ = cls.train_sorn(phase=phase, matrices=state, inputs=u[:, t])
    return loop


def trainer_loop(n):
    global state
    for t in range(n):
        state, _ = Trainer.train_sorn(inputs=u[:, t:t + 1], phase="training", matrices=state,
                                      timesteps=1, callbacks=["ExcitatoryActivation"])


def one_call(n):
    Simulator.simulate_sorn(inputs=u, matrices=state, timesteps=n,
                            callbacks=["ExcitatoryActivation", "InhibitoryActivation"])


results = {
    "TrainSorn (training), 1 step per call": rate(seed_loop(TrainSorn, "Training"), calls),
    "TrainSornPlasticity, 1 step per call": rate(seed_loop(TrainSornPlasticity, "Plasticity"),
                                                 calls),
    "Trainer.train_sorn + callback, 1 step": rate(trainer_loop, calls),
    "simulate_sorn, one call (steps/s)": rate(one_call, calls),
}
from mpi4py import MPI  # noqa: E402  (after sorn: MPI is already running)

if MPI.COMM_WORLD.rank == 0:
    print(f"default network (ne 200), {MPI.COMM_WORLD.size} rank(s), {calls} calls each:")
    for name, r in results.items():
        print(f"  {name:40s} {r:10.0f} /s")
