#!/usr/bin/env bash
# Issue 16's speed target: a 12-page edition of 40 stories and 20 photos in under 5 s on two
# cores. The stories are the first 40 short articles of ../shared/bench/gen_corpus.py's batch
# (about 600 words each); 20 keep their photo (each page's lead has one), 20 lose it. Twelve
# pages in four sections, four stories a page on the first four, three after; the whole
# edition is timed through the CLI, to the print PDF and to PNG proofs at 50 dpi.
#
# Usage: bench/edition.sh [BUILD_DIR]   (default: build-bench, built in Release)
set -euo pipefail
source "$(dirname "$0")/setup.sh"

ed=$work/edition
mkdir -p "$ed/stories"
# The batch's img/ is a symbolic link, as a newsroom's often is; the stories' own is one too.
ln -s "$corpus/batch/img" "$ed/stories/img"
mapfile -t articles < <(ls "$corpus/batch"/art_*.md | sort | head -40)
photos=() plain=()
for i in "${!articles[@]}"; do
  name=$(basename "${articles[$i]}")
  if [ "$i" -lt 20 ]; then
    cp "${articles[$i]}" "$ed/stories/$name"
    photos+=("$name")
  else
    grep -v '^!\[' "${articles[$i]}" > "$ed/stories/$name"
    plain+=("$name")
  fi
done
sections=(News News News News Business Business Business Region Region Region Sport Sport)
{
  echo "title: The Benchmark Courier"
  echo "date: 2026-12-07"
  echo "style: broadsheet"
  echo "pages:"
  p_next=12 q_next=0
  for page in $(seq 0 11); do
    echo "  - section: ${sections[$page]}"
    [ "$page" -eq 0 ] && echo "    nameplate: true"
    echo "    stories:"
    echo "      - stories/${photos[$page]}"      # the lead, with its photo
    count=$([ "$page" -lt 4 ] && echo 3 || echo 2)
    for _ in $(seq 1 "$count"); do
      if [ "$p_next" -lt 20 ] && [ $((page % 2)) -eq 1 ]; then
        echo "      - stories/${photos[$p_next]}"; p_next=$((p_next + 1))
      elif [ "$q_next" -lt 20 ]; then
        echo "      - stories/${plain[$q_next]}"; q_next=$((q_next + 1))
      else
        echo "      - stories/${photos[$p_next]}"; p_next=$((p_next + 1))
      fi
    done
  done
} > "$ed/edition.yaml"
stories=$(grep -c 'stories/art_' "$ed/edition.yaml")
with_photos=$(for s in $(grep -o 'art_[0-9]*\.md' "$ed/edition.yaml"); do grep -l '^!\[' "$ed/stories/$s" || true; done | wc -l)

run() { # NAME ARGS...
  local name=$1; shift
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$work/rss" "$galley" edition "$ed/edition.yaml" "$@" 2>"$work/err" >"$work/out" ||
    { cat "$work/err" >&2; exit 1; }
  end=$(date +%s.%N)
  printf '%-26s %2d pages  %2d stories (%2d with photos)  %6.2f s  peak %4d MB\n' "$name" \
    "$(grep -c '"section"' "$work/out")" "$stories" "$with_photos" \
    "$(echo "$end - $start" | bc -l)" "$(( $(cat "$work/rss") / 1024 ))"
}
echo "galley $("$galley" --version | head -1 | awk '{print $2}'), $(nproc) cores, corpus $corpus"
run "edition → print PDF" -o "$work/edition.pdf" --json
run "edition → PNG, 50 dpi" -o "$work/png/" --to png --dpi 50 --json
[ -n "${GALLEY_BENCH_KEEP:-}" ] && cp -r "$work/png" "$GALLEY_BENCH_KEEP"
echo "  overset words: $(grep -o '"overset_words":[0-9]*' "$work/out" | awk -F: '{s += $2} END {print s + 0}'), warnings: $(grep -c 'warning' "$work/err" || true)"
