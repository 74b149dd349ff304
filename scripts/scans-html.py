#!/usr/bin/env python3
"""The HTML flavour whose tables are images (called by make-scans.sh).

    scans-html.py SRC.html OUTDIR TMPDIR

Renders T3 and T4 of SRC.html alone with headless Chromium (device scale 2, about 190 dpi),
trims the screenshots, and writes OUTDIR/<stem>.t3img.html: the source page with T3 replaced by
<img src="<stem>.t3img.t3.png"> (a file beside the page) and T4 by an <img src="data:image/png;base64,…">.
Everything else (title, narrative, T2) stays HTML text. TMPDIR/<stem>.t3img.html gets both images
as data: URIs (the source of the DOCX flavour).
"""
import base64
import os
import re
import subprocess
import sys


def tables(html: str):
    return [m for m in re.finditer(r"<table\b.*?</table>", html, flags=re.S)]


def render(table_html: str, style: str, out_png: str, tmp: str, name: str) -> None:
    page = os.path.join(tmp, f"{name}.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write(f'<!DOCTYPE html><html><head><meta charset="utf-8">{style}</head>'
                f'<body style="margin:12px;background:#fff">{table_html}</body></html>')
    raw = os.path.join(tmp, f"{name}.raw.png")
    subprocess.run(
        ["chromium", "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--force-device-scale-factor=2", "--window-size=760,1400", f"--user-data-dir={tmp}/chromium",
         f"--screenshot={raw}", f"file://{page}"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run(["convert", raw, "-trim", "+repage", "-bordercolor", "white", "-border", "16",
                    "-colorspace", "Gray", "-strip", "-define", "png:exclude-chunks=date,time", out_png],
                   check=True)


def main() -> None:
    src, outdir, tmp = sys.argv[1:4]
    os.makedirs(tmp, exist_ok=True)
    stem = os.path.basename(src).removesuffix(".html")
    html = open(src, encoding="utf-8").read()
    style = re.search(r"<style>.*?</style>", html, flags=re.S).group(0)
    t2, t3, t4 = tables(html)[:3]
    t3_png = f"{stem}.t3img.t3.png"
    render(t3.group(0), style, os.path.join(outdir, t3_png), tmp, "t3")
    render(t4.group(0), style, os.path.join(tmp, "t4.png"), tmp, "t4")
    with open(os.path.join(tmp, "t4.png"), "rb") as f:
        t4_uri = "data:image/png;base64," + base64.b64encode(f.read()).decode("ascii")
    out = (html[: t3.start()]
           + f'<p style="text-indent:0"><img src="{t3_png}" alt="表三" style="max-width:100%"></p>'
           + html[t3.end(): t4.start()]
           + f'<p style="text-indent:0"><img src="{t4_uri}" alt="表四" style="max-width:100%"></p>'
           + html[t4.end():])
    out = out.replace("<!-- Generated test document",
                      "<!-- Scanned-table flavour (scripts/make-scans.sh): T3 and T4 are images. Generated test document", 1)
    with open(os.path.join(outdir, f"{stem}.t3img.html"), "w", encoding="utf-8") as f:
        f.write(out)
    # For the DOCX flavour: both images as data: URIs, so LibreOffice embeds them (it links files).
    with open(os.path.join(outdir, t3_png), "rb") as f:
        t3_uri = "data:image/png;base64," + base64.b64encode(f.read()).decode("ascii")
    with open(os.path.join(tmp, f"{stem}.t3img.html"), "w", encoding="utf-8") as f:
        f.write(out.replace(f'src="{t3_png}"', f'src="{t3_uri}"'))


if __name__ == "__main__":
    main()
