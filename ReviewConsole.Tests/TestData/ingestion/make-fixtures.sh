#!/usr/bin/env bash
# Recreates the ingestion fixtures (needs ImageMagick 6 with libwebp and libtiff). The tests read the
# committed files and never run this.
set -euo pipefail
cd "$(dirname "$0")"
convert -size 64x48 gradient:red-blue still.png
convert -size 64x48 gradient:green-yellow -depth 8 still.bmp
convert -size 64x48 plasma:fractal -seed 7 still.webp
convert -size 64x48 xc:red -size 64x48 xc:green -size 64x48 xc:blue -loop 0 -delay 10 animated-3.gif
convert -size 64x48 xc:red -size 64x48 xc:green -size 64x48 xc:blue -loop 0 -delay 10 animated-3.webp
convert -size 64x48 xc:red xc:green -compress none two-pages.tiff
convert -size 80x40 gradient:white-black -quality 85 -orient RightTop exif-rotated-80x40.jpg
convert -size 200x100 gradient:white-black -interlace Plane -quality 85 progressive-200x100.jpg
printf 'This is a plain text file, not an image.\n' > text-file.jpg
printf '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>\n' > image.svg
convert ../text/url.ppm spam-url.png
