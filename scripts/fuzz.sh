#!/usr/bin/env bash
# Runs every libFuzzer target in fuzz/ for a set time each.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]     # default: 60 s each, every target
#
# Needs clang with libFuzzer and the sanitizer runtimes. On Debian 12:
#   apt-get install clang libclang-rt-14-dev      (or clang + libfuzzer-14-dev)
# (.ci/run installs them; scripts/setup.sh does not).
#
# Configures a clang build (CC=clang CXX=clang++ -DGALLEY_FUZZ=ON) in build-fuzz, or in
# $GALLEY_FUZZ_BUILD, builds only the fuzz targets (-j $GALLEY_JOBS, default 2), and runs each
# over a working corpus <build>/corpus/<target>/ (new inputs go there) plus the saved seeds
# fuzz/corpus/<target>/ and seeds elsewhere in the tree, with fuzz/<target>.dict where there is
# one. The targets are the build's fuzz_<target> programs (GALLEY_FUZZ_TARGETS in
# fuzz/CMakeLists.txt) unless named. Any crash, leak, timeout or out-of-memory input is copied
# into fuzz/corpus/<target>/ as a regression input (ctest replays it on every build from then
# on: fix the bug, then commit the input). Exits 1 when any target found something, 2 when
# the tools are missing or the build fails.
set -euo pipefail

cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
targets=("$@")
build=${GALLEY_FUZZ_BUILD:-build-fuzz}
jobs=${GALLEY_JOBS:-2}

case $seconds in
  '' | *[!0-9]*) echo "fuzz: SECONDS must be a whole number, not '$seconds'" >&2; exit 2 ;;
esac
for tool in clang clang++; do
  command -v "$tool" >/dev/null || { echo "fuzz: $tool not found (apt-get install clang libclang-rt-14-dev)" >&2; exit 2; }
done

# -O2 with line tables only (stacks name files and lines; the build is much faster than with
# full debug information) and assertions on (no -DNDEBUG): a failed assertion is a finding too.
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O2 -gline-tables-only" \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -gline-tables-only" \
  -DGALLEY_FUZZ=ON -DGALLEY_BUILD_BENCH=OFF -DGALLEY_BUILD_MAN=OFF >/dev/null || exit 2
if [ ${#targets[@]} -eq 0 ]; then
  # Every libFuzzer program the build defines (fuzz_<target>, not the fuzz_<target>_replay mains).
  mapfile -t targets < <(cmake --build "$build" --target help | sed -n 's/^fuzz_\([a-z0-9]*\): .*/\1/p' | sort)
  [ ${#targets[@]} -gt 0 ] || { echo "fuzz: the build in $build defines no fuzz targets" >&2; exit 2; }
fi
cmake --build "$build" -j "$jobs" --target "${targets[@]/#/fuzz_}" || exit 2

found=0
for t in "${targets[@]}"; do
  work="$build/corpus/$t"
  artifacts="$build/artifacts/$t"
  mkdir -p "$work" "$artifacts" "fuzz/corpus/$t"
  args=(-max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
        -artifact_prefix="$artifacts/")
  [ -f "fuzz/$t.dict" ] && args+=(-dict="fuzz/$t.dict")
  # Seeds that live elsewhere in the tree (not copied into fuzz/corpus/).
  case $t in
    css) seeds=(styles tests/data/epub) ;;
    json) seeds=(tests/golden) ;;
    image) seeds=(samples/photos) ;;
    wire | markdown | xml) seeds=(samples) ;;
    *) seeds=() ;;
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
