# Sourced by the benchmark scripts: sets `here` (the checkout), `build` ($1, default
# build-bench, configured and built in Release when it has no galley), `corpus` (the corpus of
# ../shared/bench/gen_corpus.py, made when missing: $GALLEY_BENCH_DIR or /tmp/galley-bench),
# `galley`, and `work`, a temporary folder removed on exit.
here=$(cd "$(dirname "${BASH_SOURCE[1]}")/.." && pwd)
build=${1:-$here/build-bench}
corpus=${GALLEY_BENCH_DIR:-/tmp/galley-bench}
if [ ! -d "$corpus/batch" ] || [ ! -f "$corpus/corpus/long.md" ]; then
  python3 "$here/../shared/bench/gen_corpus.py" "$corpus" >/dev/null
fi
if [ ! -x "$build/bin/galley" ]; then
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGALLEY_BUILD_TESTS=OFF >/dev/null
  cmake --build "$build" -j2 >/dev/null
fi
galley=$build/bin/galley
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
