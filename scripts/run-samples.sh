#!/usr/bin/env bash
# The main job on the bundled samples: every article in samples/ converted to PDF, EPUB, the
# print layout (default style, and the broadsheet style for the newspaper page) and the model
# JSON, the sample press kit (samples/presskit/) as a ZIP and as a folder, and the sample
# newspaper edition (samples/edition/) as a print PDF and PNG proofs, into out/.
# Usage: scripts/run-samples.sh [BUILD_DIR]   (default: build)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
galley=$build/bin/galley
out=$here/out
"$galley" convert "$here/samples" --to pdf,epub,print,json -o "$out"
"$galley" convert "$here/samples" --to print -o "$out/broadsheet" --style broadsheet
"$galley" convert "$here/samples" --to epub --bundle samples.epub --title "galley samples" -o "$out"
"$galley" presskit "$here/samples/presskit/press-kit.yaml" -o "$out/press-kit.zip"
"$galley" presskit "$here/samples/presskit/press-kit.yaml" -o "$out/press-kit/"
"$galley" edition "$here/samples/edition/edition.yaml" -o "$out/edition.pdf"
"$galley" edition "$here/samples/edition/edition.yaml" --to png --dpi 50 -o "$out/edition-proofs/"
echo "outputs in $out:"
ls "$out"
