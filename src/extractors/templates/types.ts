/** Templates are data: the official labels, their accepted variants, and the keys they map to. */

import type { TemplateId } from '../../model/record.js';

/** The national table generations (the record's template values other than pre2019 and unknown). */
export type Generation = Extract<TemplateId, '2019' | '2021'>;

export interface RowSpec {
  /** Key prefix, e.g. "requests.withheld.state_secret" or "active.rules". */
  key: string;
  /** Official label and accepted variants, compared after normalizeLabel(). */
  labels: string[];
  /** Column suffixes this row fills, in printed order (e.g. ["issued","repealed","in_force"]). */
  columns: string[];
  /** The group label this row sits under; a row with a group only matches inside that group. */
  group?: string;
  /** Which template generations print this row. */
  generations: Generation[];
  /** Unit of money values in this row, when the key names one. */
  unit?: '10k_yuan' | 'yuan';
}

export interface GroupSpec {
  key: string;
  labels: string[];
}

export interface TableTemplate {
  id: 'T2' | 'T3' | 'T4';
  /** Labels whose presence marks a table as this one, per generation ("any" = both). */
  markers: Partial<Record<Generation | 'any', string[]>>;
  /** Label sets of which one, printed whole, marks the table (for a table without row labels). */
  requires?: string[][];
  groups: GroupSpec[];
  rows: RowSpec[];
}
