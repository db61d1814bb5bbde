#!/usr/bin/env bash
# Rebuilds the report fonts in assets/fonts from Debian's fonts-noto-cjk (Noto Sans CJK SC, SIL OFL 1.1).
# Not part of the build: the outputs are committed. Needs `apt-get install fonts-noto-cjk` and
# `pip install fonttools==4.68.0 brotli`. The regular face is stored brotli-compressed (.otf.br, 3.6 MB
# instead of 5.1 MB); the core unpacks it once per process.
#
# Regular: every CJK Unified Ideograph (U+4E00–U+9FFF: simplified and traditional, the rare
# characters of people's and places' names), Latin-1, the punctuation, symbols and full-width forms
# a form uses. Bold (titles and headings): the 6,763 characters of GB 2312 and the same symbols;
# a heading with a character outside it is drawn in Regular, emboldened.
set -euo pipefail
cd "$(dirname "$0")/.."
src=/usr/share/fonts/opentype/noto
out=assets/fonts
symbols="U+0020-007E,U+00A0-00FF,U+2010-2027,U+2030-203B,U+2103,U+2116,U+2160-217F,U+2190-2199,U+2200-22FF,U+2460-24FF,U+2500-257F,U+25A0-25FF,U+2605-2606,U+2610-2612,U+2713-2717,U+3000-303F,U+FF00-FFEF,U+FFFD"
common=(--font-number=2 --layout-features= --no-hinting --name-IDs='*')   # face 2 of the collection: SC
pyftsubset "$src/NotoSansCJK-Regular.ttc" "${common[@]}" --unicodes="$symbols,U+3200-33FF,U+4E00-9FFF" \
  --output-file="$out/NotoSansCJKsc-Regular.subset.otf"
gb2312=$(mktemp)
python3 -c '
import sys
s = []
for b1 in range(0xB0, 0xF8):
    for b2 in range(0xA1, 0xFF):
        try: s.append(bytes([b1, b2]).decode("gb2312"))
        except UnicodeDecodeError: pass
sys.stdout.write("".join(s))' >"$gb2312"
pyftsubset "$src/NotoSansCJK-Bold.ttc" "${common[@]}" --unicodes="$symbols" --text-file="$gb2312" \
  --output-file="$out/NotoSansCJKsc-Bold.gb2312.otf"
rm -f "$gb2312"
python3 -c 'import brotli, sys; d = open(sys.argv[1], "rb").read(); open(sys.argv[1] + ".br", "wb").write(brotli.compress(d, quality=11, lgwin=24))' \
  "$out/NotoSansCJKsc-Regular.subset.otf"
rm "$out/NotoSansCJKsc-Regular.subset.otf"
ls -l "$out"/*.otf "$out"/*.br
