/**
 * Reading a run of place names at the start of a string ("淮安市洪泽区民政局" -> 淮安市, 洪泽区 + "民政局").
 */
import { foldText } from '../../text/fold.js';
import { gazetteer, GENERIC_NAMES, type GazRecord } from './gazetteer-data.js';

export interface ChainPart {
  text: string;
  records: GazRecord[];
  short: boolean;
}

/**
 * Splits a leading run of place names off a string: "淮安市洪泽区民政局" -> [淮安市, 洪泽区] + "民政局".
 * Full names are matched longest-first. Short names ("洪泽") only where nothing else could be meant:
 * at the end of the string, before another place name, or before 人民政府/政府 — so "市中医院" is not
 * read as 市中(区).
 */
export function parseChain(input: string): { parts: ChainPart[]; rest: string } {
  const g = gazetteer();
  const s = foldText(input).replace(/\s+/g, '');
  const parts: ChainPart[] = [];
  let i = 0;
  outer: while (i < s.length) {
    for (let len = Math.min(g.maxLen, s.length - i); len >= 2; len--) {
      const piece = s.slice(i, i + len);
      const recs = g.byName.get(piece);
      if (recs && !(parts.length === 0 && GENERIC_NAMES.has(piece))) {
        parts.push({ text: piece, records: recs, short: false });
        i += len;
        continue outer;
      }
    }
    for (let len = Math.min(8, s.length - i); len >= 2; len--) {
      const piece = s.slice(i, i + len);
      const recs = g.byShort.get(piece);
      if (!recs) continue;
      const after = s.slice(i + len);
      const nextIsPlace = after.length > 0 && startsWithPlace(after);
      if (after === '' || nextIsPlace || /^(人民政府|政府)/.test(after)) {
        parts.push({ text: piece, records: recs, short: true });
        i += len;
        continue outer;
      }
    }
    break;
  }
  return { parts, rest: s.slice(i) };
}

function startsWithPlace(s: string): boolean {
  const g = gazetteer();
  for (let len = Math.min(g.maxLen, s.length); len >= 2; len--) {
    if (g.byName.has(s.slice(0, len))) return true;
  }
  for (let len = Math.min(8, s.length); len >= 2; len--) {
    if (g.byShort.has(s.slice(0, len))) return true;
  }
  return false;
}

/** The place names a chain part can stand for, matched against a record's province/city. */
