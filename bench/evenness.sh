#!/usr/bin/env bash
# How even galley's justified text is, measured from outside with ../shared/bench/evenness.py
# (poppler's word boxes: each full line's mean word gap against the natural word space) on the
# 10,000-word long.md of ../shared/bench/gen_corpus.py, in the two settings of issue 15:
#   broadsheet  --style broadsheet --to print: a Berliner page, 5 columns of 54.6 mm, 9/12 pt
#   a4          --to pdf (the default sheet): one A4 column
# and a pattern-less language (Finnish, tests/data/evenness/finnish.md) in broadsheet.
# Prints one line a setting: lines looser than 2x and 1.5x (% of full lines), the loosest,
# the longest run of hyphenated lines, overfull lines, hyphen-digit breaks (COVID-|19); and
# how many lines were set short (they could not be justified within the limits: galley leaves
# them short rather than spread their spaces past 2.4 times).
#
# Usage: bench/evenness.sh [BUILD_DIR]   (default: build-bench, built in Release)
set -euo pipefail
source "$(dirname "$0")/setup.sh"
evenness=$here/../shared/bench/evenness.py

report() { # NAME PDF
  python3 "$evenness" "$2" | python3 -c '
import json, sys
d = json.load(sys.stdin)
n = d["full_lines"] or 1
print("%-22s %5d full lines  >2x %5.1f %%  >1.5x %5.1f %%  max %.2fx  hyphen run %d  overfull %d  hyphen-digit %d"
      % (sys.argv[1], d["full_lines"], 100 * d["loose_gt2"] / n, 100 * d["loose_gt1_5"] / n,
         d["max_ratio"], d["max_hyphen_run"], d["overfull"], d["hyphen_digit_breaks"]))' "$1"
}

"$galley" convert "$corpus/corpus/long.md" --style broadsheet --to print -o "$work/b" 2>/dev/null
report "long.md broadsheet" "$work/b/long-print.pdf"
"$galley" convert "$corpus/corpus/long.md" --to pdf -o "$work/a" 2>/dev/null
report "long.md A4 pdf" "$work/a/long.pdf"
if [ -f "$here/tests/data/evenness/finnish.md" ]; then
  "$galley" convert "$here/tests/data/evenness/finnish.md" --style broadsheet --to print -o "$work/f" 2>/dev/null
  report "finnish.md broadsheet" "$work/f/finnish-print.pdf"
  # The same kept justified (galley-unhyphenated: justify): lines that cannot be justified
  # within the limits are set short, and counted here.
  { cat "$here/styles/broadsheet.css"; echo 'p { galley-unhyphenated: justify }'; } > "$work/justify.css"
  "$galley" convert "$here/tests/data/evenness/finnish.md" --style "$work/justify.css" --to print,layout -o "$work/fj" 2>/dev/null
  report "finnish.md justify" "$work/fj/finnish-print.pdf"
  echo "  set short: $(grep -c ' short ' "$work/fj/finnish.layout.txt" || true) of $(grep -c ' justified ' "$work/fj/finnish.layout.txt" || true) justified lines"
fi
echo "  long.md broadsheet lines set short: $("$galley" convert "$corpus/corpus/long.md" --style broadsheet --to layout -o "$work/bl" 2>/dev/null; grep -c ' short ' "$work/bl/long.layout.txt" || true)" 
