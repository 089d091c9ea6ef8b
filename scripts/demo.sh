#!/usr/bin/env bash
# Installs what is missing, builds, and runs the default 200-unit network on 2 ranks
# for 5000 plasticity steps; prints a summary (steps/s, mean E rate, E->E synapses, file).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh > build.log 2>&1 || { cat build.log; exit 1; }
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mkdir -p demo
mpiexec -n 2 --oversubscribe build/bin/sorn-simulate \
    --steps 5000 --seed 1 --output demo/run.h5 --overwrite "$@"
