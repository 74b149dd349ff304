/**
 * Builds small synthetic PDFs for the PDF reader's tests: rotated pages, tables drawn with stroked
 * rules or thin filled bars or no rules at all, vertical (Identity-V) text under a mirrored matrix
 * as WPS writes it, ToUnicode maps to Kangxi radicals, non-embedded CJK fonts that need cMaps,
 * image-only "scans". Drawing is given in display coordinates (points, top-left origin, after
 * /Rotate), so a test states what a reader should see.
 *
 * Usage (to look at the fixtures): npx tsx scripts/pdf-synth.ts OUTDIR
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export type FontKey = 'helv' | 'song' | 'kangxi' | 'vert';

export type Draw =
  /** Text with its baseline starting at (x, y). 'vert' runs top to bottom from (x, y) = top centre. */
  | { t: 'text'; x: number; y: number; size: number; text: string; font?: FontKey }
  | { t: 'line'; x0: number; y0: number; x1: number; y1: number; width?: number }
  /** Filled rectangle (a bar border when thin). */
  | { t: 'rect'; x: number; y: number; w: number; h: number; gray?: number }
  /** An 8x8 grey image stretched over the box. */
  | { t: 'image'; x: number; y: number; w: number; h: number };

export interface PageSpec {
  /** Display size (after rotation). */
  width: number;
  height: number;
  rotate?: 0 | 90;
  draw: Draw[];
}

/** Codes for the 'kangxi' font: what its ToUnicode maps them to (radical code points, as bad CID fonts do). */
export const KANGXI_CODES: Record<string, string> = { 人: '\u2F08', 民: '\u2EA0', 长: '\u2ED3', 门: '\u2ED4' };

export function buildPdf(pages: PageSpec[]): Uint8Array {
  const objects: (string | undefined)[] = [];
  const add = (body: string) => {
    objects.push(body);
    return objects.length;
  };
  const reserve = () => {
    objects.push(undefined);
    return objects.length;
  };
  const stream = (dict: string, data: string) => add(`<< ${dict} /Length ${Buffer.byteLength(data, 'latin1')} >>\nstream\n${data}\nendstream`);

  const catalog = reserve();
  const pagesId = reserve();
  const helv = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  // Non-embedded Adobe-GB1 font addressed through the predefined UniGB-UTF16-H cMap: unreadable
  // without pdf.js's cMap files.
  const songDesc = add(
    '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 80 >>',
  );
  const songCid = add(
    `<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor ${songDesc} 0 R /DW 1000 >>`,
  );
  const song = add(`<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H /DescendantFonts [${songCid} 0 R] >>`);
  // Identity-H/V fonts whose codes are Unicode values, made readable (or misleading) by a ToUnicode map.
  const identityCid = add(
    `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${songDesc} 0 R /DW 1000 /CIDToGIDMap /Identity >>`,
  );
  const kangxiMap = Object.entries(KANGXI_CODES)
    .map(([ch, radical]) => `<${hex4(ch)}> <${hex4(radical)}>`)
    .join('\n');
  const kangxiToUnicode = stream(
    '',
    `/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Kx def 1 begincodespacerange <0000> <FFFF> endcodespacerange\n` +
      // The identity range first: later entries override earlier ones.
      `1 beginbfrange <0000> <FFFF> <0000> endbfrange\n${Object.keys(KANGXI_CODES).length} beginbfchar\n${kangxiMap}\nendbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end`,
  );
  const identityToUnicode = stream(
    '',
    `/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Id def 1 begincodespacerange <0000> <FFFF> endcodespacerange\n` +
      `1 beginbfrange <0000> <FFFF> <0000> endbfrange\nendcmap CMapName currentdict /CMap defineresource pop end end`,
  );
  const kangxi = add(
    `<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [${identityCid} 0 R] /ToUnicode ${kangxiToUnicode} 0 R >>`,
  );
  const vert = add(
    `<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-V /DescendantFonts [${identityCid} 0 R] /ToUnicode ${identityToUnicode} 0 R >>`,
  );
  const fonts = `<< /F1 ${helv} 0 R /F2 ${song} 0 R /F3 ${kangxi} 0 R /F4 ${vert} 0 R >>`;

  const kids: number[] = [];
  for (const spec of pages) {
    const content = stream('', pageContent(spec));
    const rotate = spec.rotate ?? 0;
    const [mw, mh] = rotate === 90 ? [spec.height, spec.width] : [spec.width, spec.height];
    kids.push(
      add(
        `<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 ${mw} ${mh}] /Rotate ${rotate} /Resources << /Font ${fonts} >> /Contents ${content} 0 R >>`,
      ),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesId} 0 R >>`;
  objects[pagesId - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;

  let out = '%PDF-1.7\n%\xE2\xE3\xCF\xD3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) out += `${String(off).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

function hex4(ch: string): string {
  return ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
}

function utf16Hex(s: string): string {
  return Array.from(Buffer.from(s, 'utf16le').swap16()).map((b) => b.toString(16).padStart(2, '0')).join('');
}

const n = (v: number) => (Math.round(v * 1000) / 1000).toString();

/**
 * Content stream for a page. A `cm` maps display coordinates (top-left origin) to the PDF's user
 * space, so everything below is written in display terms, y downwards.
 */
function pageContent(spec: PageSpec): string {
  const rotate = spec.rotate ?? 0;
  // Display (X, Y) -> PDF: rotate 0: (X, H - Y); rotate 90 (shown turned clockwise): (Y, X).
  const cm = rotate === 90 ? '0 1 1 0 0 0 cm' : `1 0 0 -1 0 ${n(spec.height)} cm`;
  const parts: string[] = [`q ${cm}`];
  for (const d of spec.draw) {
    if (d.t === 'line') {
      parts.push(`${n(d.width ?? 0.75)} w 0 G ${n(d.x0)} ${n(d.y0)} m ${n(d.x1)} ${n(d.y1)} l S`);
    } else if (d.t === 'rect') {
      parts.push(`${n(d.gray ?? 0)} g ${n(d.x)} ${n(d.y)} ${n(d.w)} ${n(d.h)} re f 0 g`);
    } else if (d.t === 'image') {
      // Image space is the unit square with y up: flip it back inside the y-down display space.
      const pixels = Array.from({ length: 64 }, (_, i) => ((i * 37) % 256).toString(16).padStart(2, '0')).join('');
      parts.push(`q ${n(d.w)} 0 0 ${n(-d.h)} ${n(d.x)} ${n(d.y + d.h)} cm BI /W 8 /H 8 /CS /G /BPC 8 /F /AHx ID ${pixels}> EI Q`);
    } else {
      const font = d.font ?? 'helv';
      const id = { helv: 'F1', song: 'F2', kangxi: 'F3', vert: 'F4' }[font];
      // The text matrix mirrors y back (display space is y-down) and, as WPS does, scales a
      // 20x font size down: pdf.js's text layer loses vertical glyphs under exactly this.
      const k = 0.05;
      const tm = `${k} 0 0 ${-k} ${n(d.x)} ${n(d.y)} Tm`;
      const str =
        font === 'helv'
          ? `(${d.text.replace(/[()\\]/g, (c) => `\\${c}`)})`
          : font === 'song'
            ? `<${utf16Hex(d.text)}>`
            : `<${Array.from(d.text).map(hex4).join('')}>`;
      // WPS shows vertical text one glyph per Tj.
      const shown = font === 'vert' ? Array.from(d.text).map((ch) => `<${hex4(ch)}> Tj`).join(' ') : `${str} Tj`;
      parts.push(`BT /${id} ${n(d.size / k)} Tf ${tm} ${shown} ET`);
    }
  }
  parts.push('Q');
  return parts.join('\n');
}

/** Draws a ruled grid: `rows`/`cols` are boundary positions; `skip` lists edges not drawn (merged cells). */
export function gridLines(
  xs: number[],
  ys: number[],
  opts: { bars?: boolean; skipV?: [number, number][]; skipH?: [number, number][] } = {},
): Draw[] {
  const out: Draw[] = [];
  const skipV = new Set((opts.skipV ?? []).map(([xi, yi]) => `${xi}:${yi}`));
  const skipH = new Set((opts.skipH ?? []).map(([yi, xi]) => `${yi}:${xi}`));
  // Each edge of each slot separately, as word processors and browsers draw them.
  for (let yi = 0; yi < ys.length; yi++) {
    for (let xi = 0; xi + 1 < xs.length; xi++) {
      if (skipH.has(`${yi}:${xi}`)) continue;
      out.push(edge(xs[xi], ys[yi], xs[xi + 1], ys[yi], opts.bars));
    }
  }
  for (let xi = 0; xi < xs.length; xi++) {
    for (let yi = 0; yi + 1 < ys.length; yi++) {
      if (skipV.has(`${xi}:${yi}`)) continue;
      out.push(edge(xs[xi], ys[yi], xs[xi], ys[yi + 1], opts.bars));
    }
  }
  return out;
}

function edge(x0: number, y0: number, x1: number, y1: number, bars?: boolean): Draw {
  if (!bars) return { t: 'line', x0, y0, x1, y1 };
  // Chrome-style: a 0.8 pt filled bar, slightly short of the joints.
  const t = 0.8;
  return x0 === x1
    ? { t: 'rect', x: x0 - t / 2, y: y0 + 0.3, w: t, h: y1 - y0 - 0.6 }
    : { t: 'rect', x: x0 + 0.3, y: y0 - t / 2, w: x1 - x0 - 0.6, h: t };
}

/** Text centred-ish in a slot: baseline a third of the way up from the bottom. */
export function cellTextDraw(x0: number, y0: number, x1: number, y1: number, text: string, font: FontKey = 'helv', size = 9): Draw {
  const wide = font === 'helv' ? 0.55 : 1;
  const w = Array.from(text).length * size * wide;
  return { t: 'text', x: (x0 + x1) / 2 - w / 2, y: y1 - (y1 - y0 - size) / 2 - size * 0.15, size, text, font };
}

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: pdf-synth OUTDIR');
  await mkdir(dir, { recursive: true });
  const xs = [60, 200, 300, 400];
  const ys = [100, 130, 160, 190];
  const table: Draw[] = [...gridLines(xs, ys), cellTextDraw(60, 100, 200, 130, '规章', 'song'), cellTextDraw(200, 100, 300, 130, '12')];
  await writeFile(path.join(dir, 'portrait.pdf'), buildPdf([{ width: 595, height: 842, draw: table }]));
  await writeFile(path.join(dir, 'landscape.pdf'), buildPdf([{ width: 842, height: 595, rotate: 90, draw: table }]));
  await writeFile(
    path.join(dir, 'vertical.pdf'),
    buildPdf([{ width: 595, height: 842, draw: [{ t: 'text', x: 100, y: 100, size: 12, text: '本年度办理结果', font: 'vert' }] }]),
  );
  await writeFile(
    path.join(dir, 'kangxi.pdf'),
    buildPdf([{ width: 595, height: 842, draw: [{ t: 'text', x: 100, y: 100, size: 16, text: '洪泽区人民政府', font: 'kangxi' }] }]),
  );
}

if (process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
