#!/usr/bin/env bash
# The scaling study of docs/SCALING.md, from one command: strong scaling (one network, more
# ranks), weak scaling (units per rank fixed) and a correctness series over 1..8 ranks
# (oversubscribed beyond the cores: bit-identical output files, not speed). Writes OUT/scaling.csv
# (one row per run: steps/s, efficiency, peak memory per rank, the time per phase of --timing)
# and OUT/scaling.png (bench/plot_scaling.py).
#
# usage: bench/scaling_study.sh OUT [--bin DIR] [--strong-ne N] [--weak-ne-per-rank N]
#            [--lambda-ee L] [--steps S] [--warmup S] [--max-ranks P] [--check-ne N]
#            [--check-ranks "1 2 3 4 8"]
# Every measured run continues a warmed-up network (--warmup steps from the initial state, made
# once per size on the largest rank count; 0 = measure from the initial state), so that figures
# are taken at the rate users run, not in the first transient. Run on an otherwise idle machine.
set -euo pipefail
usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "scaling_study: $*" >&2; exit 2; }

[[ $# -ge 1 && $1 != -* ]] || { usage >&2; exit 2; }
out=$1; shift
bin=$(dirname "$0")/../build/bin
strong_ne=100000 weak_ne=50000 lambda_ee=20 steps=300 warmup=2000 max_ranks=2
check_ranks="1 2 3 4 8" check_ne=10000
while [[ $# -gt 0 ]]; do
  [[ $# -ge 2 ]] || die "option $1 needs a value"
  case $1 in
    --bin) bin=$2 ;;
    --strong-ne) strong_ne=$2 ;;
    --weak-ne-per-rank) weak_ne=$2 ;;
    --lambda-ee) lambda_ee=$2 ;;
    --steps) steps=$2 ;;
    --warmup) warmup=$2 ;;
    --max-ranks) max_ranks=$2 ;;
    --check-ranks) check_ranks=$2 ;;
    --check-ne) check_ne=$2 ;;
    *) die "unknown option $1 (see the usage at the top of $0)" ;;
  esac
  shift 2
done
for v in "$strong_ne" "$weak_ne" "$steps" "$max_ranks" "$check_ne"; do
  [[ $v =~ ^[1-9][0-9]*$ ]] || die "'$v' must be a positive integer"
done
[[ $warmup =~ ^[0-9]+$ ]] || die "--warmup '$warmup' must be an integer >= 0"
[[ -x $bin/sorn-simulate ]] || die "$bin/sorn-simulate not found (build first: scripts/build.sh)"
command -v h5diff >/dev/null || die "h5diff not found (apt-get install hdf5-tools)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (apt-get install time)"

export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
net=(--lambda-ee "$lambda_ee" --network-type-ie sparse --lambda-ie 20 --seed 1)
phases=("drive E" "exchange E" "drive I" "exchange I" "W_ee rows" "STDP" "IP" "SP" "iSTDP" "W_ei rows" "SN" "other")
csv=$out/scaling.csv
{
  printf 'series,ranks,ne,ee_synapses,steps,steps_per_s,efficiency,rss_mib_per_rank,mean_rate,'
  printf 'spike_indices_per_step,identical'
  for p in "${phases[@]}"; do printf ',us_%s' "${p// /_}"; done
  echo
} > "$csv.partial"

# warm NE: a network of NE units after --warmup steps (file path on stdout).
warm() {
  local ne=$1 f=$tmp/warm_$1.h5
  if [[ $warmup -gt 0 && ! -f $f ]]; then
    echo "warm-up: N_e = $ne, $warmup steps on $max_ranks rank(s)" >&2
    mpiexec -q -n "$max_ranks" --oversubscribe "$bin/sorn-simulate" --ne "$ne" "${net[@]}" \
      --steps "$warmup" --checkpoint "$f" --quiet > /dev/null
  fi
  echo "$f"
}

# measure SERIES RANKS NE BASE_RATE: one timed run; prints its steps/s on stdout.
measure() {
  local series=$1 np=$2 ne=$3 base=$4 start=()
  [[ $warmup -gt 0 ]] && start=(--state "$(warm "$ne")") || start=(--ne "$ne" "${net[@]}")
  /usr/bin/time -f %M -o "$tmp/rss" mpiexec -q -n "$np" --oversubscribe "$bin/sorn-simulate" \
    "${start[@]}" --steps "$steps" --timing > "$tmp/run.txt"
  local rate syn mean eff phase
  rate=$(sed -n 's/.* in [0-9.]* s (\([0-9.]*\) steps\/s).*/\1/p' "$tmp/run.txt")
  syn=$(sed -n 's/.*E->E synapses: \([0-9]*\).*/\1/p' "$tmp/run.txt")
  mean=$(sed -n 's/.*mean E rate = \([0-9.]*\).*/\1/p' "$tmp/run.txt")
  eff=$(awk -v r="$rate" -v b="${base:-$rate}" -v p="$np" -v s="$series" \
        'BEGIN { e = (s == "strong") ? r / (p * b) : r / b; printf "%.3f", e }')
  {
    printf '%s,%d,%d,%d,%d,%s,%s,%d,%s,%.0f,' "$series" "$np" "$ne" "$syn" "$steps" "$rate" \
      "$eff" $(( $(cat "$tmp/rss") / 1024 )) "$mean" "$(awk -v m="$mean" -v n="$ne" 'BEGIN{print m*n}')"
    printf 'n/a'
    for phase in "${phases[@]}"; do
      printf ',%s' "$(awk -v p="$phase" '$0 ~ "^  "p"  " { print $(NF-1) }' "$tmp/run.txt" | head -1)"
    done
    echo
  } >> "$csv.partial"
  echo "  $series ranks=$np N_e=$ne: $rate steps/s, efficiency $eff, peak $(( $(cat "$tmp/rss") / 1024 )) MiB per rank" >&2
  echo "$rate"
}

echo "strong scaling: N_e = $strong_ne, lambda_ee = $lambda_ee, $steps steps" >&2
base=$(measure strong 1 "$strong_ne" "")
for ((np = 2; np <= max_ranks; ++np)); do measure strong "$np" "$strong_ne" "$base" > /dev/null; done

echo "weak scaling: N_e = $weak_ne per rank" >&2
base=$(measure weak 1 "$weak_ne" "")
for ((np = 2; np <= max_ranks; ++np)); do measure weak "$np" $((weak_ne * np)) "$base" > /dev/null; done

# Correctness: the same run on each rank count of --check-ranks gives the same file.
echo "correctness: N_e = $check_ne, ranks $check_ranks (oversubscribed), --record all" >&2
first=""
for np in $check_ranks; do
  f=$tmp/check_$np.h5
  mpiexec -q -n "$np" --oversubscribe "$bin/sorn-simulate" --ne "$check_ne" "${net[@]}" \
    --steps 200 --record all --record-every 50 --output "$f" > "$tmp/run.txt"
  rate=$(sed -n 's/.* in [0-9.]* s (\([0-9.]*\) steps\/s).*/\1/p' "$tmp/run.txt")
  same=yes
  if [[ -z $first ]]; then first=$f
  elif ! h5diff -q --exclude-path /provenance "$first" "$f" > /dev/null 2>&1; then same=no; fi
  printf 'check,%d,%d,,200,%s,,,,,%s%s\n' "$np" "$check_ne" "$rate" "$same" \
    "$(printf ',%.0s' "${phases[@]}")" >> "$csv.partial"
  echo "  ranks=$np: identical to 1 rank: $same" >&2
done
mv "$csv.partial" "$csv"
echo "wrote $csv" >&2
/usr/bin/python3 "$(dirname "$0")/plot_scaling.py" "$csv" "$out/scaling.png"
grep -q ',no,' "$csv" && { echo "scaling_study: a rank count gave a different file" >&2; exit 1; }
exit 0
