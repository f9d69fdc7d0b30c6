#!/usr/bin/env bash
# Installs everything galley needs to build, run and test, from Debian 12's packages.
# Idempotent: when every package is already there it does nothing (and needs no network).
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config git
  # libraries
  libxml2-dev nlohmann-json3-dev libyaml-cpp-dev libmd4c-dev libfontconfig-dev libhyphen-dev libzip-dev
  libharfbuzz-dev libhpdf-dev libpng-dev libjpeg-dev libpango1.0-dev libcairo2-dev libqpdf-dev libexiv2-dev
  libicu-dev libcld2-dev libpoppler-glib-dev
  # hyphenation patterns: every language Debian 12 packages (46; Finnish, Kazakh and others
  # have none: their justified text is set ragged, see galley-unhyphenated)
  hyphen-af hyphen-as hyphen-be hyphen-bg hyphen-bn hyphen-ca hyphen-cs hyphen-da hyphen-de
  hyphen-el hyphen-en-gb hyphen-en-us hyphen-es hyphen-fr hyphen-gl hyphen-gu hyphen-hi
  hyphen-hr hyphen-hu hyphen-id hyphen-is hyphen-it hyphen-kn hyphen-lt hyphen-lv hyphen-ml
  hyphen-mn hyphen-mr hyphen-nl hyphen-no hyphen-or hyphen-pa hyphen-pl hyphen-pt-br
  hyphen-pt-pt hyphen-ro hyphen-ru hyphen-sk hyphen-sl hyphen-sr hyphen-sv hyphen-ta hyphen-te
  hyphen-th hyphen-uk hyphen-zu myspell-et
  # system fallback fonts for scripts the bundled fonts lack: Arabic and Hebrew (Noto, in
  # fonts-noto-core), CJK for Pango (fonts-noto-cjk, CFF outlines) and for libharu, which
  # takes TrueType outlines only (IPA Mincho and Gothic for Japanese forms, WenQuanYi Micro Hei
  # for the rest)
  fonts-noto-core fonts-noto-cjk fonts-wqy-microhei fonts-ipafont-mincho fonts-ipafont-gothic
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev python3 imagemagick fonts-dejavu-core exiv2 libxml2-utils time bc groff-base pandoc
  # fuzzing (scripts/fuzz.sh, the fuzz step of .ci/run): clang with libFuzzer
  clang libclang-rt-14-dev
  # validators used by the tests
  epubcheck default-jre-headless unzip qpdf poppler-utils mupdf-tools
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages are installed"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  SUDO=sudo
else
  SUDO=
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
