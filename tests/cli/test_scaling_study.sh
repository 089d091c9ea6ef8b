#!/usr/bin/env bash
# bench/scaling_study.sh (docs/SCALING.md) at a tiny size: it writes the CSV and the figure, one
# row per run of each series with a rate, an efficiency of exactly 1 for the first run of a
# series, and the phase times of --timing; the correctness series finds the files of 1, 2 and 3
# ranks identical; bad options exit 2.
#
# usage: bash test_scaling_study.sh <build/bin dir> <mpiexec>
set -euo pipefail
source "$(dirname "$0")/lib.sh"
require_h5py
STUDY=$(cd "$(dirname "$0")/../../bench" && pwd)/scaling_study.sh
enter_workdir scaling_study

expect_success "run" bash "$STUDY" out --bin "$BIN_DIR" --strong-ne 400 --weak-ne-per-rank 200 \
    --steps 50 --warmup 100 --max-ranks 2 --check-ne 300 --check-ranks "1 2 3" || cat run.stderr >&2
[[ -s out/scaling.png ]] || fail "no out/scaling.png"
"$PY" - <<'PY' || fail "out/scaling.csv is not what the study ran"
import csv
rows = list(csv.DictReader(open("out/scaling.csv")))
series = [(r["series"], int(r["ranks"]), int(r["ne"])) for r in rows]
assert series == [("strong", 1, 400), ("strong", 2, 400), ("weak", 1, 200), ("weak", 2, 400),
                  ("check", 1, 300), ("check", 2, 300), ("check", 3, 300)], series
for r in rows[:4]:
    assert float(r["steps_per_s"]) > 0 and int(r["ee_synapses"]) > 0, r
    assert 0 < float(r["mean_rate"]) < 1, r
    assert all(float(r[k]) >= 0 for k in r if k.startswith("us_")), r
assert rows[0]["efficiency"] == "1.000" and rows[2]["efficiency"] == "1.000", rows
# Both strong runs continue the same warmed-up network: the same synapses and rate.
assert rows[0]["ee_synapses"] == rows[1]["ee_synapses"], rows
assert rows[0]["mean_rate"] == rows[1]["mean_rate"], rows
assert all(r["identical"] == "yes" for r in rows[4:]), rows
PY

capture bad bash "$STUDY" out2 --bin "$BIN_DIR" --steps 0
[[ $rc -eq 2 ]] && grep -q "positive integer" bad.stderr || fail "--steps 0: exit $rc, $(cat bad.stderr)"
capture bad2 bash "$STUDY" out2 --bin "$BIN_DIR" --no-such 1
[[ $rc -eq 2 ]] && grep -q "unknown option --no-such" bad2.stderr || fail "--no-such: exit $rc"
finish test_scaling_study
