/**
 * The table stage: finds T2/T3/T4 among the document's tables, reads every templated value with
 * its provenance, and decides the template generation from what is printed. In named steps:
 * classify the tables, pick the generation, match T2, match T3, read T4, resolve glued digits,
 * derive the computed rows, say what is missing.
 */
import type { Cell, DocumentModel, ReadMethod, Table } from '../../model/document.js';
import { tables } from '../../model/document.js';
import { error, warning, type Message } from '../../model/messages.js';
import type { CellRecord, CellStatus, KeyStatus, ReportRecord, TemplateId } from '../../model/record.js';
import { isValueText, parseValue, toKeyUnit } from '../../text/value.js';
import { T2, T3, templateKeys } from '../templates/index.js';
import { identities, overSubRows } from '../templates/identities.js';
import { OTHER_HANDLING, subRowParent, subRowsOf, T3_COLUMNS } from '../templates/t3.js';
import { T4_HEADER_LABELS, T4_KEYS } from '../templates/t4.js';
import type { Generation } from '../templates/types.js';
import { classifyTable, type TableKind } from './classify.js';
import { resolveGlued, type GluedRow } from './glued.js';
import { containsLabel } from './labels.js';
import { emptyMatches, matchRows, placeOrphans, type RowHit, type RowMatches } from './rows.js';

export interface TableExtraction {
  template: TemplateId;
  values: Record<string, number | null>;
  statuses: Record<string, KeyStatus>;
  cells: CellRecord[];
  messages: Message[];
  found: { T2: number; T3: number; T4: number };
}

/** Step: the statistics tables into the record. Without a generation, a lone T4 is kept for the not-a-report verdict. */
export function readTables(doc: DocumentModel, rec: ReportRecord): void {
  const t = extractTables(doc);
  rec.values = t.values;
  rec.cells = t.cells;
  if (t.template === 'unknown') return;
  rec.template = t.template;
  for (const m of t.messages) rec.issues.push(m); // a loop: a huge table has more messages than call arguments may be
}

type Classified = { t: Table; kind: TableKind };
type MoneyUnit = '万元' | '元';

export function extractTables(doc: DocumentModel): TableExtraction {
  const all = tables(doc).map((t) => ({ t, kind: classifyTable(t) }));
  const t2Tables = all.filter((x) => x.kind.T2 && !x.kind.T3);
  const t3Tables = all.filter((x) => x.kind.T3);
  const t4Tables = all.filter((x) => x.kind.T4 && !x.kind.T3);
  const out = new KeySpace(doc.method);
  const gen = pickGeneration(t2Tables, t3Tables, out.messages);
  out.define(gen ? templateKeys(gen) : t4Tables.length ? [...T4_KEYS] : []);

  const glued: GluedRow[] = [];
  if (gen) {
    matchT2(t2Tables, gen, out, glued);
    matchT3(t3Tables, gen, out, glued);
  }
  readT4(t4Tables, out, glued);
  if (glued.length) resolveGluedRows(glued, gen, out);
  if (gen === '2021') deriveOtherHandling(out);
  const found = { T2: t2Tables.length, T3: t3Tables.length, T4: t4Tables.length };
  reportMissing(gen, out);
  reportTablesNotFound(gen, found, out.messages);
  return { template: gen ?? 'unknown', values: out.values, statuses: out.statuses, cells: out.cells, messages: out.messages, found };
}

/** The values, statuses and cells of one report's template keys; a key outside the template is ignored. */
class KeySpace {
  values: Record<string, number | null> = {};
  statuses: Record<string, KeyStatus> = {};
  cells: CellRecord[] = [];
  messages: Message[] = [];
  keys: string[] = [];

  constructor(readonly method: ReadMethod) {}

  define(keys: string[]) {
    this.keys = keys;
    for (const k of keys) {
      this.values[k] = null;
      this.statuses[k] = 'missing';
    }
  }

  set(rec: CellRecord) {
    if (!(rec.key in this.values)) return;
    this.values[rec.key] = rec.value;
    this.statuses[rec.key] = rec.status;
    this.cells.push(rec);
  }

  /** One printed cell into its key; money converted when the key names a unit; `placed`: how a row without its label was placed. */
  read(key: string, cell: Cell, money?: { keyUnit: '10k_yuan' | 'yuan'; headerUnit?: MoneyUnit }, placed?: string) {
    const p = parseValue(cell.text);
    const value = p.value !== null && money ? toKeyUnit(p.value, p.unit, money.keyUnit, money.headerUnit) : p.value;
    if (p.status === 'unreadable') this.messages.push(error('cell_unreadable', `${key}: cannot read "${cell.text}" (page ${cell.prov.page})`, { key, page: cell.prov.page }));
    if (placed && p.status === 'ok') this.set(cellRecord(key, cell, this.method, value, 'derived', `row placed by its neighbours: ${placed}`));
    else this.set(cellRecord(key, cell, this.method, value, p.status));
  }
}

function cellRecord(key: string, cell: Cell, method: ReadMethod, value: number | null, status: CellStatus, derivation?: string): CellRecord {
  return {
    key,
    value,
    raw: cell.text,
    status,
    page: cell.prov.page ?? null,
    bbox: cell.prov.bbox ?? null,
    path: cell.prov.path ?? null,
    line: cell.prov.line ?? null,
    method: cell.method ?? method,
    ...(derivation ? { derivation } : {}),
    ...(cell.confidence !== undefined ? { confidence: cell.confidence } : {}),
    ...(cell.alternatives?.length ? { alternatives: cell.alternatives } : {}),
  };
}

/** The generation is what T2 prints; T3's （六） sub-rows decide when T2 is missing. */
function pickGeneration(t2Tables: Classified[], t3Tables: Classified[], messages: Message[]): Generation | null {
  const votes = t2Tables.map((x) => x.kind.T2);
  let gen: Generation | null = null;
  if (votes.length) gen = votes.filter((g) => g === '2021').length >= votes.filter((g) => g === '2019').length ? '2021' : '2019';
  else if (t3Tables.length) gen = t3Tables.some((x) => x.kind.T3gen2021) ? '2021' : '2019';
  if (votes.length > 1 && new Set(votes).size > 1) messages.push(warning('generations_mixed', `T2 sub-tables print both generations' labels; read as ${gen}`, { key: 'T2' }));
  return gen;
}

/** T2: each sub-table in its own generation (stale mixes exist), all into one key space. */
function matchT2(t2Tables: Classified[], gen: Generation, out: KeySpace, glued: GluedRow[]) {
  const matches = emptyMatches();
  const unitByCell = new Map<Cell, MoneyUnit | undefined>();
  const rowsOf = (kind: TableKind) => T2.rows.filter((r) => r.generations.includes(kind.T2 ?? gen));
  for (const { t, kind } of t2Tables) {
    matchRows(t, rowsOf(kind), [], matches, {});
    const unit = headerMoneyUnit(t);
    for (const c of t.cells) unitByCell.set(c, unit);
  }
  for (const { t, kind } of t2Tables) placeOrphans(t, rowsOf(kind), matches);
  collect(matches, (c) => unitByCell.get(c), out, glued);
}

function matchT3(t3Tables: Classified[], gen: Generation, out: KeySpace, glued: GluedRow[]) {
  const matches = emptyMatches();
  const state = {};
  const rows = T3.rows.filter((r) => r.generations.includes(gen));
  for (const { t } of t3Tables) matchRows(t, rows, T3.groups, matches, state);
  for (const { t } of t3Tables) placeOrphans(t, rows, matches);
  collect(matches, () => undefined, out, glued);
}

/** Rows read whole go into their keys; rows of bare digits too few to split are glued; the rest are errors. */
function collect(matches: RowMatches, unitOf: (c: Cell) => MoneyUnit | undefined, out: KeySpace, glued: GluedRow[]) {
  for (const hit of matches.full.values()) readRow(hit, unitOf, out);
  for (const [key, hit] of matches.partial) {
    if (matches.full.has(key)) continue;
    const tokens = hit.values.map((v) => v.text.replace(/\s+/g, ''));
    if (tokens.every((t) => /^-?\d+$/.test(t)) && tokens.join('').replace(/-/g, '').length >= hit.row.columns.length) {
      glued.push({ keys: hit.row.columns.map((c) => `${hit.row.key}.${c}`), tokens, cells: hit.values });
    } else {
      const page = hit.label.prov.page;
      const text = `${key}: found ${hit.values.length} of ${hit.row.columns.length} values after "${hit.label.text}" (page ${page})`;
      out.messages.push(error('row_incomplete', text, { key, page }));
    }
  }
  for (const d of matches.duplicates) out.messages.push(warning('row_duplicate', `${d}: printed more than once; the first is kept`, { key: d }));
  for (const c of matches.orphans) {
    const text = `a row of values without a label (first "${c.text}", page ${c.prov.page}) fits no single row of the template; left unread`;
    out.messages.push(error('row_unplaced', text, { page: c.prov.page }));
  }
}

function readRow(hit: RowHit, unitOf: (c: Cell) => MoneyUnit | undefined, out: KeySpace) {
  hit.row.columns.forEach((col, i) => {
    const cell = hit.values[i];
    const money = hit.row.unit && col.startsWith('amount') ? { keyUnit: hit.row.unit, headerUnit: unitOf(cell) } : undefined;
    out.read(`${hit.row.key}.${col}`, cell, money, hit.placed);
  });
}

/** The unit a money column states in its header, e.g. 采购总金额（元）. */
function headerMoneyUnit(table: Table): MoneyUnit | undefined {
  const m = /金额\s*[（(]\s*(?:单位\s*[:：]\s*)?(万元|元)\s*[)）]/.exec(table.cells.map((c) => c.text).join('|').normalize('NFKC').replace(/\s+/g, ''));
  return m?.[1] as MoneyUnit | undefined;
}

/** T4 has no row labels: its one data row is the run of value cells after the last header label. */
function readT4(t4Tables: Classified[], out: KeySpace, glued: GluedRow[]) {
  for (const { t } of t4Tables.slice(0, 1)) {
    const { values: v, label } = t4Values(t);
    if (v.length === T4_KEYS.length) {
      v.forEach((cell, i) => out.read(T4_KEYS[i], cell));
    } else if (v.length && v.every((c) => /^\d+$/.test(c.text.replace(/\s+/g, '')))) {
      glued.push({ keys: [...T4_KEYS], tokens: v.map((c) => c.text.replace(/\s+/g, '')), cells: v });
    } else {
      const text = `T4: found ${v.length} of ${T4_KEYS.length} values after "${label?.text ?? ''}" (page ${t.prov.page})`;
      out.messages.push(error('row_incomplete', text, { key: 'T4', page: t.prov.page }));
    }
  }
  if (t4Tables.length > 1) out.messages.push(warning('tables_repeated', `${t4Tables.length} tables look like T4; the first is read`, { key: 'T4' }));
}

function t4Values(table: Table): { values: Cell[]; label?: Cell } {
  let start = table.cells.findIndex((c) => c.text.replace(/\s+/g, '').includes('行政复议'));
  if (start < 0) start = 0;
  let last = -1;
  for (let i = start; i < table.cells.length; i++) {
    const t = table.cells[i].text;
    if (!isValueText(t) && T4_HEADER_LABELS.some((l) => containsLabel(t, l))) last = i;
  }
  const values: Cell[] = [];
  for (let j = last + 1; j < table.cells.length && values.length < T4_KEYS.length; j++) {
    if (!isValueText(table.cells[j].text)) break;
    values.push(table.cells[j]);
  }
  return { values, label: table.cells[last] };
}

/** Glued digit rows: read only where every reading that satisfies the identities agrees. */
function resolveGluedRows(glued: GluedRow[], gen: Generation | null, out: KeySpace) {
  const known = Object.fromEntries(Object.entries(out.values).filter(([k]) => out.statuses[k] !== 'missing'));
  const gluedKeys = new Set(glued.flatMap((g) => g.keys));
  const ids = identities(gen ?? '2019').map((id) => overSubRows(id, (k) => k in known || gluedKeys.has(k)));
  const res = resolveGlued(glued, known, ids);
  for (const g of glued) {
    const reading = res.readings.get(g);
    const raw = g.tokens.join(' ');
    const agreed = res.agreed.get(g);
    g.keys.forEach((key, i) => {
      const cell = { ...g.cells[Math.min(i, g.cells.length - 1)], text: raw };
      if (reading) out.set(cellRecord(key, cell, out.method, reading[i], 'derived', `segmentation of glued digits "${raw}": the only reading that satisfies the identities`));
      else if (agreed?.[i] != null) out.set(cellRecord(key, cell, out.method, agreed[i], 'derived', `segmentation of glued digits "${raw}": every reading that satisfies the identities has this cell`));
      else out.set(cellRecord(key, cell, out.method, null, 'unreadable'));
    });
    if (!reading) {
      const row = g.keys[0].replace(/\.[^.]+$/, '');
      const text = `${row}: glued digits "${raw}" have ${res.counts.get(g) ?? 0} readings that satisfy the identities; left unreadable`;
      out.messages.push(error('glued_ambiguous', text, { key: row, page: g.cells[0]?.prov.page, detail: raw }));
    }
  }
}

/** 2021: （六）其他处理 is the sum of its three sub-rows, unless the report printed it as one row (a hybrid). */
function deriveOtherHandling(out: KeySpace) {
  for (const col of T3_COLUMNS) {
    const key = `${OTHER_HANDLING}.${col}`;
    if (out.statuses[key] !== 'missing') continue;
    const parts = subRowsOf(key)!;
    if (parts.every((p) => out.statuses[p] === 'missing')) continue;
    const nums = parts.map((p) => out.values[p]);
    const value = nums.every((n) => n === null) ? null : nums.reduce<number>((a, n) => a + (n ?? 0), 0);
    out.set({
      key, value, raw: '', status: 'derived', page: null, bbox: null, method: out.cells[0]?.method ?? 'text',
      derivation: `sum of ${parts.join(' + ')}${nums.some((n) => n === null) && value !== null ? ' (blank sub-rows as 0)' : ''}`,
    });
  }
}

/** One warning per row not printed, not one per cell. In a hybrid 2021 report the （六） sub-rows are absent, not zero. */
function reportMissing(gen: Generation | null, out: KeySpace) {
  const rows = new Set<string>();
  for (const k of out.keys) {
    if (out.statuses[k] !== 'missing') continue;
    const parent = subRowParent(k);
    if (gen === '2021' && parent && out.statuses[parent] !== 'derived') continue;
    const row = k.replace(/\.[^.]+$/, '');
    if (rows.has(row)) continue;
    rows.add(row);
    out.messages.push(warning('row_missing', `${row}: row not printed`, { key: row }));
  }
}

function reportTablesNotFound(gen: Generation | null, found: TableExtraction['found'], messages: Message[]) {
  if (!gen && !found.T4) {
    messages.push(error('tables_not_found', 'no T2/T3/T4 table found'));
    return;
  }
  if (gen && !found.T2) messages.push(warning('table_not_found', 'T2 (主动公开) table not found', { key: 'T2' }));
  if (gen && !found.T3) messages.push(error('table_not_found', 'T3 (收到和处理申请) table not found', { key: 'T3' }));
  if (!found.T4) messages.push(error('table_not_found', 'T4 (行政复议、行政诉讼) table not found', { key: 'T4' }));
}
