/**
 * The table stage: finds T2/T3/T4 among the document's tables, reads every templated value with
 * its provenance, and decides the template generation from what is printed.
 */
import type { Cell, DocumentModel, ReadMethod, Table } from '../../model/document.js';
import { tables } from '../../model/document.js';
import type { CellRecord, TemplateId } from '../../model/record.js';
import { T2, T3, templateKeys } from '../templates/index.js';
import { identities, overSubRows } from '../templates/identities.js';
import { OTHER_HANDLING_SUBROWS, T3_COLUMNS } from '../templates/t3.js';
import { T4_HEADER_LABELS, T4_KEYS } from '../templates/t4.js';
import type { Generation } from '../templates/types.js';
import { classifyTable } from './classify.js';
import { containsLabel } from './labels.js';
import { emptyMatches, matchRows, type RowHit } from './rows.js';
import { resolveGlued, type GluedRow } from './glued.js';
import { isValueText, parseValue, toKeyUnit } from './values.js';

export type KeyStatus = CellRecord['status'] | 'missing';

export interface TableExtraction {
  template: TemplateId;
  values: Record<string, number | null>;
  statuses: Record<string, KeyStatus>;
  cells: CellRecord[];
  errors: string[];
  warnings: string[];
  found: { T2: number; T3: number; T4: number };
}

function cellRecord(key: string, cell: Cell, method: ReadMethod, value: number | null, status: CellRecord['status'], derivation?: string): CellRecord {
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
  };
}

/** The unit a money column states in its header, e.g. 采购总金额（元）. */
function headerMoneyUnit(table: Table): '万元' | '元' | undefined {
  const m = /金额\s*[（(]\s*(?:单位\s*[:：]\s*)?(万元|元)\s*[)）]/.exec(table.cells.map((c) => c.text).join('|').normalize('NFKC').replace(/\s+/g, ''));
  return (m?.[1] as '万元' | '元' | undefined) ?? undefined;
}

/** The T4 data row: the value cells after the last header label. */
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

export function extractTables(doc: DocumentModel): TableExtraction {
  const errors: string[] = [];
  const warnings: string[] = [];
  const cells: CellRecord[] = [];
  const all = tables(doc).map((t) => ({ t, kind: classifyTable(t) }));
  const t2Tables = all.filter((x) => x.kind.T2 && !x.kind.T3);
  const t3Tables = all.filter((x) => x.kind.T3);
  const t4Tables = all.filter((x) => x.kind.T4 && !x.kind.T3);
  const found = { T2: t2Tables.length, T3: t3Tables.length, T4: t4Tables.length };

  // The generation is what T2 prints; T3's （六） sub-rows decide when T2 is missing.
  const t2Votes = t2Tables.map((x) => x.kind.T2);
  const gen: Generation | null =
    t2Votes.length > 0
      ? t2Votes.filter((g) => g === '2021').length >= t2Votes.filter((g) => g === '2019').length
        ? '2021'
        : '2019'
      : t3Tables.length > 0
        ? t3Tables.some((x) => x.kind.T3gen2021)
          ? '2021'
          : '2019'
        : null;
  if (t2Votes.length > 1 && new Set(t2Votes).size > 1) warnings.push(`T2 sub-tables print both generations' labels; read as ${gen}`);

  const keys = gen ? templateKeys(gen) : t4Tables.length ? [...T4_KEYS] : [];
  const values: Record<string, number | null> = Object.fromEntries(keys.map((k) => [k, null]));
  const statuses: Record<string, KeyStatus> = Object.fromEntries(keys.map((k) => [k, 'missing' as KeyStatus]));
  const set = (rec: CellRecord) => {
    if (!(rec.key in values)) return;
    values[rec.key] = rec.value;
    statuses[rec.key] = rec.status;
    cells.push(rec);
  };

  /** One printed cell into its key; money converted when the key names a unit. */
  const readCell = (key: string, cell: Cell, money?: { keyUnit: '10k_yuan' | 'yuan'; headerUnit?: '万元' | '元' }) => {
    const p = parseValue(cell.text);
    const value = p.value !== null && money ? toKeyUnit(p.value, p.unit, money.keyUnit, money.headerUnit) : p.value;
    if (p.status === 'unreadable') errors.push(`${key}: cannot read "${cell.text}" (page ${cell.prov.page})`);
    set(cellRecord(key, cell, doc.method, value, p.status));
  };
  const readRow = (hit: RowHit, unitOf: (t: Cell) => '万元' | '元' | undefined) =>
    hit.row.columns.forEach((col, i) => {
      const cell = hit.values[i];
      const money = hit.row.unit && col.startsWith('amount') ? { keyUnit: hit.row.unit, headerUnit: unitOf(cell) } : undefined;
      readCell(`${hit.row.key}.${col}`, cell, money);
    });

  const glued: GluedRow[] = [];
  const collect = (matches: ReturnType<typeof emptyMatches>, unitOf: (c: Cell) => '万元' | '元' | undefined) => {
    for (const hit of matches.full.values()) readRow(hit, unitOf);
    for (const [key, hit] of matches.partial) {
      if (matches.full.has(key)) continue;
      const tokens = hit.values.map((v) => v.text.replace(/\s+/g, ''));
      if (tokens.every((t) => /^\d+$/.test(t)) && tokens.join('').length >= hit.row.columns.length) {
        glued.push({ keys: hit.row.columns.map((c) => `${hit.row.key}.${c}`), tokens, cells: hit.values });
      } else {
        errors.push(`${key}: found ${hit.values.length} of ${hit.row.columns.length} values after "${hit.label.text}" (page ${hit.label.prov.page})`);
      }
    }
    for (const d of matches.duplicates) warnings.push(`${d}: printed more than once; the first is kept`);
  };

  if (gen) {
    // T2: each sub-table in its own generation (stale mixes exist), all into one key space.
    const t2Matches = emptyMatches();
    const unitByCell = new Map<Cell, '万元' | '元' | undefined>();
    for (const { t, kind } of t2Tables) {
      const rows = T2.rows.filter((r) => r.generations.includes(kind.T2 ?? gen));
      matchRows(t, rows, [], t2Matches, {});
      const unit = headerMoneyUnit(t);
      for (const c of t.cells) unitByCell.set(c, unit);
    }
    collect(t2Matches, (c) => unitByCell.get(c));

    const t3Matches = emptyMatches();
    const state = {};
    const t3Rows = T3.rows.filter((r) => r.generations.includes(gen));
    for (const { t } of t3Tables) matchRows(t, t3Rows, T3.groups, t3Matches, state);
    collect(t3Matches, () => undefined);
  }

  for (const { t } of t4Tables.slice(0, 1)) {
    const { values: v, label } = t4Values(t);
    if (v.length === T4_KEYS.length) {
      v.forEach((cell, i) => readCell(T4_KEYS[i], cell));
    } else if (v.length && v.every((c) => /^\d+$/.test(c.text.replace(/\s+/g, '')))) {
      glued.push({ keys: [...T4_KEYS], tokens: v.map((c) => c.text.replace(/\s+/g, '')), cells: v });
    } else {
      errors.push(`T4: found ${v.length} of ${T4_KEYS.length} values after "${label?.text ?? ''}" (page ${t.prov.page})`);
    }
  }
  if (t4Tables.length > 1) warnings.push(`${t4Tables.length} tables look like T4; the first is read`);

  if (glued.length) {
    const known = Object.fromEntries(Object.entries(values).filter(([k]) => statuses[k] !== 'missing'));
    const gluedKeys = new Set(glued.flatMap((g) => g.keys));
    const ids = identities(gen ?? '2019').map((id) => overSubRows(id, (k) => k in known || gluedKeys.has(k)));
    const res = resolveGlued(glued, known, ids);
    for (const g of glued) {
      const reading = res.readings.get(g);
      const raw = g.tokens.join(' ');
      g.keys.forEach((key, i) => {
        const cell = g.cells[Math.min(i, g.cells.length - 1)];
        if (reading) set(cellRecord(key, { ...cell, text: raw }, doc.method, reading[i], 'derived', `segmentation of glued digits "${raw}": the only reading that satisfies the identities`));
        else set(cellRecord(key, { ...cell, text: raw }, doc.method, null, 'unreadable'));
      });
      if (!reading) errors.push(`${g.keys[0].replace(/\.[^.]+$/, '')}: glued digits "${raw}" have ${res.counts.get(g) ?? 0} readings that satisfy the identities; left unreadable`);
    }
  }

  if (gen === '2021') deriveOtherHandling(values, statuses, cells);
  for (const k of keys) if (statuses[k] === 'missing' && !isOptionalAbsent(k, gen, statuses)) warnings.push(`${k}: not printed`);

  if (!gen && !t4Tables.length) errors.push('no T2/T3/T4 table found');
  else {
    if (gen && !t2Tables.length) warnings.push('T2 (主动公开) table not found');
    if (gen && !t3Tables.length) errors.push('T3 (收到和处理申请) table not found');
    if (!t4Tables.length) errors.push('T4 (行政复议、行政诉讼) table not found');
  }
  return { template: gen ?? 'unknown', values, statuses, cells, errors, warnings: dedupeMissing(warnings), found };
}

/** 2021: （六）其他处理 is the sum of its three sub-rows, unless the report printed it as one row (a hybrid). */
function deriveOtherHandling(values: TableExtraction['values'], statuses: TableExtraction['statuses'], cells: CellRecord[]) {
  for (const col of T3_COLUMNS) {
    const key = `requests.other_handling.${col}`;
    if (statuses[key] !== 'missing') continue;
    const parts = OTHER_HANDLING_SUBROWS.map((s) => `requests.other_handling.${s}.${col}`);
    if (parts.every((p) => statuses[p] === 'missing')) continue;
    const nums = parts.map((p) => values[p]);
    const value = nums.every((n) => n === null) ? null : nums.reduce<number>((a, n) => a + (n ?? 0), 0);
    values[key] = value;
    statuses[key] = 'derived';
    cells.push({
      key, value, raw: '', status: 'derived', page: null, bbox: null, method: cells[0]?.method ?? 'text',
      derivation: `sum of ${parts.join(' + ')}${nums.some((n) => n === null) && value !== null ? ' (blank sub-rows as 0)' : ''}`,
    });
  }
}

/** In a hybrid 2021 report the three sub-rows of （六） are absent, not zero: no warning for them. */
function isOptionalAbsent(key: string, gen: Generation | null, statuses: TableExtraction['statuses']): boolean {
  const m = /^requests\.other_handling\.(overdue_correction|unpaid_fee|other)\.(\w+)$/.exec(key);
  return !!m && gen === '2021' && statuses[`requests.other_handling.${m[2]}`] !== 'derived';
}

/** One warning per missing row, not one per cell. */
function dedupeMissing(warnings: string[]): string[] {
  const out: string[] = [];
  const seenRows = new Set<string>();
  for (const w of warnings) {
    const m = /^(.+)\.[a-z_0-9]+: not printed$/.exec(w);
    if (!m) out.push(w);
    else if (!seenRows.has(m[1])) {
      seenRows.add(m[1]);
      out.push(`${m[1]}: row not printed`);
    }
  }
  return out;
}
