#!/usr/bin/env bash
# The file formats as one module (include/sorn/format/): its schema, printed by
# `sorn-simulate --print-schema json`, against the documentation and against real files.
#   a. the schema is JSON with the format_version, the names, the recordings, the parameters
#      (every one with a type and a default) and the objects; `--print-schema xml` exits 2;
#   b. docs/FORMAT.md names every group, dataset and attribute of a result file and a
#      checkpoint, every parameter and every recording (in code: `name`), and
#      docs/ANALYSIS.md every one of an analysis file;
#   c. every format_version number in FORMAT.md and ANALYSIS.md is the schema's;
#   d. every name in the first column of FORMAT.md's tables of /, /parameters, /provenance,
#      /recordings and /state is in the schema, with the type given there;
#   e. real files hold only objects of the schema, of its type, rank and value, and every
#      object the schema says is always there (when its parent is): the golden result,
#      checkpoint and analysis files, and fresh ones (every recording; a checkpoint; analyses
#      with --compare, sampled pairs, a skipped statistic);
#   f. the schema's names are the C++ identifiers' (root.format_version, state.W_ee, ...), as
#      scripts/sorn_format.py hands them to the scripts.
#
# usage: bash test_format_doc.sh <build/bin dir> <mpiexec>
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ANALYZE=$BIN_DIR/sorn-analyze
require_h5py
[[ -x $ANALYZE ]] || fatal "$ANALYZE is not an executable"
enter_workdir format_doc

PY_HELPERS=$(cat <<'EOF'
import json
import re

SCHEMA = json.load(open("schema.json"))
VERSION = SCHEMA["format_version"]
SAVED = {"result", "checkpoint"}


def basename(o):
    return o["name"] if o["kind"] == "attribute" else o["path"].rsplit("/", 1)[-1]


def names_of(kinds):
    """Every object name (attribute name or last path component) of these kinds of file."""
    return {basename(o) for o in SCHEMA["objects"] if set(o["files"]) & kinds} - {"", "*"}


def in_code(doc, name):
    """name inside a `code` span of doc, as a whole word (not part of ee_mean or lambda-ee)."""
    word = r"(?<![\w-])" + re.escape(name) + r"(?![\w-])"
    return re.search(r"`[^`\n]*" + word + r"[^`\n]*`", doc) is not None


def h5_type(dtype):
    if h5py.check_string_dtype(dtype) is not None:
        return "string"
    return {"i8": "int64", "f8": "float64", "u1": "uint8"}.get(dtype.str[1:], dtype.str)


def rank(shape_rule):
    """The number of dimensions of a shape rule: "(T, ceil(N/8))" 2, "(rows + 1,)" 1."""
    inner, depth, parts, cur = shape_rule.strip()[1:-1], 0, [], ""
    for ch in inner:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return len([p for p in parts if p.strip()])


def check_file(path, kind):
    """Every object of the file is in the schema for `kind` with its type, rank and value;
    every object the schema says is always there is, where its parent is."""
    objs = [o for o in SCHEMA["objects"] if kind in o["files"]]
    groups = {o["path"]: o for o in objs if o["kind"] == "group"}
    dsets = {o["path"]: o for o in objs if o["kind"] == "dataset"}
    attrs = {(o["path"], o["name"]): o for o in objs if o["kind"] == "attribute"}
    problems = []

    def check_attrs(name, obj):
        for a, v in obj.attrs.items():
            o = attrs.get((name, a)) or attrs.get((name, "*"))
            if o is None:
                problems.append(f"{name} @{a}: not in the schema of a {kind} file")
                continue
            v = np.asarray(v) if not isinstance(v, str) else v
            t = "string" if isinstance(v, str) else h5_type(v.dtype)
            if t != o["type"] or (not isinstance(v, str) and v.shape != ()):
                problems.append(f"{name} @{a}: {t} {getattr(v, 'shape', ())}, schema {o['type']}")
            if "value" in o and (v if isinstance(v, str) else v.item()) != o["value"]:
                problems.append(f"{name} @{a} = {v!r}, schema value {o['value']!r}")

    with h5py.File(path, "r") as f:
        seen = {"/"}
        check_attrs("/", f)

        def visit(rel, obj):
            name = "/" + rel
            seen.add(name)
            if isinstance(obj, h5py.Group):
                if name not in groups:
                    problems.append(f"{name}: a group not in the schema of a {kind} file")
            else:
                o = dsets.get(name)
                if o is None:
                    problems.append(f"{name}: a dataset not in the schema of a {kind} file")
                elif h5_type(obj.dtype) != o["type"] or obj.ndim != rank(o["shape"]):
                    problems.append(f"{name}: {obj.dtype} {obj.shape}, schema {o['type']} "
                                    f"{o['shape']}")
            check_attrs(name, obj)

        f.visititems(visit)
        for o in objs:
            if o["presence"] != "always":
                continue
            if o["kind"] == "attribute":
                if o["name"] != "*" and o["path"] in seen and o["name"] not in f[o["path"]].attrs:
                    problems.append(f"{o['path']} @{o['name']}: missing (always there)")
            elif o["path"] not in seen and o["path"].rsplit("/", 1)[0] in seen | {""}:
                problems.append(f"{o['path']}: missing (always there)")
    assert not problems, f"{path} ({kind}):\n  " + "\n  ".join(problems[:20])
    print(f"{path}: {len(seen)} groups/datasets, every one in the schema of a {kind} file")
EOF
)

# ---- a. the schema ----------------------------------------------------------------------------
"$SIM" --print-schema json >schema.json 2>err.txt || fatal "--print-schema json failed: $(cat err.txt)"
rc=0
"$SIM" --print-schema xml >out.txt 2>err.txt || rc=$?
if [[ $rc -eq 2 ]] && grep -q '^sorn-simulate: error: --print-schema xml' err.txt; then
    echo "ok: [a] --print-schema xml exits 2"
else
    fail "[a] --print-schema xml: exit $rc, stderr $(head -c 200 err.txt)"
fi
check "[a] the schema: version, names, recordings, parameters, objects" '
s = json.load(open("schema.json"))
assert isinstance(s["format_version"], int) and s["format_version"] >= 1
assert s["formats"]["result"] == s["formats"]["checkpoint"] != s["formats"]["analysis"]
assert len(s["recordings"]) == 10, s["recordings"]
assert {r["kind"] for r in s["recordings"]} == {"spikes", "counts", "snapshots", "sparse_series", "letters"}
for p in s["parameters"]:
    assert p["type"] in ("int64", "float64", "string") and "default" in p, p
assert len(s["parameters"]) > 30
for o in s["objects"]:
    assert o["kind"] in ("group", "dataset", "attribute"), o
    assert o["path"].startswith("/") and o["files"], o
    if o["kind"] != "group":
        assert o["type"] in ("int64", "float64", "uint8", "string"), o
    if o["kind"] == "attribute":
        assert o["name"] and o["shape"] == "scalar", o
for kind in ("result", "checkpoint", "analysis"):
    paths = [(o["kind"], o["path"], o.get("name")) for o in s["objects"] if kind in o["files"]]
    assert len(paths) == len(set(paths)), f"an object of a {kind} file is listed twice"
'


# ---- b. the documentation names everything ----------------------------------------------------
check "[b] docs/FORMAT.md names every object of a result file and checkpoint" '
doc = open(sys.argv[1]).read()
want = names_of(SAVED) | {p["name"] for p in SCHEMA["parameters"]} | \
    {r["name"] for r in SCHEMA["recordings"]}
missing = sorted(n for n in want if not in_code(doc, n))
assert not missing, f"not in docs/FORMAT.md: {missing}"
print(f"{len(want)} names")
' "$ROOT/docs/FORMAT.md"
check "[b] docs/ANALYSIS.md names every object of an analysis file" '
doc = open(sys.argv[1]).read()
missing = sorted(n for n in names_of({"analysis"}) if not in_code(doc, n))
assert not missing, f"not in docs/ANALYSIS.md: {missing}"
' "$ROOT/docs/ANALYSIS.md"

# ---- c. one format_version ----------------------------------------------------------------------
check "[c] every format_version number in FORMAT.md and ANALYSIS.md is the schema's" '
patterns = [r"format_version\W{0,4}\s*(?:=|==|is)\s*`?(\d+)",       # = 1, == 1, is 1
            r"format_version\W[^.|]*?equal to (\d+)",               # ... equal to 1
            r"\|\s*`format_version`\s*\|[^|]*\|\s*`(\d+)`",          # | `format_version` | int64 | `1` |
            r"[Vv]ersion (\d+)\b"]                                  # (version 1), **version 1**
for path in sys.argv[1:]:
    text = re.sub(r"\s+", " ", open(path).read())
    found = [int(m) for p in patterns for m in re.findall(p, text)]
    assert found, f"{path}: no format_version number found"
    bad = sorted(set(v for v in found if v != VERSION))
    assert not bad, f"{path}: format_version {bad}, the schema says {VERSION}"
    print(f"{path}: {len(found)} mentions of version {VERSION}")
' "$ROOT/docs/FORMAT.md" "$ROOT/docs/ANALYSIS.md"

# ---- d. what FORMAT.md tables list is in the schema ---------------------------------------------
check "[d] the names and types of FORMAT.md's tables are the schema's" '
doc = open(sys.argv[1]).read()
types = {}
for o in SCHEMA["objects"]:
    if set(o["files"]) & SAVED and o["kind"] != "group":
        types.setdefault(basename(o), set()).add(o["type"])
for o in SCHEMA["objects"]:
    if set(o["files"]) & SAVED and o["kind"] == "group":
        types.setdefault(basename(o), set()).add("group")
for p in SCHEMA["parameters"]:
    types.setdefault(p["name"], set()).add(p["type"])
heads = ("Attribute", "Group attribute", "Dataset", "Object")
section, col, rows, in_table = None, None, 0, False
for line in doc.splitlines():
    if line.startswith("## "):
        section = line if line.startswith("## `/") else None
    if not line.startswith("|"):
        in_table = False
        continue
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if not in_table:  # the header row: a table of objects, or another table
        in_table = True
        col = (cells.index("Type") if "Type" in cells else -1) if cells[0] in heads else None
        continue
    if section is None or col is None or set(cells[0]) <= set("-: "):
        continue
    m = re.fullmatch(r"`([\w-]+)/?`", cells[0])
    assert m, f"{section}: first cell {cells[0]!r} is not one `name`"
    name = m.group(1)
    assert name in types, f"{section}: `{name}` is not in the schema"
    if col >= 0 and cells[col]:
        doc_type = cells[col].split()[0]
        assert doc_type in types[name] or (doc_type == "group" and "group" in types[name]), \
            f"{section}: `{name}` is {doc_type} in FORMAT.md, {sorted(types[name])} in the schema"
    rows += 1
assert rows > 60, f"only {rows} table rows checked"
print(f"{rows} table rows")
' "$ROOT/docs/FORMAT.md"

# ---- e. real files ----------------------------------------------------------------------------
check "[e] the golden result, checkpoint and analysis files hold what the schema says" '
G = sys.argv[1]
check_file(G + "/result.h5", "result")
check_file(G + "/resumed.h5", "result")
check_file(G + "/checkpoint.h5", "checkpoint")
check_file(G + "/analysis.h5", "analysis")
' "$ROOT/tests/golden"

NET=(--ne 40 --nu 4 --lambda-ee 8 --lambda-ei 20 --input-source random --quiet)
on_ranks 2 "$SIM" "${NET[@]}" --steps 120 --record all --record-every 40 --record-steps 10:100 \
    --checkpoint ckpt.h5 --output all.h5 >/dev/null || fatal "sorn-simulate --record all failed"
on_ranks 1 "$SIM" "${NET[@]}" --steps 120 --seed 7 --record ExcitatoryActivation \
    --output e_only.h5 >/dev/null || fatal "sorn-simulate --record ExcitatoryActivation failed"
on_ranks 2 "$SIM" --ne 40 --nu 6 --input-source words --input-words 'ab^2c,de^2f' --quiet \
    --steps 30 --record all --output words.h5 >/dev/null || fatal "sorn-simulate words failed"
on_ranks 2 "$ANALYZE" all.h5 --compare e_only.h5 --corr-exact-max 10 --corr-pairs 50 \
    --output compare.h5 --quiet >/dev/null || fatal "sorn-analyze --compare failed"
on_ranks 1 "$ANALYZE" e_only.h5 --no-spike-times --output skipped.h5 --quiet >/dev/null ||
    fatal "sorn-analyze of e_only.h5 failed"
check "[e] fresh files (every recording, checkpoint, --compare, sampled pairs, skipped)" '
check_file("all.h5", "result")
check_file("e_only.h5", "result")
check_file("words.h5", "result")
with h5py.File("words.h5", "r") as f:
    L = f["recordings/InputLetters"]
    assert L.shape == (30,) and L.attrs["alphabet"] == "abcdef", (L.shape, L.attrs["alphabet"])
with h5py.File("all.h5", "r") as f:
    assert "InputLetters" not in f["recordings"], "InputLetters without a words source"
check_file("ckpt.h5", "checkpoint")
check_file("compare.h5", "analysis")
check_file("skipped.h5", "analysis")
with h5py.File("compare.h5", "r") as f:
    assert "hamming" in f and "pair_a" in f["correlation"], "no Hamming distance or sampled pairs"
with h5py.File("skipped.h5", "r") as f:
    assert "skipped" in f and "spike_times" not in f, "no /skipped, or /spike_times"
'

# ---- f. the names scripts get -----------------------------------------------------------------
check "[f] scripts/sorn_format.py hands the scripts the schema's names" '
sys.path.insert(0, sys.argv[1])
import sorn_format
F = sorn_format.load()
N = F.names
assert F.version == VERSION
assert F.path(N.group.state, N.state.W_ee, N.csr.indptr) in \
    {o["path"] for o in SCHEMA["objects"] if o["kind"] == "dataset"}
assert N.root.format_version in {o["name"] for o in SCHEMA["objects"]
                                 if o["path"] == "/" and o["kind"] == "attribute"}
spikes = [F.recording("spikes", population=p) for p in "EIR"]
assert len(set(spikes)) == 3
assert F.recording("sparse_series", matrix=N.state.W_ee) in {r["name"] for r in SCHEMA["recordings"]}
' "$ROOT/scripts"

finish test_format_doc
