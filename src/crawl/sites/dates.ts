/**
 * Dates as lists print them ("2024-01-20", "2024/1/20", "2024年1月20日", "[2024-01-20]") and as
 * APIs send them (Unix seconds), all made YYYY-MM-DD. Portal dates are China time (UTC+8).
 */

const DATE = /((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})/;

function ymd(y: number, m: number, d: number): string | undefined {
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCMonth() !== m - 1) return undefined; // 2023-02-30
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The first date written in `text`, as YYYY-MM-DD. */
export function dateIn(text: string | undefined): string | undefined {
  const m = DATE.exec(text ?? '');
  return m ? ymd(Number(m[1]), Number(m[2]), Number(m[3])) : undefined;
}

const CHINA_OFFSET_S = 8 * 3600;

/** Unix time (seconds, or milliseconds when that large) as the China calendar date. */
export function dateFromUnix(value: number): string | undefined {
  if (!Number.isFinite(value) || value <= 0) return undefined;
  const seconds = value > 1e12 ? value / 1000 : value;
  return new Date((seconds + CHINA_OFFSET_S) * 1000).toISOString().slice(0, 10);
}

/** A date field of unknown form: Unix number, numeric string, or written date. */
export function dateFromField(value: unknown): string | undefined {
  if (typeof value === 'number') return dateFromUnix(value);
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  return /^\d{9,13}$/.test(s) ? dateFromUnix(Number(s)) : dateIn(s);
}

/** The date a portal article URL carries: TRS "t20240120_123.html", Hanweb "/art/2024/1/20/art_…". */
export function dateFromUrl(url: string): string | undefined {
  const trs = /\/t((?:19|20)\d{2})(\d{2})(\d{2})_\d+/.exec(url);
  if (trs) return ymd(Number(trs[1]), Number(trs[2]), Number(trs[3]));
  const art = /\/art\/((?:19|20)\d{2})\/(\d{1,2})\/(\d{1,2})\//.exec(url);
  if (art) return ymd(Number(art[1]), Number(art[2]), Number(art[3]));
  return undefined;
}
