#!/usr/bin/env bash
# Regenerates the 1920x1080 JPEGs of `bench stages` from the PDQ reference's sample images
# (ReviewConsole.Tests/TestData/pdq, BSD licence in LICENSE-ThreatExchange.txt). ImageMagick 6.
# Each is cropped differently so the four files are distinct photos, not one photo four times; the
# last carries a caption so the text stage's timing includes recognition, not only detection.
set -euo pipefail
cd "$(dirname "$0")"
src=../../ReviewConsole.Tests/TestData/pdq
jpeg=(-strip -sampling-factor 4:2:0 -quality 85)
fit=(-resize '1920x1080^' -gravity center -extent 1920x1080)
convert "$src/bridge-1-original.jpg" "${fit[@]}" "${jpeg[@]}" stages-1-bridge.jpg
convert "$src/bridge-1-original.jpg" -crop 1200x675+0+120 +repage "${fit[@]}" "${jpeg[@]}" stages-2-tree.jpg
convert "$src/bridge-5-flipx.jpg" -crop 1100x619+0+230 +repage "${fit[@]}" "${jpeg[@]}" stages-3-flipped.jpg
font=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf   # Debian's fonts-dejavu-core
convert "$src/c.png" "${fit[@]}" -font "$font" -pointsize 64 -gravity south \
  -fill black -annotate +3+43 'Half price today: visit example.org' \
  -fill white -annotate +0+40 'Half price today: visit example.org' \
  "${jpeg[@]}" stages-4-caption.jpg
