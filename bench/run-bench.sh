#!/usr/bin/env bash
# Builds galley in Release and runs the benchmarks on the shared benchmark corpus.
# Usage: bench/run-bench.sh [BENCH_NAME_REGEX]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=$here/build-bench
corpus=${GALLEY_BENCH_DIR:-/tmp/galley-bench}
if [ ! -f "$corpus/corpus/long.md" ]; then
  python3 "$here/../shared/bench/gen_corpus.py" "$corpus" >/dev/null
fi
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGALLEY_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j2 >/dev/null
export GALLEY_BENCH_CORPUS=$corpus/corpus
filter=${1:-.}
for b in "$build"/bench/bench_*; do
  [ -x "$b" ] || continue
  "$b" --benchmark_filter="$filter" --benchmark_min_time=0.2
done
