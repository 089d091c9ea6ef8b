"""sorn: the distributed SORN simulator (C++/MPI/PETSc) from Python.

    import sorn
    net = sorn.Network(ne=200, nu=10, seed=1)     # any sorn-simulate model option
    x = net.step(u)                               # one step with u(t), x(t+1) of all E units
    net.run(10000, output="run.h5", record=["ExcitatoryActivation"])
    net.save("net.h5"); net = sorn.Network.load("net.h5")

Works on one process and under `mpirun -n 4 python3 script.py`: each rank holds its rows,
results are bit-identical to sorn-simulate for the same seed and parameters (docs/PYTHON.md).

Subpackages:
    sorn.plot   figures and an HTML report of a run, drawn from its sorn-analyze analysis
                file (scripts/plot.py is its command line).

Importing this package imports nothing heavy: the compiled engine (sorn._sorn) is loaded when
sorn.Network is first used, and each subpackage loads its own dependencies.
"""

__all__ = ["Network", "RULES"]


def __getattr__(name):
    # PEP 562: sorn.Network loads the engine on first use only.
    if name in __all__:
        from . import network

        return getattr(network, name)
    raise AttributeError(f"module 'sorn' has no attribute {name!r}")
