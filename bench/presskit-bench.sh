#!/usr/bin/env bash
# The press-kit benchmark (issue 8): a kit of 5 releases and 10 photos — 1600×1067 JPEGs, one
# also a figure in each release — built by `galley presskit -j 2` into a ZIP. Target: under
# 2 s of wall time on 2 cores. The inputs are generated deterministically (seeded plasma
# fractals drawn by ImageMagick, releases from fixed text) into a temporary folder; the
# kit is built RUNS times and the fastest, median and slowest times are reported, with the
# process's peak memory and the kit's size.
#
# Usage: bench/presskit-bench.sh [BUILD_DIR] [RUNS]   (default: build-bench, built in Release; 5)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build-bench}
runs=${2:-5}
if [ ! -x "$build/bin/galley" ]; then
  cmake -S "$here" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGALLEY_BUILD_TESTS=OFF >/dev/null
  cmake --build "$build" -j2 --target galley_cli >/dev/null
fi
galley=$build/bin/galley
CONVERT=${CONVERT:-/usr/bin/convert}
command -v "$CONVERT" >/dev/null || { echo "presskit-bench.sh: ImageMagick's convert not found" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
kit=$work/source
mkdir -p "$kit/photos"

# Ten photos, 1600×1067: a seeded fractal sky over a gradient ground, JPEG quality 85 (press
# photos of about 0.3–0.6 MB).
for i in $(seq 1 10); do
  "$CONVERT" -size 1600x700 -seed "$i" plasma:steelblue-lightyellow \
    \( -size 1600x367 -seed $((i + 100)) plasma:darkolivegreen-tan \) -append \
    -blur 0x0.8 -strip -sampling-factor 2x2 -quality 85 "$kit/photos/photo-$i.jpg"
done

# Five releases of about 650 words each, in Markdown, each with one of the photos as its lead.
paragraph() { # N
  echo "The cooperative said on Tuesday that its members had approved the plan by a wide margin after a consultation that lasted $1 weeks, and that construction would begin once the regional authorities had granted the remaining permits for the access roads and the connection to the grid."
  echo
  echo "Engineers expect the new turbines to produce enough electricity for about $((1 + $1 * 3)),000 households, replacing power that is now bought from a coal-fired station across the border, and the cooperative will publish the measurements of every turbine each month on its website."
  echo
  echo "“We have waited a long time for this decision,” said the chair of the village council, who added that the income from the land leases would pay for a new school roof and for the repair of the road to the district hospital before next winter."
  echo
}
for r in 1 2 3 4 5; do
  {
    echo "---"
    echo "title: Wind cooperative approves its fifth project, number $r of the series"
    echo "dek: Members voted for a plan that will supply electricity to thousands of households."
    echo "date: 2026-03-0$r"
    echo "lang: en"
    echo "---"
    echo
    echo "![The site of project $r](photos/photo-$r.jpg \"Cooperative Photo/Wire\")"
    echo
    for p in 1 2 3 4 5 6 7; do paragraph $((r + p)); done
  } > "$kit/release-$r.md"
done

{
  echo "organisation: {name: Benchmark Wind Cooperative, website: https://wind.example}"
  echo "contacts:"
  echo "  - {name: Press Office, role: Communications, email: press@wind.example, phone: +49 30 1234 567}"
  echo "releases: [release-1.md, release-2.md, release-3.md, release-4.md, release-5.md]"
  echo "photos:"
  for i in $(seq 1 10); do
    echo "  - {file: photos/photo-$i.jpg, caption: Photo number $i of the site, credit: Photographer $i/Wire, terms: Editorial use only}"
  done
  echo "fact_sheet: {Founded: '1998', Members: '1,240', Turbines: '37'}"
  echo "embargo: 2026-03-10T09:00:00+01:00"
} > "$kit/press-kit.yaml"

photo_bytes=$(du -cb "$kit"/photos/*.jpg | tail -1 | cut -f1)
echo "galley $("$galley" --version | cut -d' ' -f2), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "inputs: 5 releases, 10 photos 1600x1067 ($((photo_bytes / 1024)) KB of JPEG)"

times=()
for run in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$work/mem" "$galley" presskit "$kit/press-kit.yaml" -o "$work/kit.zip" -j 2 \
    2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  end=$(date +%s.%N)
  times+=("$(echo "$end - $start" | bc -l)")
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n)
fastest=$(echo "$sorted" | head -1)
median=$(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p")
slowest=$(echo "$sorted" | tail -1)
mem=$(( $(cat "$work/mem") / 1024 ))
printf 'galley presskit -j 2: fastest %.2f s, median %.2f s, slowest %.2f s over %d runs; peak %d MB; kit %d KB, %d files\n' \
  "$fastest" "$median" "$slowest" "$runs" "$mem" $(( $(stat -c %s "$work/kit.zip") / 1024 )) \
  "$(unzip -Z1 "$work/kit.zip" | wc -l)"
if [ "$(echo "$median < 2" | bc -l)" = 1 ]; then echo "target (< 2 s): met"; else echo "target (< 2 s): MISSED"; fi
