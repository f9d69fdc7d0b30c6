#!/usr/bin/env bash
# The main job on the bundled samples: every article in samples/ through galley, into out/.
# Usage: scripts/run-samples.sh [BUILD_DIR]   (default: build)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build}
galley=$build/bin/galley
out=$here/out
mkdir -p "$out"
status=0
for f in "$here"/samples/*; do
  case "$f" in
    */README.md) continue ;;
    *.txt|*.md|*.xml|*.json) ;;
    *) continue ;;
  esac
  name=$(basename "$f")
  if "$galley" inspect "$f" > "$out/$name.json.tmp"; then
    mv "$out/$name.json.tmp" "$out/$name.json"
    echo "out/$name.json"
  else
    rm -f "$out/$name.json.tmp"
    status=1
  fi
done
exit $status
