import { describe, expect, it } from 'vitest';
import { resolveGlued } from '../src/extractors/tables/glued.js';
import { segmentations } from '../src/text/segment.js';
import { identities } from '../src/extractors/templates/identities.js';
import { T3_COLUMNS } from '../src/extractors/templates/t3.js';

const cell = { text: '', row: 0, col: 0, rowSpan: 1, colSpan: 1, prov: { page: 1 } };
const keysOf = (row: string) => T3_COLUMNS.map((c) => `requests.${row}.${c}`);

describe('segmentation of glued digits', () => {
  it('enumerates cuts without leading zeros', () => {
    expect(segmentations(['105'], 2)).toEqual([[10, 5]]);
    expect(segmentations(['100'], 2)).toEqual([[10, 0]]);
    expect(segmentations(['12', '3'], 3)).toEqual([[1, 2, 3]]);
  });

  it('reads "640020470" as 64|0|0|2|0|4|70 when the row sum pins it down', () => {
    const row = { keys: keysOf('received'), tokens: ['640020470'], cells: [cell] };
    const res = resolveGlued([row], {}, identities('2019'));
    expect(res.readings.get(row)).toEqual([64, 0, 0, 2, 0, 4, 70]);
  });

  it('leaves a row unread when several readings fit', () => {
    // "1120004" -> 1|1|2|0|0|0|4 (1+1+2=4) and 1|1|2|0|0|0|4 only? no: also 11|2|0|0|0|0|4 fails (13≠4). Unique.
    const one = { keys: keysOf('received'), tokens: ['1120004'], cells: [cell] };
    expect(resolveGlued([one], {}, identities('2019')).readings.get(one)).toEqual([1, 1, 2, 0, 0, 0, 4]);
    // "111000012": 11|1|0|0|0|0|12, 1|11|0|0|0|0|12 and 1|1|10|0|0|0|12 all satisfy the row sum.
    const amb = { keys: keysOf('received'), tokens: ['111000012'], cells: [cell] };
    const res = resolveGlued([amb], {}, identities('2019'));
    expect(res.readings.get(amb)).toBeUndefined();
    expect(res.counts.get(amb)).toBe(3);
  });

  it('uses column identities across rows to choose', () => {
    // The ambiguous row above, with the printed total row and zero carry-overs: the balance leaves one reading.
    const known: Record<string, number | null> = {};
    for (const r of ['carried_over', 'carried_forward']) for (const k of keysOf(r)) known[k] = 0;
    const total = [11, 1, 0, 0, 0, 0, 12];
    keysOf('total').forEach((k, i) => (known[k] = total[i]));
    const row = { keys: keysOf('received'), tokens: ['111000012'], cells: [cell] };
    const res = resolveGlued([row], known, identities('2019').filter((i) => i.rule.startsWith('requests.balance') || i.rule.startsWith('requests.row_sum')));
    expect(res.readings.get(row)).toEqual([11, 1, 0, 0, 0, 0, 12]);
    const alone = resolveGlued([row], {}, identities('2019').filter((i) => i.rule.startsWith('requests.row_sum')));
    expect(alone.readings.get(row)).toBeUndefined();
    expect(alone.counts.get(row)).toBe(3);
  });
});
