#!/usr/bin/env bash
# Regenerate the generated test corpus from the hand-written sources in corpus/generated/src:
#   corpus/generated/html/  Word-exported, GBK and portal-article HTML flavours
#   corpus/generated/docx/  LibreOffice DOCX, and one given the features Word writes
#   corpus/generated/pdf/   LibreOffice, Chromium, split-table, landscape and non-embedded-font PDFs
#   corpus/bad/             documents the pipeline must survive (errors, not crashes)
# and every NAME.expected.json beside a generated document (from src/<stem>.values.json).
#
# Usage: scripts/make-corpus.sh          (from any directory; idempotent, outputs are byte-stable)
# Needs: python3, libreoffice (writer), chromium, qpdf, poppler-utils (pdfinfo/pdftotext/pdffonts),
#        fonts-noto-cjk. The outputs are committed, so tests need none of these.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
GEN=$ROOT/corpus/generated
SRC=$GEN/src
BAD=$ROOT/corpus/bad
FLAVOURS="python3 $ROOT/scripts/corpus-flavours.py"
EXPECTED="python3 $ROOT/scripts/corpus-expected.py"
NORMALIZE="python3 $ROOT/scripts/corpus-normalize.py"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

say() { printf '  %-52s %s\n' "$1" "$2"; }
fail() { echo "make-corpus: $*" >&2; exit 1; }

# ---- tools --------------------------------------------------------------------------------------

# lo_convert SRC.html FORMAT OUT: LibreOffice Writer's HTML import, private profile (safe to run
# beside other LibreOffice users).
lo_convert() {
  local src=$1 fmt=$2 out=$3 base
  base=$(basename "${src%.html}")
  soffice -env:UserInstallation="file://$TMP/lo-profile" --headless \
    --infilter="HTML (StarWriter)" --convert-to "$fmt" --outdir "$TMP/lo" "$src" >/dev/null 2>&1
  [ -s "$TMP/lo/$base.$fmt" ] || fail "LibreOffice did not convert $src to $fmt"
  mv "$TMP/lo/$base.$fmt" "$out"
  $NORMALIZE "$out"
}

# chromium_pdf SRC.html OUT.pdf: Chromium/Skia print-to-PDF (borders become filled rectangles).
chromium_pdf() {
  local src=$1 out=$2
  chromium --headless=new --no-sandbox --disable-gpu --no-pdf-header-footer \
    --user-data-dir="$TMP/chromium" --print-to-pdf="$out" "file://$src" >/dev/null 2>&1
  [ -s "$out" ] || fail "Chromium did not print $src"
  $NORMALIZE "$out"
}

page_text() { pdftotext -f "$2" -l "$2" -layout "$1" -; }

# ---- 0. the sources ---------------------------------------------------------------------------

check_sources() {
  $EXPECTED check "$SRC"
}

# ---- 1. HTML flavours -------------------------------------------------------------------------

html_word_a_county() {
  local out=$GEN/html/a_county_2021.word.html
  $FLAVOURS word "$SRC/a_county_2021.html" "$out"
  say "${out#$ROOT/}" "Word 'Save as Web Page': span soup, <o:p>, conditional comments, &nbsp; cells"
}

html_gbk_b_department() {
  local out=$GEN/html/b_department_2019.gbk.html
  $FLAVOURS gbk "$SRC/b_department_2019.html" "$out"
  say "${out#$ROOT/}" "GBK bytes, charset only in <meta http-equiv ... gb2312>"
}

html_portal_c_township() {
  local out=$GEN/html/c_township_2021_hybrid.portal.html
  $FLAVOURS portal "$SRC/c_township_2021_hybrid.html" "$out"
  say "${out#$ROOT/}" "TRS portal article: chrome, meta ArticleTitle, report in div.TRS_Editor"
}

# ---- 2. DOCX ------------------------------------------------------------------------------------

# docx_of STEM: LibreOffice DOCX; the merged T3/T4 cells must survive as gridSpan / vMerge.
docx_of() {
  local stem=$1 out=$GEN/docx/$1.docx spans merges
  lo_convert "$SRC/$stem.html" docx "$out"
  spans=$(unzip -p "$out" word/document.xml | grep -o '<w:gridSpan ' | wc -l)
  merges=$(unzip -p "$out" word/document.xml | grep -o '<w:vMerge' | wc -l)
  [ "$spans" -gt 0 ] && [ "$merges" -gt 0 ] || fail "$out lost its merged cells"
  say "${out#$ROOT/}" "LibreOffice DOCX ($spans gridSpan, $merges vMerge)"
}

docx_a_county() { docx_of a_county_2021; }

# What Word and its users add: tracked changes, formula fields, content controls, hidden text, text boxes.
docx_word_a_county() {
  local out=$GEN/docx/a_county_2021.word.docx
  $FLAVOURS docx-word "$GEN/docx/a_county_2021.docx" "$out"
  say "${out#$ROOT/}" "Word features: w:del/w:ins, =SUM field, w:sdt row, w:vanish, mc:AlternateContent text box"
}
docx_b_department() { docx_of b_department_2019; }

# ---- 3. PDF -------------------------------------------------------------------------------------

pdf_libreoffice_a_county() {
  local out=$GEN/pdf/a_county_2021.libreoffice.pdf
  lo_convert "$SRC/a_county_2021.html" pdf "$out"
  say "${out#$ROOT/}" "LibreOffice PDF: stroked rules, embedded subset CJK fonts with ToUnicode"
}

pdf_chromium_b_department() {
  local out=$GEN/pdf/b_department_2019.chromium.pdf
  $FLAVOURS print "$SRC/b_department_2019.html" "$TMP/b_print.html" a4
  chromium_pdf "$TMP/b_print.html" "$out"
  say "${out#$ROOT/}" "Chromium/Skia PDF: cell borders drawn as filled rectangles"
}

pdf_split_footer_a_county() {
  local out=$GEN/pdf/a_county_2021.split_footer.pdf p2 p3
  $FLAVOURS print "$SRC/a_county_2021.html" "$TMP/a_footer.html" footer
  chromium_pdf "$TMP/a_footer.html" "$out"
  # T3 must start on page 2 and end on page 3, with the footer "- 2 -" between the halves.
  p2=$(page_text "$out" 2)
  p3=$(page_text "$out" 3)
  grep -q '一、本年新收政府信息公开申请数量' <<<"$p2" || fail "$out: T3 does not start on page 2"
  grep -qE '^\s*-\s*2\s*-\s*$' <<<"$p2" || fail "$out: no '- 2 -' footer on page 2"
  grep -q '四、结转下年度继续办理' <<<"$p3" || fail "$out: T3 does not end on page 3"
  if grep -q '四、结转下年度继续办理' <<<"$p2"; then fail "$out: T3 is not split"; fi
  say "${out#$ROOT/}" "T3 split over pages 2-3 (inside a rowspan group), footer '- 2 -' between"
}

pdf_landscape_c_township() {
  local out=$GEN/pdf/c_township_2021_hybrid.landscape.pdf sizes
  $FLAVOURS print "$SRC/c_township_2021_hybrid.html" "$TMP/c_landscape.html" landscape
  chromium_pdf "$TMP/c_landscape.html" "$out"
  sizes=$(pdfinfo -f 1 -l 99 "$out" | awk '/^Page .* size:/{print ($4 > $6) ? "L" : "P"}' | tr -d '\n')
  [[ $sizes == P*L*P ]] || fail "$out: expected portrait, landscape table pages, portrait; got $sizes"
  say "${out#$ROOT/}" "mixed orientation: table pages are A4 landscape ($sizes)"
}

pdf_rotate90_c_township() {
  local out=$GEN/pdf/c_township_2021_hybrid.rotate90.pdf rots
  $FLAVOURS print "$SRC/c_township_2021_hybrid.html" "$TMP/c_rotate.html" rotate90
  chromium_pdf "$TMP/c_rotate.html" "$TMP/c_rotate.pdf"
  [ "$(pdfinfo "$TMP/c_rotate.pdf" | awk '/^Pages:/{print $2}')" = 5 ] || fail "$out: expected 5 pages"
  qpdf --deterministic-id "$TMP/c_rotate.pdf" --rotate=+90:2-4 -- "$out"
  rots=$(pdfinfo -f 1 -l 5 "$out" | awk '/^Page .* rot:/{printf "%s ", $4}')
  [ "$rots" = "0 90 90 90 0 " ] || fail "$out: page rotations are $rots"
  say "${out#$ROOT/}" "table pages: portrait MediaBox, content drawn sideways, /Rotate 90"
}

pdf_cmap_b_department() {
  local out=$GEN/pdf/b_department_2019.cmap_nonembedded.pdf
  $FLAVOURS cmap-pdf "$SRC/b_department_2019.html" "$out"
  grep -qE '^STSong-Light +CID Type 0 +UniGB-UCS2-H +no +no +no ' <<<"$(pdffonts "$out")" ||
    fail "$out: expected one non-embedded STSong-Light font without ToUnicode"
  say "${out#$ROOT/}" "hand-written PDF, STSong-Light/UniGB-UCS2-H not embedded, no ToUnicode"
}

# ---- 4. bad documents ---------------------------------------------------------------------------

bad_files() {
  : > "$BAD/empty.html"
  say "corpus/bad/empty.html" "zero bytes"
  head -c 40000 "$GEN/pdf/a_county_2021.libreoffice.pdf" > "$BAD/truncated.pdf"
  say "corpus/bad/truncated.pdf" "first 40000 bytes of a PDF: no xref, no %%EOF"
  cp "$GEN/pdf/b_department_2019.cmap_nonembedded.pdf" "$BAD/mis_named.html"
  say "corpus/bad/mis_named.html" "a complete PDF with an .html name"
  cp "$SRC/bad/not_a_report.src.html" "$BAD/not_a_report.html"
  say "corpus/bad/not_a_report.html" "一图读懂 解读 page that quotes a report's numbers"
  python3 -c 'import hashlib,sys; sys.stdout.buffer.write(b"".join(hashlib.sha256(b"garbage%d" % i).digest() for i in range(256)))' \
    > "$BAD/garbage.docx"
  say "corpus/bad/garbage.docx" "8192 fixed pseudo-random bytes named .docx"
  $FLAVOURS gbk-undeclared "$SRC/bad/undeclared_gbk.src.html" "$BAD/undeclared_gbk.html"
  say "corpus/bad/undeclared_gbk.html" "GBK report fragment, no charset declared anywhere"
  # AES-128 (R4) with qpdf's --static-id/--static-aes-iv: byte-stable between runs (AES-256 salts
  # are random). Base: the LibreOffice PDF of a_county_2021.
  qpdf --static-id --static-aes-iv --encrypt secret owner-secret 128 --use-aes=y -- \
    "$GEN/pdf/a_county_2021.libreoffice.pdf" "$BAD/encrypted_user_pw.pdf"
  say "corpus/bad/encrypted_user_pw.pdf" "AES-128, user password 'secret'"
  qpdf --static-id --static-aes-iv --encrypt "" owner-secret 128 --use-aes=y --print=none --modify=none \
    --extract=n -- "$GEN/pdf/a_county_2021.libreoffice.pdf" "$BAD/encrypted_empty_pw.pdf"
  say "corpus/bad/encrypted_empty_pw.pdf" "AES-128, empty user password (owner password only): readable"
}

# ---- 5. expected values -------------------------------------------------------------------------

expected_files() {
  local docs=("$GEN"/html/*.html "$GEN"/docx/*.docx "$GEN"/pdf/*.pdf)
  $EXPECTED crosscheck "$SRC" "$GEN"/html/*.html "$GEN"/docx/*.docx
  $EXPECTED write "$SRC" "$SRC/checked.json" "${docs[@]}" "$BAD/encrypted_empty_pw.pdf@a_county_2021"
  say "corpus/generated/*/*.expected.json" "${#docs[@]} files + bad/encrypted_empty_pw, from src/*.values.json"
}

main() {
  command -v soffice >/dev/null || fail "needs libreoffice"
  command -v chromium >/dev/null || fail "needs chromium (apt-get install -y chromium)"
  command -v qpdf >/dev/null || fail "needs qpdf (apt-get install -y qpdf)"
  mkdir -p "$GEN/html" "$GEN/docx" "$GEN/pdf" "$BAD" "$TMP/lo"
  rm -f "$GEN"/html/* "$GEN"/docx/* "$GEN"/pdf/*
  check_sources
  html_word_a_county
  html_gbk_b_department
  html_portal_c_township
  docx_a_county
  docx_word_a_county
  docx_b_department
  pdf_libreoffice_a_county
  pdf_chromium_b_department
  pdf_split_footer_a_county
  pdf_landscape_c_township
  pdf_rotate90_c_township
  pdf_cmap_b_department
  bad_files
  expected_files
}

main "$@"
