/** The JSON API (src/serve/app.ts); the shapes are the server's own types, imported for type checking only. */
import type { SearchResult } from '../../src/serve/search.js';
import type { RegionPage, CellView } from '../../src/serve/region.js';
import type { Measure } from '../../src/serve/measures.js';
import type { Series, RankRow, Point } from '../../src/serve/series.js';
import type { SourceAnswer } from '../../src/serve/source.js';
import type { Correction } from '../../src/serve/corrections.js';
import type { KeyLabel } from '../../src/serve/labels.js';

export type { SearchResult, RegionPage, CellView, Measure, Series, RankRow, Point, SourceAnswer, Correction, KeyLabel };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function asJson<T>(res: Response): Promise<T> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new ApiError(res.status, `${res.status} ${res.statusText}`);
  }
  if (!res.ok) throw new ApiError(res.status, (body as { error?: string })?.error ?? `${res.status} ${res.statusText}`);
  return body as T;
}

export async function get<T>(path: string, params: Record<string, string | number | undefined | null> = {}): Promise<T> {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const qs = q.toString();
  return asJson<T>(await fetch(`${path}${qs ? `?${qs}` : ''}`, { headers: { Accept: 'application/json' } }));
}

export async function post<T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
  return asJson<T>(await fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers }, body: JSON.stringify(body) }));
}

let measures: Promise<Measure[]> | undefined;
export const getMeasures = () => (measures ??= get<{ measures: Measure[] }>('/api/measures').then((r) => r.measures));

let labels: Promise<Map<string, KeyLabel>> | undefined;
/** Printed labels of value keys, in codebook order (the map keeps it). */
export const getLabels = () => (labels ??= get<{ keys: KeyLabel[] }>('/api/labels').then((r) => new Map(r.keys.map((k) => [k.key, k]))));
