/**
 * Counts the narrative states (codebook §4): "主动公开政府信息12600余条" -> proactive_items 12600
 * approx_min 条. Text lines only; tables are read elsewhere.
 *
 * Choosing among several statements of one metric: the first statement of the best cue tier wins.
 * Reports state the total first and break it down after ("主动公开政府信息12600余条 … 重点领域主动公开
 * 信息950余条"), so later statements at the same tier are parts, not corrections; a later statement
 * only wins when its cue is more specific (a lower tier: "受理政府信息公开申请" over "受理…申请").
 * Zero phrases ("未收到政府信息公开申请") count only when no number is stated.
 */
import type { DocumentModel } from '../../model/document.js';
import type { NarrativeItem, ReportRecord } from '../../model/record.js';
import { METRIC_PATTERNS, PREFIX_QUALIFIERS, GAP_CHARS, type MetricPattern } from './patterns.js';
import { CN_NUMERAL_CHARS, parseNumber, round } from '../../text/numerals.js';
import { buildStream, clauseAround, pageAt, sentenceAround, type TextStream } from './stream.js';


type Qualifier = NarrativeItem['qualifier'];

const NUM = `(?<num>\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?|[${CN_NUMERAL_CHARS}]+)`;
const PRE = `(?<pre>${PREFIX_QUALIFIERS.flatMap((p) => p.re.split('|')).sort((a, b) => b.length - a.length).join('|')})`;
const QUANTITY = (units: string[]) =>
  `${PRE}?${NUM}(?<q1>余|多)?(?<big>万|亿)?(?<q2>余|多)?(?<unit>${units.join('|')})(?<tail>以上|左右)?`;
/** Characters looked at before a cue for `notAfter`. */
const LOOKBEHIND = 10;

interface Found {
  tier: number;
  at: number;
  item: NarrativeItem;
}

function qualifierOf(g: Record<string, string | undefined>): Qualifier {
  if (g.q1 || g.q2 || g.tail === '以上') return 'approx_min';
  if (g.tail === '左右') return 'approx';
  if (g.pre) return PREFIX_QUALIFIERS.find((p) => p.re.split('|').includes(g.pre!))!.qualifier;
  return 'exact';
}

function compile(p: MetricPattern): { re: RegExp; tier: number; cueFirst: boolean }[] {
  const gap = `(?<gap>${GAP_CHARS}{0,${p.maxGap}}?)`;
  const q = QUANTITY(p.units);
  return [
    ...p.cues.map((c) => ({ re: new RegExp(`(?<cue>${c.re})${gap}${q}`, 'g'), tier: c.tier, cueFirst: true })),
    ...(p.numberFirst ?? []).map((c) => ({ re: new RegExp(`${q}${gap}(?<cue>${c.re})`, 'g'), tier: c.tier, cueFirst: false })),
  ];
}

const COMPILED = METRIC_PATTERNS.map((p) => ({
  p,
  res: compile(p),
  zero: (p.zero ?? []).map((z) => new RegExp(z, 'g')),
  sentence: p.sentence ? new RegExp(p.sentence) : null,
  gapStop: p.gapStop ? new RegExp(p.gapStop) : null,
  notAfter: p.notAfter ? new RegExp(p.notAfter) : null,
}));

function findMetric(c: (typeof COMPILED)[number], s: TextStream): Found | null {
  const text = s.text;
  let best: Found | null = null;
  const consider = (f: Found) => {
    if (!best || f.tier < best.tier || (f.tier === best.tier && f.at < best.at)) best = f;
  };
  for (const { re, tier, cueFirst } of c.res) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const g = m.groups ?? {};
      const from = m.index;
      const to = from + m[0].length;
      re.lastIndex = from + 1; // overlapping: a rejected long match must not hide a shorter one inside it
      if (c.gapStop && c.gapStop.test(g.gap ?? '')) continue;
      const cueAt = cueFirst ? from : to - (g.cue?.length ?? 0);
      if (c.notAfter && c.notAfter.test(text.slice(Math.max(0, cueAt - LOOKBEHIND), cueAt))) continue;
      if (c.sentence && !c.sentence.test(sentenceAround(text, from, to))) continue;
      const n = parseNumber(g.num!);
      if (n === null) continue;
      const value = round(g.big === '万' ? n * 1e4 : g.big === '亿' ? n * 1e8 : n);
      consider({
        tier,
        at: from,
        item: {
          metric: `narrative.${c.p.metric}`,
          value,
          qualifier: qualifierOf(g),
          unit: g.unit ?? null,
          text: clauseAround(text, from, to),
          page: pageAt(s, from),
        },
      });
    }
  }
  if (best) return best;
  for (const z of c.zero) {
    z.lastIndex = 0;
    const m = z.exec(text);
    if (!m) continue;
    consider({
      tier: 99,
      at: m.index,
      item: {
        metric: `narrative.${c.p.metric}`,
        value: 0,
        qualifier: 'exact',
        unit: c.p.units[0] ?? null,
        text: clauseAround(text, m.index, m.index + m[0].length),
        page: pageAt(s, m.index),
      },
    });
  }
  return best;
}

/** One item per metric the narrative states, in METRIC_PATTERNS order. */
/** Step: the counts the report states in its text. */
export function readNarrative(doc: DocumentModel, rec: ReportRecord): void {
  rec.narrative = extractNarrative(doc);
}

export function extractNarrative(doc: DocumentModel): NarrativeItem[] {
  const s = buildStream(doc);
  const out: NarrativeItem[] = [];
  for (const c of COMPILED) {
    const f = findMetric(c, s);
    if (f) out.push(f.item);
  }
  return out;
}
