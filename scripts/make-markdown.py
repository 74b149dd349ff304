#!/usr/bin/env python3
"""Markdown conversions of corpus reports, as PDF-to-markdown converters write them, with their damage.

  scripts/make-markdown.py           write corpus/generated/markdown/*.md and their *.expected.json
  scripts/make-markdown.py --check   rebuild in memory and fail if a file on disk differs

Two styles:
  MinerU       `#` for every heading, each table one line of `<html><body><table>…</table></body></html>`
               keeping rowspan/colspan, `![](images/…)` for pictures, spaces around numbers in prose;
  Marker/LLM   `#`/`##` headings, `**bold**`, GFM pipe tables: a merged cell's text in its first slot
               (or repeated over its slots), `<br>` for line breaks in cells, `\\|` for a pipe in a cell.

The sources are the generated HTML reports (corpus/generated/src/a_county_2021.html, 2021 template;
b_department_2019.html, 2019 template) and the real corpus/real/changle_2020.txt (2019 template; its
tab-separated cells are put, in reading order, into the 2019 table layout of b_department_2019.html,
which is the same national form; the script checks that every cell lines up). Every table number of
each source is first compared with the values of the source's hand-checked expected file (in reading
order), so the conversions carry the source's numbers. The damage of each file is in VARIANTS; the
expected file copies the source's expected file and sets to null only the keys the damage makes
unrecoverable, naming each in "undetermined" {key: why}.

Deterministic (no dates, no randomness): running it twice gives the same bytes. Standard library only.
"""
import copy
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "corpus/generated/markdown"

SOURCES = {
    "a_county_2021": {"kind": "html", "src": "corpus/generated/src/a_county_2021.html",
                      "expected": "corpus/generated/docx/a_county_2021.expected.json"},
    "b_department_2019": {"kind": "html", "src": "corpus/generated/src/b_department_2019.html",
                          "expected": "corpus/generated/docx/b_department_2019.expected.json"},
    "changle_2020": {"kind": "changle", "src": "corpus/real/changle_2020.txt",
                     "layout": "corpus/generated/src/b_department_2019.html",
                     "expected": "corpus/real/changle_2020.expected.json"},
}

COLS = ["natural_person", "commercial_enterprise", "research_institution", "social_welfare_org",
        "legal_service_org", "other_org", "total"]


def die(msg):
    sys.exit("make-markdown: " + msg)


# ---- the document: blocks and tables ----------------------------------------------------------

class Table:
    """Cells placed in a grid as browsers do: each {r, c, rs, cs, text} (text lines joined by \\n)."""

    def __init__(self, cells):
        self.cells = cells

    @staticmethod
    def from_rows(rows):
        occupied, cells = {}, []
        for r, row in enumerate(rows):
            c = 0
            for text, rs, cs in row:
                while occupied.get((r, c)):
                    c += 1
                rs = max(1, min(rs, len(rows) - r))
                for dr in range(rs):
                    for dc in range(cs):
                        occupied[(r + dr, c + dc)] = True
                cells.append({"r": r, "c": c, "rs": rs, "cs": cs, "text": text})
                c += cs
        return Table(cells)

    @property
    def nrows(self):
        return max(c["r"] + c["rs"] for c in self.cells)

    @property
    def ncols(self):
        return max(c["c"] + c["cs"] for c in self.cells)

    def ordered(self):
        return sorted(self.cells, key=lambda c: (c["r"], c["c"]))

    def find(self, text):
        hits = [c for c in self.cells if c["text"] == text]
        if len(hits) != 1:
            die(f"cell {text!r}: {len(hits)} matches")
        return hits[0]

    def value(self, label, k):
        """The k-th (0-based) cell right of the label `label` in its row."""
        lab = self.find(label)
        row = sorted((c for c in self.cells if c["r"] == lab["r"] and c["c"] > lab["c"]), key=lambda c: c["c"])
        return row[k]

    def row_of(self, text):
        return self.find(text)["r"]


class Parser(HTMLParser):
    """Headings, paragraphs and tables of a generated source, in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.text, self.tag, self.rows, self.cell = [], None, None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("h1", "h2", "p"):
            self.tag, self.text = tag, []
        elif tag == "table":
            self.rows = []
        elif tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self.cell = [[], int(a.get("rowspan", 1)), int(a.get("colspan", 1))]
        elif tag == "br" and self.cell is not None:
            self.cell[0].append("\n")

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "p") and self.text is not None:
            self.blocks.append((self.tag, "".join(self.text).strip()))
            self.text = None
        elif tag == "td":
            text = "\n".join(s.strip() for s in "".join(self.cell[0]).split("\n"))
            self.rows[-1].append((text.strip(), self.cell[1], self.cell[2]))
            self.cell = None
        elif tag == "table":
            self.blocks.append(("table", Table.from_rows(self.rows)))
            self.rows = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[0].append(re.sub(r"\s+", " ", data))
        elif self.text is not None:
            self.text.append(data)


def html_source(path):
    p = Parser()
    p.feed((ROOT / path).read_text("utf-8"))
    return p.blocks


def changle_source(src, layout):
    """changle_2020.txt: prose lines as headings/paragraphs; its table cells (tab-led lines, a cell's
    own line breaks on the lines after) put in reading order into the 2019 form's layout."""
    lines = (ROOT / src).read_text("utf-8").split("\n")
    start = next(i for i, l in enumerate(lines) if l.startswith("二、主动公开政府信息情况"))
    end = next(i for i, l in enumerate(lines) if l.startswith("五、"))
    cells = []
    for i in range(start + 1, end):
        l = lines[i]
        if l.startswith("\t"):
            cells.append(l[1:].strip())
        elif l.strip() and not re.match(r"^[三四]、", l) and cells:
            cells[-1] += "\n" + l.strip()
    texts = [c for c in cells if c]
    tables = [b for b in html_source(layout) if b[0] == "table"]
    slots = [c for _, t in tables for c in t.ordered() if c["text"] != ""]
    if len(slots) != len(texts):
        die(f"changle: {len(texts)} cells, the 2019 layout has {len(slots)}")
    for slot, text in zip(slots, texts):
        same_kind = (cell_number(slot["text"]) is None) == (cell_number(text) is None)
        if not same_kind:
            die(f"changle: cell {text!r} lands on {slot['text']!r}")
        slot["text"] = text
    prose_before = [l.strip() for l in lines[:start] if l.strip()]
    prose_after = [l.strip() for l in lines[end:] if l.strip()]

    def blocks_of(ls, first):
        out = []
        for k, l in enumerate(ls):
            if first and k < 2:
                out.append(("h1", l))
            elif re.match(r"^[一二三四五六七八九十]、", l):
                out.append(("h2", l))
            elif re.match(r"^（[一二三四五六七八九十]）", l) and len(l) < 30:
                out.append(("h3", l))
            else:
                out.append(("p", l))
        return out

    heads = {"二": "二、主动公开政府信息情况", "三": "三、收到和处理政府信息公开申请情况", "四": "四、政府信息公开行政复议、行政诉讼情况"}
    blocks = blocks_of(prose_before, True)
    t2, t3, t4 = tables[:5], tables[5], tables[6]
    blocks.append(("h2", heads["二"]))
    blocks += t2
    blocks.append(("h2", heads["三"]))
    blocks.append(t3)
    blocks.append(("h2", heads["四"]))
    blocks.append(t4)
    blocks += blocks_of(prose_after, False)
    return blocks


# ---- numbers: the source's tables against its expected file -------------------------------------

NUM = re.compile(r"^([+\-]?\d+(?:\.\d+)?)\s*(万元|万|元)?\s*(?:[（(].*)?$", re.S)


def cell_number(text):
    """The value of a value cell ("" for blank), None for a label."""
    t = re.sub(r"\s+", "", text)
    if t == "":
        return ""
    m = NUM.match(t)
    if not m:
        return None
    n = float(m.group(1))
    if m.group(2) == "元":
        n = round(n / 10000, 6)
    return int(n) if n == int(n) and "." not in m.group(1) else n


def printed_keys(expected):
    """Keys of the printed cells in reading order: the expected file's order, without 2021's derived （六） total."""
    keys = list(expected["values"])
    if expected["template"] == "2021":
        keys = [k for k in keys if not re.match(r"^requests\.other_handling\.(?:" + "|".join(COLS) + ")$", k)]
    return keys


def check_numbers(stem, blocks, expected):
    got = [cell_number(c["text"]) for b in blocks if b[0] == "table" for c in b[1].ordered()]
    got = [None if g == "" else g for g in got if g is not None]
    keys = printed_keys(expected)
    if len(got) != len(keys):
        die(f"{stem}: {len(got)} value cells, the expected file has {len(keys)} printed keys")
    bad = [(k, expected["values"][k], g) for k, g in zip(keys, got) if expected["values"][k] != g]
    if bad:
        die(f"{stem}: cells differ from the expected file: {bad}")


# ---- damage -------------------------------------------------------------------------------------

def split_table(t, first_text, repeat_header=0):
    """Cut before the row holding `first_text`: cells spanning the cut go on in the second piece as
    empty cells (a converter reads a group cell cut by a page break as two); the second piece may
    start with the first `repeat_header` rows again."""
    k = t.row_of(first_text)
    a, b = [], []
    for c in t.cells:
        if c["r"] + c["rs"] <= k:
            a.append(dict(c))
        elif c["r"] >= k:
            b.append(dict(c, r=c["r"] - k))
        else:
            a.append(dict(c, rs=k - c["r"]))
            b.append(dict(c, r=0, rs=c["r"] + c["rs"] - k, text=""))
    if repeat_header:
        head = [dict(c) for c in t.cells if c["r"] < repeat_header]
        b = head + [dict(c, r=c["r"] + repeat_header) for c in b]
    return Table(a), Table(b)


def insert_row_above(t, r):
    """An empty row slot above row r (cells spanning it grow)."""
    for c in t.cells:
        if c["r"] >= r:
            c["r"] += 1
        elif c["r"] + c["rs"] > r:
            c["rs"] += 1


# ---- rendering ----------------------------------------------------------------------------------

def esc_html(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")


def mineru_table(t):
    rows = []
    for r in range(t.nrows):
        tds = []
        for c in sorted((c for c in t.cells if c["r"] == r), key=lambda c: c["c"]):
            if c.get("dropped"):
                continue
            attrs = (f' rowspan="{c["rs"]}"' if c["rs"] > 1 else "") + (f' colspan="{c["cs"]}"' if c["cs"] > 1 else "")
            tds.append(f"<td{attrs}>{esc_html(c['text'])}</td>")
        rows.append("<tr>" + "".join(tds) + "</tr>")
    return "<html><body><table>" + "".join(rows) + "</table></body></html>"


def pipe_grid(t):
    """Slots of the table: a merged cell's text in its first slot, or repeated (spill: 'h' over its
    columns, 'v' down its rows, 'hv' both)."""
    grid = [[""] * t.ncols for _ in range(t.nrows)]
    dropped = set()
    for c in t.cells:
        spill = c.get("spill", "")
        for dr in range(c["rs"]):
            for dc in range(c["cs"]):
                if (dr == 0 and dc == 0) or ("h" in spill and dr == 0) or ("v" in spill and dc == 0) or spill == "hv":
                    grid[c["r"] + dr][c["c"] + dc] = c["text"]
        if c.get("dropped"):
            dropped.add((c["r"], c["c"]))
    return [[x for j, x in enumerate(row) if (i, j) not in dropped] for i, row in enumerate(grid)]


def esc_pipe(s):
    return s.replace("|", "\\|").replace("\n", "<br>")


def pipe_line(cells):
    return "| " + " | ".join(esc_pipe(x) for x in cells) + " |"


def pipe_table(t, generic=None):
    """GFM pipe table: the first row above the delimiter row, or a header line of generic names
    ("列{}", "Column {}") above every row."""
    grid = pipe_grid(t)
    n = t.ncols
    lines = []
    if generic:
        lines.append(pipe_line([generic.format(j + 1) for j in range(n)]))
        lines.append("|" + "|".join(["---"] * n) + "|")
        lines += [pipe_line(row) for row in grid]
    else:
        lines.append(pipe_line(grid[0]))
        lines.append("|" + "|".join([":---"] + ["---:"] * (n - 1)) + "|")
        lines += [pipe_line(row) for row in grid[1:]]
    return "\n".join(lines)


NUM_IN_PROSE = re.compile(r"(?<=[\u4e00-\u9fff])(\d+(?:\.\d+)?%?)(?=[\u4e00-\u9fff])")


def render(blocks, style, tables_out):
    """The markdown: prose blocks, and each table's text from tables_out (table index -> markdown)."""
    out, ti = [], 0
    for b in blocks:
        kind = b[0]
        if kind == "table":
            text = tables_out(ti, b[1])
            ti += 1
            if text is not None:
                out.append(text)
            continue
        if kind == "raw":
            out.append(b[1])
            continue
        text = b[1]
        if style == "mineru":
            if kind in ("h1", "h2", "h3"):
                out.append("# " + text)
            else:
                out.append(NUM_IN_PROSE.sub(r" \1 ", text))
        else:
            if kind == "h1":
                out.append("# " + text)
            elif kind == "h2":
                out.append("## " + text)
            elif kind == "h3":
                out.append("**" + text + "**")
            else:
                m = re.match(r"^(（[一二三四五六七八九十]）[^。]{2,14}。)(.*)$", text)
                out.append(f"**{m.group(1)}**{m.group(2)}" if m else text)
    return "\n\n".join(out) + "\n"


# ---- the variants -------------------------------------------------------------------------------

def tables_of(blocks):
    return [b[1] for b in blocks if b[0] == "table"]


def a_mineru(blocks):
    t2, t3, t4 = tables_of(blocks)
    t3.value("一、本年新收政府信息公开申请数量", 0)["text"] = "48\n（含网络申请31件）"
    part1, part2 = split_table(t3, "7.属于行政执法案卷")
    out = []
    for b in blocks:
        if b[0] == "table" and b[1] is t3:
            out += [("table", part1), ("table", part2)]
        else:
            out.append(b)
    sign = out.index(("p", "青禾县人民政府"))
    out.insert(sign, ("raw", "![](images/9b3f0c51e2a4d7c8b6e1f0a2d3c4b5a6e7f8091a2b3c4d5e6f708192a3b4c5d6.jpg)"))
    return out, lambda i, t: mineru_table(t), {}


def a_marker(blocks):
    t2, t3, t4 = tables_of(blocks)
    t2.find("本年制发件数")["text"] = "本年制发\n件数"
    t2.find("现行有效件数")["text"] = "现行有效\n件数"
    t2.find("12.5")["text"] = "12.5（含不动产登记费|工本费）"
    t3.find("申请人情况")["spill"] = "h"
    t3.find("法人或其他组织")["spill"] = "h"
    for g in ("（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"):
        t3.find(g)["spill"] = "v"
    part1, part2 = split_table(t3, "3.要求提供公开出版物")
    out = []
    for b in blocks:
        if b[0] == "table" and b[1] is t3:
            out += [("table", part1), ("raw", "{2}------------------------------------------------"), ("table", part2)]
        elif b == ("h2", "三、收到和处理政府信息公开申请情况"):
            out += [("raw", "{1}------------------------------------------------"), b]
        else:
            out.append(b)

    def table(i, t):
        return pipe_table(t, generic="列{}" if i == 0 else None)
    return out, table, {}


def a_llm_lost(blocks):
    t2, t3, t4 = tables_of(blocks)
    lost = t3.find("2.没有现成信息需要另行制作")
    lost["text"] = ""
    moved = t3.find("4.保护第三方合法权益")
    r = moved["r"]
    insert_row_above(t3, r)
    t3.cells.append({"r": r, "c": moved["c"], "rs": 1, "cs": 1, "text": "4.保护第三方合法权益"})
    moved["text"] = ""
    p1, rest = split_table(t3, "（四）无法提供")
    p2, p3 = split_table(rest, "（六）其他处理")
    out = []
    for b in blocks:
        if b[0] == "table" and b[1] is t3:
            out += [("table", p1), ("raw", "Page 2"), ("table", p2), ("raw", "Page 3"), ("table", p3)]
        else:
            out.append(b)

    def table(i, t):
        if t is p1:
            g = pipe_grid(t)[3:]              # the three header rows replaced by generic names
            return "\n".join([pipe_line([f"Column {j + 1}" for j in range(t.ncols)]), "|" + "|".join(["---"] * t.ncols) + "|"] + [pipe_line(row) for row in g])
        if t is p2:                           # a continuation without a delimiter row
            return "\n".join(pipe_line(row) for row in pipe_grid(t))
        if t is p3:                           # a continuation with its first data row as the header
            return pipe_table(t)
        return pipe_table(t)
    keys = [f"requests.unable.needs_creation.{c}" for c in COLS]
    why_lost = ("the converter lost the label of the row 2.没有现成信息需要另行制作 (its cell is empty): seven numbers "
                "with no row to put them in; the reader does not guess the row")
    why_moved = ("the converter put the label 4.保护第三方合法权益 on a row of its own, its numbers on the next row "
                 "with an empty label cell: the labelled row reads blank and the numbers have no row (a blank "
                 "labelled row above a label-less one is also what a blank row followed by a lost label looks like)")
    und = {k: why_lost for k in keys}
    und.update({f"requests.withheld.third_party_rights.{c}": why_moved for c in COLS})
    return out, table, und


def b_mineru(blocks):
    t2s = tables_of(blocks)[:5]
    t3, t4 = tables_of(blocks)[5:]
    t3.find("5.属于三类内部事务信息")["dropped"] = True
    p1, p2 = split_table(t3, "（四）无法提供", repeat_header=3)
    out = []
    for b in blocks:
        if b[0] == "table" and b[1] is t3:
            out += [("table", p1), ("raw", "- 2 -"), ("table", p2)]
        else:
            out.append(b)
    why = ("MinerU dropped the label cell of the row 5.属于三类内部事务信息 (the row has one <td> fewer, so its "
           "numbers shift left under the wrong columns and have no label): not placed; the reader does not guess the row")
    return out, lambda i, t: mineru_table(t), {f"requests.withheld.internal_affairs.{c}": why for c in COLS}


def b_marker(blocks):
    tables = tables_of(blocks)
    t3, t4 = tables[5], tables[6]
    tables[0].find("本年新制作数量")["text"] = "本年新\n制作数量"
    tables[0].find("本年新公开数量")["text"] = "本年新\n公开数量"
    t3.find("一、本年新收政府信息公开申请数量")["spill"] = "h"
    t3.find("（一）予以公开")["spill"] = "h"
    t3.find("（七）总计")["spill"] = "h"
    p1, p2 = split_table(t3, "（四）无法提供", repeat_header=3)
    out = []
    for b in blocks:
        if b[0] == "table" and b[1] is t3:
            out += [("table", p1), ("raw", "---"), ("raw", "Page 2"), ("table", p2)]
        else:
            out.append(b)

    def table(i, t):
        if i < 5:
            return pipe_table(t, generic="列{}")
        if t is t4:
            return pipe_table(t, generic="Col{}")
        return pipe_table(t)
    return out, table, {}


def changle_llm(blocks):
    tables = tables_of(blocks)
    t25, t26, t3, t4 = tables[1], tables[2], tables[5], tables[6]
    q1, q2 = split_table(t25, "其他对外管理服务事项")
    t26.find("行政强制")["text"] = ""
    p1, p2 = split_table(t3, "（五）不予处理")
    out = []
    for b in blocks:
        if b[0] == "table" and b[1] is t3:
            out += [("table", p1), ("raw", "<!-- page 5 -->"), ("table", p2)]
        elif b[0] == "table" and b[1] is t25:
            out += [("table", q1), ("raw", "<!-- page 4 -->"), ("table", q2)]
        else:
            out.append(b)

    def table(i, t):
        return pipe_table(t, generic="Column {}" if t is t4 else None)
    why = ("the converter lost the label 行政强制 of the T2 （六） sub-table (empty cell): three numbers with no row; "
           "the reader does not guess the row")
    return out, table, {f"active.coercion.{c}": why for c in ("previous_items", "change", "decisions")}


VARIANTS = {
    "a_county_2021.mineru.md": {
        "source": "a_county_2021", "make": a_mineru,
        "damage": "MinerU style: every heading '#', tables as one-line <html><body><table> with rowspan/colspan, a seal "
                  "picture ![](images/…), spaces around numbers in prose; T3 cut in two <table>s before 7.属于行政执法案卷 "
                  "(a page break; only a blank line between, the cut 三、本年度办理结果 and （三）不予公开 group cells "
                  "continued as empty cells), a note pulled into a value cell (48<br>（含网络申请31件）)",
    },
    "a_county_2021.marker.md": {
        "source": "a_county_2021", "make": a_marker,
        "damage": "Marker style pipe tables: a merged cell's text in its first slot and blanks after it; a generic "
                  "header line | 列1 | 列2 | 列3 | 列4 | over T2 (its real header rows follow as rows); <br> in header "
                  "cells; a note with an escaped pipe in the fee cell (12.5（含不动产登记费\\|工本费）); the T3 group "
                  "headers 申请人情况 and 法人或其他组织 repeated over their columns, the （三）-（六） group labels filled "
                  "down every row; Marker page separators {1}/{2}----- before T3 and inside it (after （五）2.重复申请), "
                  "the continuation's first data row printed as its header row",
    },
    "a_county_2021.llm_lost_labels.md": {
        "source": "a_county_2021", "make": a_llm_lost,
        "damage": "LLM style pipe tables; T3's three header rows replaced by | Column 1 | … | Column 10 |; T3 in three "
                  "pieces with 'Page 2' / 'Page 3' lines between (the second piece without a delimiter row, the third "
                  "with its first data row as header); the label of （四）2.没有现成信息需要另行制作 lost (empty cell); "
                  "the label 4.保护第三方合法权益 moved onto a row of its own above its numbers",
    },
    "b_department_2019.mineru.md": {
        "source": "b_department_2019", "make": b_mineru,
        "damage": "MinerU style; the five T2 sub-tables as five <table>s with blank lines between (not one table); T3 "
                  "cut before （四）无法提供 with a page footer '- 2 -' between the pieces and the three header rows "
                  "repeated on the second; the <td> of the label 5.属于三类内部事务信息 dropped (the row is one cell short)",
    },
    "b_department_2019.marker.md": {
        "source": "b_department_2019", "make": b_marker,
        "damage": "Marker style pipe tables; every T2 sub-table under a generic header | 列1 | 列2 | 列3 | 列4 | (its "
                  "title and header rows follow as rows), <br> in the first sub-table's header cells; T4 under "
                  "| Col1 | … | Col15 |; T3 labels spanning columns repeated over them (一、本年新收…, （一）予以公开, "
                  "（七）总计); T3 cut before （四）无法提供 with '---' and 'Page 2' lines between and its three header "
                  "rows repeated on the second piece",
    },
    "changle_2020.llm.md": {
        "source": "changle_2020", "make": changle_llm,
        "damage": "LLM style pipe tables of the real changle_2020.txt (cell texts as printed, line breaks inside cells "
                  "as <br>, put into the 2019 form's layout); the T2 （五） sub-table cut after 行政许可 with "
                  "'<!-- page 4 -->' between, its second piece (其他对外管理服务事项 alone, no header) printed with that "
                  "row as its header; T3 cut before （五）不予处理 with '<!-- page 5 -->' between; T4 under "
                  "| Column 1 | … | Column 15 |; the label 行政强制 of the T2 （六） sub-table lost (empty cell)",
    },
}


def build():
    files = {}
    for name, v in VARIANTS.items():
        src = SOURCES[v["source"]]
        expected = json.loads((ROOT / src["expected"]).read_text("utf-8"))
        blocks = html_source(src["src"]) if src["kind"] == "html" else changle_source(src["src"], src["layout"])
        check_numbers(v["source"], blocks, expected)
        blocks, tables_out, undetermined = v["make"](copy.deepcopy(blocks))
        style = "mineru" if ".mineru." in name else "pipe"
        md = render(blocks, style, tables_out)
        values = dict(expected["values"])
        for k in undetermined:
            if k not in values:
                die(f"{name}: undetermined key {k} not in the template")
            values[k] = None
        checked = (f"converted by scripts/make-markdown.py from {src['src']}; damage: {v['damage']}. Values copied from "
                   f"the source's hand-checked {src['expected']} (the script compares every table number of the source "
                   f"with it, in reading order, before converting)"
                   + (f"; the {len(undetermined)} keys in 'undetermined' set to null because the damage makes them "
                      f"unrecoverable" if undetermined else "; no value is lost to the damage")
                   + ". The markdown was read by eye against the source: numbers, spans and damage as described.")
        exp = {"file": name, "checked": checked, "year": expected["year"], "template": expected["template"],
               "issuer": expected["issuer"], "values": values, "failing_checks": expected["failing_checks"],
               "narrative": expected.get("narrative", [])}
        if undetermined:
            exp["undetermined"] = undetermined
        files[name] = md
        files[name[: -len(".md")] + ".expected.json"] = json.dumps(exp, ensure_ascii=False, indent=2) + "\n"
    return files


def main():
    files = build()
    if sys.argv[1:] == ["--check"]:
        stale = [n for n, text in files.items() if not (OUT / n).exists() or (OUT / n).read_text("utf-8") != text]
        if stale:
            die("differs from the script's output: " + ", ".join(stale))
        print(f"ok  {len(files)} files up to date")
        return
    if sys.argv[1:]:
        sys.exit(__doc__)
    OUT.mkdir(parents=True, exist_ok=True)
    for n, text in files.items():
        (OUT / n).write_text(text, "utf-8")
        print(f"wrote corpus/generated/markdown/{n}")


if __name__ == "__main__":
    main()
