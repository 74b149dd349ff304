/**
 * The seeds file: one row per government or department, the URL of its 年报 column (list page).
 *   region_code,issuer,url[,family]
 * UTF-8 with a header row; `family` (trs | hanweb | gkmlpt | links) is detected from the page when empty.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';

export const FAMILIES = ['trs', 'hanweb', 'gkmlpt', 'links'] as const;
export type Family = (typeof FAMILIES)[number];

export interface Seed {
  region_code: string;
  issuer: string;
  url: string;
  family?: Family;
  /** 1-based line in the seeds file, for messages. */
  line: number;
}

export class SeedError extends Error {}

export async function readSeeds(file: string): Promise<Seed[]> {
  let rows: Record<string, string>[];
  try {
    rows = parse(await readFile(file), { columns: (h: string[]) => h.map((c) => c.trim().replace(/^\uFEFF/, '')), skip_empty_lines: true, trim: true, bom: true });
  } catch (e) {
    throw new SeedError(`${file}: not a readable seeds CSV (${(e as Error).message})`);
  }
  const seeds = rows.map((r, i) => toSeed(r, i + 2, file));
  if (!seeds.length) throw new SeedError(`${file}: no seeds (expected a header row region_code,issuer,url[,family] and one row per column URL)`);
  return seeds;
}

function toSeed(r: Record<string, string>, line: number, file: string): Seed {
  const where = `${file}:${line}`;
  if (!r.url) throw new SeedError(`${where}: no url`);
  let url: URL;
  try {
    url = new URL(r.url);
  } catch {
    throw new SeedError(`${where}: "${r.url}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SeedError(`${where}: only http and https URLs are crawled, not ${url.protocol}`);
  if (r.region_code && !/^\d{6}$/.test(r.region_code)) throw new SeedError(`${where}: region_code "${r.region_code}" is not a 6-digit GB/T 2260 code`);
  const family = r.family ? (r.family.toLowerCase() as Family) : undefined;
  if (family && !FAMILIES.includes(family)) throw new SeedError(`${where}: family "${r.family}" is not one of ${FAMILIES.join(', ')}`);
  return { region_code: r.region_code ?? '', issuer: r.issuer ?? '', url: url.href, ...(family ? { family } : {}), line };
}
