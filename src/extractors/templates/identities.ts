/**
 * The identities a report's tables must satisfy (codebook §3), as data: sum(left) = sum(right).
 * Checks evaluate them; the segmentation of glued digits uses them to pick the only reading that fits.
 */
import { subRowsOf, T3, T3_COLUMNS, T3_OUTCOME_ROWS } from './t3.js';
import { T4_COLUMNS, T4_GROUPS } from './t4.js';
import type { Generation } from './types.js';

export interface Identity {
  rule: string;
  left: string[];
  right: string[];
}

/** A sum of printed numbers, rounded so that money in 万元 with decimals compares exactly. */
export function sum(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return Math.round(s * 1e6) / 1e6;
}

/**
 * Does sum(left) = sum(right) hold? undefined when a value it needs is unknown (`valueOf` returns
 * undefined). The one place the sum is taken: checks, glued-digit segmentation and OCR flags.
 */
export function holds(id: Identity, valueOf: (key: string) => number | undefined): boolean | undefined {
  let l = 0;
  let r = 0;
  for (const k of id.left) {
    const v = valueOf(k);
    if (v === undefined) return undefined;
    l += v;
  }
  for (const k of id.right) {
    const v = valueOf(k);
    if (v === undefined) return undefined;
    r += v;
  }
  return Math.round(l * 1e6) === Math.round(r * 1e6);
}

const APPLICANTS = T3_COLUMNS.filter((c) => c !== 'total');

export function identities(gen: Generation): Identity[] {
  const out: Identity[] = [];
  for (const col of T3_COLUMNS) {
    out.push({
      rule: `requests.balance.${col}`,
      left: [`requests.received.${col}`, `requests.carried_over.${col}`],
      right: [`requests.total.${col}`, `requests.carried_forward.${col}`],
    });
  }
  for (const row of T3.rows.filter((r) => r.generations.includes(gen))) {
    const name = row.key.replace(/^requests\./, '');
    out.push({
      rule: `requests.row_sum.${name}`,
      left: [`${row.key}.total`],
      right: APPLICANTS.map((c) => `${row.key}.${c}`),
    });
  }
  for (const col of T3_COLUMNS) {
    out.push({
      rule: `requests.outcome_sum.${col}`,
      left: [`requests.total.${col}`],
      right: T3_OUTCOME_ROWS.map((r) => `requests.${r}.${col}`),
    });
  }
  for (const g of T4_GROUPS) {
    out.push({
      rule: `reviews.group_sum.${g}`,
      left: [`${g}.total`],
      right: T4_COLUMNS.filter((c) => c !== 'total').map((c) => `${g}.${c}`),
    });
  }
  return out;
}

/**
 * Before （六）其他处理 is derived from its sub-rows (2021), an identity naming it is stated over the
 * sub-rows instead, so glued-digit readings can already be tested against it.
 */
export function overSubRows(id: Identity, isKnown: (key: string) => boolean): Identity {
  const expand = (keys: string[]) => keys.flatMap((k) => (isKnown(k) ? [k] : (subRowsOf(k) ?? [k])));
  return { rule: id.rule, left: expand(id.left), right: expand(id.right) };
}
