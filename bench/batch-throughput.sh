#!/usr/bin/env bash
# Batch throughput of `galley convert` on the shared benchmark corpus's 200 short articles
# (each with a 258 KB photo): each format alone and all three together, with -j 2, and the
# peak memory of the process for 200 and for 2,000 articles. When pandoc is installed, it
# converts the same files to EPUB 3 in the same run (2 processes), so the ratio is honest.
#
# Usage: bench/batch-throughput.sh [BUILD_DIR]   (default: build-bench, built in Release)
set -euo pipefail
source "$(dirname "$0")/setup.sh"
n=$(find "$corpus/batch" -name '*.md' | wc -l)

# 2,000 articles: the 200 ten times over, in subfolders (symbolic links to the same files).
# Each img/ is a symbolic link to the photos' folder, as in the corpus itself (the corpus's
# batch/img is a link to corpus/img): links inside an article's folder are followed.
big=$work/big
for i in $(seq 0 9); do
  mkdir -p "$big/part$i"
  for f in "$corpus"/batch/*.md; do ln -s "$f" "$big/part$i/$(basename "$f")"; done
  ln -s "$corpus/batch/img" "$big/part$i/img"
done

measure() { # NAME FORMATS INPUT COUNT
  local name=$1 formats=$2 input=$3 count=$4 out=$work/out-$1
  rm -rf "$out"
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$work/mem" "$galley" convert "$input" --to "$formats" -o "$out" -j 2 2>"$work/err" || {
    cat "$work/err" >&2; return 1; }
  end=$(date +%s.%N)
  # A photo left out would make the run cheaper than the real one: the photos must be there.
  if grep -q "the photo is left out" "$work/err"; then
    grep -m 3 "the photo is left out" "$work/err" >&2
    echo "$name: photos were left out; the corpus is incomplete" >&2
    return 1
  fi
  local secs rate mem
  secs=$(echo "$end - $start" | bc -l)
  rate=$(echo "$count / $secs" | bc -l)
  mem=$(( $(cat "$work/mem") / 1024 ))
  printf '%-28s %6d articles  %7.2f s  %8.1f articles/s  peak %4d MB\n' "$name" "$count" "$secs" "$rate" "$mem"
  eval "rate_$name=$rate"
}

echo "galley $("$galley" --version | cut -d' ' -f2), $(nproc) cores, corpus $corpus"
measure epub epub "$corpus/batch" "$n"
measure pdf pdf "$corpus/batch" "$n"
measure print print "$corpus/batch" "$n"
measure all pdf,epub,print "$corpus/batch" "$n"
measure epub_2000 epub "$big" $((n * 10))
measure all_2000 pdf,epub,print "$big" $((n * 10))

if command -v pandoc >/dev/null; then
  mkdir -p "$work/pandoc"
  start=$(date +%s.%N)
  (cd "$corpus/batch" && ls *.md | xargs -P 2 -I{} pandoc {} -o "$work/pandoc/{}.epub" --resource-path=. 2>/dev/null)
  end=$(date +%s.%N)
  secs=$(echo "$end - $start" | bc -l)
  prate=$(echo "$n / $secs" | bc -l)
  printf '%-28s %6d articles  %7.2f s  %8.1f articles/s\n' "pandoc $(pandoc --version | head -1 | cut -d' ' -f2) → epub" "$n" "$secs" "$prate"
  printf 'galley epub / pandoc: %.1f×\n' "$(echo "$rate_epub / $prate" | bc -l)"
else
  echo "pandoc not installed: no comparison (apt-get install pandoc to add it)"
fi
