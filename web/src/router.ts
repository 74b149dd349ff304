/**
 * Views are addressed by the hash (#/region/320813, #/compare?regions=…&measure=…), so every view has a
 * permalink that reopens it. A query-string link (/?view=compare&regions=…) is turned into the same.
 */
export interface Route {
  /** Path segments after #/: ['region', '320813']. */
  path: string[];
  params: URLSearchParams;
}

export function currentRoute(): Route {
  const raw = location.hash.replace(/^#\/?/, '');
  const [p = '', q = ''] = raw.split('?', 2);
  return { path: p.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(q) };
}

export function href(path: string[], params: Record<string, string | number | null | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const qs = q.toString();
  return `#/${path.map(encodeURIComponent).join('/')}${qs ? `?${qs}` : ''}`;
}

export function go(path: string[], params: Record<string, string | number | null | undefined> = {}): void {
  const next = href(path, params);
  if (location.hash === next) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = next;
}

/** /?view=compare&regions=…  →  #/compare?regions=… (also view=region&code=…, view=source&report=…&key=…). */
export function queryToHash(): void {
  const q = new URLSearchParams(location.search);
  const view = q.get('view');
  if (!view || location.hash.length > 2) return;
  q.delete('view');
  let path = [view];
  if (view === 'region' && q.get('code')) {
    path = ['region', q.get('code')!];
    q.delete('code');
  } else if (view === 'source' && q.get('report') && q.get('key')) {
    path = ['source', q.get('report')!, q.get('key')!];
    q.delete('report');
    q.delete('key');
  }
  history.replaceState(null, '', `${location.pathname}${href(path, Object.fromEntries(q))}`);
}
