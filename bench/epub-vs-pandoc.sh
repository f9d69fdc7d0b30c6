#!/usr/bin/env bash
# Times galley's EPUB writer and pandoc on the same 200 short articles, in the same run, and
# prints articles per second for both and their ratio.
#
#   galley: bench_epub's BM_EpubBatch200 (one process, two threads, reading each Markdown file
#           and writing its EPUB to a file), Release build.
#   pandoc: `pandoc -f markdown -t epub3` on each file, two processes at a time (xargs -P2),
#           when pandoc is installed (apt-get install -y pandoc; not part of scripts/setup.sh).
#
# Usage: bench/epub-vs-pandoc.sh
# Environment: GALLEY_BENCH_DIR (default /tmp/galley-bench; made by ../shared/bench/gen_corpus.py
# when missing), GALLEY_BUILD_DIR (default build-rel).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=${GALLEY_BENCH_DIR:-/tmp/galley-bench}
build=${GALLEY_BUILD_DIR:-$here/build-rel}
count=200

if [ ! -f "$corpus/batch/art_200.md" ]; then
  echo "generating the benchmark corpus in $corpus ..." >&2
  python3 "$here/../shared/bench/gen_corpus.py" "$corpus" >/dev/null
fi
cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" --target bench_epub -j2 >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# galley: the benchmark's own rate (several iterations, real time).
GALLEY_BENCH_CORPUS=$corpus "$build/bench/bench_epub" \
  --benchmark_filter='BM_EpubBatch200/files:1/threads:2' \
  --benchmark_format=json --benchmark_min_time=2 >"$work/galley.json"
galley_rate=$(python3 - "$work/galley.json" <<'EOF'
import json, sys
runs = [b for b in json.load(open(sys.argv[1]))["benchmarks"] if b.get("run_type") != "aggregate"]
print("%.1f" % runs[0]["articles_per_second"])
EOF
)
echo "galley: $galley_rate articles/s (one process, 2 threads, $count articles to EPUB files)"

if ! command -v pandoc >/dev/null 2>&1; then
  echo "pandoc: not installed (apt-get install -y pandoc to compare)"
  exit 0
fi
pandoc_version=$(pandoc --version | head -n1)
mkdir -p "$work/pandoc"
start=$(date +%s.%N)
(cd "$corpus/batch" && ls art_*.md | head -n "$count" |
  xargs -P2 -I{} pandoc -f markdown -t epub3 --resource-path=. -o "$work/pandoc/{}.epub" {})
end=$(date +%s.%N)
written=$(ls "$work/pandoc" | wc -l)
if [ "$written" -ne "$count" ]; then
  echo "pandoc wrote $written of $count books" >&2
  exit 1
fi
pandoc_rate=$(python3 -c "print('%.1f' % ($count / ($end - $start)))")
echo "pandoc: $pandoc_rate articles/s ($pandoc_version, 2 processes)"
python3 -c "print('galley / pandoc: %.1fx' % ($galley_rate / $pandoc_rate))"
