#!/usr/bin/env bash
# sorn-simulate --timing: on 1 and 2 ranks the table names the ranks and steps and lists every
# phase of the step schedule, then "other", "step loop", "final write" and "set-up" (the time
# before the first step: building the network, or reading it with --state), each with its
# least and largest seconds over the ranks (min <= max); the loop, the final write of an
# output file and the set-up take time (> 0).
#
# usage: bash test_timing.sh <build/bin dir> <mpiexec>
set -euo pipefail
source "$(dirname "$0")/lib.sh"
enter_workdir timing

cases=0
# check_table WHAT: the table of out.txt (see the header).
check_table() {
    cases=$((cases + 1))
    "$PY" - "$1" "$np" <<'PY' || fail "$1: the --timing table is not what it should be"
import re, sys
what, np = sys.argv[1], int(sys.argv[2])
text = open("out.txt").read()
head = re.search(r"time per phase \(--timing\), (\d+) rank\(s\), (\d+) steps", text)
assert head and int(head.group(1)) == np and int(head.group(2)) == 200, text
names = ["drive E", "exchange E", "drive I", "exchange I", "W_ee rows", "STDP", "IP", "SP",
         "iSTDP", "W_ei rows", "SN", "recording", "checkpoint", "other", "step loop",
         "final write", "set-up"]
rows = {}
for line in text[head.end():].splitlines():
    m = re.match(r"  (\S.*?)\s+(-?[0-9.]+)\s+(-?[0-9.]+)\s+(-?[0-9.]+)\s+(-?[0-9.]+)$", line)
    if m:
        rows[m.group(1)] = (float(m.group(2)), float(m.group(3)))
assert list(rows) == names, (what, list(rows))
for name, (lo, hi) in rows.items():
    if name != "other":  # the loop less the phases: may round below 0 on a rank
        assert 0 <= lo <= hi, (what, name, lo, hi)
for name in ["step loop", "final write", "set-up"]:
    assert rows[name][1] > 0, (what, name, rows[name])
PY
}

for np in 1 2; do
    rm -f out.h5 saved.h5
    must_simulate "$np" --ne 400 --steps 200 --timing --quiet --output saved.h5
    check_table "a new network on $np rank(s)"
    must_simulate "$np" --state saved.h5 --steps 200 --timing --quiet --output out.h5
    check_table "--state on $np rank(s)"
done

finish test_timing "$cases"
