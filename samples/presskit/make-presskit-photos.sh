#!/usr/bin/env bash
# make-presskit-photos.sh — regenerate the press-kit sample's photos and logo.
#
# Drawn from scratch with ImageMagick 6 (gradients, seeded random stars, vector shapes); no
# downloaded material. Seeds are fixed and metadata carrying a time is stripped, so running
# the script again gives the same bytes with the same ImageMagick, libjpeg, libpng and exiv2.
#
#   photos/telescope-dome.jpg   1000x667 JPEG — the observatory's dome under the Milky Way;
#                               its caption, credit and alt text are ONLY in its IPTC IIM
#                               and XMP metadata (written with exiv2), not in the manifest
#   photos/star-trails.jpg      1000x667 JPEG — star trails over the valley; credited in the
#                               manifest
#   photos/planetarium.jpg      1000x667 JPEG — the planetarium hall; credited in the manifest
#   logo.png                    480x120 PNG — the observatory's logo
#
# Usage: ./make-presskit-photos.sh   (writes beside this script)
# Needs: ImageMagick 6 convert (CONVERT=… to override), exiv2, DejaVu Sans fonts.
set -euo pipefail
export LC_ALL=C
unset SOURCE_DATE_EPOCH

cd "$(dirname "$0")"
CONVERT=${CONVERT:-/usr/bin/convert}
EXIV2=${EXIV2:-exiv2}
FONT_BOLD=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
for f in "$FONT" "$FONT_BOLD"; do
    [[ -r $f ]] || { echo "make-presskit-photos.sh: missing font $f (apt-get install fonts-dejavu-core)" >&2; exit 1; }
done
command -v "$EXIV2" >/dev/null || { echo "make-presskit-photos.sh: exiv2 not found (apt-get install exiv2)" >&2; exit 1; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
JPEG_OUT=(-strip -colorspace sRGB -sampling-factor 2x2 -interlace none -quality 78)
PNG_OUT=(-strip -define 'png:exclude-chunks=date,time' -define png:compression-level=9)
W=1000 H=667

# stars SEED COUNT MAXY — an MVG list of small white dots, from a fixed LCG.
stars() {
    awk -v seed="$1" -v n="$2" -v w=$W -v maxy="$3" 'BEGIN {
        s = seed
        for (k = 0; k < n; k++) {
            s = (s * 1103515245 + 12345) % 2147483648; x = s % w
            s = (s * 1103515245 + 12345) % 2147483648; y = s % maxy
            s = (s * 1103515245 + 12345) % 2147483648; r = (s % 10) < 8 ? 0.7 : 1.6
            s = (s * 1103515245 + 12345) % 2147483648; g = 150 + s % 106
            printf "fill rgb(%d,%d,%d) circle %d,%d %.1f,%d ", g, g, 255, x, y, x + r, y
        }
    }'
}

# 1. telescope-dome.jpg — a white dome with its slit open, a band of the Milky Way above.
"$CONVERT" -size ${W}x${H} gradient:'#050b24'-'#1d2f5c' "$TMP/sky.png"
"$CONVERT" -size ${W}x${H} -seed 31 plasma:grey30-grey30 -colorspace gray -blur 0x18 \
    -level 45%,75% \( -size ${W}x${H} gradient:white-black -rotate 0 \) -compose multiply -composite \
    "$TMP/milky.png"
"$CONVERT" "$TMP/sky.png" \( -size ${W}x${H} xc:'#c9c2e8' \) "$TMP/milky.png" -composite \
    -draw "$(stars 7 420 520)" \
    -fill '#0d1208' -draw "polygon 0,560 180,520 420,545 700,510 1000,540 1000,667 0,667" \
    -fill '#d8dde6' -draw "rectangle 380,470 620,600" \
    -fill '#e9edf3' -draw "ellipse 500,470 120,105 180,360" \
    -fill '#11182c' -draw "polygon 488,365 512,365 516,470 484,470" \
    -fill '#f5c26b' -draw "rectangle 486,560 514,600" \
    -fill '#0d1208' -draw "rectangle 0,600 1000,667" \
    -blur 0x0.5 "${JPEG_OUT[@]}" photos/telescope-dome.jpg

# The caption, credit and alternative text live only in the file (IPTC IIM in UTF-8, and XMP).
ESC=$'\033'
"$EXIV2" -q \
    -M"set Iptc.Envelope.CharacterSet String ${ESC}%G" \
    -M"set Iptc.Application2.Caption String The dome of the new 1.2-metre telescope at Ilek Valley Observatory, its slit open under the Milky Way." \
    -M"set Iptc.Application2.Byline String Aigerim Nurlanqyzy" \
    -M"set Iptc.Application2.Credit String Aigerim Nurlanqyzy/Ilek Valley Observatory" \
    -M"set Iptc.Application2.Copyright String © 2026 Ilek Valley Observatory" \
    -M"set Xmp.dc.description lang=x-default The dome of the new 1.2-metre telescope at Ilek Valley Observatory, its slit open under the Milky Way." \
    -M"set Xmp.dc.creator XmpSeq Aigerim Nurlanqyzy" \
    -M"set Xmp.photoshop.Credit Aigerim Nurlanqyzy/Ilek Valley Observatory" \
    -M"set Xmp.dc.rights lang=x-default © 2026 Ilek Valley Observatory" \
    -M"set Xmp.iptc.AltTextAccessibility LangAlt lang=x-default A white observatory dome with its slit open under a starry sky" \
    modify photos/telescope-dome.jpg

# 2. star-trails.jpg — concentric arcs around the celestial pole over a ridge line.
awk -v w=$W 'BEGIN {
    s = 99
    for (k = 0; k < 160; k++) {
        s = (s * 1103515245 + 12345) % 2147483648; r = 20 + s % 900
        s = (s * 1103515245 + 12345) % 2147483648; a = s % 360
        s = (s * 1103515245 + 12345) % 2147483648; g = 140 + s % 116
        printf "stroke rgb(%d,%d,255) stroke-width 1.3 fill none arc %d,%d %d,%d %d,%d ", g, g, 620 - r, 90 - r, 620 + r, 90 + r, a, a + 40
    }
}' > "$TMP/trails.mvg"
"$CONVERT" -size ${W}x${H} gradient:'#03061a'-'#2a2146' -draw "$(<"$TMP/trails.mvg")" \
    -fill '#08090c' -draw "polygon 0,520 150,470 330,505 520,440 760,500 1000,455 1000,667 0,667" \
    -fill '#e9edf3' -draw "ellipse 760,478 26,22 180,360" -draw "rectangle 734,478 786,500" \
    -blur 0x0.4 "${JPEG_OUT[@]}" photos/star-trails.jpg

# 3. planetarium.jpg — the hall: a projected sky on the dome above rows of seats.
"$CONVERT" -size ${W}x${H} xc:'#07091a' \
    -fill '#141c3d' -draw "ellipse 500,560 560,520 180,360" \
    -draw "$(stars 23 260 430)" \
    -fill '#f2d27a' -draw "circle 300,200 318,200" \
    -stroke '#5b6aa8' -strokewidth 2 -fill none -draw "arc 80,120 920,1000 200,340" -stroke none \
    -fill '#2a1d1d' -draw "rectangle 0,560 1000,667" \
    -fill '#4a2b2b' -draw "roundrectangle 40,575 960,600 8,8" -draw "roundrectangle 20,615 980,640 8,8" \
    -fill '#222634' -draw "circle 500,520 530,520" -draw "rectangle 490,520 510,575" \
    -blur 0x0.5 "${JPEG_OUT[@]}" photos/planetarium.jpg

# 4. logo.png — a crescent and star beside the name, on a transparent ground.
"$CONVERT" -size 480x120 xc:none \
    -fill '#0b3d6e' -draw "circle 60,60 60,10" \
    -fill '#ffffff' -draw "circle 72,52 72,14" \
    -fill '#f5c26b' -draw "polygon 88,80 93,92 106,92 96,100 100,112 88,104 76,112 80,100 70,92 83,92" \
    -font "$FONT_BOLD" -pointsize 30 -fill '#0b3d6e' -annotate +128+58 'Ilek Valley' \
    -font "$FONT" -pointsize 22 -fill '#4a5d7a' -annotate +130+92 'OBSERVATORY' \
    "${PNG_OUT[@]}" logo.png

ls -l photos logo.png
