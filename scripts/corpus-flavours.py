#!/usr/bin/env python3
"""Derived flavours of the hand-written reports in corpus/generated/src (standard library only).

  corpus-flavours.py word      SRC.html OUT.html   Word "Save as Web Page" look-alike (UTF-8)
  corpus-flavours.py gbk       SRC.html OUT.html   same page in GBK, charset only in a gb2312 <meta>
  corpus-flavours.py portal    SRC.html OUT.html   TRS-style portal article page around the report
  corpus-flavours.py print     SRC.html OUT.html VARIANT
                                                   print-ready HTML for Chromium; VARIANT is
                                                   a4 | footer (A4 + "- N -" page footers) |
                                                   landscape (sections 二-四 on A4 landscape pages) |
                                                   rotate90 (sections 二-四 drawn sideways, one per page)
  corpus-flavours.py cmap-pdf  SRC.html OUT.pdf    hand-written PDF whose only font is the
                                                   non-embedded STSong-Light / UniGB-UCS2-H (Adobe-GB1)
  corpus-flavours.py gbk-undeclared SRC.html OUT.html
                                                   SRC re-encoded to GBK as is (it declares no charset)
  corpus-flavours.py docx-word SRC.docx OUT.docx  SRC given what Word writes: tracked changes, a
                                                   formula field, a content control, hidden text,
                                                   a text box in mc:AlternateContent

Everything is deterministic: running twice gives byte-identical files.
"""
import html
import random
import re
import zipfile
import sys
import zlib
from html.parser import HTMLParser
from pathlib import Path


# ---- the source as blocks -----------------------------------------------------------------------

class BlockParser(HTMLParser):
    """Source HTML -> [("h1"|"h2"|"p", text, cls) | ("table", rows)], rows = [[cell]],
    cell = {"text", "colspan", "rowspan", "cls"}. The sources use only these elements."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.title, self.cur, self.table, self.in_title = [], "", None, None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "title":
            self.in_title = True
        elif tag in ("h1", "h2", "p"):
            self.cur = [tag, "", a.get("class", "")]
        elif tag == "table":
            self.table = []
        elif tag == "tr":
            self.table.append([])
        elif tag == "td":
            self.cur = {"text": "", "colspan": int(a.get("colspan", 1)),
                        "rowspan": int(a.get("rowspan", 1)), "cls": a.get("class", "")}

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        elif tag in ("h1", "h2", "p") and self.cur:
            self.blocks.append(tuple(self.cur))
            self.cur = None
        elif tag == "td":
            self.table[-1].append(self.cur)
            self.cur = None
        elif tag == "table":
            self.blocks.append(("table", self.table))
            self.table = None

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        elif isinstance(self.cur, list):
            self.cur[1] += data
        elif isinstance(self.cur, dict):
            self.cur["text"] += data


def read_blocks(src):
    p = BlockParser()
    p.feed(Path(src).read_text("utf-8"))
    return p.title, p.blocks


def grid_columns(rows):
    """Number of grid columns of a table with rowspans/colspans."""
    busy, width = {}, 0
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while busy.get((r, c)):
                c += 1
            for dr in range(cell["rowspan"]):
                for dc in range(cell["colspan"]):
                    busy[(r + dr, c + dc)] = True
            c += cell["colspan"]
            width = max(width, c)
    return width


def place_cells(rows):
    """[(r, c, cell)] with each cell's top-left grid position."""
    busy, out = {}, []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while busy.get((r, c)):
                c += 1
            out.append((r, c, cell))
            for dr in range(cell["rowspan"]):
                for dc in range(cell["colspan"]):
                    busy[(r + dr, c + dc)] = True
            c += cell["colspan"]
    return out


def column_widths(rows, total):
    """Grid column widths in proportion to the longest single-column text (capped), summing to total."""
    ncols = grid_columns(rows)
    weight = [2.0] * ncols
    for _, c, cell in place_cells(rows):
        if cell["colspan"] == 1:
            text = cell["text"].strip()
            weight[c] = max(weight[c], min(sum(0.5 if ch.isascii() else 1.0 for ch in text), 13.0))
    return [total * w / sum(weight) for w in weight]


# ---- Word-exported HTML ----------------------------------------------------------------------

WORD_HEAD = """<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns:m="http://schemas.microsoft.com/office/2004/12/omml"
xmlns="http://www.w3.org/TR/REC-html40">

<head>
<meta http-equiv=Content-Type content="text/html; charset=utf-8">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<meta name=Originator content="Microsoft Word 15">
<link rel=File-List href="{stem}.files/filelist.xml">
<title>{title}</title>
<!--[if gte mso 9]><xml>
 <o:DocumentProperties>
  <o:Author>zfb</o:Author>
  <o:LastAuthor>Administrator</o:LastAuthor>
  <o:Revision>7</o:Revision>
  <o:TotalTime>41</o:TotalTime>
  <o:Pages>5</o:Pages>
  <o:Company>Microsoft</o:Company>
  <o:Version>16.00</o:Version>
 </o:DocumentProperties>
</xml><![endif]-->
<!--[if gte mso 9]><xml>
 <w:WordDocument>
  <w:View>Print</w:View>
  <w:SpellingState>Clean</w:SpellingState>
  <w:GrammarState>Clean</w:GrammarState>
  <w:PunctuationKerning/>
  <w:DrawingGridVerticalSpacing>7.8 磅</w:DrawingGridVerticalSpacing>
  <w:DisplayHorizontalDrawingGridEvery>0</w:DisplayHorizontalDrawingGridEvery>
  <w:DisplayVerticalDrawingGridEvery>2</w:DisplayVerticalDrawingGridEvery>
  <w:Compatibility>
   <w:SpaceForUL/>
   <w:BalanceSingleByteDoubleByteWidth/>
   <w:DoNotLeaveBackslashAlone/>
   <w:UseFELayout/>
  </w:Compatibility>
 </w:WordDocument>
</xml><![endif]-->
<style>
<!--
 /* Font Definitions */
 @font-face
	{{font-family:宋体;
	panose-1:2 1 6 0 3 1 1 1 1 1;
	mso-font-alt:SimSun;
	mso-font-charset:134;
	mso-generic-font-family:auto;
	mso-font-pitch:variable;
	mso-font-signature:3 680460288 22 0 262145 0;}}
 @font-face
	{{font-family:仿宋_GB2312;
	mso-font-charset:134;
	mso-generic-font-family:modern;
	mso-font-pitch:fixed;
	mso-font-signature:1 135135232 16 0 262144 0;}}
 @font-face
	{{font-family:黑体;
	panose-1:2 1 6 9 6 1 1 1 1 1;
	mso-font-alt:SimHei;
	mso-font-charset:134;}}
 /* Style Definitions */
 p.MsoNormal, li.MsoNormal, div.MsoNormal
	{{mso-style-unhide:no;
	mso-style-qformat:yes;
	mso-style-parent:"";
	margin:0cm;
	text-align:justify;
	text-justify:inter-ideograph;
	mso-pagination:none;
	font-size:10.5pt;
	mso-bidi-font-size:12.0pt;
	font-family:"Times New Roman",serif;
	mso-fareast-font-family:宋体;
	mso-font-kerning:1.0pt;}}
 /* Page Definitions */
 @page WordSection1
	{{size:595.3pt 841.9pt;
	margin:2.0cm 42.55pt 2.0cm 42.55pt;
	mso-header-margin:42.55pt;
	mso-footer-margin:49.6pt;
	mso-paper-source:0;
	layout-grid:15.6pt;}}
div.WordSection1
	{{page:WordSection1;}}
-->
</style>
<!--[if gte mso 10]>
<style>
 /* Style Definitions */
 table.MsoNormalTable
	{{mso-style-name:普通表格;
	mso-tstyle-rowband-size:0;
	mso-tstyle-colband-size:0;
	mso-style-noshow:yes;
	mso-style-priority:99;
	mso-style-parent:"";
	mso-padding-alt:0cm 5.4pt 0cm 5.4pt;
	mso-para-margin:0cm;
	font-size:10.5pt;
	font-family:"Times New Roman",serif;}}
</style>
<![endif]--><!--[if gte mso 9]><xml>
 <o:shapedefaults v:ext="edit" spidmax="1026"/>
</xml><![endif]-->
</head>

<body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>

<div class=WordSection1 style='layout-grid:15.6pt'>

"""

FONT = {"h1": "font-size:22.0pt;font-family:方正小标宋简体;mso-hansi-font-family:\"Times New Roman\"",
        "h2": "font-size:16.0pt;font-family:黑体;mso-hansi-font-family:\"Times New Roman\"",
        "p": "font-size:16.0pt;font-family:仿宋_GB2312;mso-hansi-font-family:\"Times New Roman\"",
        "td": "font-size:10.5pt;font-family:仿宋_GB2312;mso-hansi-font-family:\"Times New Roman\""}
EMPTY_PARA = "<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>\n\n"


def word_runs(text, rng, style):
    """Word's run soup: a <span> per language run, chopped further (revision marks, spell-check
    state) down to single characters and split digit groups such as 20</span><span>22."""
    out = []
    for part in re.findall(r"[0-9A-Za-z.+\-%]+|[^0-9A-Za-z.+\-%]+", text):
        latin = part[0].isascii()
        i = 0
        while i < len(part):
            n = rng.choice([1, 2, 2, 3, 6]) if latin else rng.choice([1, 1, 2, 3, 5, 8])
            piece = html.escape(part[i:i + n], quote=False)
            i += n
            if latin:
                out.append(f"<span lang=EN-US style='{style}'>{piece}</span>")
            else:
                out.append(f"<span style='{style}'>{piece}</span>")
    return "".join(out)


def word_para(kind, text, cls, rng):
    style = FONT[kind]
    if kind == "h1":
        attrs = "align=center style='text-align:center;line-height:28.0pt;mso-line-height-rule:exactly'"
        body = "<b>" + word_runs(text, rng, style) + "</b>"
    elif kind == "h2":
        attrs = ("style='text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt;"
                 "mso-line-height-rule:exactly'")
        body = word_runs(text, rng, style)
    elif cls == "sign":
        attrs = "align=right style='text-align:right;line-height:28.0pt;mso-line-height-rule:exactly'"
        body = word_runs(text, rng, style)
    else:
        attrs = ("style='text-indent:32.0pt;mso-char-indent-count:2.0;line-height:28.0pt;"
                 "mso-line-height-rule:exactly'")
        body = word_runs(text, rng, style)
    return f"<p class=MsoNormal {attrs}>{body}<span lang=EN-US style='{style}'><o:p></o:p></span></p>\n\n"


def word_table(rows, rng):
    colw = column_widths(rows, 442.5)
    out = ["<div align=center>\n\n<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 "
           "width=590 style='width:442.5pt;border-collapse:collapse;border:none;mso-border-alt:solid "
           "windowtext .5pt;mso-yfti-tbllook:1184;mso-padding-alt:0cm 5.4pt 0cm 5.4pt'>\n"]
    cells = place_cells(rows)
    for i in range(len(rows)):
        flags = ";mso-yfti-firstrow:yes" if i == 0 else ";mso-yfti-lastrow:yes" if i == len(rows) - 1 else ""
        out.append(f" <tr style='mso-yfti-irow:{i}{flags};height:19.85pt'>\n")
        for _, c, cell in [t for t in cells if t[0] == i]:
            wpt = sum(colw[c:c + cell["colspan"]])
            span = (f" colspan={cell['colspan']}" if cell["colspan"] > 1 else "") + \
                   (f" rowspan={cell['rowspan']}" if cell["rowspan"] > 1 else "")
            top = "" if i == 0 else "border-top:none;mso-border-top-alt:solid windowtext .5pt;"
            align = "" if cell["cls"] == "l" else "align=center style='text-align:center'"
            if cell["text"].strip():
                body = word_runs(cell["text"], rng, FONT["td"]) + \
                       f"<span lang=EN-US style='{FONT['td']}'><o:p></o:p></span>"
            else:
                body = f"<span lang=EN-US style='{FONT['td']}'><o:p>&nbsp;</o:p></span>"
            out.append(f"  <td width={round(wpt * 4 / 3)}{span} valign=center style='width:{wpt:.1f}pt;"
                       f"border:solid windowtext 1.0pt;{top}mso-border-alt:solid windowtext .5pt;"
                       f"padding:0cm 5.4pt 0cm 5.4pt;height:19.85pt'>\n"
                       f"  <p class=MsoNormal {align}>{body}</p>\n  </td>\n")
        out.append(" </tr>\n")
    if any(c["colspan"] > 1 or c["rowspan"] > 1 for row in rows for c in row):
        out.append(" <![if !supportMisalignedColumns]>\n <tr height=0>\n")
        out += [f"  <td width={round(w * 4 / 3)} style='border:none'></td>\n" for w in colw]
        out.append(" </tr>\n <![endif]>\n")
    out.append("</table>\n\n</div>\n\n")
    return "".join(out)


def flavour_word(src, out):
    title, blocks = read_blocks(src)
    rng = random.Random(Path(src).stem)                  # fixed seed: same soup every run
    parts = [WORD_HEAD.format(stem=Path(out).name.split(".")[0], title=html.escape(title))]
    for b in blocks:
        if b[0] == "table":
            parts.append(word_table(b[1], rng))
        else:
            if b[0] == "h2":
                parts.append(EMPTY_PARA)
            parts.append(word_para(b[0], b[1], b[2], rng))
    parts.append("</div>\n\n</body>\n\n</html>\n")
    Path(out).write_text("".join(parts), "utf-8")


# ---- GBK page ----------------------------------------------------------------------------------

def flavour_gbk(src, out):
    text = Path(src).read_text("utf-8")
    assert text.count('<meta charset="utf-8">') == 1
    text = text.replace('<meta charset="utf-8">',
                        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    Path(out).write_bytes(text.encode("gbk"))          # strict: fails on any non-GBK character


# ---- portal article (TRS-like) -----------------------------------------------------------------

PORTAL = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta http-equiv="X-UA-Compatible" content="IE=edge" />
<title>{title}_政府信息公开年度报告_青禾县人民政府</title>
<meta name="SiteName" content="青禾县人民政府" />
<meta name="SiteDomain" content="www.qhx.example.gov.cn" />
<meta name="SiteIDCode" content="0000000000" />
<meta name="ColumnName" content="政府信息公开年度报告" />
<meta name="ColumnType" content="年度报告" />
<meta name="ArticleTitle" content="{title}" />
<meta name="PubDate" content="2022-01-20 16:32" />
<meta name="ContentSource" content="石桥镇人民政府" />
<meta name="Keywords" content="政府信息公开,年度报告,石桥镇" />
<meta name="Description" content="{title}" />
<link href="../../../images/qhx_style.css" rel="stylesheet" type="text/css" />
<script type="text/javascript" src="../../../js/jquery-1.8.3.min.js"></script>
</head>
<body>
<!-- generated test page for nianbao: fictional site, fictional issuer, invented numbers -->
<div class="top-bar"><div class="w1200"><span>今天是：<script>document.write(new Date().toLocaleDateString());</script></span>
<a href="javascript:void(0)" id="wza">无障碍浏览</a> | <a href="javascript:void(0)" id="zhs">简体</a> | <a href="javascript:void(0)" id="zht">繁體</a> | <a href="../../../wzdt/">网站地图</a></div></div>
<div class="header"><div class="w1200"><a href="../../../"><img src="../../../images/logo.png" alt="青禾县人民政府" /></a>
<form class="search" action="/search/" method="get"><input type="text" name="searchword" placeholder="请输入关键词" /><input type="submit" value="搜索" /></form></div></div>
<div class="nav"><ul class="w1200">
<li><a href="../../../">首页</a></li><li><a href="../../../zwdt/">政务动态</a></li><li class="on"><a href="../../">政府信息公开</a></li>
<li><a href="../../../zwfw/">政务服务</a></li><li><a href="../../../hdjl/">互动交流</a></li><li><a href="../../../zjqh/">走进青禾</a></li></ul></div>
<div class="w1200 position">当前位置：<a href="../../../">首页</a> &gt; <a href="../../">政府信息公开</a> &gt; <a href="../">政府信息公开年度报告</a> &gt; <a href="./">乡镇年度报告</a></div>
<div class="w1200 xxgk-meta">
<table class="xxgk_table" width="100%" cellspacing="0" cellpadding="0">
<tr><th>索 引 号：</th><td>000000000/2022-00012</td><th>主题分类：</th><td>综合政务/政务公开</td></tr>
<tr><th>发布机构：</th><td>石桥镇人民政府</td><th>成文日期：</th><td>2022-01-20</td></tr>
<tr><th>名　　称：</th><td colspan="3">{title}</td></tr>
<tr><th>文　　号：</th><td></td><th>发布日期：</th><td>2022-01-20</td></tr>
</table></div>
<div class="w1200 article">
<h1 class="article-title">{title}</h1>
<div class="article-info">发布时间：2022-01-20 16:32&nbsp;&nbsp;来源：石桥镇人民政府&nbsp;&nbsp;浏览次数：<span id="readcount">1</span>&nbsp;&nbsp;【字体：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】</div>
<div class="article-content" id="zoom">
<div class="TRS_Editor"><style type="text/css">
.TRS_Editor P{{margin-top:0;margin-bottom:0;line-height:2;font-family:宋体;font-size:12pt;}}.TRS_Editor TD{{font-family:宋体;font-size:10.5pt;}}
</style>
<div class="view TRS_UEDITOR trs_paper_default trs_web">
{body}</div></div>
</div>
<div class="article-fj">附件：</div>
<div class="article-tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
<div class="article-pn">
<p>上一篇：<a href="./202101/t20210125_1834567.html">青禾县石桥镇人民政府2020年政府信息公开工作年度报告</a></p>
<p>下一篇：<a href="./202201/t20220121_2215580.html">青禾县柳河乡人民政府2021年政府信息公开工作年度报告</a></p>
</div>
</div>
<div class="footer"><div class="w1200">
<p><a href="../../../gywm/">关于我们</a> | <a href="../../../lxwm/">联系我们</a> | <a href="../../../wzdt/">网站地图</a> | <a href="../../../yszc/">隐私声明</a></p>
<p>主办单位：青禾县人民政府办公室&nbsp;&nbsp;承办单位：青禾县大数据中心</p>
<p>网站标识码：0000000000&nbsp;&nbsp;<a href="https://beian.miit.gov.cn/" target="_blank">备案号：示例ICP备00000000号</a>&nbsp;&nbsp;公网安备 00000000000000号</p>
<p><span id="_ideConac"></span><script type="text/javascript">var _hmt = _hmt || [];</script></p>
</div></div>
<script type="text/javascript">
var channelid = "12345";
$(function(){{ $.get("/trs/count?docid=2215579", function(n){{ $("#readcount").text(n); }}); }});
</script>
</body>
</html>
"""


def trs_table(rows):
    out = ['<table border="1" cellspacing="0" cellpadding="0" width="100%" '
           'style="border-collapse:collapse;border:none;" align="center"><tbody>']
    for row in rows:
        out.append("<tr>")
        for c in row:
            span = (f' colspan="{c["colspan"]}"' if c["colspan"] > 1 else "") + \
                   (f' rowspan="{c["rowspan"]}"' if c["rowspan"] > 1 else "")
            align = "left" if c["cls"] == "l" else "center"
            text = html.escape(c["text"], quote=False) or "&nbsp;"
            out.append(f'<td{span} style="border:1px solid windowtext;padding:0 5px;" valign="middle">'
                       f'<p style="text-align:{align};line-height:1.5;">{text}</p></td>')
        out.append("</tr>\n")
    out.append("</tbody></table>\n")
    return "".join(out)


def flavour_portal(src, out):
    title, blocks = read_blocks(src)
    body = []
    for b in blocks:
        text = html.escape(b[1], quote=False) if b[0] != "table" else ""
        if b[0] == "h1":
            body.append(f'<p style="text-align: center;"><strong><span style="font-size:22px;">{text}</span></strong></p>\n')
        elif b[0] == "h2":
            body.append(f'<p style="text-indent: 2em;"><strong>{text}</strong></p>\n')
        elif b[0] == "p":
            style = "text-align: right;" if b[2] == "sign" else "text-indent: 2em; text-align: justify;"
            body.append(f'<p style="{style}">{text}</p>\n')
        else:
            body.append(trs_table(b[1]))
    page = PORTAL.format(title=html.escape(title), body="".join(body))
    Path(out).write_text(page, "utf-8")


# ---- print-ready HTML for Chromium -----------------------------------------------------------

PRINT_CSS = {
    "a4": "@page { size: A4; margin: 25mm 20mm 22mm 20mm; }\n",
    "footer": ("@page { size: A4; margin: 22mm 20mm 20mm 20mm;\n"
               "  @bottom-center { content: \"- \" counter(page) \" -\"; "
               "font-family: \"Noto Serif CJK SC\", serif; font-size: 11pt; } }\n"),
    "landscape": ("@page { size: A4 portrait; margin: 22mm 20mm; }\n"
                  "@page wide { size: A4 landscape; margin: 15mm 20mm; }\n"
                  "section.wide { page: wide; width: 257mm; }\n"
                  "section.wide h2.newpage { break-before: page; }\n"
                  "section.wide td { font-size: 9.5pt; padding: 1px 3px; }\n"),
    # Each table section drawn turned 90 degrees counter-clockwise on its own portrait page; the
    # caller then sets /Rotate 90 on those pages so that viewers show them upright.
    "rotate90": ("@page { size: A4 portrait; margin: 20mm 15mm; }\n"
                 "div.turn { break-before: page; width: 180mm; height: 250mm; }\n"
                 "div.turn > div { width: 245mm; height: 175mm; transform-origin: top left;\n"
                 "  transform: translate(0, 247mm) rotate(-90deg); }\n"
                 "div.turn td { font-size: 9.5pt; padding: 1px 3px; }\n"
                 "h2.newpage { break-before: page; }\n"),
}


def flavour_print(src, out, variant):
    text = Path(src).read_text("utf-8")
    text = text.replace("</head>", "<style>\n" + PRINT_CSS[variant] + "</style>\n</head>", 1)
    if variant == "landscape":                          # the three table sections on landscape pages
        i, j = text.index("<h2>二、"), text.index("<h2>五、")
        tables = text[i:j].replace("<h2>三、", '<h2 class="newpage">三、').replace(
            "<h2>四、", '<h2 class="newpage">四、')
        text = text[:i] + '<section class="wide">\n' + tables + "</section>\n" + text[j:]
    if variant == "rotate90":                           # one turned page per table section
        marks = [text.index(h) for h in ("<h2>二、", "<h2>三、", "<h2>四、", "<h2>五、")]
        turned = "".join('<div class="turn"><div>\n' + text[a:b] + "</div></div>\n"
                         for a, b in zip(marks, marks[1:]))
        text = text[:marks[0]] + turned + text[marks[3]:].replace("<h2>五、", '<h2 class="newpage">五、', 1)
    Path(out).write_text(text, "utf-8")


# ---- PDF with a non-embedded CJK font (needs the Adobe-GB1 cMaps to be read) -------------------

class CmapPdf:
    """A4 pages drawn with /STSong-Light (Type0, /Encoding /UniGB-UCS2-H, no FontFile, no
    ToUnicode): a reader needs the UniGB-UCS2-H and Adobe-GB1-UCS2 cMaps to get the text."""
    W, H, M = 595.0, 842.0, 56.0

    def __init__(self):
        self.pages, self.ops, self.y = [], [], self.H - self.M

    @staticmethod
    def width(s, size):
        return sum(size * (0.5 if ch.isascii() else 1.0) for ch in s)

    def text(self, x, y, s, size):
        hexs = s.encode("utf-16-be").hex().upper()
        self.ops.append(f"BT /F1 {size:g} Tf {x:.2f} {y:.2f} Td <{hexs}> Tj ET")

    def wrap(self, s, width, size):
        lines, cur = [], ""
        for ch in s:
            if self.width(cur + ch, size) > width and cur:
                lines.append(cur)
                cur = ""
            cur += ch
        return lines + [cur] if cur else lines or [""]

    def new_page(self):
        self.pages.append(self.ops)
        self.ops, self.y = [], self.H - self.M

    def need(self, h):
        if self.y - h < self.M:
            self.new_page()

    def para(self, s, size=11, indent=True, align="left"):
        lh = size * 1.7
        lines = self.wrap(("\u3000\u3000" if indent else "") + s, self.W - 2 * self.M, size)
        for line in lines:
            self.need(lh)
            self.y -= lh
            w = self.width(line, size)
            x = {"left": self.M, "center": (self.W - w) / 2, "right": self.W - self.M - w}[align]
            self.text(x, self.y + size * 0.3, line, size)

    def table(self, rows, size=7.5):
        ncols = grid_columns(rows)
        cells = place_cells(rows)
        colw = column_widths(rows, self.W - 2 * self.M)
        colx = [self.M + sum(colw[:i]) for i in range(ncols + 1)]
        lh, pad = size * 1.35, 3.0
        heights = [lh + 2 * pad] * len(rows)
        layout = []
        for r, c, cell in sorted(cells, key=lambda t: t[2]["rowspan"]):
            w = colx[c + cell["colspan"]] - colx[c] - 2 * pad
            lines = self.wrap(cell["text"].strip(), w, size)
            need = len(lines) * lh + 2 * pad
            span = range(r, r + cell["rowspan"])
            have = sum(heights[i] for i in span)
            if need > have:
                heights[r + cell["rowspan"] - 1] += need - have
            layout.append((r, c, cell, lines))
        if sum(heights) > self.H - 2 * self.M:
            sys.exit("cmap-pdf: table taller than a page")
        self.need(sum(heights))
        rowy = [self.y - sum(heights[:i]) for i in range(len(rows) + 1)]
        self.ops.append("0.6 w")
        for r, c, cell, lines in layout:
            x0, x1 = colx[c], colx[c + cell["colspan"]]
            y0, y1 = rowy[r], rowy[r + cell["rowspan"]]
            self.ops.append(f"{x0:.2f} {y1:.2f} {x1 - x0:.2f} {y0 - y1:.2f} re S")
            ty = (y0 + y1) / 2 + len(lines) * lh / 2 - lh + size * 0.3
            for line in lines:
                w = self.width(line, size)
                x = x0 + pad if cell["cls"] == "l" else (x0 + x1 - w) / 2
                self.text(x, ty, line, size)
                ty -= lh
        self.y = rowy[-1] - 6

    def save(self, out):
        self.new_page()
        objs = ["<< /Type /Catalog /Pages 2 0 R >>", None,
                "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
                "/DescendantFonts [4 0 R] >>",
                "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
                "<< /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 5 0 R "
                "/DW 1000 /W [1 95 500] >>",
                "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
                "/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
                "<< /Producer (nianbao scripts/corpus-flavours.py cmap-pdf) >>"]
        kids = []
        for n, ops in enumerate(self.pages, 1):
            footer = f"- {n} -"
            ops = ops + [f"BT /F1 10 Tf {(self.W - self.width(footer, 10)) / 2:.2f} 30 Td "
                         f"<{footer.encode('utf-16-be').hex().upper()}> Tj ET"]
            data = zlib.compress("\n".join(ops).encode("ascii"), 9)
            objs.append(f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode("ascii")
                        + data + b"\nendstream")
            objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {self.W:g} {self.H:g}] "
                        f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objs)} 0 R >>")
            kids.append(f"{len(objs)} 0 R")
        objs[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
        buf, offsets = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), []
        for i, o in enumerate(objs, 1):
            offsets.append(len(buf))
            buf += f"{i} 0 obj\n".encode() + (o if isinstance(o, bytes) else o.encode("ascii")) + b"\nendobj\n"
        xref = len(buf)
        buf += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
        buf += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
        buf += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
        Path(out).write_bytes(bytes(buf))


def flavour_cmap_pdf(src, out):
    _, blocks = read_blocks(src)
    pdf = CmapPdf()
    for b in blocks:
        if b[0] == "h1":
            pdf.para(b[1], size=16, indent=False, align="center")
        elif b[0] == "h2":
            pdf.para(b[1], size=12.5, indent=False)
        elif b[0] == "p":
            pdf.para(b[1], indent=b[2] != "sign", align="right" if b[2] == "sign" else "left")
        else:
            pdf.table(b[1])
    pdf.save(out)


# ---- a GBK page that declares no charset --------------------------------------------------------

def flavour_gbk_undeclared(src, out):
    text = Path(src).read_text("utf-8")
    assert "charset" not in text.lower() and "encoding" not in text.lower()
    Path(out).write_bytes(text.encode("gbk"))



# ---- DOCX as Word writes it --------------------------------------------------------------------

def _sub_once(pattern, repl, text, what, flags=re.S):
    out, n = re.subn(pattern, repl, text, count=1, flags=flags)
    if n != 1:
        sys.exit(f"docx-word: {what} not found")
    return out


def _row_with(xml, label):
    """Span of the <w:tr> whose text contains `label` (the first such row)."""
    for m in re.finditer(r"<w:tr>.*?</w:tr>", xml, flags=re.S):
        if label in "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", m.group(0))):
            return m.span()
    sys.exit(f"docx-word: no row with {label}")


RUN = r"<w:r><w:rPr></w:rPr><w:t>{}</w:t></w:r>"
TEXT_BOX = (
    '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
    '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="2" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
    '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="margin"><wp:align>right</wp:align></wp:positionH>'
    '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV><wp:extent cx="1440000" cy="360000"/>'
    '<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/><wp:docPr id="901" name="Text Box 901"/><wp:cNvGraphicFramePr/>'
    '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/>'
    '<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1440000" cy="360000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
    '<a:ln w="6350"><a:solidFill><a:srgbClr val="000000"/></a:solidFill></a:ln></wps:spPr>'
    '<wps:txbx><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>'
    '</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
    '<mc:Fallback><w:pict><v:shape id="tb901" type="#_x0000_t202" style="position:absolute;width:113.4pt;height:28.35pt;mso-position-horizontal:right">'
    '<v:textbox><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>'
    '</mc:AlternateContent></w:r>'
)


def flavour_docx_word(src, out):
    """
    A LibreOffice DOCX given what Word and its users put in real report files: a tracked change
    (47 deleted, 48 inserted), a table total as a =SUM(LEFT) formula field, a content control around
    a T3 row, a hidden "1" before a T2 value, a text box written twice (mc:Choice and its VML
    mc:Fallback), a bookmark, a hyperlink and a page break. What Word shows is the source's values.
    """
    with zipfile.ZipFile(src) as z:
        parts = {i: z.read(i) for i in z.namelist()}
        infos = z.infolist()
    xml = parts["word/document.xml"].decode("utf-8")

    a, b = _row_with(xml, "本年新收")
    row = xml[a:b]
    row = _sub_once(re.escape(RUN.format("48")),
                    '<w:del w:id="901" w:author="审核" w:date="2023-01-10T09:00:00Z"><w:r><w:rPr></w:rPr><w:delText>47</w:delText></w:r></w:del>'
                    '<w:ins w:id="902" w:author="审核" w:date="2023-01-10T09:00:00Z">' + RUN.format("48") + "</w:ins>", row, "48")
    row = _sub_once(re.escape(RUN.format("61")),
                    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> =SUM(LEFT) </w:instrText></w:r>'
                    '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + RUN.format("61") + '<w:r><w:fldChar w:fldCharType="end"/></w:r>', row, "61")
    row = '<w:sdt><w:sdtPr><w:alias w:val="本年新收"/><w:id w:val="903"/></w:sdtPr><w:sdtContent>' + row + "</w:sdtContent></w:sdt>"
    xml = xml[:a] + row + xml[b:]

    a, b = _row_with(xml, "规范性文件")
    xml = xml[:a] + _sub_once(re.escape(RUN.format("87")),
                              '<w:r><w:rPr><w:vanish/></w:rPr><w:t>1</w:t></w:r>' + RUN.format("87"), xml[a:b], "87") + xml[b:]

    xml = _sub_once(r"(<w:t>青禾县人民政府</w:t></w:r>)", r"\1" + TEXT_BOX.format(text="此件公开发布"), xml, "title")
    xml = _sub_once(r"(<w:p><w:pPr><w:pStyle w:val=\"Heading2\"/>(?:(?!</w:pPr>).)*</w:pPr>)(<w:r><w:rPr></w:rPr><w:t>一、总体情况</w:t></w:r>)",
                    r'\1<w:bookmarkStart w:id="904" w:name="_Toc1"/>\2<w:bookmarkEnd w:id="904"/>', xml, "heading")
    xml = _sub_once(r"(<w:r><w:rPr></w:rPr><w:t>88</w:t></w:r>)", r'<w:hyperlink w:anchor="_Toc1">\1</w:hyperlink>', xml, "88")
    xml = _sub_once(r"(<w:p><w:pPr><w:pStyle w:val=\"Heading2\"/>(?:(?!</w:pPr>).)*</w:pPr>)(<w:r><w:rPr></w:rPr><w:t>三、)",
                    r'\1<w:r><w:br w:type="page"/></w:r>\2', xml, "page break")
    parts["word/document.xml"] = xml.encode("utf-8")

    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in infos:                                # same order and timestamps: byte-stable output
            z.writestr(info, parts[info.filename])

if __name__ == "__main__":
    a = sys.argv[1:]
    commands = {"word": flavour_word, "gbk": flavour_gbk, "portal": flavour_portal,
                "cmap-pdf": flavour_cmap_pdf, "gbk-undeclared": flavour_gbk_undeclared, "docx-word": flavour_docx_word}
    if len(a) == 3 and a[0] in commands:
        commands[a[0]](a[1], a[2])
    elif len(a) == 4 and a[0] == "print" and a[3] in PRINT_CSS:
        flavour_print(a[1], a[2], a[3])
    else:
        sys.exit(__doc__)
