#!/usr/bin/env bash
# Recreates the decoding fixtures in this folder. Needs ImageMagick 6 (`convert`), libvips-tools
# (`vips`, for the animated WebP that IM6 cannot write) and python3 (for the hand-made files).
# The tests read the committed outputs, so none of these tools is needed at test time.
#
#   ./make-fixtures.sh              recreate the small fixtures here
#   ./make-fixtures.sh --bench DIR  also write the large benchmark inputs (not committed) into DIR
set -euo pipefail
cd "$(dirname "$0")"

# Every picture is white with a red 16x12 block in its top-left corner and a blue block bottom-right,
# so a test can tell orientation and colour handling apart by reading two corners.
marked() { # size -> MIFF on stdout
    local w=${1%x*} h=${1#*x}
    convert -size "$1" xc:white \
        -fill red -draw "rectangle 0,0 15,11" \
        -fill blue -draw "rectangle $((w - 16)),$((h - 12)) $((w - 1)),$((h - 1))" \
        -fill gray50 -draw "circle $((w / 2)),$((h / 2)) $((w / 2 + 6)),$((h / 2))" miff:-
}

marked 64x48 | convert - -strip -quality 90 baseline.jpg
marked 64x48 | convert - -strip -quality 90 -interlace Plane progressive.jpg
marked 64x48 | convert - -strip -quality 90 -colorspace CMYK cmyk.jpg
marked 64x48 | convert - -strip -colors 8 PNG8:palette.png
marked 64x48 | convert - -strip -depth 16 PNG48:rgb16.png
marked 64x48 | convert - -strip -compress lzw tiff.tif
marked 64x48 | convert - -strip BMP3:rgb24.bmp
marked 64x48 | convert - -strip -type Palette -colors 16 BMP3:palette8.bmp
marked 64x48 | convert - -strip -quality 90 still.webp
# Wider than tall so a shrink to MaxSide is easy to check.
marked 300x200 | convert - -strip -quality 85 wide.jpg

# Grey + alpha: opaque dark grey left half, fully transparent right half (must come out white).
convert -size 32x16 xc:gray20 \( -size 32x16 xc:none \) +append -strip \
    -define png:color-type=4 -define png:bit-depth=8 grey-alpha.png

# Six solid frames: red, lime, blue, yellow, cyan, magenta.
convert -delay 10 -size 32x24 xc:red xc:lime xc:blue xc:yellow xc:cyan xc:magenta \
    -loop 0 -strip animated.gif
vips copy 'animated.gif[n=-1]' animated.webp[lossless]

python3 - <<'PY'
import random, struct, zlib

def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

# EXIF orientation 6 ("rotate 90 CW to display") spliced into the baseline JPEG as an APP1 segment.
jpeg = open("baseline.jpg", "rb").read()
ifd = struct.pack(">H", 1) + struct.pack(">HHII", 0x0112, 3, 1, 6 << 16) + struct.pack(">I", 0)
tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + ifd
app1 = b"Exif\x00\x00" + tiff
open("exif-orientation-6.jpg", "wb").write(jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + jpeg[2:])

# A PNG whose header claims 100000 x 100000 RGB (30 GB of pixels) with almost no data behind it.
ihdr = struct.pack(">IIBBBBB", 100000, 100000, 8, 2, 0, 0, 0)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")
open("huge-header.png", "wb").write(png)

rng = random.Random(20240601)
open("random.bin", "wb").write(bytes(rng.getrandbits(8) for _ in range(4096)))
PY

# Truncated files: a noisy picture cut at 60 % (the PNG kept small, as noise barely compresses), so the header parses and the pixels run out.
convert -size 96x96 plasma:fractal -seed 7 -strip -quality 90 /tmp/noisy.jpg
convert -size 40x40 plasma:fractal -seed 7 -strip /tmp/noisy.png
head -c $(( $(stat -c %s /tmp/noisy.jpg) * 6 / 10 )) /tmp/noisy.jpg > truncated.jpg
head -c $(( $(stat -c %s /tmp/noisy.png) * 6 / 10 )) /tmp/noisy.png > truncated.png
rm -f /tmp/noisy.jpg /tmp/noisy.png

# A re-encoded, half-size copy of the PDQ bridge picture (BSD, see ../pdq/LICENSE-ThreatExchange.txt),
# which must still hash close to the original.
convert ../pdq/bridge-1-original.jpg -resize 50% -strip -quality 70 ../pdq/bridge-1-half-q70.jpg

if [[ "${1:-}" == "--bench" ]]; then
    out=${2:?usage: $0 --bench DIR}
    mkdir -p "$out"
    convert -size 1920x1080 plasma:fractal -seed 1 -quality 90 "$out/photo-1920x1080.jpg"
    convert -size 4000x2250 plasma:fractal -seed 2 -quality 90 "$out/photo-4000x2250.jpg"
    convert -size 1920x1200 plasma:fractal -seed 3 -alpha set -channel A -evaluate set 80% +channel "PNG32:$out/rgba-1920x1200.png"
fi
