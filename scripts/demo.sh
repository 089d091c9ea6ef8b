#!/usr/bin/env bash
# Installs what is missing, builds, runs the default 200-unit network on 2 ranks for 5000
# plasticity steps and prints a summary (steps/s, mean E rate, E->E synapses, file); then
# analyses the run (sorn-analyze, 2 ranks) and draws the figures (scripts/plot.py).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh > build.log 2>&1 || { cat build.log; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mkdir -p demo
mpiexec -n 2 --oversubscribe build/bin/sorn-simulate \
    --steps 5000 --seed 1 --record all --record-every 500 --output demo/run.h5 --overwrite "$@"
echo
mpiexec -n 2 --oversubscribe build/bin/sorn-analyze demo/run.h5 \
    --output demo/analysis.h5 --overwrite
scripts/plot.py demo/run.h5 demo/analysis.h5 --out demo/report > /dev/null
echo
echo "report: $(pwd)/demo/report/index.html"
