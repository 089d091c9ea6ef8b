"""The sorn file formats as the simulator describes them (`sorn-simulate --print-schema json`,
built from include/sorn/format/): the format_version, the values of the root attribute
`format`, the name of every group, dataset and attribute, the recordings, the model
parameters (name, type, default) and every object of a result file, checkpoint and analysis
file with its type and shape rule. The scripts take every name from here, none is written
into them.

    import sorn_format
    F = sorn_format.load()                      # a Schema; cached
    F.version                                   # the format_version
    F.formats.result                            # the root attribute format of a result file
    N = F.names                                 # the names of include/sorn/format/names.hpp
    F.path(N.group.state, N.state.W_ee, N.csr.indptr)      # "/state/W_ee/indptr"
    F.recording("spikes", population="E")       # the E spike table's name
    F.recording("sparse_series", matrix=N.state.W_ee)      # the W_ee snapshots' name

The simulator is found as: load(sorn_simulate=PATH) (the scripts' --sorn-simulate PATH), else
the environment variable SORN_SIMULATE, else ../build/bin/sorn-simulate next to this file,
else sorn-simulate on PATH. It runs without mpiexec (one process) and prints the schema only.
"""

import json
import os
import shutil
import subprocess
import types

ENV = "SORN_SIMULATE"
HERE = os.path.dirname(os.path.abspath(__file__))
BESIDE = os.path.join(HERE, os.pardir, "build", "bin", "sorn-simulate")

_cache = {}


class SchemaError(Exception):
    """The schema cannot be had: no simulator found, or it failed."""


def _namespace(d):
    return types.SimpleNamespace(**{k: _namespace(v) if isinstance(v, dict) else v
                                    for k, v in d.items()})


class Schema:
    """The parsed JSON of `sorn-simulate --print-schema json`."""

    def __init__(self, doc, source):
        self.doc = doc
        self.source = source
        self.version = int(doc["format_version"])
        self.formats = _namespace(doc["formats"])
        self.names = _namespace(doc["names"])
        self.recordings = doc["recordings"]
        self.parameters = doc["parameters"]
        self.objects = doc["objects"]

    @staticmethod
    def path(*names):
        """The absolute path "/a/b/c" of the names a, b, c."""
        return "/" + "/".join(names)

    def recording(self, kind, population="", matrix=""):
        """The name of the recording of this kind ("spikes", "counts", "snapshots",
        "sparse_series") and population ("E", "I", "R") or matrix (N.state.W_ee, ...)."""
        for r in self.recordings:
            if r["kind"] == kind and r["population"] == population and r["matrix"] == matrix:
                return r["name"]
        raise SchemaError("the schema of %s has no %s recording of %s"
                          % (self.source, kind, population or matrix))


def simulator(sorn_simulate=None):
    """The sorn-simulate to ask, as the module docstring says; SchemaError if there is none."""
    for path, why in ((sorn_simulate, "--sorn-simulate"), (os.environ.get(ENV), ENV)):
        if path:
            if not (os.path.isfile(path) and os.access(path, os.X_OK)):
                raise SchemaError("%s %s: not an executable sorn-simulate" % (why, path))
            return path
    if os.path.isfile(BESIDE) and os.access(BESIDE, os.X_OK):
        return os.path.normpath(BESIDE)
    found = shutil.which("sorn-simulate")
    if found:
        return found
    raise SchemaError("cannot find sorn-simulate, which describes the file format: give "
                      "--sorn-simulate PATH, set %s, or build it in %s"
                      % (ENV, os.path.normpath(os.path.dirname(BESIDE))))


def load(sorn_simulate=None):
    """The Schema of the sorn-simulate found (cached per executable); SchemaError if it cannot
    be had."""
    exe = simulator(sorn_simulate)
    if exe not in _cache:
        try:
            run = subprocess.run([exe, "--print-schema", "json"], stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        except (OSError, subprocess.SubprocessError) as e:
            raise SchemaError("%s --print-schema json: %s" % (exe, e))
        if run.returncode != 0:
            last = (run.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"])
            raise SchemaError("%s --print-schema json failed (exit %d): %s"
                              % (exe, run.returncode, last[-1]))
        try:
            _cache[exe] = Schema(json.loads(run.stdout.decode("utf-8")), exe)
        except (ValueError, KeyError) as e:
            raise SchemaError("%s --print-schema json: not a schema (%s)" % (exe, e))
    return _cache[exe]
