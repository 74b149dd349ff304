import { describe, expect, it } from 'vitest';
import type { KeyStatus } from '../src/model/record.js';
import { identities } from '../src/extractors/templates/identities.js';
import { evaluateIdentities } from '../src/validate/checks.js';

const T4 = identities('2021').filter((i) => i.rule === 'reviews.group_sum.review');

const run = (values: Record<string, number | null>, statuses: Record<string, KeyStatus>) => evaluateIdentities(T4, values, statuses)[0];
const keys = ['review.upheld', 'review.corrected', 'review.other', 'review.pending', 'review.total'];
const of = (nums: (number | null)[], st: KeyStatus[] = nums.map((n) => (n === null ? 'blank' : 'ok'))) => [
  Object.fromEntries(keys.map((k, i) => [k, nums[i]])),
  Object.fromEntries(keys.map((k, i) => [k, st[i]])),
] as const;

describe('identity checks', () => {
  it('passes and shows the numbers compared', () => {
    expect(run(...of([10, 1, 0, 0, 11]))).toEqual({ rule: 'reviews.group_sum.review', status: 'pass', detail: '11 = 10+1+0+0 (11)', severity: 'error' });
  });

  it('reports a printed total that disagrees (002 prints 0 beside 10 and 1), never fixing it', () => {
    const [values, statuses] = of([10, 1, 0, 0, 0]);
    expect(run(values, statuses)).toMatchObject({ status: 'fail', detail: '0 ≠ 10+1+0+0 (11)' });
    expect(values['review.total']).toBe(0);
  });

  it('counts a blank among printed cells as 0 and says so', () => {
    expect(run(...of([2, null, 0, 0, 2]))).toMatchObject({ status: 'pass', detail: '2 = 2+0+0+0 (2); blank taken as 0: review.corrected' });
  });

  it('skips when every cell is blank, when one is unreadable, or when the row was not printed', () => {
    expect(run(...of([null, null, null, null, null]))).toMatchObject({ status: 'skip', detail: 'all cells blank' });
    expect(run(...of([1, 0, 0, 0, null], ['ok', 'ok', 'ok', 'ok', 'unreadable']))).toMatchObject({ status: 'skip', detail: 'unreadable: review.total' });
    expect(run(...of([null, null, null, null, null], ['missing', 'missing', 'missing', 'missing', 'missing']))).toMatchObject({ status: 'skip', detail: 'not printed' });
  });
});
