/**
 * Who issued a report, and which year it covers (domain.md §5, codebook §1 `issuer`, `year`).
 *
 * Issuer: from the title; when the title has none, from the introduction ("现将…") and then the
 * signature block. A name without a place ("民政局") gets its place from the same name written out
 * elsewhere in the text. Region: the GB/T 2260 code of the issuer's government, valid in the report
 * year (昌乐县民政局 -> 370725). When the code is not certain it stays null and `errors` lists the
 * candidates — a wrong code is worse than none.
 */
import { textLines, type DocumentModel } from '../../model/document.js';
import { error, warning, type Message } from '../../model/messages.js';
import { EMPTY_ISSUER, type Issuer, type ReportRecord } from '../../model/record.js';
import { compactText } from '../../text/fold.js';
import { describeCandidates, isResolved, parseChain, resolveRegion } from './gazetteer.js';
import { findTitle, looksLikeOrg, parseTitleText, type Line, type TitleParse } from './title.js';
import { resolveYear } from './year.js';
import { issuerType } from './type.js';
import { placesBefore } from './place.js';

export { resolveRegion } from './gazetteer.js';

export interface IssuerResult {
  issuer: Issuer;
  year: number | null;
  messages: Message[];
}

/** Step: who published the report, and which year it covers. */
export function readIssuer(doc: DocumentModel, rec: ReportRecord): void {
  const r = extractIssuer(doc);
  rec.issuer = r.issuer;
  rec.year = r.year;
  rec.issues.push(...r.messages);
}

/** Lines after the title that count as the introduction, and lines at the end that count as the signature. */
const INTRO_LINES = 6;
const SIGNATURE_LINES = 8;

/** "现将昌乐县民政局2020年政府信息公开工作年度报告公布如下". */
const INTRO_ISSUER = /现将(.{2,40}?)(?:(?:\d{4}|[〇零一二三四五六七八九]{4})年度?)?(?:的)?(?:政府)?(?:信息公开|政务公开)(?:工作)?(?:年度)?报告/;
const DATE_LINE = /^(\d{4}|[〇零一二三四五六七八九]{4})年\d{1,2}月\d{1,2}日$|^[〇零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日$/;

/** "昌乐县人民政府2020年政府信息公开工作年度报告_昌乐县人民政府门户网站": drops the site suffix. */
function titleFromMetadata(meta: string | undefined): TitleParse | null {
  if (!meta) return null;
  const t = compactText(meta).split(/[_|｜]| - |—/)[0];
  if (!/(信息公开|政务公开).{0,8}?(报告|年报)/.test(t)) return null;
  const { issuerText, year } = parseTitleText(t);
  return { title: t, issuerText, year, first: -1, last: -1 };
}

function fromIntro(intro: string): string | null {
  const m = INTRO_ISSUER.exec(intro);
  if (!m || /^(本|我)/.test(m[1])) return null;
  return m[1].replace(/^《/, '');
}

function fromSignature(lines: Line[]): string | null {
  for (let i = lines.length - 1; i >= Math.max(0, lines.length - SIGNATURE_LINES); i--) {
    const t = lines[i].text;
    if (DATE_LINE.test(t)) continue;
    if (looksLikeOrg(t)) return t;
  }
  return null;
}

/**
 * Gives a place-less name its place from the text: intro first, then signature, then anywhere;
 * only when every spelling found points at one code.
 */
function addPlace(bare: string, areas: string[], year: number | null): { name: string | null; note?: string } {
  for (const area of areas) {
    const prefixes = placesBefore(area, bare);
    if (prefixes.length === 0) continue;
    const codes = new Set<string>();
    for (const p of prefixes) {
      const r = resolveRegion(p, year, area);
      codes.add(isResolved(r) ? r.code : `?${p}`);
    }
    if (codes.size === 1) return { name: prefixes[0] + bare };
    return { name: null, note: `places written before "${bare}" disagree: ${prefixes.join(', ')}` };
  }
  return { name: null };
}

export function extractIssuer(doc: DocumentModel): IssuerResult {
  const lines: Line[] = textLines(doc)
    .map((l) => ({ text: compactText(l.text), page: l.prov.page }))
    .filter((l) => l.text.length > 0);
  const body = lines.map((l) => l.text).join('\n');


  // The title line in the text first; the format's own title (HTML <title>, PDF metadata) when there is none.
  const title = findTitle(lines) ?? titleFromMetadata(doc.title);
  const afterTitle = title ? title.last + 1 : 0;
  const intro = lines.slice(afterTitle, afterTitle + INTRO_LINES).map((l) => l.text).join('');
  const signature = lines.slice(-SIGNATURE_LINES).map((l) => l.text).join('\n');

  const yr = resolveYear(title?.year ?? null, body);
  const messages = yr.messages;
  const year = yr.year;

  let raw = title?.issuerText ?? '';
  if (!title) messages.push(warning('issuer_no_title', 'issuer: no title line found among the first lines', { key: 'issuer' }));
  if (!raw) {
    // The page's own 发布机构 (a crawler header, a portal's metas) before guessing from the text.
    const publisher = doc.origin?.publisher ? compactText(doc.origin.publisher) : '';
    const [from, found] = looksLikeOrg(publisher)
      ? ["page's 发布机构", publisher]
      : fromIntro(intro)
        ? ['introduction', fromIntro(intro)!]
        : ['signature', fromSignature(lines) ?? ''];
    raw = found;
    if (raw) messages.push(warning('issuer_from_text', `issuer: not in the title; taken from the ${from}: ${raw}`, { key: 'issuer' }));
  }
  if (!raw) {
    messages.push(error('issuer_not_found', 'issuer: no issuer name in the title, introduction or signature', { key: 'issuer' }));
    return { issuer: { ...EMPTY_ISSUER }, year, messages };
  }

  let name = raw;
  let { parts, rest } = parseChain(name);
  if (parts.length === 0) {
    // "市民政局": the leading 市/县/区 is the level, not a place; look for the place in the text.
    const bare = name.length > 3 ? name.replace(/^(本|省|市|县|区|州|旗)/, '') : name;
    const placed = addPlace(bare, [intro, signature, body], year);
    if (placed.name) {
      messages.push(warning('place_from_text', `issuer: title names no place; "${placed.name}" found in the text`, { key: 'issuer' }));
      name = placed.name;
      ({ parts, rest } = parseChain(name));
    } else if (placed.note) {
      messages.push(error('region_unresolved', `issuer.region: ${placed.note}`, { key: 'issuer.region' }));
    }
  }
  // A bare place ("昌乐县" from "昌乐县政府信息公开…") is that place's government.
  if (parts.length > 0 && rest === '') name += body.includes(`${name}人民政府`) ? '人民政府' : '政府';
  // A bare township ("螅镇") likewise, when the text gives its 人民政府.
  else if (/(乡|镇)$/.test(name) && body.includes(`${name}人民政府`)) name += '人民政府';
  const type = issuerType(name);

  const issuer: Issuer = { ...EMPTY_ISSUER, name, type };
  const chainText = parts.map((p) => p.text).join('');
  const res = resolveRegion(chainText || name, year, body);
  if (isResolved(res)) {
    issuer.region_code = res.code;
    issuer.region_name = res.name;
    issuer.province = res.province;
    issuer.city = res.city;
    if (res.note) messages.push(warning('region_note', `issuer.region: ${res.note}`, { key: 'issuer.region' }));
  } else if (res.candidates.length) {
    // Several codes could be meant: a guess could be wrong, so this is an error with the candidates.
    const text = `issuer.region: ${res.reason}; candidates: ${describeCandidates(res.candidates)}; region_code left null`;
    messages.push(error('region_unresolved', text, { key: 'issuer.region' }));
  } else {
    // Nothing to choose from (a place the code list does not have, or no place at all): nothing
    // could be wrong, the code is simply unknown.
    messages.push(warning('region_unresolved', `issuer.region: ${res.reason}; region_code left null`, { key: 'issuer.region' }));
  }
  return { issuer, year, messages };
}
