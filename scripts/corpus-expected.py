#!/usr/bin/env python3
"""Expected-values files for corpus/generated, built from the hand-typed src/<name>.values.json.

  corpus-expected.py check SRC_DIR
      Arithmetic self-test of every values.json (the failing checks it computes must equal the
      declared `failing_checks`) and a comparison of the numbers typed in values.json with the cells
      of the matching src/<name>.html table, in reading order. Catches typing slips on either side.
  corpus-expected.py crosscheck SRC_DIR DOC...
      The same cell comparison against derived HTML (any charset) and DOCX documents, so a flavour
      transform or a LibreOffice conversion that loses, merges or reorders a cell is caught.
  corpus-expected.py write SRC_DIR CHECKED_JSON DOC...
      Write DOC's NAME.expected.json (format: corpus/README.md). The source of DOC is the src stem
      its file name starts with, or STEM when DOC is given as DOC@STEM; the `checked` text comes from CHECKED_JSON (keyed by the path
      relative to corpus/generated), and a missing entry is an error.

Standard library only.
"""
import html
import json
import re
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

COLS = ["natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
        "legal_service_org", "other_org", "total"]
T3_HEAD = ["received", "carried_over", "disclosed", "partially_disclosed"]
T3_WITHHELD = ["withheld." + k for k in ("state_secret", "prohibited_by_law", "security_stability",
               "third_party_rights", "internal_affairs", "process_information", "enforcement_files",
               "administrative_query")]
T3_UNABLE = ["unable." + k for k in ("not_held", "needs_creation", "unclear_after_correction")]
T3_NOT_HANDLED = ["not_handled." + k for k in ("petition_complaint", "duplicate", "publication",
                  "mass_repeated", "confirm_reissue")]
OTHER_SUB = ["other_handling.overdue_correction", "other_handling.unpaid_fee", "other_handling.other"]
T4_GROUPS = ["review", "litigation_direct", "litigation_after_review"]
T4_COLS = ["upheld", "corrected", "other", "pending", "total"]
T2_KEYS = {
    "2021": ["rules.issued", "rules.repealed", "rules.in_force",
             "normative_documents.issued", "normative_documents.repealed", "normative_documents.in_force",
             "licensing.decisions", "penalty.decisions", "coercion.decisions", "fees.amount_10k_yuan"],
    "2019": ["rules.new_made", "rules.new_published", "rules.published_total",
             "normative_documents.new_made", "normative_documents.new_published",
             "normative_documents.published_total",
             "licensing.previous_items", "licensing.change", "licensing.decisions",
             "other_services.previous_items", "other_services.change", "other_services.decisions",
             "penalty.previous_items", "penalty.change", "penalty.decisions",
             "coercion.previous_items", "coercion.change", "coercion.decisions",
             "fees.previous_items", "fees.change",
             "procurement.projects", "procurement.amount_10k_yuan"],
}


def die(msg):
    sys.exit("corpus-expected: " + msg)


def t3_printed_rows(src):
    """T3 rows as printed in the document, top to bottom."""
    three = src["t3_other_handling"] == "three_rows"
    other = OTHER_SUB if three else ["other_handling"]
    return T3_HEAD + T3_WITHHELD + T3_UNABLE + T3_NOT_HANDLED + other + ["total", "carried_forward"]


def printed_cells(src):
    """[(key, value)] for every printed cell, in reading order (T2, T3 row-major, T4)."""
    if sorted(src["active"]) != sorted(T2_KEYS[src["template"]]):
        die(f"{src['source']}: active keys differ from the {src['template']} T2 keys")
    out = [("active." + k, src["active"][k]) for k in T2_KEYS[src["template"]]]
    rows = t3_printed_rows(src)
    if sorted(src["requests"]) != sorted(rows):
        die(f"{src['source']}: requests rows differ from {rows}")
    for row in rows:
        vals = src["requests"][row]
        if len(vals) != 7:
            die(f"{src['source']}: requests.{row} has {len(vals)} cells")
        out += [(f"requests.{row}.{c}", v) for c, v in zip(COLS, vals)]
    for g in T4_GROUPS:
        out += [(f"{g}.{c}", v) for c, v in zip(T4_COLS, src["reviews"][g])]
    return out


def all_values(src):
    """Every key of the template (codebook §2), null for blank or absent cells."""
    printed = dict(printed_cells(src))
    values = {"active." + k: printed["active." + k] for k in T2_KEYS[src["template"]]}
    rows = T3_HEAD + T3_WITHHELD + T3_UNABLE + T3_NOT_HANDLED
    if src["template"] == "2021":
        rows += OTHER_SUB
    rows += ["other_handling", "total", "carried_forward"]
    for row in rows:
        for c in COLS:
            key = f"requests.{row}.{c}"
            if key in printed:
                values[key] = printed[key]
            elif row == "other_handling":           # 2021 template: derived from the three sub-rows
                parts = [printed[f"requests.{s}.{c}"] for s in OTHER_SUB]
                values[key] = None if all(p is None for p in parts) else sum(p or 0 for p in parts)
            else:                                   # hybrid: 2021 sub-rows absent
                values[key] = None
    for g in T4_GROUPS:
        for c in T4_COLS:
            values[f"{g}.{c}"] = printed[f"{g}.{c}"]
    return values


def failing_checks(src, v):
    """Rules of codebook §3 that the values break; a rule with a blank operand is skipped."""
    fails = []

    def check(rule, lhs, rhs):
        if any(x is None for x in lhs + rhs):
            return
        if abs(sum(lhs) - sum(rhs)) > 1e-9:
            fails.append(rule)

    r = lambda row, c: v[f"requests.{row}.{c}"]
    for c in COLS:
        check(f"requests.balance.{c}", [r("received", c), r("carried_over", c)],
              [r("total", c), r("carried_forward", c)])
        outcome_rows = ["disclosed", "partially_disclosed"] + T3_WITHHELD + T3_UNABLE + T3_NOT_HANDLED
        check(f"requests.outcome_sum.{c}", [r("total", c)],
              [r(x, c) for x in outcome_rows] + [r("other_handling", c)])
    for row in t3_printed_rows(src):
        check(f"requests.row_sum.{row}", [r(row, "total")], [r(row, c) for c in COLS[:6]])
    for g in T4_GROUPS:
        check(f"reviews.group_sum.{g}", [v[f"{g}.total"]], [v[f"{g}.{c}"] for c in T4_COLS[:4]])
    return sorted(fails)


def load_sources(src_dir):
    srcs = {}
    for p in sorted(Path(src_dir).glob("*.values.json")):
        srcs[p.name[: -len(".values.json")]] = json.loads(p.read_text("utf-8"))
    if not srcs:
        die(f"no *.values.json in {src_dir}")
    return srcs


# ---- reading cells back from HTML / DOCX -----------------------------------------------------

class CellReader(HTMLParser):
    """Text of every <td> in document order; skips Word's zero-height alignment row."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.cells, self.buf, self.in_td, self.skip_row = [], None, 0, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr":
            self.skip_row = a.get("height") == "0"
        elif tag == "td" and not self.skip_row:
            self.buf = []
        elif tag in ("br", "p") and self.buf is not None:
            self.buf.append(" ")

    def handle_endtag(self, tag):
        if tag == "td" and self.buf is not None:
            self.cells.append("".join(self.buf))
            self.buf = None

    def handle_data(self, data):
        if self.buf is not None:
            self.buf.append(data)


def decode_html(raw):
    m = re.search(rb"charset=[\"']?([A-Za-z0-9_-]+)", raw[:4096])
    enc = m.group(1).decode().lower() if m else "utf-8"
    if enc in ("gb2312", "gbk"):
        enc = "gb18030"                                   # what browsers do
    return raw.decode(enc)


def html_cells(path):
    text = decode_html(Path(path).read_bytes())
    if 'class="TRS_Editor"' in text:                      # portal page: the article body only
        text = text[text.index('class="TRS_Editor"'):]
    reader = CellReader()
    reader.feed(text)
    return reader.cells


def docx_cells(path):
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    cells = []
    for tc in re.findall(r"<w:tc>.*?</w:tc>", xml, flags=re.S):
        if re.search(r"<w:vMerge(?: w:val=\"continue\")?/>", tc):
            continue                                      # continuation of a row-spanning cell
        tc = re.sub(r"<w:r>(?:(?!</w:r>).)*<w:vanish/>.*?</w:r>", "", tc, flags=re.S)   # hidden text
        paras = re.findall(r"<w:p[ >].*?</w:p>", tc, flags=re.S)
        text = " ".join("".join(html.unescape(t) for t in re.findall(r"<w:t[^>]*>([^<]*)</w:t>", p))
                        for p in paras)
        cells.append(text)
    return cells


NUM = re.compile(r"^([+\-]?\d+(?:\.\d+)?)\s*(万元|万|元)?\s*(?:[（(].*)?$")   # "22（其中修订 16 件）"


def cell_value(text):
    t = text.replace("\xa0", " ").strip()
    if t == "":
        return None
    m = NUM.match(t)
    num = float(m.group(1))
    if m.group(2) == "元":
        num = round(num / 10000, 6)
    return int(num) if num == int(num) and "." not in m.group(1) else num


def is_value_cell(text):
    t = text.replace("\xa0", " ").strip()
    return t == "" or bool(NUM.match(t))


def compare_cells(src, cells, what):
    got = [cell_value(c) for c in cells if is_value_cell(c)]
    want = printed_cells(src)
    if len(got) != len(want):
        die(f"{what}: {len(got)} value cells, expected {len(want)}")
    bad = [(k, w, g) for (k, w), g in zip(want, got) if w != g]
    if bad:
        die(f"{what}: cells differ from values.json: " + "; ".join(f"{k} want {w} got {g}" for k, w, g in bad))


def source_of(doc, srcs):
    name = Path(doc).name
    stems = [s for s in srcs if name.startswith(s)]
    if not stems:
        die(f"{doc}: no src/*.values.json stem matches")
    return max(stems, key=len)


# ---- commands ---------------------------------------------------------------------------------

def cmd_check(src_dir):
    for stem, src in load_sources(src_dir).items():
        fails = failing_checks(src, all_values(src))
        if fails != sorted(src["failing_checks"]):
            die(f"{stem}: computed failing checks {fails} != declared {src['failing_checks']}")
        compare_cells(src, html_cells(Path(src_dir) / src["source"]), src["source"])
        print(f"ok  {stem}: {len(printed_cells(src))} cells match the HTML; failing checks {fails}")


def cmd_crosscheck(src_dir, docs):
    srcs = load_sources(src_dir)
    for doc in docs:
        src = srcs[source_of(doc, srcs)]
        cells = docx_cells(doc) if doc.endswith(".docx") else html_cells(doc)
        compare_cells(src, cells, doc)
        print(f"ok  {doc}: cells match {src['source']}")


def cmd_write(src_dir, checked_json, docs):
    srcs = load_sources(src_dir)
    checked = json.loads(Path(checked_json).read_text("utf-8"))
    for doc in docs:
        doc, _, stem = doc.partition("@")                 # DOC@STEM names the source explicitly
        p = Path(doc)
        rel = str(p.resolve().relative_to(Path(checked_json).resolve().parent.parent.parent))
        if rel not in checked:
            die(f"{checked_json}: no `checked` text for {rel}")
        src = srcs[stem or source_of(doc, srcs)]
        out = {
            "file": p.name,
            "checked": checked[rel],
            "year": src["year"],
            "template": src["template"],
            "issuer": src["issuer"],
            "values": all_values(src),
            "failing_checks": sorted(src["failing_checks"]),
            "narrative": src["narrative"],
        }
        target = p.with_name(p.name.rsplit(".", 1)[0] + ".expected.json")
        target.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    a = sys.argv[1:]
    if a[:1] == ["check"] and len(a) == 2:
        cmd_check(a[1])
    elif a[:1] == ["crosscheck"] and len(a) >= 3:
        cmd_crosscheck(a[1], a[2:])
    elif a[:1] == ["write"] and len(a) >= 4:
        cmd_write(a[1], a[2], a[3:])
    else:
        sys.exit(__doc__)
