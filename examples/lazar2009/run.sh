#!/usr/bin/env bash
# The counting task of Lazar, Pipa & Triesch 2009 in one command (docs/SCIENCE.md): runs
# sorn-counting-task with the paper's network (lazar2009.ini) for 5 conditions x 7 word lengths
# x 5 seeds, then writes into OUT: results.csv (one row per run), summary.csv and summary.json
# (mean and sd over the seeds), accuracy.png and run.log.
#   usage: examples/lazar2009/run.sh OUT [RANKS [sorn-counting-task options...]]
#   e.g.   examples/lazar2009/run.sh lazar_out 1
#          examples/lazar2009/run.sh lazar_small 1 --n-values 4,10 --seeds 1,2
# Expected run time of the full run (the defaults below, 175 runs of 60 000 steps at N_e = 200):
# about 4 minutes on 1 rank of the 2-core VM; more ranks do not pay at this size (the spike
# exchange of every step dominates), they pay from N_e of a few thousand (--set ne=...).
# Options given after RANKS override the defaults below (e.g. --seeds 1,2,3).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
[[ $# -ge 1 ]] || { sed -n '2,13p' "$0" >&2; exit 2; }
[[ $1 == -h || $1 == --help ]] && { sed -n '2,13p' "$0"; exit 0; }
[[ $1 == -* ]] && { echo "run.sh: error: OUT = '$1': a directory, not an option (see --help)" >&2; exit 2; }
OUT=$1
RANKS=${2:-1}
shift $(($# < 2 ? $# : 2))
[[ $RANKS =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: error: RANKS = '$RANKS': must be >= 1" >&2; exit 2; }
BUILD=${BUILD:-$ROOT/build}
BIN=$BUILD/bin/sorn-counting-task
if [[ ! -x $BIN ]]; then
    cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$BUILD" -j2 --target sorn-counting-task
fi
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mkdir -p -- "$OUT"
# The protocol (docs/SCIENCE.md): 50 000 plastic steps (the paper's plastic phase, as this
# reproduction's brief gives it), readout training and test phases of 5 000 steps each
# (common/defaults.py of the authors' code: steps_noplastic_train = steps_noplastic_test = 5000),
# n from 4 to 30, 5 seeds; STDP, IP and SN plastic (the paper's three rules), each ablated once.
DEFAULTS=(--network-config "$ROOT/examples/lazar2009/lazar2009.ini"
          --plastic-steps 50000 --train-steps 5000 --test-steps 5000
          --n-values 4,6,8,10,15,20,30 --seeds 1,2,3,4,5
          --conditions sorn,static,no-stdp,no-ip,no-sn --rules stdp,ip,sn --ridge 0.01)
ARGS=()
for ((i = 0; i < ${#DEFAULTS[@]}; i += 2)); do # a default the caller gives is left out
    given=0
    for a in "$@"; do [[ $a == "${DEFAULTS[i]}" || $a == "${DEFAULTS[i]}="* ]] && given=1; done
    ((given)) || ARGS+=("${DEFAULTS[i]}" "${DEFAULTS[i + 1]}")
done
ARGS+=(--output "$OUT/results.csv" "$@")
START=$(date +%s.%N)
mpiexec --oversubscribe -n "$RANKS" "$BIN" "${ARGS[@]}" | tee "$OUT/run.log"
END=$(date +%s.%N)
SECONDS_RUN=$(echo "$END - $START" | bc)
/usr/bin/python3 "$ROOT/examples/lazar2009/plot.py" "$OUT/results.csv" "$OUT" \
    --seconds "$SECONDS_RUN" --command "run.sh $OUT $RANKS $* (ranks: $RANKS)"
echo "wrote $OUT/results.csv, summary.csv, summary.json, accuracy.png (${SECONDS_RUN} s)"
