import { describe, expect, it } from 'vitest';
import { parseValue, toKeyUnit } from '../src/text/value.js';

describe('cell values', () => {
  it('reads integers, signed changes and decimals', () => {
    expect(parseValue('36')).toMatchObject({ value: 36, status: 'ok' });
    expect(parseValue('+245')).toMatchObject({ value: 245, status: 'ok' });
    expect(parseValue('-113　')).toMatchObject({ value: -113, status: 'ok' });
    expect(parseValue('－12')).toMatchObject({ value: -12, status: 'ok' });
    expect(parseValue('0.125')).toMatchObject({ value: 0.125, status: 'ok' });
    expect(parseValue('1,234')).toMatchObject({ value: 1234, status: 'ok' });
    expect(parseValue('３６')).toMatchObject({ value: 36, status: 'ok' });
  });

  it('keeps blank, dash and slash apart from zero', () => {
    expect(parseValue('')).toEqual({ value: null, status: 'blank' });
    expect(parseValue('\u00a0')).toEqual({ value: null, status: 'blank' });
    expect(parseValue('　')).toEqual({ value: null, status: 'blank' });
    expect(parseValue('—')).toEqual({ value: null, status: 'not_applicable' });
    expect(parseValue('-')).toEqual({ value: null, status: 'not_applicable' });
    expect(parseValue('/')).toEqual({ value: null, status: 'not_applicable' });
    expect(parseValue('0')).toEqual({ value: 0, status: 'ok', unit: undefined, note: undefined });
  });

  it('takes the number and keeps the note of "22（其中修订 16 件）"', () => {
    expect(parseValue('22（其中修订 16 件）')).toMatchObject({ value: 22, status: 'ok', note: '(其中修订16件)' });
    expect(parseValue('55（含自然失效 29 件）')).toMatchObject({ value: 55, status: 'ok' });
  });

  it('reads units in money cells and converts to the key unit', () => {
    const a = parseValue('80977.16万');
    expect(a).toMatchObject({ value: 80977.16, unit: '万元' });
    expect(toKeyUnit(a.value!, a.unit, '10k_yuan')).toBe(80977.16);
    const b = parseValue('251000元');
    expect(toKeyUnit(b.value!, b.unit, '10k_yuan')).toBe(25.1);
    expect(toKeyUnit(12.5, undefined, '10k_yuan')).toBe(12.5);
    expect(toKeyUnit(3000, undefined, '10k_yuan', '元')).toBe(0.3);
    expect(toKeyUnit(1.5, '万元', 'yuan')).toBe(15000);
  });

  it('calls text that is no number unreadable', () => {
    expect(parseValue('详见附件').status).toBe('unreadable');
    expect(parseValue('12件3').status).toBe('unreadable');
  });
});
