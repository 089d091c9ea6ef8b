#!/usr/bin/env bash
# sorn-analyze end to end: the JSON of 1, 2, 3 and 4 ranks is byte-identical; bad input
# exits 2 with one line and no output file.
#
# usage: bash test_analyze.sh <build/bin dir> <mpiexec>
set -euo pipefail
source "$(dirname "$0")/lib.sh"
enter_workdir analyze
ANALYZE=$BIN_DIR/sorn-analyze

on_ranks 2 "$SIM" --steps 3000 --ne 120 --record all --record-every 500 --output run.h5 --quiet
on_ranks 2 "$SIM" --steps 3000 --ne 120 --seed 2 --output other.h5 --quiet
for n in 1 2 3 4; do
  on_ranks $n "$ANALYZE" run.h5 --compare other.h5 --json > "a$n.json" \
      || fatal "sorn-analyze on $n ranks exited $?"
done
for n in 2 3 4; do cmp -s a1.json "a$n.json" || fatal "JSON of $n ranks differs from 1 rank"; done
grep -q '"avalanches"' a1.json || fatal "no avalanche results in the JSON"
grep -q '"hamming"' a1.json || fatal "no Hamming distance in the JSON"

on_ranks 3 "$ANALYZE" run.h5 --output ana.h5 --quiet || fatal "--output failed"
[ -s ana.h5 ] || fatal "no analysis file"

expect_bad() {
  local what=$1; shift
  local rc=0
  on_ranks 2 "$ANALYZE" "$@" --output bad.h5 > out.txt 2> err.txt || rc=$?
  [ $rc -eq 2 ] || fatal "$what: exit $rc, expected 2"
  [ "$(grep -c . err.txt)" -eq 1 ] || fatal "$what: expected one line on stderr, got: $(cat err.txt)"
  [ ! -e bad.h5 ] && [ ! -e bad.h5.partial ] || fatal "$what: left an output file"
}
expect_bad "missing file" nope.h5
echo "not hdf5" > text.h5
expect_bad "not an HDF5 file" text.h5
expect_bad "window outside the run" run.h5 --from 5000 --to 6000
expect_bad "unknown option" run.h5 --bogus
echo "test_analyze: ok"
