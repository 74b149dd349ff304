/**
 * Reading one table cell. The cell is cropped inside its rules, its ink analysed (ink.ts), and then:
 *  - no ink: blank (never zero);
 *  - digit-shaped ink: read as one line (PSM 7) with the digit whitelist by the eng model, scaled
 *    so digits are ~20 px tall (where tesseract's LSTM reads them best); when that reading is weak
 *    or does not parse, a second pass at another scale on our own binarisation; the better reading
 *    wins and a different one is kept as an alternative (identity flags use it). tesseract.js 7
 *    gives no per-symbol choices for the LSTM engine (a word's `choices` holds only its best
 *    reading), so the second pass is where alternatives come from;
 *  - anything else: chi_sim, line by line (PSM 7, "raw line" PSM 13 when the line finder drops the
 *    line, a second look at another size when unsure); a result that is only a number is re-read
 *    as a number, and a number with a note or unit ("14（其中修订5件）", "251000元") gets its digits
 *    re-read by the digit pass.
 *
 * NIANBAO_OCR_DEBUG=DIR writes every image sent to tesseract into DIR, named by what was read.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseValue } from '../../text/value.js';
import { binarize, crop, otsu, pad, scale, toGray, toPGM, type Binary, type Gray } from './image.js';
import { inkLayout, looksNumeric, type Box } from './ink.js';
import type { Lang, OcrPool, TessResult } from './pool.js';

export interface Reading {
  text: string;
  /** 0..100 (tesseract's; for blank cells, how clean the crop was). */
  confidence: number;
  kind: 'blank' | 'number' | 'text';
  /** Other readings of a number that parse differently, best first (second pass, symbol choices). */
  alternatives: { text: string; confidence: number }[];
}

export interface CellContext {
  pool: OcrPool;
  /** Pixels per point. */
  unit: number;
  /** Grey level at or below which a pixel is ink (Otsu of the page). */
  threshold: number;
  /** Paper and darkest-ink grey levels of the page. */
  paper: number;
  ink: number;
  signal?: AbortSignal;
}

/** Characters a number cell may hold: digits, sign, decimal point (the value parser's alphabet). */
export const DIGIT_WHITELIST = '0123456789.-+';
/** Digit height the number pass scales to, and the second pass's. */
const DIGIT_PX = 20;
const DIGIT_PX_ALT = 28;
/** Line height for the chi_sim pass. */
const TEXT_PX = 22;
type TextView = 'binary' | 'grey' | 'greybin' | 'raw';
/**
 * How text lines are shown to chi_sim: first our clean binarisation at 22 px, then, below 88
 * confidence, the contrast-stretched scan at 30 px. Chosen by measuring label accuracy over the
 * scanned corpus (744/744 labels within matching distance); exported for such experiments, not an API.
 */
export const tuning: { textPx: number; textView: TextView; retryBelow: number; retryPx: number; retryView: TextView } = {
  textPx: TEXT_PX,
  textView: 'binary',
  retryBelow: 88,
  retryPx: 30,
  retryView: 'raw',
};
/** A first number reading at least this sure, that parses, is not read again. */
const SURE = 88;
/** A digit-shaped cell read with less confidence than this is also read as text, and the surer reading wins. */
const UNSURE_NUMBER = 50;

/** `rect` in page pixels: the cell's box between its rules. */
export async function readCell(page: Gray, rect: Box, ctx: CellContext): Promise<Reading> {
  // Start just inside the rules' centre lines, then strip what is still rule (rules are 1-3 px
  // thick, thicker in bilevel scans, and drift a pixel or two after deskewing).
  const start = Math.max(1, Math.round(0.4 * ctx.unit));
  const outer = crop(page, rect.x0 + start, rect.y0 + start, rect.x1 - start, rect.y1 - start);
  if (outer.width < 4 || outer.height < 4) return blank(100);
  const inner = insideRules(binarize(outer, ctx.threshold), ctx.unit);
  const img = crop(outer, inner.x0, inner.y0, inner.x1, inner.y1);
  if (img.width < 3 || img.height < 3) return blank(100);
  const bin = binarize(img, ctx.threshold);
  const layout = inkLayout(bin, ctx.unit);
  if (!layout.box) return blank(cleanliness(bin));
  const margin = Math.round(1.5 * ctx.unit);
  const [x0, y0, x1, y1] = [layout.box.x0 - margin, layout.box.y0 - margin, layout.box.x1 + margin, layout.box.y1 + margin];
  // What tesseract sees: only the kept ink. Grey (anti-aliasing helps digits), and clean binary
  // (shading and paper tone confuse tesseract's own thresholding of Chinese text).
  const views: Views = {
    grey: crop(maskGrey(img, layout.mask), x0, y0, x1, y1),
    binary: crop(toGray(layout.mask), x0, y0, x1, y1),
    raw: stretch(crop(img, x0, y0, x1, y1), ctx.paper, ctx.ink),
  };
  const lines = layout.lines.map((l) => ({ ...l.box, x0: l.box.x0 - x0, x1: l.box.x1 - x0, y0: l.box.y0 - y0, y1: l.box.y1 - y0 }));
  const lineH = Math.max(...lines.map((l) => l.y1 - l.y0));

  let n: Reading | undefined;
  if (looksNumeric(layout)) {
    n = await readNumber(views, lineH, ctx);
    if (n && n.confidence >= UNSURE_NUMBER) return n;
  }
  // Not digit-shaped, or digits read with little confidence: small hanzi split into narrow parts
  // (总计 in a small font) can look like digits, and the digit pass then "reads" them.
  const t = await readText(views, lines, ctx);
  const plain = t.text.replace(/\s+/g, '');
  if (/^[+\-]?[\d.,]+$/.test(plain)) {
    // Wide-looking digits (touching in a bilevel scan) came here: the digit pass reads them better.
    n ??= await readNumber(views, lineH, ctx);
    if (n && n.confidence >= t.confidence - 10) return n;
    return { ...t, kind: 'number' };
  }
  return n && n.confidence > t.confidence ? n : t;
}

/**
 * The box inside the rules: from each edge, rows (columns) that are mostly ink are rule; the first
 * one that is not ends the rule. Searched up to 3pt in, and a pixel of clearance is added.
 */
function insideRules(bin: Binary, unit: number): Box {
  const { width: w, height: h, data } = bin;
  const maxDepth = Math.max(2, Math.round(3 * unit));
  const rowInk = (y: number) => {
    let n = 0;
    for (let x = 0; x < w; x++) n += data[y * w + x];
    return n / w;
  };
  const colInk = (x: number) => {
    let n = 0;
    for (let y = 0; y < h; y++) n += data[y * w + x];
    return n / h;
  };
  const depth = (len: number, ink: (i: number) => number, from: number, step: number) => {
    let d = 0;
    while (d < maxDepth && d < len / 3 && ink(from + step * d) >= 0.3) d++;
    return d > 0 ? d + 1 : 0;
  };
  return {
    x0: depth(w, colInk, 0, 1),
    y0: depth(h, rowInk, 0, 1),
    x1: w - depth(w, colInk, w - 1, -1),
    y1: h - depth(h, rowInk, h - 1, -1),
  };
}

/** One text line of the cell, as chi_sim gets it. */
function textStrip(views: Views, y0: number, y1: number, h: number, view: TextView, px: number): Gray {
  if (view === 'binary') return sized(crop(views.binary, 0, y0, views.binary.width, y1), h, px);
  if (view === 'raw') return sized(crop(views.raw ?? views.grey, 0, y0, views.grey.width, y1), h, px);
  const grey = sized(crop(views.grey, 0, y0, views.grey.width, y1), h, px);
  return view === 'grey' ? grey : toGray(binarize(grey, otsu(grey)));
}

export interface Views {
  grey: Gray;
  binary: Gray;
  /** The crop as scanned: hairline strokes lighter than the threshold survive only here. */
  raw?: Gray;
}

/**
 * Contrast stretched so the page's paper is white and its ink black, with mid-greys darkened
 * (gamma 2): hairline strokes a 200 dpi scan renders light grey become visible to tesseract's own
 * thresholding, and light shading behind the text fades.
 */
function stretch(img: Gray, paper: number, ink: number): Gray {
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) {
    const t = Math.min(1, Math.max(0, (v - ink) / Math.max(1, paper - ink)));
    lut[v] = Math.round(255 * t * t);
  }
  return { width: img.width, height: img.height, data: img.data.map((v) => lut[v]) };
}

/** The grey image where the mask (grown by a pixel, to keep glyph edges) is ink, paper elsewhere. */
function maskGrey(img: Gray, mask: Binary): Gray {
  const out = new Uint8Array(img.data.length).fill(255);
  const w = img.width;
  for (let i = 0; i < out.length; i++) {
    const x = i % w;
    if (mask.data[i] || (x > 0 && mask.data[i - 1]) || (x < w - 1 && mask.data[i + 1]) || mask.data[i - w] || mask.data[i + w]) out[i] = img.data[i];
  }
  return { width: img.width, height: img.height, data: out };
}

function blank(confidence: number): Reading {
  return { text: '', confidence, kind: 'blank', alternatives: [] };
}

/** 100 for a crop with no ink at all; less when specks were dropped (a faint mark might have been a glyph). */
function cleanliness(bin: { data: Uint8Array }): number {
  let ink = 0;
  for (const v of bin.data) ink += v;
  return ink === 0 ? 100 : Math.max(60, 100 - Math.round((400 * ink) / bin.data.length));
}

interface Pass {
  text: string;
  confidence: number;
  parses: boolean;
  choices: { text: string; confidence: number }[];
}

let debugN = 0;
async function recognize(ctx: CellContext, img: Gray, lang: Lang, params: Record<string, string>): Promise<TessResult> {
  // The crops are scaled to fixed pixel heights; telling tesseract 300 dpi keeps it from guessing.
  let r: TessResult;
  try {
    r = await ctx.pool.recognize({ image: toPGM(img), lang, params: { user_defined_dpi: '300', ...params }, signal: ctx.signal });
  } catch (e) {
    // The document's deadline ends everything; a single failed recognition is a cell read with
    // no confidence (and so flagged), not a lost document.
    if (ctx.signal?.aborted) throw e;
    return { text: '', confidence: 0, lines: [] };
  }
  const dir = process.env.NIANBAO_OCR_DEBUG;
  if (dir) writeFileSync(path.join(dir, `${String(++debugN).padStart(5, '0')}_${lang}_${r.text.trim().replace(/[\s/]+/g, '_').slice(0, 20)}.pgm`), toPGM(img));
  return r;
}

/** Scaled so the tallest line is `px` high (never by more than 6x: a lone dash would explode), padded. */
function sized(img: Gray, lineH: number, px: number): Gray {
  const f = Math.min(6, px / Math.max(1, lineH));
  return pad(scale(img, f), Math.round(px * 0.5));
}

async function numberPass(ctx: CellContext, img: Gray): Promise<Pass> {
  let r = await recognize(ctx, img, 'eng', { tessedit_pageseg_mode: '7', tessedit_char_whitelist: DIGIT_WHITELIST });
  if (!r.text.trim()) r = await recognize(ctx, img, 'eng', { tessedit_pageseg_mode: '13', tessedit_char_whitelist: DIGIT_WHITELIST });
  const text = r.text.replace(/\s+/g, '');
  const words = r.lines.flatMap((l) => l.words);
  const confidence = words.length ? Math.min(...words.map((w) => w.confidence)) : 0;
  const choices = words.length === 1 ? words[0].choices.filter((c) => c.text !== words[0].text) : [];
  return { text, confidence: Math.round(confidence), parses: text !== '' && parseValue(text).status !== 'unreadable', choices };
}

async function readNumber(views: Views, lineH: number, ctx: CellContext): Promise<Reading | undefined> {
  const first = await numberPass(ctx, sized(views.grey, lineH, DIGIT_PX));
  const passes = [first];
  if (!first.parses || first.confidence < SURE) {
    // Another scale on our own binarisation: an independent second opinion.
    passes.push(await numberPass(ctx, sized(views.binary, lineH, DIGIT_PX_ALT)));
  }
  const good = passes.filter((p) => p.parses).sort((a, b) => b.confidence - a.confidence);
  if (good.length === 0) return undefined;
  const best = good[0];
  // Agreeing passes confirm each other; a disagreeing one is an alternative, and lowers the confidence.
  const agree = good.filter((p) => p.text === best.text);
  const others = new Map<string, number>();
  for (const p of good) if (p.text !== best.text) others.set(p.text, Math.max(others.get(p.text) ?? 0, p.confidence));
  for (const p of passes) {
    for (const c of p.choices) {
      if (c.text !== best.text && parseValue(c.text).status === 'ok') others.set(c.text, Math.max(others.get(c.text) ?? 0, Math.round(c.confidence)));
    }
  }
  const confidence = others.size ? Math.min(best.confidence, 100 - Math.max(...others.values()) / 2) : Math.max(...agree.map((p) => p.confidence));
  return {
    text: best.text,
    confidence: Math.round(confidence),
    kind: 'number',
    alternatives: [...others].map(([text, c]) => ({ text, confidence: c })).sort((a, b) => b.confidence - a.confidence),
  };
}

const CJK = '\\u2e80-\\u9fff\\uf900-\\ufaff\\u3000-\\u303f\\uff00-\\uffef';
const SPACE_NEAR_CJK = new RegExp(`(?<=[${CJK}])\\s+|\\s+(?=[${CJK}])`, 'gu');

/**
 * Chinese text, line by line (PSM 7 on each line's strip): a cell's lines are known from its ink,
 * and one line at a time is what chi_sim reads best (as a block, short lines in narrow cells run together).
 */
export async function readText(views: Views, lines: Box[], ctx: CellContext): Promise<Reading> {
  if (isStacked(lines)) return readStacked(views, lines, ctx);
  const read = await Promise.all(lines.map((l) => readTextLine(views, l, ctx)));
  const texts = read.map(({ r }) => cleanText(r.text)).filter(Boolean);
  const words = read.flatMap(({ r }) => r.lines.flatMap((l) => l.words));
  const confidence = words.length ? words.reduce((a, w) => a + w.confidence, 0) / words.length : 0;
  let text = texts.join('\n');
  if (read.length) text = await refineNumberPrefix(text, read[0].r, read[0].strip, ctx);
  return { text, confidence: Math.round(confidence), kind: 'text', alternatives: [] };
}

async function readTextLine(views: Views, l: Box, ctx: CellContext): Promise<{ r: TessResult; strip: Gray }> {
  const h = l.y1 - l.y0;
  const m = Math.max(2, Math.round(0.25 * h));
  let strip = textStrip(views, l.y0 - m, l.y1 + m, h, tuning.textView, tuning.textPx);
  let r = await recognize(ctx, strip, 'chi_sim', { tessedit_pageseg_mode: '7' });
  // Tesseract's line finder sometimes throws a whole line away as non-text (heavy bold glyphs);
  // "raw line" mode skips that step.
  if (!r.text.trim()) r = await recognize(ctx, strip, 'chi_sim', { tessedit_pageseg_mode: '13' });
  if (r.confidence < tuning.retryBelow) {
    // A weak line gets a second look on the grey image at another size; the surer reading wins.
    const strip2 = textStrip(views, l.y0 - m, l.y1 + m, h, tuning.retryView, tuning.retryPx);
    const r2 = await recognize(ctx, strip2, 'chi_sim', { tessedit_pageseg_mode: '7' });
    if (r2.confidence > r.confidence) [r, strip] = [r2, strip2];
  }
  return { r, strip };
}

/** Ink much taller than wide, over several lines: a label set vertically, one character per line, in a narrow cell. */
function isStacked(lines: Box[]): boolean {
  if (lines.length < 2) return false;
  const x0 = Math.min(...lines.map((l) => l.x0));
  const x1 = Math.max(...lines.map((l) => l.x1));
  const y0 = Math.min(...lines.map((l) => l.y0));
  const y1 = Math.max(...lines.map((l) => l.y1));
  // One character wide (about the tallest line's height; a CJK character is square), two or more tall.
  const charH = Math.max(...lines.map((l) => l.y1 - l.y0));
  return y1 - y0 >= 1.8 * (x1 - x0) && x1 - x0 <= 1.4 * charH;
}

/**
 * A label set one character per line is one word (the PDF reader joins it so too). Read alone,
 * single characters give chi_sim no context; laid side by side into one line, they read as a word.
 * Characters are cut where the ink's row profile is empty, and pieces merged top-down while they
 * stay about as tall as the column is wide (hanzi are square; 三 is three pieces, 、 a fourth).
 */
async function readStacked(views: Views, lines: Box[], ctx: CellContext): Promise<Reading> {
  const img = views.binary;
  const x0 = Math.min(...lines.map((l) => l.x0));
  const x1 = Math.max(...lines.map((l) => l.x1));
  const top = Math.min(...lines.map((l) => l.y0));
  const bottom = Math.max(...lines.map((l) => l.y1));
  const colW = x1 - x0;
  const segs: [number, number][] = [];
  for (let y = top, start = -1; y <= bottom; y++) {
    let ink = false;
    for (let x = x0; x < x1 && !ink && y < bottom; x++) ink = img.data[y * img.width + x] < 128;
    if (ink && start < 0) start = y;
    if (!ink && start >= 0) segs.push([start, y]), (start = -1);
  }
  const chars: [number, number][] = [];
  for (const sg of segs) {
    const last = chars[chars.length - 1];
    if (last && sg[1] - last[0] <= 1.15 * colW) last[1] = sg[1];
    else chars.push([...sg]);
  }
  const h = Math.max(...chars.map(([a, b]) => b - a));
  const gap = Math.round(0.2 * colW);
  const width = chars.length * (colW + gap) + gap;
  const row = { width, height: h + 2 * gap, data: new Uint8Array(width * (h + 2 * gap)).fill(255) };
  chars.forEach(([a, b], i) => {
    const piece = crop(img, x0, a, x1, b);
    const dy = gap + Math.round((h - piece.height) / 2);
    const dx = gap + i * (colW + gap);
    for (let y = 0; y < piece.height; y++) row.data.set(piece.data.subarray(y * piece.width, (y + 1) * piece.width), (dy + y) * width + dx);
  });
  const { r } = await readTextLine({ binary: row, grey: row }, { x0: 0, y0: gap, x1: width, y1: gap + h }, ctx);
  const words = r.lines.flatMap((l) => l.words);
  const confidence = words.length ? words.reduce((a, w) => a + w.confidence, 0) / words.length : 0;
  return { text: cleanText(r.text).replace(/\s+/g, ''), confidence: Math.round(confidence), kind: 'text', alternatives: [] };
}

/**
 * chi_sim's spacing and bracket habits: spaces between hanzi dropped, and the brackets of an
 * enumerator ("（三）"), which it often reads as 《 〈 【 or a half-width bracket, made full-width.
 * Nothing else is changed: the text stays what was printed, typos included.
 */
function cleanText(s: string): string {
  return s
    .replace(SPACE_NEAR_CJK, '')
    .replace(/\s+/g, ' ')
    .replace(/[《〈【［\[(（]\s*([一二三四五六七八九十])\s*[)）》〉】］\]]/gu, '（$1）')
    .trim();
}

/**
 * "14（其中修订5件）", "251000元": the value is the leading number, and chi_sim reads digits less
 * reliably than the digit pass. The digits' own boxes (from chi_sim's symbols) are cropped and
 * re-read with the whitelist; the re-reading replaces the prefix when it is a number of the same length.
 */
async function refineNumberPrefix(text: string, r: TessResult, img: Gray, ctx: CellContext): Promise<string> {
  const m = /^([+\-]?\d[\d.,]*)/.exec(text);
  if (!m || m[1].length === text.length || r.lines.length === 0) return text;
  const symbols = r.lines[0].words.flatMap((w) => w.symbols);
  const digits = symbols.slice(0, m[1].length);
  if (digits.length !== m[1].length || digits.some((s, i) => s.text !== m[1][i])) return text;
  const x0 = Math.min(...digits.map((s) => s.bbox.x0));
  const x1 = Math.max(...digits.map((s) => s.bbox.x1));
  const y0 = Math.min(...digits.map((s) => s.bbox.y0));
  const y1 = Math.max(...digits.map((s) => s.bbox.y1));
  const pad_ = Math.round(0.25 * (y1 - y0));
  const part = crop(img, x0 - pad_, y0 - pad_, x1 + pad_, y1 + pad_);
  const n = await readNumber({ grey: part, binary: part }, y1 - y0, ctx);
  if (!n || n.text.length !== m[1].length) return text;
  return n.text + text.slice(m[1].length);
}
