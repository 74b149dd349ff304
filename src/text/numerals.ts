/**
 * Numbers as Chinese reports write them: Arabic ("12600", "12,600", "1.2万"), Chinese numerals
 * ("四十", "一千二百", "两万", "一万二千五百"), digit-by-digit years ("二〇二〇").
 */

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const BIG_UNITS: Record<string, number> = { 万: 1e4, 亿: 1e8 };

/** Characters a Chinese numeral is made of (for building regexps). */
export const CN_NUMERAL_CHARS = '零〇一二两三四五六七八九十百千万亿';

/**
 * Reads a Chinese numeral; null when the string is not one.
 * "十二" = 12 (leading 十 means 一十), "一千零五" = 1005, "两万" = 20000, "一万二" is not accepted
 * (colloquial elision is ambiguous in counts).
 */
export function parseChineseNumeral(s: string): number | null {
  if (!s || ![...s].every((c) => c in DIGITS || c in SMALL_UNITS || c in BIG_UNITS)) return null;
  // Digit-by-digit form (years: 二〇二〇, 二零一六): no unit characters, three digits or more.
  // "三四" alone is an estimate ("三四十条" = 30–40), not 34: refused.
  if (s.length > 1 && [...s].every((c) => c in DIGITS)) {
    if (s.length < 3) return null;
    return Number([...s].map((c) => DIGITS[c]).join(''));
  }
  let total = 0; // sum of finished 万/亿 sections
  let section = 0; // current section below 万
  let digit: number | null = null;
  let lastBig = Infinity;
  for (const c of s) {
    if (c in DIGITS) {
      if (digit !== null && digit !== 0) return null; // two digits in a row ("三四") is not a number; "零五" is
      digit = DIGITS[c];
    } else if (c in SMALL_UNITS) {
      section += (digit ?? 1) * SMALL_UNITS[c];
      digit = null;
    } else {
      const big = BIG_UNITS[c];
      section += digit ?? 0;
      if (section === 0) section = 1;
      total = big > lastBig ? (total + section) * big : total + section * big;
      lastBig = big;
      section = 0;
      digit = null;
    }
  }
  return total + section + (digit ?? 0);
}

/** Arabic number with optional thousands separators and decimals; null otherwise. */
export function parseArabic(s: string): number | null {
  const t = s.replace(/[,，](?=\d{3}(\D|$))/g, '');
  return /^[-+]?\d+(\.\d+)?$/.test(t) ? Number(t) : null;
}

/** Arabic or Chinese numeral, with an optional trailing 万/亿 multiplier on Arabic ("1.2万"). */
export function parseNumber(s: string): number | null {
  const m = /^([-+]?[\d.,，]+)(万|亿)?$/.exec(s);
  if (m) {
    const n = parseArabic(m[1]);
    if (n === null) return null;
    return m[2] ? round(n * BIG_UNITS[m[2]]) : n;
  }
  return parseChineseNumeral(s);
}

/** Avoids 1.2 * 10000 = 11999.999999999998. */
export function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
