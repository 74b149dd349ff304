/**
 * DOCX read straight from its OOXML: the main part's paragraphs become lines and its w:tbl tables
 * become cell grids, each cell placed by the table's own grid (w:gridBefore, w:gridSpan, w:vMerge),
 * so merged cells keep their spans. Pictures are listed for the OCR step. Read directly rather than
 * through a DOCX-to-HTML converter because that conversion was 85% of a DOCX's time (issue 6), and
 * only text, tables and pictures matter here: styles, numbering and notes are not read.
 */
import { strFromU8 } from 'fflate';
import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';
import type { Block, Cell, DocumentModel } from '../model/document.js';
import { warning, type Message } from '../model/messages.js';
import { IngestError } from './errors.js';
import { cleanInline, type ImageRef } from './html.js';
import { checkDepth, MAX_XML_BYTES, size } from './limits.js';
import { ZipReader } from './zip.js';

/** Elements whose text is not shown: deleted revisions, field codes, the legacy copy of new content. */
const HIDDEN = new Set(['w:del', 'w:delText', 'w:moveFrom', 'w:instrText', 'w:delInstrText', 'mc:Fallback', 'w:rPr', 'w:pPr', 'w:tblPr', 'w:trPr', 'w:tcPr', 'w:sectPr']);
/** Wrappers (content controls, custom XML, revisions) whose children stand where they stand. */
const WRAPPERS = new Set(['w:sdt', 'w:sdtContent', 'w:customXml', 'w:smartTag', 'w:ins', 'w:moveTo', 'w:hyperlink', 'w:fldSimple', 'w:dir', 'w:bdo', 'mc:AlternateContent', 'mc:Choice']);

/** Relationship id -> target (a part name inside the package, or an external URL) and type. */
type Rels = Map<string, { target: string; external: boolean; type: string }>;

const isElement = (n: ChildNode): n is Element => n.type === 'tag';
const elements = (n: Element) => n.children.filter(isElement);

/** Direct children, looking through content controls and the like (rows and cells can sit inside them). */
function childrenNamed(n: Element, name: string): Element[] {
  const out: Element[] = [];
  for (const c of elements(n)) {
    if (c.name === name) out.push(c);
    else if (WRAPPERS.has(c.name)) out.push(...childrenNamed(c, name));
  }
  return out;
}

function prop(n: Element | undefined, name: string): Element | undefined {
  return n && elements(n).find((c) => c.name === name);
}

function intVal(n: Element | undefined, fallback: number): number {
  const v = parseInt(n?.attribs['w:val'] ?? '', 10);
  return Number.isFinite(v) && v >= 1 ? Math.min(v, 1000) : fallback;
}

/** w:vanish and the like are on unless w:val says 0/false/off. */
function isOn(n: Element | undefined): boolean {
  return !!n && !/^(0|false|off)$/i.test(n.attribs['w:val'] ?? '');
}

function hasDescendant(n: Element, name: string): boolean {
  return elements(n).some((c) => c.name === name || hasDescendant(c, name));
}

/** An XML part of the package, inflated no further than MAX_XML_BYTES (it is parsed whole). */
function xmlPart(zip: ZipReader, name: string): Uint8Array | undefined {
  return zip.read(name, MAX_XML_BYTES, ` (limit ${size(MAX_XML_BYTES)} for a part that is parsed whole)`);
}

/** XML parts are UTF-8 by convention, but the XML rules allow UTF-16 with a byte-order mark. */
function xmlText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return strFromU8(bytes);
}

function parseRels(xml: Uint8Array | undefined, dir: string): Rels {
  const rels: Rels = new Map();
  const visit = (n: Element) => {
    if (n.name === 'Relationship' && n.attribs.Id) {
      const external = n.attribs.TargetMode === 'External';
      const target = n.attribs.Target ?? '';
      rels.set(n.attribs.Id, { target: external ? target : resolvePart(dir, target), external, type: n.attribs.Type ?? '' });
    }
    elements(n).forEach(visit);
  };
  if (xml) parseDocument(xmlText(xml), { xmlMode: true }).children.filter(isElement).forEach(visit);
  return rels;
}

/** A relationship target relative to the source part's folder, as a package part name. */
function resolvePart(dir: string, target: string): string {
  const parts = target.startsWith('/') ? [] : dir.split('/').filter(Boolean);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg && seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

/** The main document part: the one the package relationships name, word/document.xml by convention. */
function mainPartName(zip: ZipReader): string {
  const rels = parseRels(xmlPart(zip, '_rels/.rels'), '');
  return [...rels.values()].find((r) => r.type.endsWith('/officeDocument') && !r.external)?.target ?? 'word/document.xml';
}

export async function readDocx(buf: Uint8Array, path: string, images?: ImageRef[]): Promise<DocumentModel> {
  const zip = new ZipReader(buf, path);
  const main = mainPartName(zip);
  const slash = main.lastIndexOf('/');
  const dir = main.slice(0, slash + 1);
  const relsName = `${dir}_rels/${main.slice(slash + 1)}.rels`;
  const mainXml = xmlPart(zip, main);
  if (!mainXml) throw new IngestError('corrupt', `${path}: not a readable DOCX (no ${main} in the package)`);
  const root = parseDocument(xmlText(mainXml), { xmlMode: true });
  checkDepth(root, path, main);
  const body = root.children.filter(isElement).flatMap((d) => childrenNamed(d, 'w:body'))[0];
  if (!body) throw new IngestError('corrupt', `${path}: not a readable DOCX (${main} has no w:body)`);

  const reader = new BodyReader(parseRels(xmlPart(zip, relsName), dir), !!images);
  reader.body(body);
  // Pictures' bytes are inflated only now, and only those the text refers to (each once).
  const media = new Map<string, Uint8Array | undefined>();
  for (const p of reader.pictures) {
    if (!media.has(p.target)) media.set(p.target, zip.read(p.target));
    const bytes = media.get(p.target);
    if (bytes) images?.push({ at: p.at, src: p.target, bytes, path: p.path });
  }
  return { format: 'docx', method: 'docx', pages: 1, blocks: reader.blocks, messages: reader.messages };
}

class BodyReader {
  blocks: Block[] = [];
  messages: Message[] = [];
  /** Pictures in the text flow, with the block index where their OCR'd blocks belong. */
  pictures: { at: number; target: string; path: string }[] = [];
  private paragraphNo = 0;
  private tableNo = 0;

  constructor(
    private rels: Rels,
    private wantPictures: boolean,
  ) {}

  /** Block-level content: paragraphs, tables, and the wrappers around them. */
  body(n: Element): void {
    for (const c of elements(n)) {
      if (c.name === 'w:p') this.paragraph(c);
      else if (c.name === 'w:tbl') this.table(c);
      else if (WRAPPERS.has(c.name)) this.body(c);
    }
  }

  private paragraph(p: Element): void {
    this.paragraphNo += 1;
    const path = `p[${this.paragraphNo}]`;
    const boxes: Element[] = [];
    for (const line of this.inline(p, boxes, path).split('\n')) {
      const text = cleanInline(line);
      if (text) this.blocks.push({ kind: 'line', line: { text, prov: { page: 1, path } } });
    }
    // Text boxes anchored in the paragraph read after it, as blocks of their own.
    for (const box of boxes) this.body(box);
  }

  /**
   * A paragraph's shown text, line breaks as \n. Text boxes met on the way are collected in `boxes`;
   * pictures are noted when `path` is given (not inside table cells, as in HTML).
   */
  private inline(n: Element, boxes: Element[], path?: string): string {
    let out = '';
    for (const c of elements(n)) {
      if (HIDDEN.has(c.name)) continue;
      switch (c.name) {
        case 'w:t':
          for (const t of c.children) if (t.type === 'text') out += t.data;
          break;
        case 'w:tab':
        case 'w:ptab':
          out += ' ';
          break;
        case 'w:br':
        case 'w:cr':
          out += '\n';
          break;
        case 'w:noBreakHyphen':
          out += '-';
          break;
        case 'w:r':
          if (!isOn(prop(prop(c, 'w:rPr'), 'w:vanish'))) out += this.inline(c, boxes, path);
          break;
        case 'w:txbxContent':
          boxes.push(c);
          break;
        case 'a:blip':
          if (path) this.picture(c.attribs['r:embed'] ?? c.attribs['r:link'], path);
          break;
        case 'v:imagedata':
          if (path) this.picture(c.attribs['r:id'], path);
          break;
        default:
          out += this.inline(c, boxes, path);
      }
    }
    return out;
  }

  private picture(id: string | undefined, path: string): void {
    const rel = id ? this.rels.get(id) : undefined;
    // Vector pictures (EMF, WMF, SVG) are drawings, not scanned tables.
    if (!rel || !this.wantPictures || /\.(emf|wmf|svg)$/i.test(rel.target)) return;
    if (rel.external) this.messages.push(warning('image_linked', `${path}: picture linked from outside the file not read (nothing is fetched): ${rel.target.slice(0, 60)}`));
    else this.pictures.push({ at: this.blocks.length, target: rel.target, path });
  }

  private table(tbl: Element): void {
    const rows = childrenNamed(tbl, 'w:tr');
    // A layout table holding other tables is a container, as in HTML: its contents read in order.
    if (rows.some((tr) => hasDescendant(tr, 'w:tbl'))) {
      for (const tr of rows) for (const tc of childrenNamed(tr, 'w:tc')) this.body(tc);
      return;
    }
    if (!rows.length) return;
    const t = ++this.tableNo;
    const cells: Cell[] = [];
    /** Grid column -> the cell a vertical merge (w:vMerge) started there, while it runs on. */
    const merging = new Map<number, Cell>();
    let cols = 0;
    rows.forEach((tr, r) => {
      let col = intVal(prop(prop(tr, 'w:trPr'), 'w:gridBefore'), 0);
      childrenNamed(tr, 'w:tc').forEach((tc, i) => {
        const pr = prop(tc, 'w:tcPr');
        const colSpan = intVal(prop(pr, 'w:gridSpan'), 1);
        const vMerge = prop(pr, 'w:vMerge');
        const hMerge = prop(pr, 'w:hMerge');
        const above = merging.get(col);
        const before = cells.at(-1);
        if (vMerge && vMerge.attribs['w:val'] !== 'restart' && above?.colSpan === colSpan) {
          above.rowSpan += 1;
        } else if (hMerge && hMerge.attribs['w:val'] !== 'restart' && before?.row === r) {
          before.colSpan += colSpan; // legacy horizontal merge: this cell continues the one before
        } else {
          const cell: Cell = { text: this.cellText(tc), row: r, col, rowSpan: 1, colSpan, prov: { page: 1, path: `table[${t}]>tr[${r + 1}]>td[${i + 1}]` } };
          cells.push(cell);
          if (vMerge) merging.set(col, cell);
          else merging.delete(col);
        }
        col += colSpan;
        cols = Math.max(cols, col);
      });
    });
    this.blocks.push({ kind: 'table', table: { cells, rows: rows.length, cols, prov: { page: 1, path: `table[${t}]` } } });
  }

  /** A cell's paragraphs, a line each. */
  private cellText(tc: Element): string {
    const lines: string[] = [];
    const visit = (n: Element) => {
      for (const c of elements(n)) {
        if (c.name === 'w:p') lines.push(...this.inline(c, []).split('\n').map(cleanInline));
        else if (WRAPPERS.has(c.name)) visit(c);
      }
    };
    visit(tc);
    return lines.filter(Boolean).join('\n');
  }
}
