"""The Python package's network as numpy arrays (`matrices_dict`, v0.7.3's state dict), checked,
and its translation to our state (docs/FORMAT.md, "Correspondence with the Python package's
matrices_dict"). Shared by the package's API (sorn.simulator) and scripts/sorn_pkg_to_h5.py.

The package's dict holds

    Wee (Ne, Ne)  E->E weights, Wee[pre][post]      Te (Ne,) or (Ne, 1)  E thresholds
    Wei (Ni, Ne)  I->E weights, Wei[pre I][post E]  Ti (Ni,) or (Ni, 1)  I thresholds
    Wie (Ne, Ni)  E->I weights, Wie[pre E][post I]  X  (Ne,) or (Ne, k)  E activity
                                                    Y  (Ni,) or (Ni, k)  I activity

X and Y hold one column per time step (the package keeps two: previous, current); the LAST
column is the current activity x(t), y(t). Ours is the transpose: row = postsynaptic unit.

Needs numpy only (no engine, no h5py). Every check raises StateError (a ValueError) whose
message starts with the name of the source (the parameter or the file).
"""

import math

import numpy as np

KEYS = ("Wee", "Wei", "Wie", "Te", "Ti", "X", "Y")


class StateError(ValueError):
    """A package network that cannot be ours: the message names the source and the rule."""


def shape_text(shape):
    return "(" + ", ".join(str(s) for s in shape) + (",)" if len(shape) == 1 else ")")


def numeric_arrays(obj, src):
    """{key: float64 array} of the KEYS of the dict obj; StateError if one is missing or not
    numeric."""
    missing = [k for k in KEYS if k not in obj]
    if missing:
        present = ", ".join(sorted(str(k) for k in obj)) or "none"
        raise StateError("%s: key(s) %s missing from the matrices dict (keys present: %s)"
                         % (src, ", ".join(repr(k) for k in missing), present))
    arrays = {}
    for k in KEYS:
        try:
            a = np.asarray(obj[k])
            if a.dtype.kind not in "biuf":
                raise TypeError("dtype %s" % a.dtype)
            arrays[k] = a.astype(np.float64)
        except (TypeError, ValueError) as e:
            raise StateError("%s: %r is not a numeric array (%s)" % (src, k, e))
    return arrays


def check_shapes(a, src):
    """(Ne, Ni, vectors) of the arrays a: vectors = {Te, Ti: float64 (n,), X, Y: uint8 (n,) of
    the current activity, X_prev, Y_prev: the column before it, or None}."""
    Wee, Wei, Wie = a["Wee"], a["Wei"], a["Wie"]
    if Wee.ndim != 2 or Wee.shape[0] != Wee.shape[1]:
        raise StateError("%s: Wee must be square (Ne, Ne), found shape %s"
                         % (src, shape_text(Wee.shape)))
    Ne = Wee.shape[0]
    if Ne < 2:
        raise StateError("%s: Wee is %s: the simulator needs Ne >= 2"
                         % (src, shape_text(Wee.shape)))
    if Wei.ndim != 2 or Wei.shape[1] != Ne:
        raise StateError(
            "%s: Wei must have shape (Ni, Ne) = (Ni, %d) (I->E stored [pre I][post E]), found "
            "shape %s" % (src, Ne, shape_text(Wei.shape)))
    Ni = Wei.shape[0]
    if Ni < 1:
        raise StateError("%s: Wei has no rows: the network needs Ni >= 1 inhibitory unit" % src)
    if Wie.shape != (Ne, Ni):
        raise StateError(
            "%s: Wie must have shape (Ne, Ni) = (%d, %d) (E->I stored [pre E][post I]) to match "
            "Wee %s and Wei %s, found shape %s"
            % (src, Ne, Ni, shape_text(Wee.shape), shape_text(Wei.shape), shape_text(Wie.shape)))
    vectors = {}
    for key, n in (("Te", Ne), ("Ti", Ni)):
        v = a[key]
        if v.shape not in ((n,), (n, 1)):
            raise StateError("%s: %s must have shape (%d,) or (%d, 1), found shape %s"
                             % (src, key, n, n, shape_text(v.shape)))
        v = v.reshape(n)
        bad = np.flatnonzero(~np.isfinite(v))
        if bad.size:
            raise StateError("%s: %s[%d] = %r is not finite" % (src, key, bad[0], v[bad[0]]))
        vectors[key] = v
    for key, n in (("X", Ne), ("Y", Ni)):
        v, previous = a[key], None
        if v.ndim == 2 and v.shape[0] == n and v.shape[1] >= 1:
            if v.shape[1] >= 2:
                previous = v[:, -2]
            v = v[:, -1]  # one column per time step: the last one is the current activity
        elif v.shape != (n,):
            raise StateError(
                "%s: %s must have shape (%d,) or (%d, k) with one column per time step (the "
                "last is the current activity), found shape %s"
                % (src, key, n, n, shape_text(v.shape)))
        for column, which in ((v, "current"), (previous, "previous")):
            if column is None:
                continue
            bad = np.flatnonzero((column != 0.0) & (column != 1.0))
            if bad.size:
                raise StateError("%s: %s: the %s activity must be 0 or 1, unit %d has %r"
                                 % (src, key, which, bad[0], column[bad[0]]))
        vectors[key] = v.astype(np.uint8)
        vectors[key + "_prev"] = None if previous is None else previous.astype(np.uint8)
    return Ne, Ni, vectors


def check_weights(name, W, src, zero_diagonal=False):
    """W in the package's orientation [pre][post]: finite, in [0, 1], and a zero diagonal."""
    bad = ~np.isfinite(W) | (W < 0.0) | (W > 1.0)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise StateError(
            "%s: %s[%d][%d] = %r (pre %d -> post %d): weights must be finite and lie in [0, 1]"
            " (%d bad entr%s)" % (src, name, i, j, W[i, j], i, j, bad.sum(),
                                  "y" if bad.sum() == 1 else "ies"))
    if zero_diagonal:
        d = np.flatnonzero(np.diagonal(W) != 0.0)
        if d.size:
            raise StateError(
                "%s: %s[%d][%d] = %r: self-synapses are not allowed, the diagonal of %s must be 0"
                " (%d nonzero diagonal entr%s)" % (src, name, d[0], d[0], W[d[0], d[0]], name,
                                                   d.size, "y" if d.size == 1 else "ies"))


def checked(obj, src):
    """The package's dict obj, checked: (Ne, Ni, matrices, vectors) with matrices = our
    orientation {W_ee: (Ne, Ne), W_ei: (Ne, Ni), W_ie: (Ni, Ne)} [post][pre], dense."""
    a = numeric_arrays(obj, src)
    Ne, Ni, vectors = check_shapes(a, src)
    check_weights("Wee", a["Wee"], src, zero_diagonal=True)
    check_weights("Wei", a["Wei"], src)
    check_weights("Wie", a["Wie"], src)
    matrices = {"W_ee": np.ascontiguousarray(a["Wee"].T),
                "W_ei": np.ascontiguousarray(a["Wei"].T),
                "W_ie": np.ascontiguousarray(a["Wie"].T)}
    return Ne, Ni, matrices, vectors


def ratio_for(Ne, Ni):
    """A float64 r with floor(r * Ne) == Ni exactly, as the simulator computes N_i."""
    r = Ni / Ne
    for _ in range(64):
        if math.floor(r * float(Ne)) == Ni:
            return r
        r = float(np.nextafter(r, math.inf) if math.floor(r * float(Ne)) < Ni
                  else np.nextafter(r, -math.inf))
    raise StateError("cannot represent inhibitory-ratio for Ni = %d, Ne = %d" % (Ni, Ne))


def csr(W):
    """CSR of a dense matrix [row][col]: entries > 0, columns ascending within each row:
    (indptr, indices, data)."""
    rows, cols = np.nonzero(W > 0.0)  # row-major order: rows, then columns ascending
    indptr = np.zeros(W.shape[0] + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=W.shape[0]), out=indptr[1:])
    return indptr, cols.astype(np.int64), np.ascontiguousarray(W[rows, cols], dtype=np.float64)
