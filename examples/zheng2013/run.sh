#!/usr/bin/env bash
# Zheng, Dimitrakakis & Triesch 2013 (docs/SCIENCE.md, docs/EXAMPLES.md) in one command: the
# SORN of zheng2013.ini runs without input, sorn-analyze computes the E->E weight distribution
# with its lognormal fit, the connection fraction over time, the synapse lifetimes with their
# power-law fit and the weight changes between snapshots, and summary.py writes summary.csv,
# summary.json and the figures. Then the same network at N_e = --large-ne (sparse) on
# --large-ranks ranks.
#
# usage: examples/zheng2013/run.sh OUT [RANKS] [options]
#   RANKS                   ranks of the N_e = 200 run and of every analysis (default 1)
#   --steps N               steps of the N_e = 200 run (default 3000000)
#   --record-every N        steps between two W_ee snapshots (default 1000)
#   --settled-from STEP     first step of the turnover window (default: 2/3 of --steps)
#   --seed S                seed of both networks (default 1)
#   --bootstrap R           bootstrap replicates of the lifetime power-law fit (default 100)
#   --large-ne N            N_e of the large run (default 10000; 0: no large run)
#   --large-steps N         its steps (default 20000)
#   --large-record-every N  its snapshot interval (default 2000)
#   --large-ranks P         its ranks (default 2)
#   --config FILE           the network's INI file (default: zheng2013.ini beside this script)
#   --bin DIR               sorn-simulate and sorn-analyze (default: build/bin of this tree)
# Expected run time on the shared 2-core VM: the N_e = 200 run 2-3 min (3e6 steps, 16 000-24 000
# steps/s on 1 rank), its analyses ~10 s, the N_e = 10^4 run 2.5-6 min on 2 ranks: 5-10 min.
# Writes into OUT (created; an existing OUT is refused): run.h5, analysis.h5, settled.h5,
# large.h5, large_analysis.h5, their .json, summary.csv, summary.json, weights.png,
# fraction.png, lifetimes.png, weight_changes.png, run.log. Bad options: exit 2.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
usage() { sed -n '9,26p' "$0" | sed 's/^# \{0,1\}//'; }
die() { echo "zheng2013: error: $*" >&2; exit 2; }

[[ ${1:-} == --help || ${1:-} == -h ]] && { usage; exit 0; }
[[ $# -ge 1 && $1 != -* ]] || { usage >&2; exit 2; }
out=$1; shift
ranks=1
if [[ $# -ge 1 && $1 != -* ]]; then ranks=$1; shift; fi
steps=3000000 record_every=1000 settled_from="" seed=1 bootstrap=100
large_ne=10000 large_steps=20000 large_record_every=2000 large_ranks=2
bin=$ROOT/build/bin ini=$HERE/zheng2013.ini
while [[ $# -gt 0 ]]; do
    [[ $# -ge 2 ]] || die "option $1 needs a value"
    case $1 in
        --steps) steps=$2 ;;
        --record-every) record_every=$2 ;;
        --settled-from) settled_from=$2 ;;
        --seed) seed=$2 ;;
        --bootstrap) bootstrap=$2 ;;
        --large-ne) large_ne=$2 ;;
        --large-steps) large_steps=$2 ;;
        --large-record-every) large_record_every=$2 ;;
        --large-ranks) large_ranks=$2 ;;
        --config) ini=$2 ;;
        --bin) bin=$2 ;;
        *) die "unknown option $1 (usage: $0 OUT [RANKS] [options]; see its header)" ;;
    esac
    shift 2
done
positive() { [[ $2 =~ ^[1-9][0-9]*$ ]] || die "$1 '$2' must be a positive integer"; }
positive RANKS "$ranks"
positive --steps "$steps"
positive --record-every "$record_every"
positive --large-ranks "$large_ranks"
[[ $seed =~ ^[0-9]+$ ]] || die "--seed '$seed' must be an integer >= 0"
[[ $bootstrap =~ ^[0-9]+$ ]] || die "--bootstrap '$bootstrap' must be an integer >= 0"
[[ $large_ne =~ ^[0-9]+$ ]] || die "--large-ne '$large_ne' must be an integer >= 0"
if [[ $large_ne -gt 0 ]]; then
    [[ $large_ne -ge 10 ]] || die "--large-ne '$large_ne' must be 0 or at least 10"
    positive --large-steps "$large_steps"
    positive --large-record-every "$large_record_every"
    [[ $((large_steps / large_record_every)) -ge 2 ]] ||
        die "--large-steps $large_steps gives fewer than 2 snapshots of --large-record-every $large_record_every"
fi
# Two snapshots at least inside the turnover window, which ends at the last step.
[[ -n $settled_from ]] || settled_from=$((steps * 2 / 3))
[[ $settled_from =~ ^[0-9]+$ ]] || die "--settled-from '$settled_from' must be an integer >= 0"
[[ $((steps / record_every)) -ge 2 ]] || die "--steps $steps gives fewer than 2 snapshots of --record-every $record_every"
[[ $(((steps / record_every) * record_every - settled_from)) -ge $record_every ]] ||
    die "--settled-from $settled_from leaves fewer than 2 snapshots before step $steps"
[[ -x $bin/sorn-simulate && -x $bin/sorn-analyze ]] ||
    die "$bin/sorn-simulate or sorn-analyze not found (build first: scripts/build.sh)"
[[ -f $ini && -r $ini ]] || die "--config '$ini' is not a readable file"
ini=$(cd "$(dirname "$ini")" && pwd)/$(basename "$ini")
[[ ! -e $out ]] || die "OUT '$out' exists; choose a new directory"
bin=$(cd "$bin" && pwd)

export OMPI_ALLOW_RUN_AS_ROOT=${OMPI_ALLOW_RUN_AS_ROOT:-1}
export OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=${OMPI_ALLOW_RUN_AS_ROOT_CONFIRM:-1}
export OMPI_MCA_rmaps_base_oversubscribe=${OMPI_MCA_rmaps_base_oversubscribe:-1}
MPI_FLAGS=()
if mpiexec --version 2>&1 | grep -qiE 'open ?mpi|openrte'; then MPI_FLAGS=(-q); fi
on_ranks() { local np=$1; shift; mpiexec "${MPI_FLAGS[@]}" -n "$np" "$@"; }
# sorn-analyze in OUT, on the file names alone: the analysis files name their input "run.h5",
# whatever OUT is, and are the same for the same run.
analyze() { local np=$1; shift; (cd "$tmp" && on_ranks "$np" "$bin/sorn-analyze" "$@"); }
now() { date +%s.%N; }

mkdir -p "$out.partial"
trap 'rm -rf "$out.partial"' EXIT
tmp=$out.partial
log=$tmp/run.log
analysis=(--histogram-bins 40 --no-spike-times --quiet)

echo "zheng2013: N_e = 200, $steps steps on $ranks rank(s), seed $seed" | tee "$log" >&2
t0=$(now)
on_ranks "$ranks" "$bin/sorn-simulate" --config "$ini" --seed "$seed" --steps "$steps" \
    --record EEConnectionCounts,WEE --record-every "$record_every" \
    --output "$tmp/run.h5" --quiet
t1=$(now)
# The whole run: the connection counts per step, the final weights, the weights per snapshot.
analyze "$ranks" run.h5 --stats connections,weights,weight_snapshots "${analysis[@]}" \
    --output analysis.h5 --json-file analysis.json
# The settled window: synapse lifetimes and weight changes between snapshots.
analyze "$ranks" run.h5 --stats turnover --from "$settled_from" --bootstrap "$bootstrap" \
    "${analysis[@]}" --output settled.h5 --json-file settled.json
t2=$(now)
echo "zheng2013: N_e = 200 done: simulation $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f", b-a}') s," \
    "analysis $(awk -v a="$t1" -v b="$t2" 'BEGIN{printf "%.1f", b-a}') s" | tee -a "$log" >&2

large=()
if [[ $large_ne -gt 0 ]]; then
    # Sparse at any size: the mean in-degree stays lambda-ee = 20 and the new synapses per unit
    # and step stay those of N_e = 200, p_SP = 0.1 N_e / 200 (docs/SCIENCE.md says why not dpt17).
    sp=$(awk -v n="$large_ne" 'BEGIN{printf "%.17g", 0.1 * n / 200}')
    echo "zheng2013: N_e = $large_ne, $large_steps steps on $large_ranks rank(s), sp-prob $sp" | tee -a "$log" >&2
    t3=$(now)
    on_ranks "$large_ranks" "$bin/sorn-simulate" --config "$ini" --seed "$seed" --ne "$large_ne" \
        --network-type-ie sparse --lambda-ie 40 \
        --sp-prob "$sp" --steps "$large_steps" --record EEConnectionCounts,WEE \
        --record-every "$large_record_every" --output "$tmp/large.h5" --quiet
    t4=$(now)
    analyze "$large_ranks" large.h5 --stats connections,weights,weight_snapshots,turnover \
        "${analysis[@]}" --output large_analysis.h5 --json-file large_analysis.json
    t5=$(now)
    echo "zheng2013: N_e = $large_ne done: simulation $(awk -v a="$t3" -v b="$t4" 'BEGIN{printf "%.1f", b-a}') s," \
        "analysis $(awk -v a="$t4" -v b="$t5" 'BEGIN{printf "%.1f", b-a}') s" | tee -a "$log" >&2
    large=(--large "$tmp/large_analysis.h5" --large-run "$tmp/large.h5" --large-ranks "$large_ranks" --large-sp-prob "$sp"
           --large-wall "$(awk -v a="$t3" -v b="$t4" 'BEGIN{printf "%.3f", b-a}')")
fi

/usr/bin/python3 "$HERE/summary.py" --run "$tmp/run.h5" --analysis "$tmp/analysis.h5" \
    --settled "$tmp/settled.h5" --ranks "$ranks" \
    --wall "$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.3f", b-a}')" "${large[@]}" --out "$tmp"
trap - EXIT
mv "$tmp" "$out"
echo "zheng2013: wrote $out (summary.csv, summary.json, *.png)" >&2
