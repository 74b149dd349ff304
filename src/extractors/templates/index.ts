import { T2 } from './t2.js';
import { T3, T3_COLUMNS } from './t3.js';
import { T4, T4_KEYS } from './t4.js';
import type { Generation } from './types.js';

export { T2, T3, T4 };
export type { Generation, RowSpec, TableTemplate } from './types.js';

/** Every value key a report of this generation defines, in codebook order (T2, T3, T4). */
export function templateKeys(gen: Generation): string[] {
  const t2 = T2.rows.filter((r) => r.generations.includes(gen)).flatMap((r) => r.columns.map((c) => `${r.key}.${c}`));
  const t3 = T3.rows
    .filter((r) => r.generations.includes(gen))
    .flatMap((r) => T3_COLUMNS.map((c) => `${r.key}.${c}`));
  return [...new Set([...t2, ...t3, ...T4_KEYS])];
}
