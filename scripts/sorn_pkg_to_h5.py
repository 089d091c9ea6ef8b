#!/usr/bin/python3
"""Convert a network saved by the Python `sorn` package into a sorn state file.

usage: sorn_pkg_to_h5.py STATE.pkl OUT.h5 [--step N] [--seed S] [--template FILE.h5]
                         [--overwrite] [--nu N] [--eta-stdp X] [... any model parameter ...]

Input: a pickle holding the package's `matrices_dict` (what `run_sorn` / `simulate_sorn` /
`train_sorn` return first), i.e. a dict with the numpy arrays

    Wee (Ne, Ne)  E->E weights, Wee[pre][post]      Te (Ne,) or (Ne, 1)  E thresholds
    Wei (Ni, Ne)  I->E weights, Wei[pre I][post E]  Ti (Ni,) or (Ni, 1)  I thresholds
    Wie (Ne, Ni)  E->I weights, Wie[pre E][post I]  X  (Ne,) or (Ne, k)  E activity
                                                    Y  (Ni,) or (Ni, k)  I activity

or a tuple/list whose first element is that dict (e.g. the whole tuple
`(matrices_dict, Exc_activity, Inh_activity, Rec_activity, num_active_connections)`).
X and Y hold one column per time step (the package keeps two: previous, current); the LAST
column is taken as the current activity x(t), y(t). Activity values must be 0 or 1.

Output: an HDF5 file that `sorn-simulate --state OUT.h5` continues (see docs/FORMAT.md):
  * /state: W_ee = Wee.T, W_ei = Wei.T, W_ie = Wie.T as CSR (row = postsynaptic), keeping
    only the entries > 0 as synapses; T_e, T_i (1-D), h_ip = mu-ip for every unit, x, y
    (uint8, the last columns of X, Y) and the attribute step (--step, default 0).
  * /parameters: every model parameter of the simulator. ne and ni come from the data,
    inhibitory-ratio is Ni/Ne (nudged up by an ulp if needed so that floor(ratio * ne) == ni
    in floating point, as the simulator computes it). The other values are the package's
    defaults (class attributes of sorn.Sorn in v0.7.3; configuration.ini in older releases:
    nu 10, eta-stdp 0.004, eta-inhib 0.001, eta-ip 0.01, te 0..1, ti 0..0.5, mu-ip 0.1,
    sigma-ip 0, lambda-ee/ei/ie 20/40/100, network types sparse/sparse/dense, noise-sigma
    0.04, ...), which are also the simulator's defaults (names, types and defaults come from
    the simulator's parameter table, `sorn-simulate --print-schema json`),
    except ee-degree and ei-degree: package, how the package builds its network; or the
    /parameters of --template FILE.h5 (any sorn file), and finally the parameter options given
    here (same names as sorn-simulate's options). Like sorn-simulate, the converter stores an
    optional parameter (ei-degree, ip-target, ...) only when it is not at its default.
    A default lambda or nu that is impossible for a small network (lambda-ee > ne-1,
    lambda-ei > ne, nu > ne) is lowered to the largest allowed value, with a note.
  * /provenance: converted_from (the pickle path as given), program, created_utc.

Checks (error message on stderr, exit code 2, no output file left behind): the pickle
exists and is a pickle; every key is present; shapes are consistent (Wee square, Wei
(Ni, Ne), Wie (Ne, Ni), Te, Ti, X, Y matching); weights are finite and in [0, 1], the
diagonal of Wee is 0; thresholds are finite; activity is 0/1; parameters are valid for the
simulator (the same checks as `sorn-simulate`). The file is written as OUT.h5.partial and
renamed to OUT.h5 only when complete. An existing OUT.h5 needs --overwrite. The names and
the format_version come from `sorn-simulate --print-schema json` (scripts/sorn_format.py:
--sorn-simulate PATH, $SORN_SIMULATE or ../build/bin).

Note: the package's IP rule uses the target rate h_ip = 2 * Nu / Ne (0.1 with its defaults
Ne 200, Nu 10); the simulator uses h_ip = mu-ip, stored per unit in /state/h_ip, unless
--ip-target package is given (here or to sorn-simulate); iSTDP uses mu-ip in both.

Security: unpickling runs code chosen by the file's author: convert only trusted pickles.
Needs numpy and h5py (Debian's /usr/bin/python3).
"""

import argparse
import math
import os
import pickle
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # sorn_state.py is beside us
from sorn_state import (SORN_SIMULATE, ConversionError, h5py,  # noqa: E402
                        open_for_reading, refuse_existing, run_conversion, schema,
                        write_atomically, write_csr)
from sorn.package_state import (KEYS, check_shapes, check_weights,  # noqa: E402 (python/sorn)
                                numeric_arrays, ratio_for)

PROG = "sorn_pkg_to_h5.py"


# ---- the simulator's model parameters ------------------------------------------------------
# From the simulator's one parameter table (src/io/parameter_table.cpp), as the "parameters" of
# `sorn-simulate --print-schema json`; main() loads it before the options are parsed.
# PARAMETERS: (name, kind, default) in the order of /parameters; kind: "str", "seed" (uint64 as
# a decimal string), "int" (int64), "bool" (int64 0/1), "float" (float64). The defaults are the
# simulator's, which are the package's defaults (class attributes of sorn.Sorn in v0.7.3;
# configuration.ini in older releases), except ee-degree and ei-degree: "package" (the
# package's floor(Normal(lambda, 1)) W_ee in-degrees and W_ei out-degrees built the network).
# ne, ni and inhibitory-ratio come from the data. CHOICES: {name: words}; FREEZE_WORDS,
# FREEZE_ALIASES: the rules of --freeze; OPTIONAL: {name: the simulator's default} of the
# parameters that /parameters holds only when they differ from it; KIND: {name: kind}.
DERIVED = ("ne", "ni", "inhibitory-ratio")
CONVERTER_DEFAULTS = {"ee-degree": "package", "ei-degree": "package"}
PARAMETERS, CHOICES, FREEZE_WORDS, FREEZE_ALIASES, OPTIONAL, KIND = [], {}, (), {}, {}, {}


def load_parameter_table():
    """Fills PARAMETERS, CHOICES, FREEZE_WORDS, FREEZE_ALIASES, OPTIONAL and KIND from the
    simulator's schema; ConversionError if it cannot be had or read."""
    global PARAMETERS, CHOICES, FREEZE_WORDS, FREEZE_ALIASES, OPTIONAL, KIND
    kinds = {"real": "float", "integer": "int", "seed": "seed", "flag": "bool", "text": "str",
             "choice": "str", "rules": "str"}
    F = schema()
    try:
        parameters, choices, freeze, optional = [], {}, None, {}
        for p in F.parameters:
            name = p["name"]
            default = None if name in DERIVED else CONVERTER_DEFAULTS.get(name, p["default"])
            parameters.append((name, kinds[p["kind"]], default))
            if p.get("optional", False):
                optional[name] = p["default"]
            if p["kind"] == "choice":
                choices[name] = tuple(p["choices"])
            elif p["kind"] == "rules":
                freeze = (tuple(p["choices"]), dict(p.get("aliases", {})))
        if freeze is None:
            raise KeyError("no parameter of kind 'rules' (freeze)")
    except (ValueError, KeyError, TypeError) as e:
        raise ConversionError("cannot read the parameter table of %s: %s" % (F.source, e))
    PARAMETERS, CHOICES, OPTIONAL = parameters, choices, optional
    FREEZE_WORDS, FREEZE_ALIASES = freeze
    KIND = {name: kind for name, kind, _ in PARAMETERS}


# ---- option parsing -------------------------------------------------------------------------

def parse_seed(text):
    if not text.isdigit() or int(text) >= 2**64:
        raise argparse.ArgumentTypeError("must be an unsigned 64-bit integer, got %r" % text)
    return str(int(text))


def parse_bool(text):
    t = text.strip().lower()
    if t in ("1", "true", "yes", "on"):
        return 1
    if t in ("0", "false", "no", "off"):
        return 0
    raise argparse.ArgumentTypeError("must be true/false/1/0, got %r" % text)


def parse_freeze(text):
    words = [w.strip().lower() for w in text.split(",") if w.strip()]
    words = [FREEZE_ALIASES.get(w, w) for w in words]
    if words in ([], ["none"]):
        return "none"
    bad = [w for w in words if w not in FREEZE_WORDS]
    if bad:
        raise argparse.ArgumentTypeError(
            "unknown rule(s) %s: use none or a comma-separated list of %s"
            % (", ".join(bad), ", ".join(FREEZE_WORDS + tuple(FREEZE_ALIASES))))
    return ",".join(w for w in FREEZE_WORDS if w in words)


def option_type(name, kind):
    if name == "freeze":
        return parse_freeze
    if name in CHOICES:
        def choice(text, name=name):
            t = text.strip().lower()
            if t not in CHOICES[name]:
                raise argparse.ArgumentTypeError("must be one of %s" % "|".join(CHOICES[name]))
            return t
        return choice
    return {"seed": parse_seed, "int": int, "bool": parse_bool, "float": float, "str": str}[kind]


def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog=PROG,
        description="Convert a Python sorn package state (pickle of matrices_dict) into a "
                    "sorn state file for sorn-simulate --state.",
        epilog="Parameter options not given keep the template's values, or the package's "
               "defaults. See the module docstring (head of this script) for details.")
    ap.add_argument("pickle", metavar="STATE.pkl", help="the package's pickled matrices_dict")
    ap.add_argument("output", metavar="OUT.h5", help="the sorn state file to write")
    ap.add_argument("--step", type=int, default=0, metavar="N",
                    help="time step of the state, /state.step (default 0)")
    ap.add_argument("--template", metavar="FILE.h5",
                    help="copy /parameters from this sorn file (then ne, ni, inhibitory-ratio "
                         "come from the data, and the options given here apply)")
    ap.add_argument("--overwrite", action="store_true", help="replace an existing OUT.h5")
    ap.add_argument("--sorn-simulate", metavar="PATH",
                    help="the sorn-simulate whose file format to write (default: "
                         "$SORN_SIMULATE, else ../build/bin/sorn-simulate beside this script)")
    params = ap.add_argument_group("model parameters (as sorn-simulate's options)")
    for name, kind, default in PARAMETERS:
        if name in DERIVED:
            continue
        shown = "template or %s" % default
        metavar = ("|".join(CHOICES[name]) if name in CHOICES else "LIST" if name == "freeze"
                   else {"seed": "UINT", "int": "INT", "bool": "BOOL", "float": "REAL",
                         "str": "TEXT"}[kind])
        params.add_argument("--" + name, dest="p_" + name, type=option_type(name, kind),
                            default=None, metavar=metavar, help="default: " + shown)
    return ap.parse_args(argv)


# ---- reading the pickle ---------------------------------------------------------------------

def load_matrices(path):
    if not os.path.exists(path):
        raise ConversionError("%s: no such file" % path)
    if os.path.isdir(path):
        raise ConversionError("%s: is a directory, expected a pickle file" % path)
    try:
        with open(path, "rb") as f:
            obj = pickle.load(f)
    except OSError as e:
        raise ConversionError("%s: cannot read: %s" % (path, e.strerror or e))
    except Exception as e:  # UnpicklingError, EOFError, ValueError, missing modules, ...
        hint = ""
        if isinstance(e, ImportError) and "numpy._core" in str(e):
            hint = "; it was written with NumPy 2, this Python has NumPy %s" % np.__version__
        raise ConversionError("%s: not a readable pickle (%s: %s%s)"
                              % (path, type(e).__name__, e, hint))
    if isinstance(obj, (tuple, list)) and obj and isinstance(obj[0], dict):
        obj = obj[0]
    if not isinstance(obj, dict):
        raise ConversionError(
            "%s: expected the package's matrices_dict (a dict with keys %s) or a tuple/list "
            "whose first element is that dict, found %s"
            % (path, ", ".join(KEYS), type(obj).__name__))
    return numeric_arrays(obj, path)


# ---- parameters -----------------------------------------------------------------------------

def typed(kind, value, where):
    """The value as the simulator stores it: str, np.int64 or np.float64."""
    try:
        if kind in ("str", "seed"):
            if isinstance(value, bytes):
                value = value.decode("utf-8")
            if not isinstance(value, str):
                raise TypeError
            return value
        if kind in ("int", "bool"):
            if isinstance(value, (float, np.floating)) or isinstance(value, (str, bytes)):
                raise TypeError
            return np.int64(value)
        if isinstance(value, (str, bytes)):
            raise TypeError
        return np.float64(value)
    except (TypeError, ValueError, OverflowError):
        raise ConversionError("%s has the wrong type (%s, expected %s)"
                              % (where, type(value).__name__,
                                 {"str": "string", "seed": "string", "int": "int64",
                                  "bool": "int64", "float": "float64"}[kind]))


def read_template(path):
    F = schema()
    parameters = F.names.group.parameters
    with open_for_reading(path, "--template " + path, "not an HDF5 file (%s)") as f:
        if parameters not in f:
            raise ConversionError("--template %s: no group %s" % (path, F.path(parameters)))
        values = {}
        for name, value in f[parameters].attrs.items():
            where = "--template %s: %s" % (path, F.path(parameters, name))
            values[name] = typed(KIND[name], value, where) if name in KIND else value
        return values


def build_parameters(args, Ne, Ni):
    """Ordered {name: value} and the names whose value is a built-in default."""
    template = read_template(args.template) if args.template else {}
    values, from_default = {}, set()
    for name, kind, default in PARAMETERS:
        given = getattr(args, "p_" + name, None)
        if given is not None:
            values[name] = typed(kind, given, "--" + name)
        elif name in template:
            values[name] = template[name]
        elif name in OPTIONAL and args.template:
            values[name] = typed(kind, OPTIONAL[name], name)  # absent: the simulator's default
        elif default is not None:
            values[name] = typed(kind, default, name)
            from_default.add(name)
    for name, value in template.items():  # attributes unknown to this script: kept as they are
        values.setdefault(name, value)
    values["ne"] = np.int64(Ne)
    values["ni"] = np.int64(Ni)
    values["inhibitory-ratio"] = np.float64(ratio_for(Ne, Ni))

    # Built-in defaults that a small network cannot have: the largest allowed value.
    limits = [("nu", Ne, values["input-mapping"] == "feature"),
              ("lambda-ee", Ne - 1, values["network-type-ee"] == "sparse"),
              ("lambda-ei", Ne, values["network-type-ei"] == "sparse"),
              ("lambda-ie", Ni, values["network-type-ie"] == "sparse")]
    for name, limit, applies in limits:
        if applies and name in from_default and values[name] > limit:
            kind = KIND[name]
            new = np.int64(limit) if kind == "int" else np.float64(limit)
            print("%s: note: %s lowered from the default %s to %s (Ne = %d, Ni = %d)"
                  % (PROG, name, values[name], new, Ne, Ni), file=sys.stderr)
            values[name] = new
    validate(values)
    for name, default in OPTIONAL.items():  # stored only when not at the default, as sorn does
        if name in values and values[name] == default:
            del values[name]
    if values["sigma-ip"] != 0.0:
        raise ConversionError(
            "sigma-ip = %r: the converted state has h_ip = mu-ip for every unit, which needs "
            "sigma-ip = 0 (give --sigma-ip 0)" % float(values["sigma-ip"]))
    return values


def validate(v):
    """The checks of ModelParams::validate (src/model/params.cpp)."""
    def require(ok, name, why):
        if not ok:
            raise ConversionError("parameter %s = %s %s" % (name, v[name], why))

    def finite(x):
        return math.isfinite(float(x))

    Ne, Ni = int(v["ne"]), int(v["ni"])
    require(v["nu"] >= 0, "nu", "must be >= 0")
    for name, maximum in (("lambda-ee", Ne - 1), ("lambda-ei", Ne), ("lambda-ie", Ni)):
        require(finite(v[name]) and v[name] > 0, name, "must be a positive number")
        if v["network-type-" + name[-2:]] == "sparse":
            require(v[name] <= maximum, name,
                    "is larger than possible: a sparse network allows at most %d (give --%s, "
                    "or use the dense network type)" % (maximum, name))
    require(finite(v["w-init-max"]) and 0 < v["w-init-max"] <= 1, "w-init-max",
            "must lie in (0, 1]")
    for a, b in (("te-min", "te-max"), ("ti-min", "ti-max")):
        require(finite(v[a]), a, "must be finite")
        require(finite(v[b]), b, "must be finite")
        require(v[a] <= v[b], a, "must be <= %s" % b)
    require(finite(v["noise-sigma"]) and v["noise-sigma"] >= 0, "noise-sigma", "must be >= 0")
    require(finite(v["input-gain"]), "input-gain", "must be finite")
    if v["input-mapping"] == "pool":
        require(v["input-pool-size"] >= 1, "input-pool-size", "must be >= 1")
        require(v["input-pool-size"] * v["nu"] <= Ne, "input-pool-size",
                "times nu must not exceed ne = %d" % Ne)
    else:
        require(v["nu"] <= Ne, "nu", "must be <= ne = %d with the feature input mapping" % Ne)
    if v["input-source"] in ("random", "uniform"):
        require(v["nu"] >= 1, "nu", "must be >= 1 with input-source " + v["input-source"])
    for name in ("eta-stdp", "eta-ip", "sigma-ip", "sp-prob", "eta-inhib"):
        require(finite(v[name]) and v[name] >= 0, name, "must be >= 0")
    require(finite(v["mu-ip"]) and 0 < v["mu-ip"] < 1, "mu-ip", "must lie in (0, 1)")
    require(finite(v["sp-initial-weight"]) and 0 < v["sp-initial-weight"] <= 1,
            "sp-initial-weight", "must lie in (0, 1]")
    require(finite(v["istdp-w-min"]) and 0 <= v["istdp-w-min"] < 1, "istdp-w-min",
            "must lie in [0, 1)")
    for name, words in CHOICES.items():
        require(v[name] in words, name, "must be one of %s" % "|".join(words))
    for name in ("fast-inhibition", "ip-clip"):
        require(v[name] in (0, 1), name, "must be 0 or 1")
    if v.get("ip-target") == "package":
        require(0 < 2 * int(v["nu"]) / Ne < 1, "ip-target",
                "needs 0 < 2 * nu / ne < 1, the package's IP target")


# ---- writing --------------------------------------------------------------------------------

def write_state_file(path, src, template, params, step, matrices, vectors, Ne):
    F = schema()
    N = F.names
    P, S = N.provenance, N.state
    with h5py.File(path, "w") as f:
        f.attrs[N.root.format] = F.formats.checkpoint
        f.attrs[N.root.format_version] = np.int64(F.version)
        p = f.create_group(N.group.parameters)
        for name, value in params.items():
            p.attrs[name] = value
        prov = f.create_group(N.group.provenance)
        prov.attrs[P.program] = PROG
        prov.attrs[P.converted_from] = src
        prov.attrs[P.template_file] = template or ""
        prov.attrs[P.created_utc] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        prov.attrs[P.command_line] = " ".join(sys.argv)
        s = f.create_group(N.group.state)
        s.attrs[S.step] = np.int64(step)
        for name, (W, rows, cols) in matrices.items():
            write_csr(s, name, W, rows, cols)
        s.create_dataset(S.T_e, data=vectors["Te"], dtype="<f8")
        s.create_dataset(S.T_i, data=vectors["Ti"], dtype="<f8")
        s.create_dataset(S.h_ip, data=np.full(Ne, float(params["mu-ip"])), dtype="<f8")
        s.create_dataset(S.x, data=vectors["X"], dtype="u1")
        s.create_dataset(S.y, data=vectors["Y"], dtype="u1")


def convert(args):
    if args.step < 0:
        raise ConversionError("--step %d: must be >= 0" % args.step)
    refuse_existing(args.output, args.overwrite)
    a = load_matrices(args.pickle)
    Ne, Ni, vectors = check_shapes(a, args.pickle)
    check_weights("Wee", a["Wee"], args.pickle, zero_diagonal=True)
    check_weights("Wei", a["Wei"], args.pickle)
    check_weights("Wie", a["Wie"], args.pickle)
    params = build_parameters(args, Ne, Ni)
    S = schema().names.state
    matrices = {  # ours: row = postsynaptic = the package's transpose
        S.W_ee: (np.ascontiguousarray(a["Wee"].T), Ne, Ne),
        S.W_ei: (np.ascontiguousarray(a["Wei"].T), Ne, Ni),
        S.W_ie: (np.ascontiguousarray(a["Wie"].T), Ni, Ne),
    }

    def write(path):
        write_state_file(path, args.pickle, args.template, params, args.step, matrices,
                         vectors, Ne)

    write_atomically(args.output, write)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    # The options depend on the simulator's parameter table: find the simulator first.
    first = argparse.ArgumentParser(add_help=False)
    first.add_argument("--sorn-simulate")
    SORN_SIMULATE[0] = first.parse_known_args(argv)[0].sorn_simulate
    try:
        load_parameter_table()
    except ConversionError as e:
        print("%s: error: %s" % (PROG, e), file=sys.stderr)
        return 2
    return run_conversion(PROG, convert, parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
