#!/usr/bin/python3
"""Convert the state in a sorn HDF5 file into the Python `sorn` package's matrices dict.

usage: h5_to_sorn_pkg.py STATE.h5 OUT.pkl [--overwrite]

STATE.h5 is any sorn file with /state and /parameters: a checkpoint (--checkpoint), an
output file (--output: its final state) or a file written by sorn_pkg_to_h5.py.

OUT.pkl is a pickle (protocol 4) of a plain dict with exactly the keys the package's
`run_sorn` / `simulate_sorn` / `train_sorn` read from `matrices=` and return as
`matrices_dict`, all dense numpy float64 arrays in the package's orientation:

    'Wee'  (Ne, Ne)  E->E weights, Wee[pre][post]       = /state/W_ee transposed
    'Wei'  (Ni, Ne)  I->E weights, Wei[pre I][post E]   = /state/W_ei transposed
    'Wie'  (Ne, Ni)  E->I weights, Wie[pre E][post I]   = /state/W_ie transposed
    'Te'   (Ne, 1)   E thresholds (column vector, as the package keeps them)
    'Ti'   (Ni, 1)   I thresholds
    'X'    (Ne, 2)   E activity: column 0 = previous step, column 1 = current step
    'Y'    (Ni, 2)   I activity: column 0 = previous step, column 1 = current step

Absent synapses are 0. The file stores only the current activity x(t), y(t): it goes into
the LAST column (1) of X and Y; the previous-step column (0) is set to ZEROS. The package
never reads that column when it continues (each step copies X[:, 1] into column 0 before
the plasticity rules use it), so the continuation does not depend on it.

Not carried over, since the package has no place for them: the step counter, the per-unit
target rates /state/h_ip (the package uses one global rate) and /parameters (set those as
keyword arguments of simulate_sorn; the package's defaults are class attributes of sorn.Sorn in
v0.7.3, configuration.ini in older releases).

Load it with:  matrices = pickle.load(open("OUT.pkl", "rb"))
               Simulator.simulate_sorn(inputs=..., phase="plasticity", matrices=matrices, ...)

Dense matrices need (Ne + Ni)^2 doubles: files with more than 20000 units in total are
refused. Errors (missing or damaged file, not a sorn file, inconsistent state) go to stderr
with exit code 2. The pickle is written as OUT.pkl.partial and renamed when complete; an
existing OUT.pkl needs --overwrite. The names and the format_version come from `sorn-simulate
--print-schema json` (scripts/sorn_format.py: --sorn-simulate PATH, $SORN_SIMULATE or
../build/bin).

Needs numpy and h5py (Debian's /usr/bin/python3).
"""

import argparse
import os
import pickle
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # sorn_state.py is beside us
from sorn_state import (SORN_SIMULATE, ConversionError, attribute, h5py,  # noqa: E402
                        open_for_reading, read_csr, read_vector, refuse_existing,
                        run_conversion, schema, write_atomically)

PROG = "h5_to_sorn_pkg.py"
MAX_UNITS = 20000
PICKLE_PROTOCOL = 4  # readable by every Python 3.4+, as the package supports 3.5+


def read_state(src):
    F = schema()
    N = F.names
    S = N.state
    with open_for_reading(src, src, "cannot open (not an HDF5 file, or damaged): %s") as f:
        fmt = f.attrs.get(N.root.format)
        if isinstance(fmt, bytes):  # a fixed-length string
            fmt = fmt.decode("utf-8", "replace").rstrip("\0 ")
        if fmt != F.formats.result:
            raise ConversionError("%s: not a sorn file (no root attribute %s = \"%s\")"
                                  % (src, N.root.format, F.formats.result))
        version = f.attrs.get(N.root.format_version)
        if version != F.version:
            raise ConversionError("%s: %s %s, this script reads version %d"
                                  % (src, N.root.format_version, version, F.version))
        for group in (N.group.parameters, N.group.state):
            if group not in f or not isinstance(f[group], h5py.Group):
                raise ConversionError("%s: group %s missing" % (src, F.path(group)))
        Ne = attribute(f[N.group.parameters], "ne", src)
        Ni = attribute(f[N.group.parameters], "ni", src)
        if Ne < 1 or Ni < 1:
            raise ConversionError("%s: %s ne = %d, ni = %d: must be >= 1"
                                  % (src, F.path(N.group.parameters), Ne, Ni))
        if Ne + Ni > MAX_UNITS:
            gib = 8.0 * (Ne * Ne + 2 * Ne * Ni) / 2**30
            raise ConversionError(
                "%s: %d units (Ne %d + Ni %d): the package's dense matrices would need %.1f GiB;"
                " this script converts at most %d units in total" % (src, Ne + Ni, Ne, Ni, gib,
                                                                    MAX_UNITS))
        def state(name):
            return F.path(N.group.state, name)

        W_ee = read_csr(f, S.W_ee, Ne, Ne, src)
        if np.any(np.diagonal(W_ee) != 0.0):
            raise ConversionError("%s: %s has a self-synapse at row %d"
                                  % (src, state(S.W_ee), np.flatnonzero(np.diagonal(W_ee))[0]))
        W_ei = read_csr(f, S.W_ei, Ne, Ni, src)
        W_ie = read_csr(f, S.W_ie, Ni, Ne, src)
        T_e = read_vector(f, state(S.T_e), Ne, src).astype(np.float64)
        T_i = read_vector(f, state(S.T_i), Ni, src).astype(np.float64)
        for name, v in ((S.T_e, T_e), (S.T_i, T_i)):
            if not np.all(np.isfinite(v)):
                raise ConversionError("%s: %s has a value that is not finite" % (src, state(name)))
        x = read_vector(f, state(S.x), Ne, src)
        y = read_vector(f, state(S.y), Ni, src)
        for name, v in ((S.x, x), (S.y, y)):
            if not np.all((v == 0) | (v == 1)):
                raise ConversionError("%s: %s: values must be 0 or 1" % (src, state(name)))

    def activity(current):
        a = np.zeros((current.size, 2), dtype=np.float64)  # column 0: previous (unknown: 0)
        a[:, 1] = current
        return a

    return {
        "Wee": np.ascontiguousarray(W_ee.T),
        "Wei": np.ascontiguousarray(W_ei.T),
        "Wie": np.ascontiguousarray(W_ie.T),
        "Te": T_e.reshape(Ne, 1),
        "Ti": T_i.reshape(Ni, 1),
        "X": activity(x),
        "Y": activity(y),
    }


def convert(args):
    refuse_existing(args.output, args.overwrite)
    matrices = read_state(args.state)

    def write(path):
        with open(path, "wb") as out:
            pickle.dump(matrices, out, protocol=PICKLE_PROTOCOL)

    write_atomically(args.output, write)


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog=PROG,
        description="Convert the state of a sorn HDF5 file (checkpoint or output) into a "
                    "pickle of the Python sorn package's matrices dict "
                    "(Wee, Wei, Wie, Te, Ti, X, Y; dense, package orientation).",
        epilog="See the module docstring (head of this script) for the exact layout.")
    ap.add_argument("state", metavar="STATE.h5", help="a sorn checkpoint or output file")
    ap.add_argument("output", metavar="OUT.pkl", help="the pickle to write")
    ap.add_argument("--overwrite", action="store_true", help="replace an existing OUT.pkl")
    ap.add_argument("--sorn-simulate", metavar="PATH",
                    help="the sorn-simulate whose file format to read (default: "
                         "$SORN_SIMULATE, else ../build/bin/sorn-simulate beside this script)")
    args = ap.parse_args(sys.argv[1:] if argv is None else argv)
    SORN_SIMULATE[0] = args.sorn_simulate
    return run_conversion(PROG, convert, args)


if __name__ == "__main__":
    sys.exit(main())
