#!/usr/bin/env python3
"""Make LibreOffice / Chromium output byte-stable so regenerating the corpus leaves git clean.

  corpus-normalize.py FILE...   (.pdf or .docx, rewritten in place)

PDF: same-length, in-place substitutions only (the xref offsets stay valid, nothing else moves):
creation/modification dates (Info dict and XMP) become 2024-01-01 00:00:00, and the trailer /ID
and LibreOffice's /DocChecksum become MD5s of the file's content with those fields blanked.
DOCX: zip entries get a fixed timestamp, and docProps/core.xml a fixed created/modified date.
"""
import hashlib
import re
import sys
import zipfile
from pathlib import Path

FIXED_PDF_DATE = b"D:20240101000000"
FIXED_ISO = "2024-01-01T00:00:00"


def normalize_pdf(path):
    data = Path(path).read_bytes()
    data = re.sub(rb"D:\d{14}", FIXED_PDF_DATE, data)
    data = re.sub(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d",
                  lambda m: m.group(1) + FIXED_ISO.encode(), data)
    checksum = re.search(rb"/DocChecksum /([0-9A-F]{32})", data)   # LibreOffice: MD5 incl. dates
    if checksum:
        data = data[:checksum.start(1)] + b"0" * 32 + data[checksum.end(1):]
    ids = re.search(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]", data)
    if ids:
        blanked = data[:ids.start()] + data[ids.end():]
        digest = hashlib.md5(blanked).hexdigest().upper().encode()
        new = ids.group(0)
        for g in (1, 2):
            old = ids.group(g)
            new = new.replace(old, (digest * 2)[: len(old)], 1)
        data = data[:ids.start()] + new + data[ids.end():]
    if checksum:
        digest = hashlib.md5(data).hexdigest().upper().encode()
        data = data.replace(b"/DocChecksum /" + b"0" * 32, b"/DocChecksum /" + digest, 1)
    Path(path).write_bytes(data)


def normalize_docx(path):
    src = zipfile.ZipFile(path)
    entries = [(i, src.read(i.filename)) for i in src.infolist()]
    src.close()
    with zipfile.ZipFile(path, "w") as out:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*",
                              lambda m: m.group(1) + (FIXED_ISO + "Z").encode(), data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2024, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            out.writestr(fixed, data)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for f in sys.argv[1:]:
        if f.endswith(".pdf"):
            normalize_pdf(f)
        elif f.endswith(".docx"):
            normalize_docx(f)
        else:
            sys.exit(f"corpus-normalize: not a .pdf or .docx: {f}")
