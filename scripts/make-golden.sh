#!/usr/bin/env bash
# Regenerates every golden file in tests/golden/ from the current build (docs/TESTING.md):
#
#     scripts/make-golden.sh [BUILD_BIN_DIR]          # default: build/bin
#
# The golden files hold what the code computes for one small, fixed network (fixed seed, 40 E
# + 8 I units, 300 steps, random pool input, noise, every plasticity rule on).
# tests/cli/test_golden.sh checks that the code still computes exactly that, on 1-4 ranks.
# Regenerating them replaces the reference: do it only when the science is meant to change,
# and say in the commit what changed and why (the .txt files show it in the diff).
#
# What is written (every run on 1 rank, in a scratch directory, with the file names below):
#   result.h5      (a) sorn-simulate "${GOLDEN_RESULT[@]}"
#   checkpoint.h5  (b) sorn-simulate "${GOLDEN_CHECKPOINT[@]}": the same network at step 150
#   resumed.h5         sorn-simulate "${GOLDEN_RESUMED[@]}": checkpoint.h5 continued to step 300
#   analysis.h5    (c) sorn-analyze "${GOLDEN_ANALYSIS[@]}" of result.h5,
#   analysis.json      whose --json output (stdout) is analysis.json
#   NAME.txt       tests/golden/h5text.py NAME.h5: the content of NAME.h5 but /provenance as
#                  text, so that a change of a golden file can be reviewed
# The simulator's extendable datasets have 512 KiB chunks, mostly empty: result.h5, resumed.h5
# and analysis.h5 are passed through h5repack, which deflates the chunked datasets. That changes
# neither a value nor the text form (h5diff finds the files identical), only the size
# (5.8 MB -> ~0.1 MB each).
#
# Environment: MPIEXEC (default mpiexec). Needs h5repack and /usr/bin/python3 with h5py.
# Sourced (as tests/cli/test_golden.sh does), this file only defines the command lines.

# ---- the command lines (shared with tests/cli/test_golden.sh) ---------------------------------
# The network: the options that differ from sorn-simulate's defaults. The learning rates keep
# their defaults, so that a change of a default shows too; --sp-prob is raised so that
# structural plasticity adds synapses within 300 steps.
GOLDEN_NETWORK=(--seed 20241202 --ne 40 --nu 4 --lambda-ee 8 --lambda-ei 20
    --initial-activity random --input-source random --input-mapping pool --input-pool-size 5
    --noise-sigma 0.05 --sp-prob 0.5 --quiet)
# (a) 300 steps, every recording; WEE, WEI, TE, TI snapshots at steps 150 and 300.
GOLDEN_RESULT=("${GOLDEN_NETWORK[@]}" --steps 300 --record all --record-every 150
    --output result.h5)
# (b) the first 150 steps, checkpointed every 50 steps: checkpoint.h5 holds step 150 ...
GOLDEN_CHECKPOINT=("${GOLDEN_NETWORK[@]}" --steps 150 --checkpoint-every 50
    --checkpoint checkpoint.h5)
# ... continued for steps 151-300 (the parameters come from the checkpoint).
GOLDEN_RESUMED=(--state checkpoint.h5 --steps 150 --record all --record-every 150 --quiet
    --output resumed.h5)
# (c) every statistic the file gives (no --compare, so no Hamming distance).
GOLDEN_ANALYSIS=(result.h5 --corr-subset 20 --output analysis.h5 --json --quiet)

# ---- regeneration ---------------------------------------------------------------------------
make_golden() {
    local root bin golden mpiexec f
    root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
    if [[ ${1:-} == -h || ${1:-} == --help ]]; then
        sed -n '2,4p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
        exit 0
    fi
    if [[ $# -gt 1 ]]; then
        echo "usage: scripts/make-golden.sh [BUILD_BIN_DIR]   (default: build/bin)" >&2
        exit 2
    fi
    bin=$(cd "${1:-$root/build/bin}" && pwd) || exit 2
    golden=$root/tests/golden
    mpiexec=${MPIEXEC:-mpiexec}
    for f in "$bin/sorn-simulate" "$bin/sorn-analyze"; do
        [[ -x $f ]] || { echo "make-golden.sh: error: $f is not an executable" >&2; exit 2; }
    done
    command -v h5repack >/dev/null || { echo "make-golden.sh: error: h5repack not found" >&2; exit 2; }
    export OMPI_ALLOW_RUN_AS_ROOT=${OMPI_ALLOW_RUN_AS_ROOT:-1}
    export OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=${OMPI_ALLOW_RUN_AS_ROOT_CONFIRM:-1}

    GOLDEN_WORK=$(mktemp -d "${TMPDIR:-/tmp}/sorn_make_golden.XXXXXX") # global: the trap runs late
    trap 'rm -rf "$GOLDEN_WORK"' EXIT
    cd "$GOLDEN_WORK"

    echo "make-golden.sh: simulating with $bin"
    "$mpiexec" -n 1 "$bin/sorn-simulate" "${GOLDEN_RESULT[@]}"
    "$mpiexec" -n 1 "$bin/sorn-simulate" "${GOLDEN_CHECKPOINT[@]}"
    "$mpiexec" -n 1 "$bin/sorn-simulate" "${GOLDEN_RESUMED[@]}"
    shrink result.h5
    shrink resumed.h5
    "$mpiexec" -n 1 "$bin/sorn-analyze" "${GOLDEN_ANALYSIS[@]}" >analysis.json
    shrink analysis.h5

    for f in result checkpoint resumed analysis; do
        /usr/bin/python3 "$golden/h5text.py" "$f.h5" >"$f.txt"
    done
    echo "make-golden.sh: into $golden:"
    for f in result checkpoint resumed analysis; do
        # Every run writes another /provenance (time, host, lineage): a file whose content is
        # unchanged is kept, so that regenerating without a change of the science changes nothing.
        if [[ -e $golden/$f.h5 ]] && same_content "$f.h5" "$golden/$f.h5"; then
            echo "  $f.h5: unchanged, kept"
        else
            cp "$f.h5" "$golden/"
            echo "  $f.h5: CHANGED"
        fi
        cp "$f.txt" "$golden/"
    done
    cp analysis.json "$golden/"
    (cd "$golden" && ls -l ./*.h5 ./*.txt ./*.json && du -ch ./*.h5 ./*.txt ./*.json | tail -n 1)
    echo "Review 'git diff tests/golden' and explain the change of the science in the commit."
}

# same_content A B: h5diff finds A and B identical outside /provenance.
same_content() {
    local out
    out=$(h5diff -c --exclude-path /provenance "$1" "$2" 2>&1) || return 1
    ! grep -qi 'not comparable' <<<"$out"
}

# shrink FILE.h5: deflate its chunked datasets in place (values unchanged; see above).
shrink() {
    local objects
    objects=$(/usr/bin/python3 - "$1" <<'EOF'
import sys, h5py
found = []
with h5py.File(sys.argv[1], "r") as f:
    f.visititems(lambda name, o: found.append("/" + name)
                 if isinstance(o, h5py.Dataset) and o.chunks else None)
print(",".join(found))
EOF
)
    [[ -n $objects ]] || return 0
    h5repack -f "$objects:GZIP=9" "$1" "$1.repacked"
    h5diff -c "$1" "$1.repacked" >/dev/null || {
        echo "make-golden.sh: error: h5repack changed $1" >&2
        exit 1
    }
    mv "$1.repacked" "$1"
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    set -euo pipefail
    make_golden "$@"
fi
