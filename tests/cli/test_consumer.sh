#!/usr/bin/env bash
# find_package(sorn): the build is installed into a fresh prefix, examples/consumer is configured
# and built against that install tree alone, and its program runs on 2 ranks and gives the
# same E rate as sorn-simulate with the same options.
#
# usage: bash test_consumer.sh <build/bin dir> <mpiexec>
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SOURCE_DIR=$(cd "$(dirname "$0")/../.." && pwd)
BUILD_DIR=$(cd "$BIN_DIR/.." && pwd)
enter_workdir consumer

expect_success install cmake --install "$BUILD_DIR" --prefix "$WORK/prefix" || finish test_consumer
[[ -f $WORK/prefix/lib/cmake/sorn/sornConfig.cmake ]] && echo "ok: sornConfig.cmake installed" ||
    fail "no lib/cmake/sorn/sornConfig.cmake in the install tree"
expect_success configure cmake -S "$SOURCE_DIR/examples/consumer" -B build \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$WORK/prefix" || finish test_consumer
expect_success build cmake --build build || finish test_consumer
grep -q "$WORK/prefix" build/CMakeCache.txt && echo "ok: the consumer found sorn in the prefix" ||
    fail "the consumer did not use the install tree"

expect_success run on_ranks 2 build/sorn-consumer
must_simulate 2 --seed 2 --steps 2000
rate() { sed -n 's/.*mean E rate[ =]*\([0-9.]*\).*/\1/p' "$1" | head -n 1; }
want=$(rate out.txt)
got=$(rate run.stdout)
[[ -n $want && $got == "$want" ]] && echo "ok: consumer rate $got = sorn-simulate's" ||
    fail "consumer rate '$got', sorn-simulate '$want'"
finish test_consumer
