#!/usr/bin/env bash
# make-photos.sh — regenerate the sample photos in this directory.
#
# Every picture here is drawn from scratch with ImageMagick 6 (no downloaded material):
# gradients, seeded plasma fractals and vector shapes. Seeds are fixed and all metadata that
# carries a time is stripped, so running the script again gives the same bytes with the same
# ImageMagick, libjpeg, libpng and exiv2 versions.
#
#   steppe-rail.jpg            1200x800 JPEG — rail line across the steppe; carries IPTC and XMP
#                             caption/creator/credit/copyright written with exiv2
#   harbour-regatta.jpg       1200x800 JPEG — sailing boats off a harbour town
#   solar-field.jpg           1200x800 JPEG — solar panel rows below a mountain range
#   city-skyline.jpg          1200x800 JPEG — city skyline at dusk with a domed civic hall
#   library-reading-room.jpg   800x1200 JPEG — portrait: library reading room with an arched window
#   library-visits-chart.png   800x500 PNG, RGBA — bar chart on a translucent card (Kazakh labels)
#   budget-chart.png           800x500 PNG, 8-bit palette — budget split as horizontal bars
#
# Usage: ./make-photos.sh            (writes into the directory holding this script)
# Needs: ImageMagick 6 convert (CONVERT=… to override), exiv2, DejaVu Sans fonts.
set -euo pipefail
export LC_ALL=C
unset SOURCE_DATE_EPOCH

cd "$(dirname "$0")"
CONVERT=${CONVERT:-/usr/bin/convert}
EXIV2=${EXIV2:-exiv2}
FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
FONT_BOLD=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
for f in "$FONT" "$FONT_BOLD"; do
    [[ -r $f ]] || { echo "make-photos.sh: missing font $f (apt-get install fonts-dejavu-core)" >&2; exit 1; }
done
command -v "$EXIV2" >/dev/null || { echo "make-photos.sh: exiv2 not found (apt-get install exiv2)" >&2; exit 1; }

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

JPEG_OUT=(-strip -colorspace sRGB -sampling-factor 2x2 -interlace none -quality 82)
PNG_OUT=(-strip -define 'png:exclude-chunks=date,time' -define png:compression-level=9)

# A small deterministic pseudo-random generator (no $RANDOM, which differs between shells).
SEED=1
rnd() { # rnd MIN MAX -> R
    SEED=$(( (SEED * 1103515245 + 12345) % 2147483648 ))
    R=$(( $1 + (SEED / 65536) % ($2 - $1 + 1) ))
}

# clouds W H SEED OUT — a soft grey cloud mask from a seeded plasma fractal.
clouds() {
    "$CONVERT" -size "$1x$2" -seed "$3" plasma:grey50-grey50 -colorspace gray \
        -blur 0x10 -level 48%,80% "$4"
}

# --------------------------------------------------------------------------------------------
# 1. steppe-rail.jpg — a single-track railway running to the horizon across the steppe.
W=1200 H=800 HZ=500
"$CONVERT" -size ${W}x${HZ} gradient:'#35618f'-'#ecd3a0' "$TMP/sky.png"
clouds $W $HZ 11 "$TMP/clouds.png"
"$CONVERT" "$TMP/sky.png" \( -size ${W}x${HZ} xc:'#fbf6ee' \) "$TMP/clouds.png" -composite \
    \( -size 600x600 radial-gradient:'#fff3d0'-none -resize 900x300! \) -geometry +520+340 \
    -compose screen -composite -compose over "$TMP/sky2.png"
"$CONVERT" -size ${W}x$((H - HZ)) gradient:'#9c8a52'-'#5d5030' "$TMP/ground.png"
"$CONVERT" -size ${W}x$((H - HZ)) -seed 12 plasma:grey50-grey50 -colorspace gray -blur 0x2 \
    -resize ${W}x60! -resize ${W}x$((H - HZ))! "$TMP/grass.png"
"$CONVERT" "$TMP/ground.png" "$TMP/grass.png" -compose softlight -composite "$TMP/ground2.png"

awk -v hz=$HZ -v h=$((H - HZ)) 'BEGIN {
    # ballast bed, rails and sleepers converging on (640, hz)
    printf "fill #6e675b stroke none polygon 630,%d 650,%d 1010,%d 270,%d ", hz, hz, hz + h, hz + h
    n = 30
    for (k = 1; k <= n; k++) {
        t = (k / n) ^ 2.2; y = hz + h * t
        xl = 636 - 306 * t; xr = 644 + 306 * t; ext = 70 * t
        printf "stroke #3f342a stroke-width %.2f line %.1f,%.1f %.1f,%.1f ", 1 + 9 * t, xl - ext, y, xr + ext, y
    }
    printf "stroke #2b2a2c stroke-width 3 line 636,%d 330,%d line 644,%d 950,%d ", hz, hz + h, hz, hz + h
    printf "stroke #b9b6ad stroke-width 1 line 636,%d 333,%d line 644,%d 947,%d ", hz, hz + h, hz, hz + h
    # telegraph poles beside the line, with sagging wires between their tops
    prevx = -1
    for (k = 0; k <= 7; k++) {
        t = (k / 7) ^ 2.4; x = 690 + 470 * t; base = hz + 4 + 260 * t; top = base - (14 + 300 * t)
        printf "stroke #2e261f stroke-width %.2f line %.1f,%.1f %.1f,%.1f ", 1 + 6 * t, x, base, x, top
        printf "line %.1f,%.1f %.1f,%.1f ", x - 5 - 30 * t, top + 4 + 8 * t, x + 5 + 30 * t, top + 4 + 8 * t
        if (prevx >= 0)
            printf "fill none stroke #3a332d stroke-width 1 path \"M %.1f,%.1f Q %.1f,%.1f %.1f,%.1f\" ", prevx, prevtop + 4, (prevx + x) / 2, (prevtop + top) / 2 + 18 * t + 3, x, top + 4 + 8 * t
        prevx = x; prevtop = top + 8 * t
    }
}' > "$TMP/rail.mvg"

"$CONVERT" -size ${W}x${H} xc:none \
    "$TMP/sky2.png" -geometry +0+0 -composite "$TMP/ground2.png" -geometry +0+$HZ -composite \
    -fill '#7d8aa0' -stroke none \
    -draw "polygon 0,$HZ 0,486 90,478 210,484 330,474 470,488 560,492 640,$HZ" \
    -draw "polygon 760,$HZ 860,488 990,480 1110,486 1200,482 1200,$HZ" \
    -fill '#2f2a28' -draw "rectangle 150,487 178,$HZ rectangle 181,489 226,$HZ rectangle 229,489 274,$HZ" \
    -draw "rectangle 277,489 322,$HZ rectangle 325,489 370,$HZ rectangle 373,489 418,$HZ" \
    -draw "rectangle 158,482 168,487" \
    -fill '#c7c2ba' -draw "ellipse 166,476 14,4 0,360" \
    -draw "$(<"$TMP/rail.mvg")" \
    -blur 0x0.6 "${JPEG_OUT[@]}" steppe-rail.jpg

# IPTC IIM and XMP: caption, creator, credit line, copyright. Kept in UTF-8 (IPTC
# CodedCharacterSet ESC % G) so the creator's name keeps its diacritics.
ESC=$'\033'
"$EXIV2" -q \
    -M"set Iptc.Envelope.CharacterSet String ${ESC}%G" \
    -M"set Iptc.Application2.ObjectName String Steppe rail link" \
    -M"set Iptc.Application2.Caption String Telegraph poles line the new single-track railway south of Pavlodar, Kazakhstan, as a freight train crosses the steppe on the horizon." \
    -M"set Iptc.Application2.Byline String Zhanar Tölegenova" \
    -M"set Iptc.Application2.BylineTitle String Staff photographer" \
    -M"set Iptc.Application2.Credit String Zhanar Tölegenova/Steppe Wire" \
    -M"set Iptc.Application2.Source String Steppe Wire" \
    -M"set Iptc.Application2.Copyright String © 2026 Steppe Wire" \
    -M"set Iptc.Application2.City String Pavlodar" \
    -M"set Iptc.Application2.CountryName String Kazakhstan" \
    -M"set Xmp.dc.title lang=x-default Steppe rail link" \
    -M"set Xmp.dc.description lang=x-default Telegraph poles line the new single-track railway south of Pavlodar, Kazakhstan, as a freight train crosses the steppe on the horizon." \
    -M"set Xmp.dc.creator XmpSeq Zhanar Tölegenova" \
    -M"set Xmp.dc.rights lang=x-default © 2026 Steppe Wire" \
    -M"set Xmp.photoshop.Credit Zhanar Tölegenova/Steppe Wire" \
    -M"set Xmp.photoshop.Source Steppe Wire" \
    -M"set Xmp.photoshop.City Pavlodar" \
    -M"set Xmp.photoshop.Country Kazakhstan" \
    -M"set Xmp.xmpRights.Marked True" \
    modify steppe-rail.jpg

# --------------------------------------------------------------------------------------------
# 2. harbour-regatta.jpg — dinghies and keelboats racing off a small harbour town.
W=1200 H=800 HZ=420
"$CONVERT" -size ${W}x${HZ} gradient:'#6fa6dc'-'#e4eef6' "$TMP/sky.png"
clouds $W $HZ 23 "$TMP/clouds.png"
"$CONVERT" "$TMP/sky.png" \( -size ${W}x${HZ} xc:white \) "$TMP/clouds.png" -composite "$TMP/sky2.png"
"$CONVERT" -size ${W}x$((H - HZ)) gradient:'#3a7ca6'-'#0f3656' "$TMP/sea.png"
"$CONVERT" -size ${W}x$((H - HZ)) -seed 24 plasma:grey50-grey50 -colorspace gray \
    -resize ${W}x40! -resize ${W}x$((H - HZ))! -level 20%,80% "$TMP/waves.png"
"$CONVERT" "$TMP/sea.png" "$TMP/waves.png" -compose softlight -composite "$TMP/sea2.png"

SEED=424242
{
    # hills and the harbour town along the far shore
    printf 'fill #6d8c78 polygon 0,%d 0,392 120,380 260,386 400,370 520,384 600,396 600,%d ' $HZ $HZ
    printf 'fill #7f9b86 polygon 560,%d 700,398 860,388 1000,392 1200,380 1200,%d ' $HZ $HZ
    x=40
    while (( x < 560 )); do
        rnd 18 34; w=$R; rnd 12 30; h=$R; rnd 0 5; c=$R
        colors=('#e9e2d3' '#d9c7a8' '#f1ede4' '#c9b79a' '#e3d7c4' '#b8c4c9')
        printf 'fill %s rectangle %d,%d %d,%d ' "${colors[c]}" $x $((HZ - 6 - h)) $((x + w)) $((HZ - 6))
        printf 'fill #8f4b3a polygon %d,%d %d,%d %d,%d ' $((x - 2)) $((HZ - 6 - h)) $((x + w / 2)) $((HZ - 14 - h)) $((x + w + 2)) $((HZ - 6 - h))
        x=$((x + w + 3))
    done
    # lighthouse on the breakwater and the harbour wall
    printf 'fill #f4f1ea polygon 612,%d 622,346 630,346 640,%d ' $((HZ - 4)) $((HZ - 4))
    printf 'fill #b33a2e rectangle 616,372 636,380 rectangle 620,352 632,358 fill #3a3a3a rectangle 619,338 633,346 '
    printf 'fill #9a958c rectangle 560,%d 760,%d ' $((HZ - 6)) $HZ
} > "$TMP/shore.mvg"

# boat X WATERLINE SCALE HULL SAIL — a heeling keelboat with main and jib
boat() {
    awk -v x="$1" -v y="$2" -v s="$3" -v hull="$4" -v sail="$5" 'BEGIN {
        printf "fill %s stroke none polygon %.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f ", hull,
            x - 60 * s, y - 10 * s, x + 70 * s, y - 12 * s, x + 50 * s, y + 4 * s, x - 48 * s, y + 5 * s
        printf "stroke #2a2a2a stroke-width %.2f line %.1f,%.1f %.1f,%.1f stroke none ", 1.5 * s,
            x - 2 * s, y - 10 * s, x + 14 * s, y - 190 * s
        printf "fill %s polygon %.1f,%.1f %.1f,%.1f %.1f,%.1f ", sail,
            x + 12 * s, y - 180 * s, x - 4 * s, y - 20 * s, x - 70 * s, y - 24 * s
        printf "fill #f7f7f2 polygon %.1f,%.1f %.1f,%.1f %.1f,%.1f ",
            x + 16 * s, y - 170 * s, x + 64 * s, y - 16 * s, x + 6 * s, y - 18 * s
        printf "fill #dfe9ef polygon %.1f,%.1f %.1f,%.1f %.1f,%.1f %.1f,%.1f ",
            x - 80 * s, y + 6 * s, x + 60 * s, y + 6 * s, x + 90 * s, y + 10 * s, x - 120 * s, y + 10 * s
    }'
}
{
    boat 250 470 0.45 '#f2f2ee' '#f9f8f2'
    boat 430 455 0.32 '#1d3d6b' '#fbfaf4'
    boat 980 465 0.40 '#b6322a' '#f7f3e6'
    boat 720 560 0.85 '#213a5c' '#fcfbf5'
    boat 300 690 1.25 '#f0efe9' '#f3efe0'
    # a spinnaker on the far boat
    printf 'fill #e2a02b path "M 1004,400 C 1040,392 1060,430 1040,452 L 1002,452 Z" '
} > "$TMP/boats.mvg"

"$CONVERT" -size ${W}x${H} xc:none \
    "$TMP/sky2.png" -geometry +0+0 -composite "$TMP/sea2.png" -geometry +0+$HZ -composite \
    -stroke none -draw "$(<"$TMP/shore.mvg")" -draw "$(<"$TMP/boats.mvg")" \
    -blur 0x0.6 "${JPEG_OUT[@]}" harbour-regatta.jpg

# --------------------------------------------------------------------------------------------
# 3. solar-field.jpg — rows of solar panels with snow-capped mountains behind.
W=1200 H=800 HZ=430
"$CONVERT" -size ${W}x${HZ} gradient:'#3f7fc2'-'#d3e6f4' "$TMP/sky.png"
clouds $W $HZ 31 "$TMP/clouds.png"
"$CONVERT" "$TMP/sky.png" \( -size ${W}x${HZ} xc:white \) \( "$TMP/clouds.png" -level 30%,100% \) \
    -composite "$TMP/sky2.png"
"$CONVERT" -size ${W}x$((H - HZ)) gradient:'#c2ad72'-'#8a7846' "$TMP/ground.png"
awk -v hz=$HZ -v h=$((H - HZ)) 'BEGIN {
    printf "fill #8c9cb3 stroke none polygon 0,%d 0,300 130,250 240,290 380,200 470,240 560,180 700,260 820,210 960,280 1080,230 1200,270 1200,%d ", hz, hz
    printf "fill #f2f5f8 polygon 360,214 380,200 400,212 388,222 372,218 "
    printf "fill #f2f5f8 polygon 536,198 560,180 586,200 570,206 552,210 "
    printf "fill #f2f5f8 polygon 800,222 820,210 842,224 826,228 "
    printf "fill #6f8299 polygon 0,%d 0,360 160,330 320,370 520,340 700,372 900,336 1050,362 1200,344 1200,%d ", hz, hz
    # panel rows, far to near
    for (k = 0; k < 7; k++) {
        t = (k / 6) ^ 1.6
        top = hz + 14 + 300 * t; ph = 10 + 60 * t; skew = 4 + 22 * t
        left = -40; right = 1240
        printf "fill #3b3226 polygon %d,%.1f %d,%.1f %d,%.1f %d,%.1f ", left, top + ph, right, top + ph, right, top + ph + 4 + 12 * t, left, top + ph + 4 + 12 * t
        printf "fill #1e3160 stroke #8397c2 stroke-width %.2f polygon %.1f,%.1f %.1f,%.1f %d,%.1f %d,%.1f ", 0.5 + t, left + skew, top, right - skew, top, right, top + ph, left, top + ph
        step = 20 + 70 * t
        for (x = left + step; x < right; x += step)
            printf "line %.1f,%.1f %.1f,%.1f ", x + skew * (x < 600 ? 0.6 : -0.6), top, x, top + ph
        printf "line %d,%.1f %d,%.1f stroke none ", left, top + ph / 2, right, top + ph / 2
        # legs
        for (x = left + 60; x < right; x += 140 + 100 * t)
            printf "fill #5a5a5e rectangle %.1f,%.1f %.1f,%.1f ", x, top + ph, x + 2 + 4 * t, top + ph + 6 + 20 * t
    }
}' > "$TMP/solar.mvg"
"$CONVERT" -size ${W}x${H} xc:none \
    "$TMP/sky2.png" -geometry +0+0 -composite "$TMP/ground.png" -geometry +0+$HZ -composite \
    \( -size 400x400 radial-gradient:'#fffbe6'-none \) -geometry +880-160 -compose screen -composite -compose over \
    -draw "$(<"$TMP/solar.mvg")" -blur 0x0.5 "${JPEG_OUT[@]}" solar-field.jpg

# --------------------------------------------------------------------------------------------
# 4. city-skyline.jpg — a river embankment at dusk, the city hall's dome in the middle.
W=1200 H=800 HZ=600
SEED=20260314
{
    x=0
    while (( x < W )); do
        rnd 40 110; w=$R; rnd 80 330; h=$R
        if (( x > 470 && x < 700 )); then h=$(( h / 3 + 60 )); fi
        rnd 0 3; c=$R
        tones=('#22283b' '#2b3147' '#1c2133' '#323850')
        printf 'fill %s rectangle %d,%d %d,%d ' "${tones[c]}" $x $((HZ - h)) $((x + w)) $HZ
        for (( wy = HZ - h + 10; wy < HZ - 12; wy += 16 )); do
            for (( wx = x + 6; wx < x + w - 8; wx += 13 )); do
                rnd 0 9
                if (( R < 3 )); then printf 'fill #f3c96b rectangle %d,%d %d,%d ' $wx $wy $((wx + 5)) $((wy + 7)); fi
            done
        done
        x=$((x + w + 4))
    done
    # the domed city hall with a colonnade
    printf 'fill #d8cdb8 rectangle 500,470 700,%d ' $HZ
    printf 'fill #c7bba3 polygon 490,470 600,430 710,470 '
    printf 'fill #cbb98f rectangle 560,404 640,436 ellipse 600,404 40,46 180,360 '
    printf 'fill #8a7d63 rectangle 598,344 602,360 '
    for cx in 512 536 560 584 608 632 656 680; do printf 'fill #f1e9d8 rectangle %d,480 %d,%d ' $cx $((cx + 8)) $((HZ - 8)); done
    printf 'fill #f3c96b rectangle 592,560 608,%d ' $HZ
} > "$TMP/city.mvg"
"$CONVERT" -size ${W}x${HZ} gradient:'#1d2748'-'#f0a25e' \
    \( -size 300x300 radial-gradient:'#ffd9a0'-none -resize 700x260! \) -geometry +250+430 -compose screen -composite -compose over \
    -draw "$(<"$TMP/city.mvg")" "$TMP/city.png"
"$CONVERT" "$TMP/city.png" -flip -crop ${W}x$((H - HZ))+0+0 +repage -blur 0x3 \
    -fill '#0d1a2e' -colorize 45% \
    \( -size ${W}x$((H - HZ)) -seed 41 plasma:grey50-grey50 -colorspace gray -resize ${W}x20! -resize ${W}x$((H - HZ))! \) \
    -compose softlight -composite "$TMP/river.png"
"$CONVERT" -size ${W}x${H} xc:black "$TMP/city.png" -geometry +0+0 -composite \
    "$TMP/river.png" -geometry +0+$HZ -composite \
    -fill '#5b5449' -draw "rectangle 0,$HZ $W,$((HZ + 8))" \
    -blur 0x0.5 "${JPEG_OUT[@]}" city-skyline.jpg

# --------------------------------------------------------------------------------------------
# 5. library-reading-room.jpg — portrait: shelves either side of a tall arched window.
W=800 H=1200
SEED=777
{
    books=('#7a2e2a' '#2f4f6f' '#c9a24a' '#3d6b4f' '#8c5a3c' '#5c3f6e' '#d8cfb8' '#1f3b3a' '#a4432f' '#6a7a8c')
    for side in 0 560; do
        printf 'fill #5a3b24 rectangle %d,90 %d,1000 ' $side $((side + 240))
        for (( sy = 110; sy < 980; sy += 112 )); do
            x=$((side + 12))
            while (( x < side + 226 )); do
                rnd 10 24; w=$R; rnd 66 96; h=$R; rnd 0 9; c=$R
                (( x + w > side + 228 )) && break
                printf 'fill %s rectangle %d,%d %d,%d ' "${books[c]}" $x $((sy + 100 - h)) $((x + w)) $((sy + 100))
                printf 'fill #e8d9a8 rectangle %d,%d %d,%d ' $((x + 2)) $((sy + 112 - h)) $((x + w - 2)) $((sy + 114 - h))
                x=$((x + w + 1))
            done
            printf 'fill #3d2716 rectangle %d,%d %d,%d ' $side $((sy + 100)) $((side + 240)) $((sy + 110))
        done
    done
    # window frame and mullions
    printf 'fill none stroke #6b4f33 stroke-width 10 path "M 290,700 L 290,250 A 110,110 0 0,1 510,250 L 510,700 Z" '
    printf 'stroke-width 5 line 400,140 400,700 line 290,330 510,330 line 290,470 510,470 line 290,600 510,600 stroke none '
    # reading table, lamp and a reader seen from behind
    printf 'fill #4a2f1c polygon 210,900 590,900 640,960 160,960 '
    printf 'fill #3a2414 rectangle 180,960 196,1080 rectangle 604,960 620,1080 '
    printf 'fill #c9b27a rectangle 520,850 526,900 fill #2f6b46 ellipse 523,846 30,14 180,360 '
    printf 'fill #f7e7b0 ellipse 523,848 26,5 0,180 '
    printf 'fill #2a2a30 ellipse 360,880 54,70 180,360 rectangle 306,880 414,960 fill #3b2a22 ellipse 360,796 26,30 0,360 '
    printf 'fill #efe6d2 polygon 420,896 470,888 474,898 424,906 '
} > "$TMP/library.mvg"
"$CONVERT" -size ${W}x${H} gradient:'#d9c2a0'-'#7a5a3c' \
    -fill '#f6efdc' -draw 'path "M 290,700 L 290,250 A 110,110 0 0,1 510,250 L 510,700 Z"' \
    \( -size 400x400 radial-gradient:'#fff6dc'-none -resize 700x1000! \) -geometry +50+0 -compose screen -composite -compose over \
    \( -size ${W}x200 gradient:'#5b3d27'-'#2f1f13' \) -geometry +0+1000 -composite \
    -stroke '#24170e' -strokewidth 1 -draw 'line 0,1040 800,1040 line 0,1090 800,1090 line 0,1150 800,1150' -stroke none \
    -draw "$(<"$TMP/library.mvg")" \
    \( -size 300x300 radial-gradient:'#ffe9a8'-none -resize 360x180! \) -geometry +343+790 -compose screen -composite -compose over \
    -blur 0x0.7 "${JPEG_OUT[@]}" library-reading-room.jpg

# --------------------------------------------------------------------------------------------
# 6. library-visits-chart.png — RGBA: a bar chart on a translucent rounded card, Kazakh labels.
years=(2021 2022 2023 2024 2025)
values=(38 44 51 63 79)   # e-library readers, thousands, as in almaty-library.md
{
    printf 'fill #ffffffe6 stroke #2f7f6f stroke-width 2 roundrectangle 10,10 789,489 24,24 stroke none '
    printf 'stroke #7b8a86 stroke-width 1 line 90,420 740,420 stroke none '
    for i in 0 1 2 3 4; do
        v=${values[i]}; x=$((120 + i * 125)); top=$((420 - v * 3 - 20))
        color='#2f7f6f'; (( i == 4 )) && color='#d98a2b'
        printf 'fill %s rectangle %d,%d %d,420 ' "$color" $x $top $((x + 80))
    done
} > "$TMP/chart.mvg"
"$CONVERT" -size 800x500 xc:none -draw "$(<"$TMP/chart.mvg")" \
    -font "$FONT_BOLD" -pointsize 26 -fill '#1d3b35' -annotate +40+58 'Электронды абонемент оқырмандары' \
    -font "$FONT" -pointsize 17 -fill '#4a5a56' -annotate +40+86 'Тіркелген оқырмандар, мың адам (2021–2025)' \
    -pointsize 18 -fill '#1d3b35' \
    -annotate +140+450 "${years[0]}" -annotate +265+450 "${years[1]}" -annotate +390+450 "${years[2]}" \
    -annotate +515+450 "${years[3]}" -annotate +640+450 "${years[4]}" \
    -font "$FONT_BOLD" -pointsize 20 \
    -annotate +148+$((420 - 38 * 3 - 30)) "${values[0]}" -annotate +273+$((420 - 44 * 3 - 30)) "${values[1]}" \
    -annotate +398+$((420 - 51 * 3 - 30)) "${values[2]}" -annotate +523+$((420 - 63 * 3 - 30)) "${values[3]}" \
    -annotate +648+$((420 - 79 * 3 - 30)) "${values[4]}" \
    -font "$FONT" -pointsize 13 -fill '#6b7773' -annotate +40+478 'Дереккөз: «Өркен» қалалық кітапханасы' \
    "${PNG_OUT[@]}" PNG32:library-visits-chart.png

# --------------------------------------------------------------------------------------------
# 7. budget-chart.png — 8-bit palette: where the city's 2026 budget goes, flat colours only.
labels=('Transit and roads' 'Schools' 'Housing' 'Water and drains' 'Parks and libraries' 'Other')
shares=(31 24 17 12 7 9)  # per cent, as in city-budget.json
colors=('#1f5a8b' '#2f8f6f' '#d98a2b' '#4aa3c8' '#8fb34a' '#9a9a9a')
args=()
for i in 0 1 2 3 4 5; do
    y=$((110 + i * 60)); w=$(( shares[i] * 14 ))
    args+=(-fill "${colors[i]}" -draw "rectangle 250,$y $((250 + w)),$((y + 38))")
    args+=(-fill '#222222' -font "$FONT" -pointsize 18 -annotate +30+$((y + 26)) "${labels[i]}")
    args+=(-font "$FONT_BOLD" -annotate +$((262 + w))+$((y + 26)) "${shares[i]}%")
done
"$CONVERT" -size 800x500 xc:'#fbfaf6' \
    -font "$FONT_BOLD" -pointsize 26 -fill '#1a1a1a' -annotate +30+50 'Where the 2026 budget goes' \
    -font "$FONT" -pointsize 16 -fill '#555555' -annotate +30+78 'Share of 84.6 billion tenge in planned spending' \
    "${args[@]}" \
    -font "$FONT" -pointsize 13 -fill '#777777' -annotate +30+480 'Source: Kökterek city maslikhat, draft budget for 2026' \
    +dither -colors 32 "${PNG_OUT[@]}" PNG8:budget-chart.png

images=(./*.jpg ./*.png)
echo "make-photos.sh: wrote ${#images[@]} images"
