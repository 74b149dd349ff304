#!/usr/bin/env python3
"""Fixes the creation date tesseract stamps into a PDF (same length, in place), so make-scans.sh
gives the same bytes every run.

    scans-normalize.py IN.pdf OUT.pdf
"""
import re
import sys

src, dst = sys.argv[1:3]
data = open(src, "rb").read()
data = re.sub(rb"/CreationDate \(D:\d{14}Z00'00'\)", b"/CreationDate (D:20240101000000Z00'00')", data)
open(dst, "wb").write(data)
