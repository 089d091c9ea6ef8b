"""sorn: the distributed SORN simulator (C++/MPI/PETSc) from Python.

    import sorn
    net = sorn.Network(ne=200, nu=10, seed=1)     # any sorn-simulate model option
    x = net.step(u)                               # one step with u(t), x(t+1) of all E units
    net.run(10000, output="run.h5", record=["ExcitatoryActivation"])
    net.save("net.h5"); net = sorn.Network.load("net.h5")

Works on one process and under `mpirun -n 4 python3 script.py`: each rank holds its rows,
results are bit-identical to sorn-simulate for the same seed and parameters (docs/PYTHON.md).

The Python package's API (docs/PYTHON.md, "The package's API"):
    sorn.Simulator.simulate_sorn, sorn.Trainer.train_sorn    v0.7.3 (sorn.simulator)
    from sorn.sorn import RunSorn, TrainSorn, TrainSornPlasticity    the seed README's
    from sorn.utils import Statistics, Plotter

Subpackages:
    sorn.plot   figures and an HTML report of a run, drawn from its sorn-analyze analysis
                file (scripts/plot.py is its command line).

Importing this package imports nothing heavy: the compiled engine (sorn._sorn) is loaded when
sorn.Network is first used, and each subpackage loads its own dependencies.
"""

_FROM = {"Network": "network", "RULES": "network", "Simulator": "simulator",
         "Trainer": "simulator"}
__all__ = list(_FROM)


def __getattr__(name):
    # PEP 562: sorn.Network (and the rest) load the engine on first use only.
    if name in _FROM:
        import importlib

        return getattr(importlib.import_module("." + _FROM[name], __name__), name)
    raise AttributeError(f"module 'sorn' has no attribute {name!r}")
