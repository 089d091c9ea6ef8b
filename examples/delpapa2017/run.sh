#!/usr/bin/env bash
# Del Papa, Priesemann & Triesch 2017 (PLoS ONE 12(5): e0178683) in one command: runs, analyses
# and plots the avalanche experiments of Figs 1, 2 and 4 (docs/EXAMPLES.md, docs/SCIENCE.md).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/examples/delpapa2017
BIN=${BIN_DIR:-$ROOT/build/bin}
PY=/usr/bin/python3 # Debian's, with numpy, h5py and matplotlib

usage() {
    cat <<'EOF'
usage: examples/delpapa2017/run.sh OUT [RANKS] [options]

Runs the Del Papa et al. 2017 protocol with the preset delpapa2017.ini and writes into OUT:
runs/ (result files), analysis/ (sorn-analyze files and JSON), summary.csv, summary.json,
timing.csv and the figures fig_*.png (summary.py).
  1. Fig 1A/2A-C: N_e = 200, seeds 1..S: a plastic transient, then the recorded plastic phase;
     the avalanches of all seeds pooled under one threshold floor(<a>/2), fitted on
     T in [6, 60], S in [10, 1500], with the truncated power law, likelihood ratios, bootstrap.
  2. Fig 4: from each seed's state after the transient, all rules and the noise off
     ("frozen"), and as the authors' code ran it, STDP, SP and iSTDP off, IP and noise on
     ("frozen-code"); the same analysis.
  3. Fig 2D-F: the size series (each size pooled over its seeds, on the authors' windows of
     Fig 2F), then one network of N_e = --big-ne (10^4) with the same scaling on RANKS ranks,
     and with --large N_e = 10^5 (fixed in-degrees; docs/SCIENCE.md says why).
RANKS (default 1): independent runs of N_e < --mpi-from go RANKS at a time on 1 rank each;
larger networks and every sorn-analyze run on RANKS ranks. Results do not depend on RANKS.

Expected run time of the defaults with RANKS = 2 on the idle 2-core machine: about 30 min
(N_e = 200 with its freezes ~6 min, the size series ~14 min, mostly N_e = 800, N_e = 10^4
~5 min at 0.18 s per step, the analyses ~2 min); on a loaded machine proportionally more.
The paper's own length (50 seeds, 2e6 + 3e6 steps at each size) would take days.

options (defaults in brackets):
  --seeds S             seeds 1..S of the N_e = 200 protocol [5]
  --ne N                size of the main protocol [200] (other sizes: lambda-ee = 0.1 N,
                        lambda-ei = 0.2 N, SP scaled by --sp-scaling dpt17)
  --transient STEPS     plastic steps before the recording [2000000] (authors: 2e6)
  --record STEPS        recorded plastic steps [1000000] (authors: 3e6)
  --freeze STEPS        steps of each frozen continuation [1000000]; 0: no Fig 4
  --sizes LIST          size series, comma-separated, or none [100,200,400,800]; the N_e of the
                        main protocol reuses its runs
  --size-seeds S        seeds per size of the series [2]
  --size-transient STEPS, --size-record STEPS   [1000000], [500000]
  --big-ne N            one larger network, 0: none [10000]
  --big-steps STEPS     its plastic steps, all recorded [1500]
  --large               also N_e = 10^5 (--large-steps [300])
  --mpi-from N          networks of N_e >= N run on RANKS ranks [5000]
  --bootstrap R         bootstrap replicates of each fit [200]
  --overwrite           replace an existing OUT
  --resume              keep an existing OUT and reuse its result files (of a run with the same
                        options, e.g. one that was cut off); only the missing runs are done
  --help                this text
EOF
}

die() { echo "run.sh: error: $*" >&2; exit 2; }
is_uint() { [[ $1 =~ ^[0-9]+$ ]]; }
need_uint() { is_uint "$2" || die "$1 = '$2': must be a non-negative integer"; }

[[ ${1:-} == --help || ${1:-} == -h ]] && { usage; exit 0; }
[[ $# -ge 1 && ${1:0:1} != - ]] || { usage >&2; die "OUT is required"; }
OUT=$1; shift
RANKS=1
if [[ $# -ge 1 && ${1:0:1} != - ]]; then RANKS=$1; shift; fi
if ! is_uint "$RANKS" || [[ $RANKS -lt 1 ]]; then die "RANKS = '$RANKS': must be an integer >= 1"; fi

SEEDS=5 NE=200 TRANSIENT=2000000 RECORD=1000000 FREEZE=1000000 SIZES=100,200,400,800
SIZE_SEEDS=2 SIZE_TRANSIENT=1000000 SIZE_RECORD=500000 BIG_NE=10000 BIG_STEPS=1500
LARGE=0 LARGE_STEPS=300 MPI_FROM=5000 BOOT=200 OVERWRITE=0 RESUME=0
while [[ $# -gt 0 ]]; do
    opt=$1
    case $opt in
    --help | -h) usage; exit 0 ;;
    --large) LARGE=1; shift; continue ;;
    --overwrite) OVERWRITE=1; shift; continue ;;
    --resume) RESUME=1; shift; continue ;;
    --seeds | --ne | --transient | --record | --freeze | --sizes | --size-seeds | --size-transient | \
        --size-record | --big-ne | --big-steps | --large-steps | --mpi-from | --bootstrap)
        [[ $# -ge 2 ]] || die "$opt needs a value"
        val=$2; shift 2 ;;
    *) die "unknown option '$opt' (see --help)" ;;
    esac
    case $opt in
    --seeds) need_uint "$opt" "$val"; SEEDS=$val ;;
    --ne) need_uint "$opt" "$val"; NE=$val ;;
    --transient) need_uint "$opt" "$val"; TRANSIENT=$val ;;
    --record) need_uint "$opt" "$val"; RECORD=$val ;;
    --freeze) need_uint "$opt" "$val"; FREEZE=$val ;;
    --sizes)
        [[ $val == none || $val =~ ^[0-9]+(,[0-9]+)*$ ]] ||
            die "--sizes = '$val': must be comma-separated sizes or none"
        SIZES=$val ;;
    --size-seeds) need_uint "$opt" "$val"; SIZE_SEEDS=$val ;;
    --size-transient) need_uint "$opt" "$val"; SIZE_TRANSIENT=$val ;;
    --size-record) need_uint "$opt" "$val"; SIZE_RECORD=$val ;;
    --big-ne) need_uint "$opt" "$val"; BIG_NE=$val ;;
    --big-steps) need_uint "$opt" "$val"; BIG_STEPS=$val ;;
    --large-steps) need_uint "$opt" "$val"; LARGE_STEPS=$val ;;
    --mpi-from) need_uint "$opt" "$val"; MPI_FROM=$val ;;
    --bootstrap) need_uint "$opt" "$val"; BOOT=$val ;;
    esac
done
[[ $SEEDS -ge 1 ]] || die "--seeds = $SEEDS: must be >= 1"
[[ $NE -ge 10 ]] || die "--ne = $NE: must be >= 10"
[[ $RECORD -ge 1 ]] || die "--record = $RECORD: must be >= 1"
[[ $SIZES == none || $SIZE_SEEDS -ge 1 ]] || die "--size-seeds = $SIZE_SEEDS: must be >= 1"
[[ $SIZES == none || $SIZE_RECORD -ge 1 ]] || die "--size-record = $SIZE_RECORD: must be >= 1"
if [[ $SIZES != none ]]; then
    for n in ${SIZES//,/ }; do [[ $n -ge 10 ]] || die "--sizes: N_e = $n must be >= 10"; done
fi
[[ $BIG_NE -eq 0 || $BIG_STEPS -ge 1 ]] || die "--big-steps = $BIG_STEPS: must be >= 1"
[[ $LARGE -eq 0 || $LARGE_STEPS -ge 1 ]] || die "--large-steps = $LARGE_STEPS: must be >= 1"
for tool in sorn-simulate sorn-analyze; do
    [[ -x $BIN/$tool ]] || die "$BIN/$tool not found: build first (scripts/build.sh) or set BIN_DIR"
done
if [[ -e $OUT ]]; then
    [[ -d $OUT ]] || die "OUT = $OUT exists and is not a directory"
    if [[ -n $(ls -A "$OUT") ]]; then
        [[ $OVERWRITE -eq 1 || $RESUME -eq 1 ]] ||
            die "OUT = $OUT exists and is not empty (--overwrite replaces it, --resume reuses it)"
        [[ $RESUME -eq 1 ]] ||
            rm -rf "${OUT:?}"/runs "${OUT:?}"/analysis "$OUT"/summary.* "$OUT"/timing.csv "$OUT"/fig_*.png
    fi
fi
mkdir -p "$OUT/runs" "$OUT/analysis"
OUT=$(cd "$OUT" && pwd)
INI=$HERE/delpapa2017.ini

export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
MPIEXEC=(mpiexec --oversubscribe -q)
on_ranks() { # on_ranks NP PROGRAM ARGS...: under mpiexec unless NP is 1
    local np=$1; shift
    if [[ $np -gt 1 ]]; then "${MPIEXEC[@]}" -n "$np" "$@"; else "$@"; fi
}

# ---- running ------------------------------------------------------------------------------------
# A network of N_e units follows DPT17's scaling: connection fractions 0.1 (E->E) and 0.2 (I->E)
# whatever the size (param_*.py: lamb = 0.1 N_e, 0.2 N_e), W_IE all-to-all, SP by dpt17.
size_options() { echo "--ne $1 --lambda-ee $(($1 / 10)) --lambda-ei $(($1 / 5))"; }

TIMING=$OUT/timing.csv
[[ $RESUME -eq 1 && -s $TIMING ]] || echo "run,ne,ranks,steps,seconds" >"$TIMING"

# timed LABEL NE NP STEPS LOG sorn-simulate-args...: one simulation, on NP ranks, writing the
# result next to LOG (X.log -> X.h5), its wall time appended to timing.csv. With --resume a
# result that exists is kept: sorn-simulate renames a result into place only when complete.
timed() {
    local label=$1 ne=$2 np=$3 steps=$4 log=$5; shift 5
    local t0 t1
    if [[ $RESUME -eq 1 && -e ${log%.log}.h5 ]]; then
        echo "run.sh: $label: reusing ${log%.log}.h5"
        return 0
    fi
    t0=$(date +%s.%N)
    on_ranks "$np" "$BIN/sorn-simulate" "$@" --quiet >"$log" 2>&1 ||
        { echo "run.sh: $label failed:" >&2; cat "$log" >&2; return 1; }
    t1=$(date +%s.%N)
    echo "$label,$ne,$np,$steps,$(awk "BEGIN { printf \"%.2f\", $t1 - $t0 }")" >>"$TIMING"
}

# Runs of N_e < --mpi-from go RANKS at a time on 1 rank each, larger ones one at a time on RANKS
# ranks; a failure of any stops the script.
running=0
schedule() { # schedule NE COMMAND...
    local ne=$1; shift
    if [[ $ne -ge $MPI_FROM ]]; then
        drain; "$@" || die_run
        return
    fi
    if [[ $running -ge $RANKS ]]; then wait -n || die_run; running=$((running - 1)); fi
    "$@" &
    running=$((running + 1))
}
drain() { while [[ $running -gt 0 ]]; do wait -n || die_run; running=$((running - 1)); done; }
die_run() { echo "run.sh: a simulation failed (logs in $OUT/runs)" >&2; wait; exit 1; }

# one_seed DIR NE SEED TRANSIENT RECORD FREEZE: transient, recorded plastic phase, freezes.
one_seed() {
    local dir=$1 ne=$2 seed=$3 transient=$4 record=$5 freeze=$6 np=1 size
    [[ $ne -ge $MPI_FROM ]] && np=$RANKS
    size=$(size_options "$ne")
    mkdir -p "$dir"
    # shellcheck disable=SC2086
    timed "N$ne/seed$seed/transient" "$ne" "$np" "$transient" "$dir/transient.log" --config "$INI" $size \
        --seed "$seed" --steps "$transient" --record EEConnectionCounts \
        --output "$dir/transient.h5" --overwrite || return 1
    timed "N$ne/seed$seed/plastic" "$ne" "$np" "$record" "$dir/plastic.log" --state "$dir/transient.h5" \
        --steps "$record" --record ExcitatoryActivation,EEConnectionCounts \
        --output "$dir/plastic.h5" --overwrite || return 1
    [[ $freeze -gt 0 ]] || return 0
    # Fig 4 as the paper describes it: every rule and the noise off.
    timed "N$ne/seed$seed/frozen" "$ne" "$np" "$freeze" "$dir/frozen.log" --state "$dir/transient.h5" \
        --phase training --noise-sigma 0 --steps "$freeze" --record ExcitatoryActivation \
        --output "$dir/frozen.h5" --overwrite || return 1
    # As the authors' experiment_FrozenPlasticity.py ran: it zeroes eta_ip and noise_sig of a
    # parameter copy the reloaded network does not read, so only STDP, SP and iSTDP stop.
    timed "N$ne/seed$seed/frozen_code" "$ne" "$np" "$freeze" "$dir/frozen_code.log" \
        --state "$dir/transient.h5" --freeze stdp,sp,istdp --steps "$freeze" \
        --record ExcitatoryActivation --output "$dir/frozen_code.h5" --overwrite
}

# analyze NAME TMIN TMAX SMIN SMAX FILE...: the pooled avalanche analysis (plus the rates of
# the first file), run in analysis/ with relative names so that it is the same from any OUT.
analyze() {
    local name=$1 tmin=$2 tmax=$3 smin=$4 smax=$5; shift 5
    local first=$1 pool=(); shift
    [[ $# -gt 0 ]] && pool=(--pool "$(IFS=,; echo "$*")")
    (cd "$OUT/analysis" && on_ranks "$RANKS" "$BIN/sorn-analyze" "$first" "${pool[@]}" \
        --stats avalanches,rates --avalanche-threshold floor --size-xmin "$smin" \
        --size-xmax "$smax" --duration-xmin "$tmin" --duration-xmax "$tmax" \
        --bootstrap "$BOOT" --no-spike-times --quiet --output "$name.h5" --overwrite \
        --json-file "$name.json") >"$OUT/analysis/$name.log" 2>&1 ||
        { echo "run.sh: sorn-analyze $name failed:" >&2; cat "$OUT/analysis/$name.log" >&2; exit 1; }
}

# Fitting windows per size: the power-law ranges of Fig 2F (the authors' Fig2.py), N_e = 200
# being the paper's T in [6, 60], S in [10, 1500]; another size gets the window of the nearest.
windows() {
    local n=$1 best=200 w
    for w in 50 100 200 400 800; do
        if (( (n > w ? n - w : w - n) * best < (n > best ? n - best : best - n) * w )); then best=$w; fi
    done
    case $best in
    50) echo "2 10 3 100" ;; 100) echo "4 30 4 200" ;; 200) echo "6 60 10 1500" ;;
    400) echo "8 100 30 3000" ;; 800) echo "10 150 70 7000" ;;
    esac
}

seed_files() { # seed_files NE SEEDS KIND: the relative names of the runs' files
    local s
    for ((s = 1; s <= $2; s++)); do echo "../runs/N$1/seed$s/$3.h5"; done
}

START=$(date +%s)
echo "run.sh: N_e = $NE, seeds 1..$SEEDS, $TRANSIENT + $RECORD steps, freeze $FREEZE steps; RANKS = $RANKS"
for ((s = 1; s <= SEEDS; s++)); do
    schedule "$NE" one_seed "$OUT/runs/N$NE/seed$s" "$NE" "$s" "$TRANSIENT" "$RECORD" "$FREEZE"
done
if [[ $SIZES != none ]]; then
    for n in ${SIZES//,/ }; do
        [[ $n -eq $NE ]] && continue
        for ((s = 1; s <= SIZE_SEEDS; s++)); do
            schedule "$n" one_seed "$OUT/runs/N$n/seed$s" "$n" "$s" "$SIZE_TRANSIENT" "$SIZE_RECORD" 0
        done
    done
fi
drain

# The larger networks: all steps plastic and recorded, on RANKS ranks.
big_run() { # big_run NE STEPS EXTRA...
    local ne=$1 steps=$2 dir np=1; shift 2
    dir=$OUT/runs/N$ne/seed1
    [[ $ne -ge $MPI_FROM ]] && np=$RANKS
    mkdir -p "$dir"
    echo "run.sh: N_e = $ne, $steps steps on $np rank(s)"
    # shellcheck disable=SC2068
    timed "N$ne/seed1/plastic" "$ne" "$np" "$steps" "$dir/plastic.log" --config "$INI" $@ --seed 1 \
        --steps "$steps" --record ExcitatoryActivation,EEConnectionCounts \
        --output "$dir/plastic.h5" --overwrite || die_run
}
# shellcheck disable=SC2046
[[ $BIG_NE -gt 0 ]] && big_run "$BIG_NE" "$BIG_STEPS" $(size_options "$BIG_NE")
# 10^5: W_IE all-to-all would hold 2e9 weights, so the in-degrees of N_e = 200 are kept instead
# (E->E 20, I->E 8, E->I 200: lambda-ie = 200 N_i / N_e) and SP grows with N (0.1 N / 200).
LARGE_NE=100000
if [[ $LARGE -eq 1 ]]; then
    big_run $LARGE_NE "$LARGE_STEPS" --ne $LARGE_NE --lambda-ee 20 --lambda-ei 40 \
        --network-type-ie sparse --lambda-ie 40 --sp-scaling none --sp-prob 50
fi

# ---- analysis -----------------------------------------------------------------------------------
echo "run.sh: analysing"
# shellcheck disable=SC2046
analyze "N${NE}_plastic" $(windows "$NE") $(seed_files "$NE" "$SEEDS" plastic)
if [[ $FREEZE -gt 0 ]]; then
    # shellcheck disable=SC2046
    analyze "N${NE}_frozen" $(windows "$NE") $(seed_files "$NE" "$SEEDS" frozen)
    # shellcheck disable=SC2046
    analyze "N${NE}_frozen_code" $(windows "$NE") $(seed_files "$NE" "$SEEDS" frozen_code)
fi
# Per seed: the connection counts of both phases (connection fraction over time); of the
# recorded phase also the network activity (activity histogram) and the avalanches of that seed
# alone, each under its own threshold and without bootstrap (the spread across seeds).
read -r TMIN TMAX SMIN SMAX <<<"$(windows "$NE")"
for ((s = 1; s <= SEEDS; s++)); do
    for kind in transient plastic; do
        extra=(--stats connections)
        # shellcheck disable=SC2054
        [[ $kind == plastic ]] && extra=(--stats connections,rates,avalanches
            --avalanche-threshold floor --duration-xmin "$TMIN" --duration-xmax "$TMAX"
            --size-xmin "$SMIN" --size-xmax "$SMAX" --json-file "N${NE}_seed${s}_$kind.json")
        (cd "$OUT/analysis" && on_ranks "$RANKS" "$BIN/sorn-analyze" \
            "../runs/N$NE/seed$s/$kind.h5" "${extra[@]}" --no-spike-times --quiet \
            --output "N${NE}_seed${s}_${kind}.h5" --overwrite) ||
            { echo "run.sh: sorn-analyze of seed $s ($kind) failed" >&2; exit 1; }
    done
done
if [[ $SIZES != none ]]; then
    for n in ${SIZES//,/ }; do
        [[ $n -eq $NE ]] && continue
        # shellcheck disable=SC2046
        analyze "N${n}_plastic" $(windows "$n") $(seed_files "$n" "$SIZE_SEEDS" plastic)
    done
fi
# shellcheck disable=SC2046
[[ $BIG_NE -gt 0 ]] && analyze "N${BIG_NE}_plastic" $(windows 200) "../runs/N$BIG_NE/seed1/plastic.h5"
# shellcheck disable=SC2046
[[ $LARGE -eq 1 ]] && analyze "N${LARGE_NE}_plastic" $(windows 200) "../runs/N$LARGE_NE/seed1/plastic.h5"

echo "run.sh: summary"
"$PY" "$HERE/summary.py" "$OUT" --ne "$NE" --seeds "$SEEDS" --transient "$TRANSIENT" \
    --record "$RECORD" --freeze "$FREEZE" --ranks "$RANKS" --bootstrap "$BOOT"
echo "run.sh: done in $(($(date +%s) - START)) s: $OUT/summary.csv, summary.json, fig_*.png"
