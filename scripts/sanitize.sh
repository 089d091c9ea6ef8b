#!/usr/bin/env bash
# Builds the drivers with AddressSanitizer and UndefinedBehaviorSanitizer into build-sanitize/
# and runs the hostile-input command-line tests against them: any sanitizer report makes a
# test fail (it adds lines to stderr, and UB stops the program). Extra arguments go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cmake -S . -B build-sanitize -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF \
    -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" \
    -DCMAKE_SHARED_LINKER_FLAGS="$flags" "$@"
cmake --build build-sanitize -j "$(nproc)" --target sorn-simulate sorn-analyze
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# Open MPI and PETSc keep allocations until exit on purpose: leaks are not what is checked.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1
failed=0
for t in test_bad_input test_bad_input_file test_bad_state test_analyze; do
    [[ -f tests/cli/$t.sh ]] || continue
    echo "== $t (sanitized)"
    if bash "tests/cli/$t.sh" build-sanitize/bin "$(command -v mpiexec)" >"build-sanitize/$t.log" 2>&1; then
        echo "   passed"
    else
        echo "   FAILED: see build-sanitize/$t.log"
        grep -m 5 -E 'FAIL|runtime error|AddressSanitizer' "build-sanitize/$t.log" || true
        failed=1
    fi
done
exit $failed
