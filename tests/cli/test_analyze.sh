#!/usr/bin/env bash
# sorn-analyze end to end: the JSON of 1, 2, 3 and 4 ranks is byte-identical; bad input
# exits 2 with one line and no output file.
set -euo pipefail
bin=$1
mpiexec=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
fail() { echo "FAIL: $*" >&2; exit 1; }

"$mpiexec" -q -n 2 "$bin/sorn-simulate" --steps 3000 --ne 120 --record all --record-every 500 \
    --output run.h5 --quiet
"$mpiexec" -q -n 2 "$bin/sorn-simulate" --steps 3000 --ne 120 --seed 2 --output other.h5 --quiet
for n in 1 2 3 4; do
  "$mpiexec" -q -n $n "$bin/sorn-analyze" run.h5 --compare other.h5 --json > "a$n.json" \
      || fail "sorn-analyze on $n ranks exited $?"
done
for n in 2 3 4; do cmp -s a1.json "a$n.json" || fail "JSON of $n ranks differs from 1 rank"; done
grep -q '"avalanches"' a1.json || fail "no avalanche results in the JSON"
grep -q '"hamming"' a1.json || fail "no Hamming distance in the JSON"

"$mpiexec" -q -n 3 "$bin/sorn-analyze" run.h5 --output ana.h5 --quiet || fail "--output failed"
[ -s ana.h5 ] || fail "no analysis file"

expect_bad() {
  local what=$1; shift
  set +e
  "$mpiexec" -q -n 2 "$bin/sorn-analyze" "$@" --output bad.h5 > out.txt 2> err.txt
  local rc=$?
  set -e
  [ $rc -eq 2 ] || fail "$what: exit $rc, expected 2"
  [ "$(grep -c . err.txt)" -eq 1 ] || fail "$what: expected one line on stderr, got: $(cat err.txt)"
  [ ! -e bad.h5 ] && [ ! -e bad.h5.partial ] || fail "$what: left an output file"
}
expect_bad "missing file" nope.h5
echo "not hdf5" > text.h5
expect_bad "not an HDF5 file" text.h5
expect_bad "window outside the run" run.h5 --from 5000 --to 6000
expect_bad "unknown option" run.h5 --bogus
echo "test_analyze: ok"
