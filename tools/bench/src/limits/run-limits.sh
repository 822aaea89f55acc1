#!/bin/sh
# Build and run the memory-floor microbenchmark (random-rmw.c) in bench-results/limits/.
#   sh tools/bench/src/limits/run-limits.sh [K=100] [SPIKES=200000] [REPS=5] [N list]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="${BENCH_RESULTS:-$here/../../../../bench-results}/limits"
mkdir -p "$out"
gcc -O3 -march=native -std=c11 -Wall -o "$out/random-rmw" "$here/random-rmw.c"
"$out/random-rmw" "$@"
