/**
 * Finding the place a name belongs to when the title leaves it out ("民政局2020年…"): the same name
 * written with its place elsewhere in the text ("现将昌乐县民政局…", a signature "昌乐县民政局").
 */
import { parseChain } from './gazetteer.js';

/** How far before the name a place chain may start ("江苏省淮安市洪泽区" is 9 characters). */
const WINDOW = 24;

/** The longest run of place names ending exactly at `end` in `text`, or null. */
function placeEndingAt(text: string, end: number): string | null {
  const start = Math.max(0, end - WINDOW);
  for (let k = start; k <= end - 2; k++) {
    const piece = text.slice(k, end);
    const { parts, rest } = parseChain(piece);
    if (parts.length > 0 && rest === '') return piece;
  }
  return null;
}

/**
 * Every distinct place prefix written directly before `bare` in `text`
 * ("民政局" in "…现将昌乐县民政局2020年…" -> "昌乐县"). Longest prefixes first.
 */
export function placesBefore(text: string, bare: string): string[] {
  const found = new Set<string>();
  if (!bare) return [];
  for (let i = text.indexOf(bare); i >= 0; i = text.indexOf(bare, i + bare.length)) {
    const p = placeEndingAt(text, i);
    if (p) found.add(p);
  }
  return [...found].sort((a, b) => b.length - a.length);
}
