#!/usr/bin/env bash
# Recreates the text fixtures: binary PPM (P6) images rendered with ImageMagick and DejaVu Sans, so the tests read
# them without an image decoder. Needs: apt-get install imagemagick fonts-dejavu-core
# Run from anywhere: bash ReviewConsole.Tests/TestData/text/make-fixtures.sh
set -euo pipefail
cd "$(dirname "$0")"

# Some machines put a stand-in `convert` first on PATH; prefer IM7's magick, then Debian's IM6 binary.
IM="${IM:-$(command -v magick || echo /usr/bin/convert)}"
FONT="${FONT:-DejaVu-Sans}"

# text FILE WIDTH HEIGHT POINTSIZE TEXT: black text centred on white.
text() {
    "$IM" -size "$2x$3" xc:white -font "$FONT" -pointsize "$4" -fill black -gravity center \
        -annotate +0+0 "$5" -type TrueColor -depth 8 "ppm:$1"
}

text url.ppm 560 96 30 'VISIT www.example.com NOW'
text phone.ppm 400 96 30 'call 555-123-4567'
text email.ppm 480 96 30 'mail spam@example.org'
text handle.ppm 320 96 30 '@someone'
text clean.ppm 320 96 30 'hello world'
text multiline.ppm 400 180 26 $'Hello world\nSecond line here\nThird line 42'
# Same word, same canvas, two sizes: coverage must grow with the text.
text small-text.ppm 320 180 16 'SALE'
text large-text.ppm 320 180 64 'SALE'

# A photo-like image without text: sky gradient over a field, with soft blobs (a sun, bushes) and mild grain.
"$IM" -size 320x240 gradient:'#6fa8dc'-'#d9ead3' \
    \( -size 320x90 gradient:'#6aa84f'-'#274e13' \) -gravity south -composite \
    -fill '#ffe599' -draw 'circle 250,50 250,80' \
    -fill '#38761d' -draw 'ellipse 60,175 50,25 0,360' -draw 'ellipse 180,190 60,22 0,360' \
    -blur 0x3 -seed 7 -attenuate 0.4 +noise Gaussian \
    -type TrueColor -depth 8 ppm:blank-photo.ppm

ls -l *.ppm
