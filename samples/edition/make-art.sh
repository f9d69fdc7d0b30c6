#!/usr/bin/env bash
# make-art.sh — regenerate the sample edition's photos and advertisements.
#
# Everything is drawn from scratch (no downloaded material): the photos with ImageMagick 6
# (gradients, seeded plasma fractals, vector shapes, no text), the shop's ad with ImageMagick
# and DejaVu Sans, the bank's ad as hand-written vector PDF by make-bank-ad.py (Python 3,
# standard library only). Seeds are fixed and metadata carrying a time is stripped, so running
# the script again gives the same bytes with the same ImageMagick, libjpeg and libpng.
#
#   photos/heat-plant.jpg         1600x1067 JPEG — a heat plant's chimneys steaming at a frosty dawn
#   photos/river-rink.jpg         1600x1067 JPEG — skaters on a frozen river under strings of lights
#   photos/felt-workshop.jpg      1067x1600 JPEG — portrait: a felt rug on a workshop wall
#   ads/sary-arqa-hardware.png    1343x709 PNG, 300 ppi — a shop's ad, 2 columns x 60 mm
#   ads/aqqu-bank.pdf             322.3x198.4 pt PDF — a bank's ad, 2 columns x 70 mm, vectors
#
# (stories/photos is a symbolic link to ../photos, so that a story's `image: photos/…` is
# found inside its own folder, as galley requires.)
#
# Usage: ./make-art.sh            (writes beside this script)
# Needs: ImageMagick 6 convert (CONVERT=… to override), python3, DejaVu Sans fonts;
#        qpdf and pdftotext to check the PDF (skipped when missing).
set -euo pipefail
export LC_ALL=C
unset SOURCE_DATE_EPOCH

cd "$(dirname "$0")"
CONVERT=${CONVERT:-/usr/bin/convert}
FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
FONT_BOLD=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
for f in "$FONT" "$FONT_BOLD"; do
    [[ -r $f ]] || { echo "make-art.sh: missing font $f (apt-get install fonts-dejavu-core)" >&2; exit 1; }
done
mkdir -p photos ads

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

JPEG_OUT=(-strip -colorspace sRGB -sampling-factor 2x2 -interlace none -quality 82)
PNG_OUT=(-strip -define 'png:exclude-chunks=date,time' -define png:compression-level=9)

# texture W H SEED OUT — a soft grey noise from a seeded plasma fractal, mean about 50 %.
texture() {
    "$CONVERT" -size "$1x$2" -seed "$3" plasma:grey50-grey50 -colorspace gray -blur 0x3 "$4"
}

# --------------------------------------------------------------------------------------------
# 1. heat-plant.jpg — a gas-fired heat plant at dawn in deep frost: two chimneys with steam
#    plumes drifting right, apartment blocks with lit windows, snow, a pipeline on supports.
W=1600 H=1067 HZ=760
"$CONVERT" -size ${W}x${HZ} gradient:'#1f2d5c'-'#f6ad8e' \
    \( -size 500x500 radial-gradient:'#ffe2b8'-none -resize 1100x420! \) -geometry +720+560 \
    -compose screen -composite -compose over "$TMP/sky.png"
texture $W $((H - HZ)) 71 "$TMP/snowtex.png"
"$CONVERT" -size ${W}x$((H - HZ)) gradient:'#e9e4ea'-'#aebbd3' "$TMP/snowtex.png" \
    -compose softlight -composite "$TMP/snow.png"
awk -v W=$W -v hz=$HZ 'BEGIN {
    srand(20261206)
    # far treeline and low roofs on the horizon
    printf "fill #59607e stroke none polygon 0,%d ", hz
    for (x = 0; x <= W; x += 20) printf "%d,%d ", x, hz - 8 - int(rand() * 14)
    printf "%d,%d ", W, hz
    # apartment blocks on the left, five and nine storeys, windows lit at random
    x = 10
    for (b = 0; b < 4; b++) {
        w = 150 + int(rand() * 60); f = (b % 2 ? 9 : 5); h = f * 30 + 20
        printf "fill #4b5170 rectangle %d,%d %d,%d ", x, hz - h, x + w, hz
        for (fl = 0; fl < f; fl++)
            for (wx = x + 10; wx < x + w - 14; wx += 22)
                if (rand() < 0.45)
                    printf "fill #f7c979 rectangle %d,%d %d,%d ", wx, hz - h + 16 + fl * 30, wx + 10, hz - h + 30 + fl * 30
        x += w + 24
    }
    # the plant: turbine hall, boiler house, stairs tower, then two chimneys with red bands
    printf "fill #6a6f86 rectangle 760,560 1300,%d ", hz
    printf "fill #7b8199 rectangle 880,470 1120,%d ", hz
    printf "fill #5e637a rectangle 1230,500 1290,%d ", hz
    for (i = 0; i < 9; i++) printf "fill #9aa0b8 rectangle %d,490 %d,540 ", 895 + i * 25, 909 + i * 25
    for (i = 0; i < 16; i++) printf "fill #f3cf8f rectangle %d,600 %d,618 ", 780 + i * 32, 796 + i * 32
    printf "fill #e8e6ea rectangle 760,552 1300,562 rectangle 880,462 1120,472 "
    split("960 1050", cx, " ")
    for (k = 1; k <= 2; k++) {
        c = cx[k]
        printf "fill #d9d7de polygon %d,470 %d,470 %d,190 %d,190 ", c - 26, c + 26, c + 14, c - 14
        printf "fill #b3343a polygon %d,190 %d,190 %d,230 %d,230 ", c - 14, c + 14, c + 16, c - 16
        printf "fill #b3343a polygon %d,290 %d,290 %d,320 %d,320 ", c - 18, c + 18, c + 19, c - 19
    }
    # a pipeline on supports crossing the foreground snow
    printf "fill #7c6f66 rectangle 0,842 %d,858 ", W
    printf "fill #b7aca4 rectangle 0,842 %d,846 ", W
    for (x = 40; x < W; x += 130) printf "fill #5b5552 rectangle %d,858 %d,912 ", x, x + 10
    printf "fill #8b95b3 ellipse 800,925 900,8 0,360 "
}' > "$TMP/plant.mvg"
# The steam: overlapping circles rising from both chimney tops and drifting right, blurred
# into a mask and broken up with plasma so that the plumes look billowy.
awk 'BEGIN {
    printf "fill white stroke none "
    split("960 1050", cx, " ")
    for (k = 1; k <= 2; k++)
        for (i = 0; i < 40; i++) {
            t = i / 39
            x = cx[k] + 640 * t ^ 1.5 + 24 * t * sin(i * 1.7)
            y = 178 - 105 * t ^ 0.7 + 10 * t * cos(i * 2.3)
            r = 16 + 105 * t
            printf "circle %.1f,%.1f %.1f,%.1f ", x, y, x + r, y
        }
}' > "$TMP/steam.mvg"
"$CONVERT" -size ${W}x${HZ} xc:black -draw "$(<"$TMP/steam.mvg")" -blur 0x12 "$TMP/steam1.png"
"$CONVERT" -size ${W}x${HZ} -seed 72 plasma:grey50-grey50 -colorspace gray -blur 0x6 \
    -level 25%,85% "$TMP/steamtex.png"
"$CONVERT" "$TMP/steam1.png" "$TMP/steamtex.png" -compose multiply -composite \
    -level 0,50% "$TMP/steammask.png"
"$CONVERT" -size ${W}x${H} xc:none "$TMP/sky.png" -geometry +0+0 -composite \
    "$TMP/snow.png" -geometry +0+$HZ -composite -draw "$(<"$TMP/plant.mvg")" \
    "$TMP/plant.png"
"$CONVERT" "$TMP/plant.png" \
    \( -size ${W}x${H} gradient:'#fff8f2'-'#f7d3c4' \) \
    \( "$TMP/steammask.png" -background black -extent ${W}x${H} \) -composite \
    -blur 0x0.6 "${JPEG_OUT[@]}" photos/heat-plant.jpg

# --------------------------------------------------------------------------------------------
# 2. river-rink.jpg — late afternoon on a frozen river: the embankment wall, bare trees and
#    blocks on the far bank, strings of lights on posts, skaters of all sizes.
W=1600 H=1067 BANK=470 ICE=560
"$CONVERT" -size ${W}x${BANK} gradient:'#7f93b3'-'#eed9c4' "$TMP/sky.png"
texture $W $((H - ICE)) 81 "$TMP/icetex.png"
"$CONVERT" "$TMP/icetex.png" -resize ${W}x40! -resize ${W}x$((H - ICE))! "$TMP/icetex2.png"
"$CONVERT" -size ${W}x$((H - ICE)) gradient:'#c4d2e0'-'#9fb3c9' "$TMP/icetex2.png" \
    -compose softlight -composite "$TMP/ice.png"
awk -v W=$W -v bank=$BANK -v ice=$ICE 'BEGIN {
    srand(20261205)
    # blocks behind the trees
    for (x = -20; x < W; x += 140 + int(rand() * 60)) {
        h = 90 + int(rand() * 150)
        tone = (rand() < 0.5) ? "#8c8aa0" : "#9d97a6"
        printf "fill %s stroke none rectangle %d,%d %d,%d ", tone, x, bank - h, x + 120, bank
        for (wy = bank - h + 12; wy < bank - 14; wy += 22)
            for (wx = x + 10; wx < x + 110; wx += 20)
                if (rand() < 0.3) printf "fill #f2d6a0 rectangle %d,%d %d,%d ", wx, wy, wx + 8, wy + 10
    }
    # bare trees along the embankment: trunks with a few forked branches
    for (x = 20; x < W; x += 70 + int(rand() * 40)) {
        h = 110 + int(rand() * 60)
        printf "stroke #3e3a44 stroke-width 4 line %d,%d %d,%d ", x, bank, x, bank - h
        for (b = 0; b < 5; b++) {
            y = bank - h * (0.35 + 0.13 * b); d = (b % 2 ? 1 : -1) * (20 + rand() * 25)
            printf "stroke-width %.1f line %d,%.0f %.0f,%.0f ", 2.6 - 0.4 * b, x, y, x + d, y - 30 - rand() * 20
            printf "stroke-width 1 line %.0f,%.0f %.0f,%.0f ", x + d * 0.6, y - 20, x + d * 1.3, y - 45
        }
    }
    printf "stroke none "
    # the embankment wall, its railing, and snow along the top
    printf "fill #8d7f73 rectangle 0,%d %d,%d ", bank, W, ice
    for (x = 0; x < W; x += 48) printf "fill #7d7065 rectangle %d,%d %d,%d ", x, bank + 30, x + 46, bank + 32
    printf "fill #f4f2f4 rectangle 0,%d %d,%d ", bank - 4, W, bank + 6
    printf "stroke #2f2d36 stroke-width 2 line 0,%d %d,%d ", bank - 22, W, bank - 22
    for (x = 0; x < W; x += 30) printf "line %d,%d %d,%d ", x, bank - 22, x, bank - 4
    printf "stroke none "
    printf "fill #e9edf3 ellipse 800,%d 900,10 0,360 ", ice + 4
}' > "$TMP/bank.mvg"
# skate marks, light posts with sagging strings of bulbs, and the skaters, far to near
awk -v W=$W -v ice=$ICE 'BEGIN {
    srand(1207)
    for (i = 0; i < 90; i++) {
        y = ice + 20 + rand() * 480; x = rand() * W; l = 60 + rand() * 220
        printf "stroke #e6eef6 stroke-width 1 fill none path \"M %.0f,%.0f Q %.0f,%.0f %.0f,%.0f\" ", x, y, x + l / 2, y - 6 - rand() * 10, x + l, y + rand() * 6
    }
    printf "stroke none "
    py = ice + 70
    for (x = 30; x < W + 200; x += 210) {
        printf "fill #2c2a33 rectangle %d,%d %d,%d ", x, py - 170, x + 5, py
        if (x + 210 < W + 200)
            for (t = 0.04; t < 1; t += 0.08) {
                bx = x + 2 + 210 * t; by = py - 168 + 46 * 4 * t * (1 - t)
                printf "fill #ffe9a3 circle %.1f,%.1f %.1f,%.1f ", bx, by, bx + 3.2, by
            }
    }
    split("#b8323a #2d5d9a #2f7a55 #e0a52c #6b3e8f #d0662b #1e2a44 #c23f78", col, " ")
    n = 26
    for (k = 0; k < n; k++) {
        d = (k + 1) / n; s = 0.35 + 1.6 * d ^ 1.4
        y = ice + 40 + 440 * d ^ 1.2; x = 60 + rand() * (W - 120)
        if (rand() < 0.25) s *= 0.65            # a child
        lean = (rand() < 0.5 ? 1 : -1)
        c = col[1 + int(rand() * 8)]; c2 = (rand() < 0.5) ? "#26252d" : "#3c3f55"
        sh = 70 * s
        printf "fill #8ea2bb ellipse %.0f,%.0f %.0f,%.0f 0,360 ", x + lean * 10 * s, y + 2, 26 * s, 4 * s
        # legs: one pushing out behind, one under the body
        printf "stroke %s stroke-width %.1f stroke-linecap round line %.0f,%.0f %.0f,%.0f line %.0f,%.0f %.0f,%.0f ", c2, 6 * s, x, y - sh * 0.45, x - lean * 4 * s, y, x, y - sh * 0.45, x - lean * 22 * s, y - 4 * s
        printf "stroke #202024 stroke-width %.1f line %.0f,%.0f %.0f,%.0f stroke none ", 2 * s, x - lean * 12 * s, y + 1, x + lean * 6 * s, y + 1
        # body leaning forward, arms, head with a hat
        printf "fill %s polygon %.0f,%.0f %.0f,%.0f %.0f,%.0f %.0f,%.0f ", c, x - 9 * s, y - sh * 0.42, x + 9 * s, y - sh * 0.42, x + lean * 14 * s + 7 * s, y - sh * 0.9, x + lean * 14 * s - 9 * s, y - sh * 0.92
        printf "stroke %s stroke-width %.1f line %.0f,%.0f %.0f,%.0f stroke none ", c, 4.5 * s, x + lean * 12 * s, y - sh * 0.85, x - lean * 12 * s, y - sh * 0.55
        printf "fill #e2b896 circle %.0f,%.0f %.0f,%.0f ", x + lean * 17 * s, y - sh * 1.0, x + lean * 17 * s + 7 * s, y - sh * 1.0
        printf "fill %s ellipse %.0f,%.0f %.0f,%.0f 180,360 ", c2, x + lean * 17 * s, y - sh * 1.03, 7.5 * s, 6 * s
    }
}' > "$TMP/rink.mvg"
"$CONVERT" -size ${W}x${H} xc:none "$TMP/sky.png" -geometry +0+0 -composite \
    "$TMP/ice.png" -geometry +0+$ICE -composite -draw "$(<"$TMP/bank.mvg")" \
    -draw "$(<"$TMP/rink.mvg")" \
    \( -size 400x400 radial-gradient:'#fff2d9'-none -resize 900x300! \) -geometry +900+260 \
    -compose screen -composite -compose over \
    -blur 0x0.6 "${JPEG_OUT[@]}" photos/river-rink.jpg

# --------------------------------------------------------------------------------------------
# 3. felt-workshop.jpg — portrait: a syrmaq (quilted felt rug) hanging from a rod on a
#    plaster wall, window light from the right, rolled rugs on a plank floor.
W=1067 H=1600 FLOOR=1330
awk -v W=$W -v floor=$FLOOR 'BEGIN {
    L = 150; R = 800; T = 200; B = 1180
    # soft shadow first (blurred separately), so only the rug here
    printf "stroke #5a4330 stroke-width 3 line %d,120 %d,%d line %d,120 %d,%d ", L + 40, L + 10, T - 18, R - 40, R - 10, T - 18
    printf "stroke none fill #6b4a2e rectangle %d,%d %d,%d ", L - 30, T - 24, R + 30, T - 8
    printf "fill #1f2c55 rectangle %d,%d %d,%d ", L, T - 8, R, B
    printf "fill #efe3c8 rectangle %d,%d %d,%d ", L + 28, T + 20, R - 28, B - 36
    printf "fill #a3252b rectangle %d,%d %d,%d ", L + 40, T + 32, R - 40, B - 48
    # a row of triangles in the border, top and bottom
    for (x = L + 28; x < R - 28; x += 36) {
        printf "fill #a3252b polygon %d,%d %d,%d %d,%d ", x, T + 20, x + 36, T + 20, x + 18, T + 32
        printf "fill #a3252b polygon %d,%d %d,%d %d,%d ", x, B - 36, x + 36, B - 36, x + 18, B - 48
    }
    # ram-horn motifs (qoshqar müiz) in a 2 x 4 grid, cream on red, with navy diamonds between
    for (row = 0; row < 4; row++) for (colm = 0; colm < 2; colm++) {
        cx = L + 40 + (R - L - 80) * (0.25 + 0.5 * colm); cy = T + 32 + (B - T - 80) * (0.1 + 0.235 * row)
        printf "fill none stroke #efe3c8 stroke-width 16 stroke-linecap round "
        printf "line %.0f,%.0f %.0f,%.0f ", cx, cy + 70, cx, cy - 10
        for (sd = -1; sd <= 1; sd += 2) {
            printf "path \"M %.0f,%.0f C %.0f,%.0f %.0f,%.0f %.0f,%.0f C %.0f,%.0f %.0f,%.0f %.0f,%.0f\" ", cx, cy - 10, cx + sd * 20, cy - 60, cx + sd * 95, cy - 70, cx + sd * 100, cy - 20, cx + sd * 104, cy + 15, cx + sd * 70, cy + 25, cx + sd * 62, cy + 2
            printf "path \"M %.0f,%.0f C %.0f,%.0f %.0f,%.0f %.0f,%.0f\" ", cx, cy + 70, cx + sd * 30, cy + 60, cx + sd * 60, cy + 80, cx + sd * 56, cy + 100
        }
        printf "stroke none fill #1f2c55 polygon %.0f,%.0f %.0f,%.0f %.0f,%.0f %.0f,%.0f ", cx, cy + 92, cx + 22, cy + 114, cx, cy + 136, cx - 22, cy + 114
    }
    # the quilting stitches: dashed lines just inside each edge of the red field
    printf "fill none stroke #f6eedd stroke-width 2 stroke-dasharray 10 8 rectangle %d,%d %d,%d ", L + 50, T + 42, R - 50, B - 58
    printf "stroke-dasharray 10 8 rectangle %d,%d %d,%d stroke-dasharray none stroke none ", L + 14, T + 6, R - 14, B - 14
    # tassels along the bottom edge
    for (x = L + 10; x < R; x += 30) printf "stroke #1f2c55 stroke-width 4 line %d,%d %d,%d stroke none ", x, B, x + 2, B + 34
}' > "$TMP/rug.mvg"
awk -v W=$W -v floor=$FLOOR 'BEGIN {
    # floor planks, then rolled rugs lying on the floor
    printf "fill #7a5536 rectangle 0,%d %d,%d ", floor, W, 1600
    for (y = floor + 24; y < 1600; y += 40 + (y - floor) / 8)
        printf "stroke #5d3f27 stroke-width 2 line 0,%d %d,%d stroke none ", y, W, y
    split("#c98a2b #2f5c4a #8c2f2f #e8dcc0 #3b4a78", col, " ")
    for (k = 0; k < 5; k++) {
        x = 60 + k * 190; y = floor + 110 + (k % 2) * 50; w = 170; r = 48
        c = col[k + 1]
        printf "fill %s rectangle %d,%d %d,%d ", c, x, y - r, x + w, y + r
        printf "fill #3a2a1c ellipse %d,%d %d,%d 0,360 ", x + w, y, r / 3, r
        printf "fill %s ellipse %d,%d %d,%d 0,360 ", c, x, y, r / 3, r
        printf "fill none stroke #3a2a1c stroke-width 2 ellipse %d,%d %d,%d 0,360 stroke none ", x, y, r / 5, r * 0.6
    }
}' > "$TMP/floor.mvg"
texture $W $H 91 "$TMP/walltex.png"
"$CONVERT" -size ${W}x${H} gradient:'#eadfca'-'#bca98a' "$TMP/walltex.png" \
    -compose softlight -composite -compose over \
    -fill '#fffaf0' -draw 'rectangle 880,160 1067,760' \
    -stroke '#8a6a4a' -strokewidth 14 -draw 'line 970,160 970,760 line 880,460 1067,460' \
    -strokewidth 22 -fill none -draw 'rectangle 880,160 1080,760' -stroke none \
    \( -size 400x400 radial-gradient:'#fff1d6'-none -resize 1100x1500! \) -geometry +300+-100 \
    -compose screen -composite -compose over "$TMP/wall.png"
"$CONVERT" -size ${W}x${H} xc:none -fill '#00000070' -draw 'rectangle 130,200 826,1230' \
    -blur 0x24 "$TMP/shadow.png"
texture $W $H 92 "$TMP/felttex.png"
"$CONVERT" -size ${W}x${H} xc:none -draw "$(<"$TMP/rug.mvg")" "$TMP/rug.png"
"$CONVERT" \( "$TMP/rug.png" -alpha off \) \( "$TMP/felttex.png" -level 20%,80% \) \
    -compose softlight -composite \( "$TMP/rug.png" -alpha extract \) \
    -compose copy-opacity -composite "$TMP/rug2.png"
"$CONVERT" "$TMP/wall.png" "$TMP/shadow.png" -geometry +18+14 -composite \
    "$TMP/rug2.png" -composite -draw "$(<"$TMP/floor.mvg")" \
    -blur 0x0.6 "${JPEG_OUT[@]}" photos/felt-workshop.jpg

# --------------------------------------------------------------------------------------------
# 4. ads/sary-arqa-hardware.png — the shop's ad: 2 columns x 60 mm at 300 ppi (113.7 x 60 mm).
W=1343 H=709
{
    printf 'fill #14213d rectangle 0,0 %d,150 ' $W
    printf 'fill #e8590c rectangle 0,150 %d,158 ' $W
    printf 'fill #14213d rectangle 0,%d %d,%d ' $((H - 92)) $W $H
    # the badge: an orange disc with a white ring
    printf 'fill #e8590c circle 1130,370 1130,190 '
    printf 'fill none stroke #ffffff stroke-width 6 circle 1130,370 1130,206 stroke none '
    # a snow shovel, drawn with shapes, beside the list
    printf 'stroke #6b4a2e stroke-width 14 stroke-linecap round line 90,250 190,470 stroke none '
    printf 'fill #2f6fb0 polygon 150,430 250,400 290,520 180,560 '
    printf 'fill #14213d rectangle 76,232 112,246 '
    # snowflakes in the header
    for c in "1180,75,34" "1260,40,18" "1290,112,14"; do
        IFS=, read -r x y r <<<"$c"
        for a in 0 60 120; do
            awk -v x=$x -v y=$y -v r=$r -v a=$a 'BEGIN { t = a * 3.14159265 / 180
                printf "stroke #9ec9db stroke-width 3 line %.1f,%.1f %.1f,%.1f stroke none ",
                    x - r * cos(t), y - r * sin(t), x + r * cos(t), y + r * sin(t) }'
        done
    done
} > "$TMP/shop.mvg"
"$CONVERT" -size ${W}x${H} xc:'#f6f1e7' -draw "$(<"$TMP/shop.mvg")" \
    -font "$FONT_BOLD" -fill '#ffffff' -pointsize 76 -annotate +48+104 'SARY-ARQA' \
    -font "$FONT" -pointsize 40 -fill '#f6c14e' -annotate +560+102 'HARDWARE' \
    -font "$FONT_BOLD" -fill '#14213d' -pointsize 58 -annotate +330+262 'Everything' \
    -annotate +330+336 'for the winter' \
    -font "$FONT" -pointsize 30 -fill '#333333' \
    -annotate +332+410 'Snow shovels · Oil heaters · Felt boots' \
    -annotate +332+456 'Window seals · Car batteries · Sledges' \
    -font "$FONT" -pointsize 30 -fill '#ffffff' \
    -annotate +48+$((H - 32)) '14 Täuelsizdik Street, Kökterek  ·  daily 9:00–21:00  ·  sary-arqa.example' \
    -gravity center -font "$FONT_BOLD" -pointsize 84 -annotate +$((1130 - W / 2))+$((370 - H / 2 - 16)) '−20%' \
    -font "$FONT" -pointsize 32 -annotate +$((1130 - W / 2))+$((370 - H / 2 + 62)) 'until 31 Dec' \
    "${PNG_OUT[@]}" -define png:include-chunk=pHYs -units PixelsPerInch -density 300 \
    PNG24:ads/sary-arqa-hardware.png

# --------------------------------------------------------------------------------------------
# 5. ads/aqqu-bank.pdf — the bank's ad, written as vector PDF by hand.
python3 make-bank-ad.py ads/aqqu-bank.pdf
if command -v qpdf >/dev/null; then qpdf --check ads/aqqu-bank.pdf >/dev/null; fi
if command -v pdftotext >/dev/null; then
    pdftotext ads/aqqu-bank.pdf - | grep -q 'Winter Deposit' ||
        { echo "make-art.sh: ads/aqqu-bank.pdf has no text" >&2; exit 1; }
fi

echo "make-art.sh: wrote photos/*.jpg and ads/*"
