#!/usr/bin/env python3
"""Expected-values files for corpus/generated/scans (called by make-scans.sh).

    scans-expected.py ROOT

A scan shows the same tables as its source, so its values, year, template, issuer and failing
checks are copied from the source's expected file (those were checked by eye against the source).
`checked` says which pages of the scan itself were viewed to confirm the numbers are legible.
Narrative counts are left out for the PDF scans: only some pages were kept, and what is checked
here is the tables. The HTML flavour keeps its narrative (its text is still HTML).
"""
import json
import os
import sys

ROOT = sys.argv[1]
SCANS = os.path.join(ROOT, "corpus/generated/scans")
A = "corpus/generated/pdf/a_county_2021.libreoffice.expected.json"
B = "corpus/generated/pdf/b_department_2019.chromium.expected.json"
H = "corpus/real/002_hongze_district_2023.expected.json"
A_HTML = "corpus/generated/html/a_county_2021.word.expected.json"
A_DOCX = "corpus/generated/docx/a_county_2021.expected.json"

VIEWED = "every T2/T3/T4 number (and the blank cells) compared by eye with the source's expected values, all legible"

# file -> (source expected, checked)
SCAN_FILES = {
    "a_county_2021.scan200.pdf": (A, f"pages 2-3 of the scan rendered with pdftoppm -r 75 and viewed: {VIEWED}; T2 starts at the foot of page 1 (its header only)"),
    "a_county_2021.scan300_bilevel.pdf": (A, f"pages 2-3 of the scan rendered with pdftoppm -r 75 and viewed: {VIEWED} after binarisation"),
    "a_county_2021.scan150.pdf": (A, f"pages 2-3 of the scan rendered with pdftoppm -r 90 and viewed: {VIEWED}"),
    "b_department_2019.scan300.pdf": (B, f"pages 1-3 of the scan rendered with pdftoppm -r 75 and viewed: {VIEWED}"),
    "b_department_2019.scan200_seal.pdf": (B, f"pages 1-3 of the scan rendered with pdftoppm -r 70-75 and viewed: {VIEWED}; the red seal on page 3 covers only the signature block, no table cell"),
    "b_department_2019.scan150_bilevel.pdf": (B, f"pages 1-3 of the scan rendered with pdftoppm -r 80 and viewed: {VIEWED}, signed changes (+12 -3 +4 -2) and 251000元 included; thin strokes of the labels break up (bilevel)"),
    "b_department_2019.junk_text_layer.pdf": (B, "the page images are those of b_department_2019.scan150_bilevel.pdf (viewed there); pdftotext of this file shows its English-OCR text layer is Latin debris with none of the tables' numbers in it"),
    "b_department_2019.mixed.pdf": (B, "page 1 is the page image of b_department_2019.scan150_bilevel.pdf (viewed there), pages 2-3 are the born-digital pages of b_department_2019.chromium.pdf (checked for its own expected file)"),
    "002_hongze_district_2023.scan300_bilevel.pdf": (H, f"pages 3-4 of the scan rendered with pdftoppm -r 110, T3 and T4 cropped and viewed: {VIEWED}; the real report's page 5 (no table) is not in the scan"),
    "002_hongze_district_2023.scan200.pdf": (H, f"pages 2-4 of the scan rendered with pdftoppm -r 110, T2 end, T3 and T4 cropped and viewed: {VIEWED}; the small T3 font stays legible"),
    "a_county_2021.pictures.docx": (A_DOCX, "the two embedded pictures are the PNGs of a_county_2021.t3img.html (viewed there); T2 and the narrative are Word text"),
    "a_county_2021.t3img.html": (A_HTML, "the T3 image (a_county_2021.t3img.t3.png) and the T4 data: URI image viewed at half size: every number and the two blank 科研机构 cells compared by eye with the source's expected values; T2 and the narrative are unchanged HTML text"),
}


def main() -> None:
    for name, (src, checked) in SCAN_FILES.items():
        if not os.path.exists(os.path.join(SCANS, name)):
            continue
        exp = json.load(open(os.path.join(ROOT, src), encoding="utf-8"))
        out = {"file": name, "checked": checked}
        for k in ("year", "template", "issuer", "values", "failing_checks"):
            if k in exp:
                out[k] = exp[k]
        if name.endswith((".html", ".docx")) and "narrative" in exp:
            out["narrative"] = exp["narrative"]
        stem = name.rsplit(".", 1)[0]
        with open(os.path.join(SCANS, f"{stem}.expected.json"), "w", encoding="utf-8") as f:
            json.dump(out, f, ensure_ascii=False, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
