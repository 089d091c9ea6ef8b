#!/usr/bin/env python3
"""Steps per second of the Python module on the default network (docs/PERFORMANCE.md):
net.step(u) in a Python loop, net.step() with the input source, and net.run() (the C++ loop).

    PYTHONPATH=build/python python3 bench/bench_python_step.py [steps]
    mpirun -n 2 env PYTHONPATH=build/python python3 bench/bench_python_step.py
"""
import sys
import time

import numpy as np

import sorn

steps = int(sys.argv[1]) if len(sys.argv) > 1 else 50000


def rate(f, n):
    t0 = time.perf_counter()
    f(n)
    return n / (time.perf_counter() - t0)


def loop_with_input(n):
    u = np.random.default_rng(1).random((n, 10))
    for t in range(n):
        net.step(u[t])


def loop_with_source(n):
    for _ in range(n):
        net.step()


net = sorn.Network(input_source="uniform", noise_sigma=0.04)
net.run(5000)  # past the first transient
results = {
    "step(u) loop": rate(loop_with_input, steps),
    "step() loop": rate(loop_with_source, steps),
    "run()": rate(lambda n: net.run(n), steps),
}
from mpi4py import MPI  # noqa: E402  (after sorn: MPI is already running)

if MPI.COMM_WORLD.rank == 0:
    print(f"default network (ne 200), {MPI.COMM_WORLD.size} rank(s), {steps} steps each:")
    for name, r in results.items():
        print(f"  {name:14s} {r:10.0f} steps/s")
