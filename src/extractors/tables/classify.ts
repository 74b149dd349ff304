/** Which official table a table is, and which generation: decided per table from its labels, never by year. */
import type { Table } from '../../model/document.js';
import { T2, T3, T4 } from '../templates/index.js';
import type { Generation } from '../templates/types.js';
import { normalizeLabel } from './labels.js';

export interface TableKind {
  T2: Generation | null;
  T3: boolean;
  T3gen2021: boolean;
  T4: boolean;
}

export function tableText(table: Table): string {
  return normalizeLabel(table.cells.map((c) => c.text).join('|'));
}

const has = (text: string, marker: string) => text.includes(normalizeLabel(marker));
const count = (text: string, markers: string[] = []) => markers.filter((m) => has(text, m)).length;

export function classifyTable(table: Table): TableKind {
  const text = tableText(table);
  const t2021 = count(text, T2.markers['2021']);
  const t2019 = count(text, T2.markers['2019']);
  const t3rows = T3.rows.filter((r) => r.labels.some((l) => normalizeLabel(l).length >= 4 && has(text, l))).length;
  return {
    T2: t2021 + t2019 === 0 ? null : t2021 >= t2019 ? '2021' : '2019',
    T3: count(text, T3.markers.any) > 0 || t3rows >= 3,
    T3gen2021: count(text, T3.markers['2021']) > 0,
    T4: (T4.requires ?? []).some((set) => count(text, set) === set.length),
  };
}
