#!/usr/bin/env bash
# The fuzzing and sanitizer steps of CI (.ci/run), each runnable alone:
#
#   scripts/ci-sanitize.sh [STEP...]     # default: fuzz asan tsan
#
#   fuzz   every fuzz target briefly ($GALLEY_CI_FUZZ_SECONDS, default 15 s each) with real
#          libFuzzer (clang, scripts/fuzz.sh, build in build-ci-fuzz); a crash, leak, timeout or
#          out-of-memory input is copied into fuzz/corpus/<target>/ and the step fails.
#   asan   the whole test suite built with -DGALLEY_SANITIZE=address,undefined (gcc,
#          -fno-sanitize-recover=all, build-ci-asan; no benchmarks), leaks checked, with the
#          third-party leaks of .ci/lsan.supp suppressed. Leaves out install_package (see below).
#   tsan   the batch tests (tests/test_batch.cpp: 100 articles with -j 8 against -j 1, shards,
#          concurrent print and PDF jobs) built with -DGALLEY_SANITIZE=thread (gcc,
#          build-ci-tsan; only the library, the CLI and test_batch), with the third-party
#          races of .ci/tsan.supp suppressed.
#
# A sanitizer report ends the program that made it with a non-zero status, so the test fails.
# The fuzz step needs clang and libclang-rt-14-dev, which it installs when missing (as
# scripts/setup.sh does for the rest). GALLEY_JOBS (default 2) sets the build's parallel jobs
# and ctest's.
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
jobs=${GALLEY_JOBS:-2}
steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(fuzz asan tsan)

# Sanitizer run-time options, for every program the tests start too (the CLI, the C API tests).
# halt_on_error/exitcode: the first report fails the program. UBSan checks are already fatal
# (-fno-sanitize-recover=all); print_stacktrace says where.
export ASAN_OPTIONS="detect_leaks=1:check_initialization_order=1:strict_init_order=1:detect_stack_use_after_return=0:halt_on_error=1"
export LSAN_OPTIONS="suppressions=$root/.ci/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export TSAN_OPTIONS="suppressions=$root/.ci/tsan.supp:halt_on_error=1:second_deadlock_stack=1:print_suppressions=0"

install_missing() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  echo "ci-sanitize: installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Sanitizer builds: -O1 with line tables (fast enough to run, readable stacks) and assertions on.
# Not -Werror: GCC's flow warnings are unreliable under sanitizer instrumentation (GCC 12 warns
# -Wmaybe-uninitialized inside libstdc++'s <regex> with -fsanitize=address); the plain build
# of .ci/run holds the warnings.
sanitizer_build() {
  local dir=$1 sanitizers=$2
  shift 2
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
    -DGALLEY_SANITIZE="$sanitizers" -DGALLEY_WERROR=OFF -DGALLEY_BUILD_BENCH=OFF >/dev/null
  cmake --build "$dir" -j "$jobs" "$@"
}

step_fuzz() {
  install_missing clang libclang-rt-14-dev
  GALLEY_FUZZ_BUILD=build-ci-fuzz bash scripts/fuzz.sh "${GALLEY_CI_FUZZ_SECONDS:-15}"
}

step_asan() {
  sanitizer_build build-ci-asan address,undefined
  # install_package installs the instrumented library and builds tests/package against it
  # without the sanitizer flags, which cannot link; it runs in the plain build of .ci/run.
  ctest --test-dir build-ci-asan -j "$jobs" --output-on-failure -E '^install_package$'
}

step_tsan() {
  sanitizer_build build-ci-tsan thread --target test_batch galley_cli
  build-ci-tsan/tests/test_batch
}

for s in "${steps[@]}"; do
  case $s in
    fuzz | asan | tsan) ;;
    *) echo "ci-sanitize: unknown step '$s' (fuzz, asan, tsan)" >&2; exit 2 ;;
  esac
done
for s in "${steps[@]}"; do
  start=$(date +%s)
  echo "ci-sanitize: step $s"
  "step_$s"
  echo "ci-sanitize: step $s passed in $(( $(date +%s) - start )) s"
done
