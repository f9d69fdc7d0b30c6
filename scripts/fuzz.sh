#!/usr/bin/env bash
# Runs every libFuzzer target in fuzz/ for a set time each.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     # default: 60 s each, every target
#
# Needs clang with libFuzzer and the sanitizer runtimes. On Debian 12:
#   apt-get install clang libclang-rt-14-dev      (or clang + libfuzzer-14-dev)
# (not in scripts/setup.sh: CI does not fuzz yet).
#
# Configures a clang build in build-fuzz (CC=clang CXX=clang++ -DGALLEY_FUZZ=ON), builds only
# the fuzz targets, and runs each over a working corpus build-fuzz/corpus/<target>/ (new
# inputs go there) plus the saved seeds fuzz/corpus/<target>/, with fuzz/<xml|css>.dict where
# there is one. Any crash, leak, timeout or out-of-memory input is copied into
# fuzz/corpus/<target>/ as a regression input (ctest replays it on every build from then on:
# fix the bug, then commit the input). Exits 1 when any target found something.
set -euo pipefail

cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(wire markdown xml json css)
build=build-fuzz

for tool in clang clang++; do
  command -v "$tool" >/dev/null || { echo "fuzz: $tool not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 2; }
done

CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DGALLEY_FUZZ=ON -DGALLEY_BUILD_BENCH=OFF -DGALLEY_BUILD_MAN=OFF >/dev/null
cmake --build "$build" --target "${targets[@]/#/fuzz_}"

found=0
for t in "${targets[@]}"; do
  work="$build/corpus/$t"
  artifacts="$build/artifacts/$t"
  mkdir -p "$work" "$artifacts"
  args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="$artifacts/")
  case $t in
    xml) args+=(-dict=fuzz/xml.dict) ;;
    css) args+=(-dict=fuzz/css.dict) ;;
  esac
  # Seeds that live elsewhere in the tree (not copied into fuzz/corpus/).
  case $t in
    css) seeds=(styles tests/data/epub) ;;
    json) seeds=(tests/golden) ;;
    *) seeds=(samples) ;;
  esac
  echo "fuzz: $t for ${seconds}s"
  status=0
  kept=0
  # libFuzzer's own log is long; keep it, show the end.
  "$build/fuzz/fuzz_$t" "${args[@]}" "$work" "fuzz/corpus/$t" "${seeds[@]}" >"$build/fuzz-$t.log" 2>&1 || status=$?
  tail -n 12 "$build/fuzz-$t.log"
  shopt -s nullglob
  for f in "$artifacts"/crash-* "$artifacts"/leak-* "$artifacts"/timeout-* "$artifacts"/oom-*; do
    cp "$f" "fuzz/corpus/$t/"
    echo "fuzz: $t: FINDING $(basename "$f") -> fuzz/corpus/$t/ (log: $build/fuzz-$t.log)" >&2
    rm "$f"
    kept=1
    found=1
  done
  shopt -u nullglob
  if [ $status -ne 0 ] && [ $kept -eq 0 ]; then
    echo "fuzz: $t: libFuzzer exited with $status and left no input (see $build/fuzz-$t.log)" >&2
    found=1
  fi
done
exit $found
