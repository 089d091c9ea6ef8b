#!/usr/bin/python3
"""The content of an HDF5 file as stable text, so that a change of a golden file shows in review.

usage: h5text.py FILE.h5 [--exclude PATH]...      (default: --exclude /provenance)

Prints every group, dataset and attribute outside the excluded paths, sorted by name, one
object per line, then a dataset's values, 8 per line:

    /recordings/TE: dataset float64 (3, 60)
      [0,0] 0.2651 0.5213 ...
    /recordings/TE @first_step: int64 = 1

Reals are printed in Python's shortest form that reads back bit for bit (repr), so equal text
means equal values; uint8 tables (the bit-packed spikes) as one hex string per row. The
storage layout (chunks, compression) is not printed: h5repack does not change the text.
/provenance is excluded by default since it describes the run (time, host, ranks, command
line, lineage), not the network. Needs h5py and numpy (Debian's /usr/bin/python3).
"""

import argparse
import json
import sys

import h5py
import numpy as np

PER_LINE = 8


def scalar(v):
    """One value as text: shortest exact reals, plain integers, JSON-quoted strings."""
    if isinstance(v, bytes):
        v = v.decode("utf-8", "replace")
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, (float, np.floating)):
        return repr(float(v))
    if isinstance(v, (bool, np.bool_)):
        return str(int(v))
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    return repr(v)


def type_name(dtype):
    if h5py.check_string_dtype(dtype) is not None or dtype.kind in "SUO":
        return "string"
    return dtype.name


def attributes(path, obj, out):
    for name in sorted(obj.attrs):
        value = obj.attrs[name]
        if isinstance(value, np.ndarray) and value.shape != ():
            shown = "[" + ", ".join(scalar(x) for x in value.ravel()) + "]"
            out.append(f"{path} @{name}: {type_name(value.dtype)} {value.shape} = {shown}")
        else:
            kind = "string" if isinstance(value, (str, bytes)) else type_name(np.asarray(value).dtype)
            out.append(f"{path} @{name}: {kind} = {scalar(value)}")


def values(ds, out):
    a = ds[()]
    if ds.dtype == np.uint8 and a.ndim == 2:
        for r, row in enumerate(a):
            out.append(f"  [{r}] {row.tobytes().hex()}")
        return
    if a.ndim == 0:
        out.append(f"  {scalar(a.item() if hasattr(a, 'item') else a)}")
        return
    rows = a.reshape(-1, a.shape[-1]) if a.ndim > 1 else a.reshape(1, -1)
    for r, row in enumerate(rows):
        items = [scalar(x) for x in row.tolist()]
        for c in range(0, len(items), PER_LINE):
            where = f"{r},{c}" if a.ndim > 1 else f"{c}"
            out.append(f"  [{where}] " + " ".join(items[c:c + PER_LINE]))


def walk(path, obj, excluded, out):
    if path in excluded:
        return
    if isinstance(obj, h5py.Dataset):
        out.append(f"{path}: dataset {type_name(obj.dtype)} {obj.shape}")
        attributes(path, obj, out)
        values(obj, out)
        return
    out.append(f"{path}: group")
    attributes(path, obj, out)
    for name in sorted(obj):
        walk(path.rstrip("/") + "/" + name, obj[name], excluded, out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file", metavar="FILE.h5")
    ap.add_argument("--exclude", action="append", metavar="PATH",
                    help="leave out this group or dataset (repeatable; default /provenance)")
    args = ap.parse_args()
    excluded = set(args.exclude or ["/provenance"])
    out = []
    with h5py.File(args.file, "r") as f:
        walk("/", f, excluded, out)
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
