#!/usr/bin/env bash
# Scanned-looking copies of born-digital reports, for the OCR reader (corpus/generated/scans/):
# pages rendered with pdftoppm, turned by a small angle, given scanner noise and paper tone,
# binarised for the bilevel variants, one stamped with a red seal over the signature, and packed
# into image-only PDFs with img2pdf (JPEG for grey/colour, CCITT G4 for bilevel: small files).
# Also an HTML page whose T3 is an <img> file and whose T4 is a data: URI image (both PNGs are
# Chromium renders of the source's own tables, trimmed), and the same page as a DOCX with the two
# pictures embedded; a scan under a garbage (English-OCR) text layer; and a text PDF whose first
# page is a scan.
#
# Every scan gets NAME.expected.json: the source document's expected values, copied
# (scripts/scans-expected.py), with `checked` naming the scan pages looked at by eye.
#
# Usage: scripts/make-scans.sh          (idempotent: fixed noise seeds, img2pdf --nodate)
# Needs: poppler-utils, imagemagick (6), img2pdf, qpdf, tesseract-ocr (+ eng), chromium, libreoffice (writer),
#        python3, fonts-noto-cjk.
# The outputs are committed; tests need none of these.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$ROOT/corpus/generated/scans
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"

A=$ROOT/corpus/generated/pdf/a_county_2021.libreoffice.pdf
B=$ROOT/corpus/generated/pdf/b_department_2019.chromium.pdf
H=$ROOT/corpus/real/002_hongze_district_2023.pdf
SEAL_FONT=Noto-Sans-CJK-SC

say() { printf '  %-56s %s\n' "$1" "$2"; }

# scan SRC OUT.pdf DPI MODE ANGLE NOISE PAGES [SEAL_PAGE SEAL_X SEAL_Y SEAL_TEXT]
#   MODE: grey | colour | bilevel; ANGLE in degrees (positive = clockwise); NOISE: 0..1;
#   PAGES: "1 2 3"; SEAL_*: page number and centre in PDF points, text inside the seal.
scan() {
  local src=$1 out=$2 dpi=$3 mode=$4 angle=$5 noise=$6 pages=$7
  local seal_page=${8:-0} seal_x=${9:-0} seal_y=${10:-0} seal_text=${11:-}
  local work=$TMP/$(basename "$out" .pdf) imgs=() seed=1
  mkdir -p "$work"
  for p in $pages; do
    local base=$work/p$p colour=-gray
    [ "$mode" = colour ] && colour=
    pdftoppm -r "$dpi" -f "$p" -l "$p" -singlefile $colour "$src" "$base"
    local in; in=$(ls "$base".p?m)
    local stamp=()
    if [ "$p" = "$seal_page" ]; then
      # A red seal: ring, star and the issuer's name, multiplied onto the page like ink.
      local s; s=$(python3 -c "print($dpi/72)")
      local cx cy r w fs
      cx=$(python3 -c "print(round($seal_x*$s))"); cy=$(python3 -c "print(round($seal_y*$s))")
      r=$(python3 -c "print(round(52*$s))"); w=$(python3 -c "print(max(2,round(3.2*$s)))")
      fs=$(python3 -c "print(round(11*$s))")
      local star; star=$(python3 -c "
import math
cx,cy,R=$cx,$cy,round(16*$s)
pts=[]
for i in range(10):
    rad=R if i%2==0 else R*0.4
    a=-math.pi/2+i*math.pi/5
    pts.append(f'{round(cx+rad*math.cos(a))},{round(cy-round(12*$s)+rad*math.sin(a))}')
print(' '.join(pts))")
      convert -size "$(identify -format '%wx%h' "$in")" xc:white \
        -fill none -stroke 'rgb(214,38,38)' -strokewidth "$w" -draw "circle $cx,$cy $((cx + r)),$cy" \
        -stroke none -fill 'rgb(214,38,38)' -draw "polygon $star" \
        -font "$SEAL_FONT" -pointsize "$fs" -gravity NorthWest \
        -annotate "+$((cx - fs * ${#seal_text} / 2))+$((cy + fs / 2))" "$seal_text" \
        "$work/seal$p.png"
      stamp=("$work/seal$p.png" -compose Multiply -composite)
    fi
    local common=("$in" "${stamp[@]}" -background white -rotate "$angle" -gravity center
      -extent "$(identify -format '%wx%h' "$in")" +repage -seed "$((seed++))")
    case $mode in
      grey|colour)
        # Paper tone and toner grey, sensor noise, then a little blur (scanner optics; it also
        # keeps the noise from bloating the JPEG).
        convert "${common[@]}" +level 7%,93% -attenuate "$noise" +noise Gaussian -blur 0x0.7 \
          -density "$dpi" -units PixelsPerInch -quality 75 -sampling-factor 2x2 -strip "$work/p$p.jpg"
        imgs+=("$work/p$p.jpg")
        ;;
      bilevel)
        # Fax-like: blur + noise before the threshold gives ragged edges and specks. The hairline
        # rules rasterise as 1px of 50% grey; the "darker" setting bilevel scans are made with
        # (-level) keeps them, as it keeps thin strokes.
        convert "${common[@]}" -level 45%,100% -blur 0x0.5 -attenuate "$noise" +noise Gaussian -threshold 62% \
          -type bilevel -density "$dpi" -units PixelsPerInch -compress Group4 -strip "$work/p$p.tif"
        imgs+=("$work/p$p.tif")
        ;;
    esac
  done
  # The internal engine writes no random /ID (pikepdf's does), so the output is byte-stable.
  img2pdf --engine internal --nodate -o "$out" "${imgs[@]}"
}

# ---- scanned PDFs ------------------------------------------------------------------------------

scan "$A" "$OUT/a_county_2021.scan200.pdf" 200 grey 0.8 0.1 "1 2 3"
say "scans/a_county_2021.scan200.pdf" "200 dpi grey, +0.8°, noise (pages 1-3 of 4)"
scan "$A" "$OUT/a_county_2021.scan300_bilevel.pdf" 300 bilevel -0.5 0.5 "1 2 3"
say "scans/a_county_2021.scan300_bilevel.pdf" "300 dpi bilevel G4, -0.5°"
scan "$A" "$OUT/a_county_2021.scan150.pdf" 150 grey -1.0 0.1 "1 2 3"
say "scans/a_county_2021.scan150.pdf" "150 dpi grey, -1.0°, noise"

scan "$B" "$OUT/b_department_2019.scan300.pdf" 300 grey -0.7 0.1 "1 2 3"
say "scans/b_department_2019.scan300.pdf" "300 dpi grey, -0.7°"
scan "$B" "$OUT/b_department_2019.scan200_seal.pdf" 200 colour 1.0 0.1 "1 2 3" 3 473 522 "澄州市市场监督管理局"
say "scans/b_department_2019.scan200_seal.pdf" "200 dpi colour, +1.0°, red seal over the signature"
scan "$B" "$OUT/b_department_2019.scan150_bilevel.pdf" 150 bilevel 0.4 0.4 "1 2 3"
say "scans/b_department_2019.scan150_bilevel.pdf" "150 dpi bilevel G4, +0.4°"

scan "$H" "$OUT/002_hongze_district_2023.scan300_bilevel.pdf" 300 bilevel 0.6 0.3 "1 2 3 4"
say "scans/002_hongze_district_2023.scan300_bilevel.pdf" "real report, 300 dpi bilevel G4, +0.6° (pages 1-4 of 5)"
scan "$H" "$OUT/002_hongze_district_2023.scan200.pdf" 200 grey -0.8 0.1 "1 2 3 4"
say "scans/002_hongze_district_2023.scan200.pdf" "real report, 200 dpi grey, -0.8° (pages 1-4 of 5)"

# ---- a scan with a useless text layer ------------------------------------------------------------

# An English OCR run over the Chinese pages (what some archives did): every page has a text layer,
# and it is Latin debris. The reader must see through it and OCR the pages itself.
junk=$TMP/junk
mkdir -p "$junk"
pdfimages -tiff "$OUT/b_department_2019.scan150_bilevel.pdf" "$junk/p"
ls "$junk"/p-*.tif > "$junk/list.txt"
tesseract "$junk/list.txt" "$junk/out" --dpi 150 -l eng pdf >/dev/null 2>&1
python3 "$ROOT/scripts/scans-normalize.py" "$junk/out.pdf" "$OUT/b_department_2019.junk_text_layer.pdf"
say "scans/b_department_2019.junk_text_layer.pdf" "150 dpi bilevel pages under an English-OCR text layer (garbage)"

# ---- a text PDF with one scanned page -------------------------------------------------------------

# Page 1 (title, narrative, the first T2 sub-tables) scanned, pages 2-3 born-digital: the PDF reader
# reads the text pages and warns about the image page, which then goes to OCR.
qpdf --empty --static-id --pages "$OUT/b_department_2019.scan150_bilevel.pdf" 1 "$B" 2-3 -- "$OUT/b_department_2019.mixed.pdf"
say "scans/b_department_2019.mixed.pdf" "page 1 a 150 dpi bilevel scan, pages 2-3 born-digital text"

# ---- HTML whose tables are images --------------------------------------------------------------

python3 "$ROOT/scripts/scans-html.py" "$ROOT/corpus/generated/src/a_county_2021.html" "$OUT" "$TMP/html"
say "scans/a_county_2021.t3img.html" "T3 as <img src=PNG beside it>, T4 as a data: URI PNG"

# The same page as a Word file: LibreOffice embeds the two pictures as word/media/image*.png.
soffice -env:UserInstallation="file://$TMP/lo-profile" --headless --infilter="HTML (StarWriter)" \
  --convert-to docx --outdir "$TMP/lo" "$TMP/html/a_county_2021.t3img.html" >/dev/null 2>&1
mv "$TMP/lo/a_county_2021.t3img.docx" "$OUT/a_county_2021.pictures.docx"
python3 "$ROOT/scripts/corpus-normalize.py" "$OUT/a_county_2021.pictures.docx"
say "scans/a_county_2021.pictures.docx" "DOCX whose T3 and T4 are embedded pictures"

python3 "$ROOT/scripts/scans-expected.py" "$ROOT"
