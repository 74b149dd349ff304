/**
 * Region names -> GB/T 2260 codes, as of a given year, from the shipped gazetteer.
 *
 * The rule throughout: never return a code we are not sure of. Ambiguity comes back as
 * `{ candidates }` for the caller to report.
 */
import { foldText } from '../../text/fold.js';
import { gazetteer, shortName, validIn, type Candidate, type GazRecord, type Region, type Resolution } from './gazetteer-data.js';
import { parseChain, type ChainPart } from './chain.js';

export { gazetteer, shortName, validIn, isResolved } from './gazetteer-data.js';
export type { Candidate, GazRecord, Level, Region, Resolution } from './gazetteer-data.js';
export { parseChain, type ChainPart } from './chain.js';

function matchesParent(part: ChainPart, r: GazRecord): boolean {
  return part.records.some((p) => {
    if (p.level === 'province') return p.name === r.province;
    if (p.level === 'prefecture') return p.name === r.city;
    return false;
  });
}

function toRegion(r: GazRecord, note?: string): Region {
  return { code: r.code, name: r.name, province: r.province, city: r.city, level: r.level, ...(note ? { note } : {}) };
}

function toCandidate(r: GazRecord): Candidate {
  return { ...toRegion(r), from: r.from, to: r.to };
}

function uniqueByCode(rs: GazRecord[]): GazRecord[] {
  const seen = new Map<string, GazRecord>();
  for (const r of rs) {
    const prev = seen.get(r.code);
    // Same code, several records (renames): keep the latest one.
    if (!prev || r.from > prev.from) seen.set(r.code, r);
  }
  return [...seen.values()];
}

function count(hay: string, needle: string | null): number {
  if (!needle || needle.length < 2) return 0;
  let n = 0;
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) n++;
  return n;
}

/**
 * Picks the candidate the document's own text points at. Evidence in tiers, strongest first:
 * 1. "<city><name>" written out ("南京市鼓楼区", "南京鼓楼区"; province for units without a city);
 * 2. mentions of the candidate's city (or, without one, its province);
 * 3. mentions of its province.
 * At the first tier with any evidence the leader must be clear — score ≥ 2 × runner-up + 1 — or we
 * give up: a report from 南京 that mentions 徐州 once still resolves, one that names both equally does not.
 */
function disambiguate(cands: GazRecord[], context: string): GazRecord | null {
  const ctx = foldText(context).replace(/\s+/g, '');
  const parentOf = (r: GazRecord) => r.city ?? (r.level === 'province' ? null : r.province);
  const tiers: ((r: GazRecord) => number)[] = [
    (r) => {
      const parent = parentOf(r);
      if (!parent) return 0;
      const parentShort = shortName(parent, r.city ? 'prefecture' : 'province');
      const nameShort = shortName(r.name, r.level);
      return count(ctx, parent + r.name) + (parentShort ? count(ctx, parentShort + r.name) : 0)
        + (nameShort ? count(ctx, parent + nameShort) : 0);
    },
    (r) => {
      const parent = parentOf(r);
      if (!parent) return 0;
      return count(ctx, shortName(parent, r.city ? 'prefecture' : 'province') ?? parent);
    },
    (r) => count(ctx, shortName(r.province, 'province') ?? r.province),
  ];
  for (const score of tiers) {
    const scored = cands.map((r) => ({ r, s: score(r) })).sort((a, b) => b.s - a.s);
    if (scored[0].s === 0) continue;
    const second = scored[1]?.s ?? 0;
    return scored[0].s >= 2 * second + 1 ? scored[0].r : null;
  }
  return null;
}

/** Follows 新代码 from a record that ended before `year` to the unit that carried on (洪泽县 -> 洪泽区). */
function successorIn(r: GazRecord, year: number, depth = 0): GazRecord | null {
  if (depth > 4 || r.to === null || r.to > year) return null;
  const g = gazetteer();
  const ends = r.successors.filter((s) => !s.includes('['));
  if (ends.length !== 1) return null; // split up or merged: no single heir
  const next = (g.byCode.get(ends[0]) ?? []).filter((x) => x.from <= year);
  const now = next.find((x) => validIn(x, year));
  if (now) return now;
  const latest = next.sort((a, b) => b.from - a.from)[0];
  return latest ? successorIn(latest, year, depth + 1) : null;
}

function resolveAlias(s: string, year: number | null): Resolution | null {
  const g = gazetteer();
  const a = g.aliases.find((x) => s.includes(x.alias));
  if (!a) return null;
  const recs = (g.byCode.get(a.code) ?? []).filter((r) => year === null || validIn(r, year));
  const r = uniqueByCode(recs)[0];
  if (!r) return { candidates: [], reason: `alias ${a.alias} -> ${a.code} has no record valid in ${year}` };
  const how = a.relation === 'parent' ? 'nearest coded unit containing it' : 'same territory';
  return toRegion(r, `alias: ${a.alias} has no code of its own; ${a.code} ${r.name} (${how})`);
}

/**
 * Resolves a place name ("洪泽区", "洪泽", "淮安市洪泽区", "江苏省淮安市", "平潭综合实验区") to the code valid
 * in `year` (null = any year, unique code required). `context` (usually the whole document text)
 * disambiguates names several places share (鼓楼区, 新华区). Trailing non-place text is ignored.
 */
export function resolveRegion(name: string, year: number | null, context = ''): Resolution {
  const alias = resolveAlias(foldText(name), year);
  if (alias) return alias;
  const { parts } = parseChain(name);
  if (parts.length === 0) return { candidates: [], reason: `"${name}" names no place in the gazetteer (GB/T 2260 codes, county level and above, 1981–2024)` };
  const last = parts[parts.length - 1];
  const parents = parts.slice(0, -1);
  const all = last.records.filter((r) => parents.every((p) => matchesParent(p, r)));
  if (all.length === 0) return { candidates: last.records.map(toCandidate), reason: `"${name}": no ${last.text} under ${parents.map((p) => p.text).join('')}` };

  let pool = year === null ? all : all.filter((r) => validIn(r, year));
  if (pool.length === 0 && year !== null) {
    // The name no longer existed in that year: follow the change record to a single heir, and say so.
    const heirs = uniqueByCode(all.map((r) => successorIn(r, year)).filter((r): r is GazRecord => r !== null));
    if (heirs.length === 1) {
      const old = all.find((r) => successorIn(r, year)?.code === heirs[0].code)!;
      return toRegion(heirs[0], `${old.name} (${old.code}) ended in ${old.to}; ${heirs[0].name} (${heirs[0].code}) took over`);
    }
    return { candidates: uniqueByCode(all).map(toCandidate), reason: `"${name}" was not in use in ${year}` };
  }
  pool = uniqueByCode(pool);
  if (pool.length === 1) return toRegion(pool[0]);
  const chosen = disambiguate(pool, context);
  if (chosen) return toRegion(chosen);
  const when = year === null ? '' : ` in ${year}`;
  return { candidates: pool.map(toCandidate), reason: `"${name}" is ambiguous${when}` };
}

/** Human-readable list for error messages: "320106 江苏省南京市鼓楼区, 320302 江苏省徐州市鼓楼区". */
export function describeCandidates(cands: Candidate[]): string {
  return cands.map((c) => `${c.code} ${c.province}${c.city && c.city !== c.name ? c.city : ''}${c.name === c.province ? '' : c.name}`).join(', ');
}
