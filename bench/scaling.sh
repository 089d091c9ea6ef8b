#!/usr/bin/env bash
# The runs behind docs/PERFORMANCE.md: steps/s (from sorn-simulate's summary), peak memory per
# rank (GNU time's maximum resident set size of the largest rank) and, below each run, the time
# per phase (--timing: least and largest over the ranks).
# Usage: bench/scaling.sh [build/bin]   (run on an otherwise idle machine)
#
# Warm-up: the default network is measured twice, from its initial state and settled (from a
# checkpoint of a network that has already run 100 000 steps, made by the first command below;
# `sorn-simulate --state settled.h5 ...` continues it). The same command with other options
# (e.g. --ne 100000 --lambda-ee 100 ...) makes a settled network of any size.
set -euo pipefail
bin=${1:-$(dirname "$0")/../build/bin}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run() { # ranks, label, options...
  local n=$1 label=$2; shift 2
  /usr/bin/time -f "%M" -o "$tmp/rss" mpiexec -q -n "$n" --oversubscribe "$bin/sorn-simulate" \
      --timing "$@" > "$tmp/out" 2> /dev/null
  local rate
  rate=$(sed -n 's/.*(\([0-9]*\) steps\/s).*/\1/p' "$tmp/out")
  printf "%-52s ranks=%d  %8s steps/s  peak RSS %6d MiB\n" "$label" "$n" "$rate" \
      $(( $(cat "$tmp/rss") / 1024 ))
  sed -n '/^time per phase/,$p' "$tmp/out" | grep -vE '^  (recording|checkpoint|final write) .* 0\.0000 +0\.0000' \
      | sed 's/^/    /'
}

# The warm-up: a settled default network.
mpiexec -q -n 1 "$bin/sorn-simulate" --steps 100000 --checkpoint "$tmp/settled.h5" --quiet

big="--ne 100000 --network-type-ie sparse --lambda-ie 20"
run 1 "default 200 E, 100000 steps, no output" --steps 100000
run 1 "default 200 E, settled, 100000 steps, no output" --state "$tmp/settled.h5" --steps 100000
run 1 "default 200 E, 100000 steps, --record all" --steps 100000 --record all --record-every 1000 --output "$tmp/a.h5"
run 2 "default 200 E, 100000 steps, no output" --steps 100000
run 1 "100000 E, lambda 20, sparse E<->I, 1000 steps" $big --steps 1000
run 2 "100000 E, lambda 20, sparse E<->I, 1000 steps" $big --steps 1000
run 1 "100000 E, lambda 100, sparse E<->I, 100 steps" $big --lambda-ee 100 --steps 100
