"""What sorn_pkg_to_h5.py and h5_to_sorn_pkg.py share: the sorn state file's format (its
version and names, from sorn_format.py), its CSR matrices (/state/W_ee, W_ei, W_ie), error
reporting and the atomic write of an output.

A CSR group holds the attributes rows, cols and the datasets indptr (rows + 1), indices and
data; row = postsynaptic unit, columns strictly ascending within a row (docs/FORMAT.md).
"""

import os
import sys

import numpy as np

try:
    import h5py
except ImportError:  # pragma: no cover
    sys.exit("%s: error: h5py is not installed (use /usr/bin/python3)"
             % os.path.basename(sys.argv[0]))

import sorn_format  # noqa: E402  (beside this file, as the scripts that import us)

# The package network's checks and CSR conversion belong to the module sorn (python/sorn), which
# its API (sorn.Simulator, sorn.sorn.RunSorn) shares with these scripts. Only numpy is needed.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "python"))
from sorn.package_state import StateError, csr  # noqa: E402

SORN_SIMULATE = [None]  # --sorn-simulate PATH of the script, if given

# Bad input: reported on stderr, exit code 2.
ConversionError = StateError


def schema():
    """The file format (sorn_format.Schema) of the simulator; ConversionError if there is none."""
    try:
        return sorn_format.load(SORN_SIMULATE[0])
    except sorn_format.SchemaError as e:
        raise ConversionError(str(e))


# ---- running a conversion -------------------------------------------------------------------

def run_conversion(prog, convert, args):
    """convert(args); returns the exit code: 0, or 2 after 'PROG: error: ...' on stderr."""
    try:
        convert(args)
    except ConversionError as e:
        print("%s: error: %s" % (prog, e), file=sys.stderr)
        return 2
    return 0


def refuse_existing(path, overwrite):
    if os.path.exists(path) and not overwrite:
        raise ConversionError("%s: file exists (add --overwrite to replace it)" % path)


def write_atomically(path, write):
    """write(PATH.partial), then rename it to PATH, so that PATH is never left incomplete."""
    partial = path + ".partial"
    try:
        write(partial)
        os.replace(partial, path)
    except BaseException as e:
        try:
            os.remove(partial)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise ConversionError("%s: cannot write: %s" % (path, e))
        raise


# ---- writing CSR ----------------------------------------------------------------------------

def write_csr(parent, name, W, rows, cols):
    """The dense matrix W [row = post][col = pre] as the CSR group parent/NAME."""
    C = schema().names.csr
    indptr, indices, data = csr(W)
    g = parent.create_group(name)
    g.attrs[C.rows] = np.int64(rows)
    g.attrs[C.cols] = np.int64(cols)
    g.create_dataset(C.indptr, data=indptr, dtype="<i8")
    g.create_dataset(C.indices, data=indices, dtype="<i8")
    g.create_dataset(C.data, data=data, dtype="<f8")


# ---- reading, checked -----------------------------------------------------------------------

def open_for_reading(path, where, not_hdf5):
    """The HDF5 file PATH, opened read-only. Errors start with WHERE; NOT_HDF5 (with one %s for
    the reason) says what an existing file that HDF5 cannot open is."""
    if not os.path.exists(path):
        raise ConversionError("%s: no such file" % where)
    try:
        return h5py.File(path, "r")
    except OSError as e:
        raise ConversionError("%s: %s" % (where, not_hdf5 % e))


def dataset(f, path, src):
    if path not in f or not isinstance(f[path], h5py.Dataset):
        raise ConversionError("%s: dataset %s missing" % (src, path))
    return f[path]


def attribute(obj, name, src):
    """An integer attribute of obj."""
    if name not in obj.attrs:
        raise ConversionError("%s: attribute %s of %s missing" % (src, name, obj.name))
    value = obj.attrs[name]
    if np.ndim(value) != 0 or not np.issubdtype(np.asarray(value).dtype, np.integer):
        raise ConversionError("%s: attribute %s of %s must be an integer" % (src, name, obj.name))
    return int(value)


def read_vector(f, path, n, src):
    d = dataset(f, path, src)
    if d.shape != (n,):
        raise ConversionError("%s: %s has shape %s, expected (%d,)" % (src, path, d.shape, n))
    try:
        return d[()]
    except (OSError, KeyError) as e:
        raise ConversionError("%s: %s cannot be read (truncated or damaged file?): %s"
                              % (src, path, e))


def read_csr(f, name, rows, cols, src):
    """Dense [row = post][col = pre] matrix from /state/NAME (CSR), checked."""
    F = schema()
    C = F.names.csr
    g = F.path(F.names.group.state, name)
    indptr_path, indices_path, data_path = (F.path(F.names.group.state, name, part)
                                            for part in (C.indptr, C.indices, C.data))
    if g not in f or not isinstance(f[g], h5py.Group):
        raise ConversionError("%s: group %s missing" % (src, g))
    r, c = attribute(f[g], C.rows, src), attribute(f[g], C.cols, src)
    if (r, c) != (rows, cols):
        raise ConversionError("%s: %s is %d x %d, expected %d x %d from the other state arrays"
                              % (src, g, r, c, rows, cols))
    indptr = read_vector(f, indptr_path, rows + 1, src).astype(np.int64)
    nnz = dataset(f, indices_path, src).shape
    if len(nnz) != 1 or dataset(f, data_path, src).shape != nnz:
        raise ConversionError("%s: %s and %s must be 1-D of equal length"
                              % (src, indices_path, data_path))
    indices = read_vector(f, indices_path, nnz[0], src).astype(np.int64)
    data = read_vector(f, data_path, nnz[0], src).astype(np.float64)
    if indptr[0] != 0 or indptr[-1] != nnz[0] or np.any(np.diff(indptr) < 0):
        raise ConversionError("%s: %s is not a valid CSR row pointer" % (src, indptr_path))
    row_of = np.repeat(np.arange(rows), np.diff(indptr))
    bad = (indices < 0) | (indices >= cols)
    ascending = np.ones(nnz[0], dtype=bool)
    same_row = row_of[1:] == row_of[:-1]
    ascending[1:] = ~same_row | (indices[1:] > indices[:-1])
    bad |= ~ascending
    if bad.any():
        k = np.flatnonzero(bad)[0]
        raise ConversionError("%s: %s: row %d has columns out of range or not strictly "
                              "ascending" % (src, indices_path, row_of[k]))
    bad = ~((data > 0.0) & (data <= 1.0))
    if bad.any():
        k = np.flatnonzero(bad)[0]
        raise ConversionError("%s: %s: weight %r at (%d, %d) not in (0, 1]"
                              % (src, data_path, data[k], row_of[k], indices[k]))
    W = np.zeros((rows, cols), dtype=np.float64)
    W[row_of, indices] = data
    return W
