#!/usr/bin/env bash
# The runs behind docs/PERFORMANCE.md: steps/s (from sorn-simulate's summary) and peak
# memory per rank (GNU time's maximum resident set size of the largest rank).
# Usage: bench/scaling.sh [build/bin]   (run on an otherwise idle machine)
set -euo pipefail
bin=${1:-$(dirname "$0")/../build/bin}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

run() { # ranks, label, options...
  local n=$1 label=$2; shift 2
  /usr/bin/time -f "%M" -o "$tmp/rss" mpiexec -q -n "$n" --oversubscribe "$bin/sorn-simulate" "$@" \
      > "$tmp/out" 2> /dev/null
  local rate
  rate=$(sed -n 's/.*(\([0-9]*\) steps\/s).*/\1/p' "$tmp/out")
  printf "%-44s ranks=%d  %8s steps/s  peak RSS %6d MiB\n" "$label" "$n" "$rate" \
      $(( $(cat "$tmp/rss") / 1024 ))
}

big="--ne 100000 --network-type-ie sparse --lambda-ie 20"
run 1 "default 200 E, 100000 steps, no output" --steps 100000
run 1 "default 200 E, 100000 steps, --record all" --steps 100000 --record all --record-every 1000 --output "$tmp/a.h5"
run 2 "default 200 E, 100000 steps, no output" --steps 100000
run 1 "100000 E, lambda 20, sparse E<->I, 1000 steps" $big --steps 1000
run 2 "100000 E, lambda 20, sparse E<->I, 1000 steps" $big --steps 1000
