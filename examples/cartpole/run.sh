#!/usr/bin/env bash
# The cart-pole example in one command (docs/EXAMPLES.md): builds the Python module if needed and
# writes the learning curve (curve.csv, curve.png), the random policy (random.csv) and
# summary.json into OUT.
#   usage: examples/cartpole/run.sh [OUT [RANKS [cartpole.py options...]]]
#   e.g.   examples/cartpole/run.sh cartpole_out 2 --episodes 500
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-cartpole_out}
RANKS=${2:-1}
shift $(($# < 2 ? $# : 2))
BUILD=${BUILD:-$ROOT/build}
if [[ ! -d $BUILD/python/sorn ]]; then
    cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$BUILD" -j2 --target sorn_python
fi
export PYTHONPATH="$BUILD/python${PYTHONPATH:+:$PYTHONPATH}"
PY=/usr/bin/python3 # Debian's, with numpy, mpi4py and matplotlib
if [[ $RANKS -eq 1 ]]; then
    exec "$PY" "$ROOT/examples/cartpole/cartpole.py" --out "$OUT" --verbose 100 "$@"
fi
exec mpirun -n "$RANKS" "$PY" "$ROOT/examples/cartpole/cartpole.py" --out "$OUT" --verbose 100 "$@"
