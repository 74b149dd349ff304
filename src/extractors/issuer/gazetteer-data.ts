/**
 * The shipped gazetteer (data/gazetteer/gazetteer.json, built by scripts/build-gazetteer.ts; see its
 * SOURCE.md) loaded once, indexed by code, full name and short name; plus the naming helpers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Level = 'province' | 'prefecture' | 'county';

export interface GazRecord {
  code: string;
  name: string;
  level: Level;
  province: string;
  /** Prefecture the unit belonged to in this record's lifetime; null for provinces and "直辖" units. */
  city: string | null;
  from: number;
  /** Exclusive; null while in use. */
  to: number | null;
  successors: string[];
}

export interface Region {
  code: string;
  name: string;
  province: string;
  city: string | null;
  level: Level;
  /** Set when the answer needed an inference a reader should know about (alias, rename). */
  note?: string;
}

export interface Candidate extends Region {
  from: number;
  to: number | null;
}

export type Resolution = Region | { candidates: Candidate[]; reason: string };

export function isResolved(r: Resolution): r is Region {
  return 'code' in r;
}

export interface Alias {
  alias: string;
  code: string;
  relation: 'same_territory' | 'parent';
  from: number;
  note: string;
}

/** Two-character names that are generic words as well ("城区", "郊区"): never the start of a place chain. */
export const GENERIC_NAMES = new Set(['郊区', '城区', '东区', '西区', '南区', '北区', '中区', '矿区', '新区', '市区']);

/** Provinces whose short form is not "name minus suffix". */
const PROVINCE_SHORT: Record<string, string> = {
  内蒙古自治区: '内蒙古', 广西壮族自治区: '广西', 西藏自治区: '西藏', 宁夏回族自治区: '宁夏',
  新疆维吾尔自治区: '新疆', 香港特别行政区: '香港', 澳门特别行政区: '澳门',
};

/** "洪泽区" -> "洪泽", "长阳土家族自治县" -> "长阳", "江苏省" -> "江苏"; null when that leaves < 2 characters. */
export function shortName(name: string, level: Level): string | null {
  if (level === 'province' && PROVINCE_SHORT[name]) return PROVINCE_SHORT[name];
  const ethnic = /^(.{2,}?)(?:[^族]{1,6}族)+自治(?:县|州|旗)$/.exec(name);
  const s = ethnic ? ethnic[1] : name.replace(/(?:地区|林区|特区|矿区|省|市|县|区|旗|盟)$/, '');
  return s.length >= 2 && s !== name ? s : null;
}

export function validIn(r: { from: number; to: number | null }, year: number): boolean {
  return r.from <= year && (r.to === null || year < r.to);
}

export class Gazetteer {
  readonly records: GazRecord[];
  readonly byCode = new Map<string, GazRecord[]>();
  readonly byName = new Map<string, GazRecord[]>();
  readonly byShort = new Map<string, GazRecord[]>();
  readonly aliases: Alias[];
  readonly maxLen: number;

  constructor(records: GazRecord[], aliases: Alias[]) {
    this.records = records;
    this.aliases = aliases;
    let maxLen = 0;
    for (const r of records) {
      push(this.byCode, r.code, r);
      push(this.byName, r.name, r);
      const s = shortName(r.name, r.level);
      if (s) push(this.byShort, s, r);
      maxLen = Math.max(maxLen, r.name.length);
    }
    this.maxLen = maxLen;
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

let cached: Gazetteer | null = null;

/** Finds data/gazetteer from the source tree or from dist/ (the module sits 2 or 3 levels below the root). */
function gazetteerDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'data', 'gazetteer');
    if (existsSync(join(candidate, 'gazetteer.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('data/gazetteer/gazetteer.json not found: run `npx tsx scripts/build-gazetteer.ts ../shared/data/areacodes/result.csv`');
}

/** Loads the shipped gazetteer once per process. */
export function gazetteer(): Gazetteer {
  if (cached) return cached;
  const dir = gazetteerDir();
  const raw = JSON.parse(readFileSync(join(dir, 'gazetteer.json'), 'utf8')) as { columns: string[]; rows: unknown[][] };
  const col = (name: string) => raw.columns.indexOf(name);
  const [c, n, l, p, ci, f, t, s] = ['code', 'name', 'level', 'province', 'city', 'from', 'to', 'successors'].map(col);
  const records = raw.rows.map((row) => ({
    code: row[c] as string, name: row[n] as string, level: row[l] as Level, province: row[p] as string,
    city: row[ci] as string | null, from: row[f] as number, to: row[t] as number | null, successors: row[s] as string[],
  }));
  const aliases = (JSON.parse(readFileSync(join(dir, 'aliases.json'), 'utf8')) as { aliases: Alias[] }).aliases;
  cached = new Gazetteer(records, aliases);
  return cached;
}
