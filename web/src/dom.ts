/**
 * Building the DOM without markup: every string given here becomes a text node or an attribute value,
 * never HTML. Report text (names, raw cells, check details) reaches the page only this way; the one
 * exception is the server's escaped source table (source.ts, setServerTableHtml).
 */
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs | null = null, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === 'function') {
      if (!k.startsWith('on')) throw new Error(`h: ${k} is not an event`);
      el.addEventListener(k.slice(2).toLowerCase(), v);
    } else if (k === 'style' || /^on/i.test(k)) {
      throw new Error(`h: no ${k} attribute (the CSP forbids inline styles and handlers)`);
    } else if (k === 'class') el.className = String(v);
    else if (k === 'value' && 'value' in el) (el as HTMLInputElement).value = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: (Child | Child[])[]): void {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

export function clear(el: Element): void {
  el.replaceChildren();
}

/** Numbers as a Chinese reader writes them (12,345; shares as percentages). */
export function fmt(v: number | null | undefined, unit?: string): string {
  if (v === null || v === undefined) return '—';
  if (unit === 'share') return `${(v * 100).toFixed(1)}%`;
  if (unit === 'per_100') return v.toFixed(2);
  return Number.isInteger(v) ? v.toLocaleString('zh-CN') : v.toLocaleString('zh-CN', { maximumFractionDigits: 4 });
}

export function signed(v: number): string {
  return `${v > 0 ? '+' : v < 0 ? '−' : '±'}${Math.abs(v).toLocaleString('zh-CN', { maximumFractionDigits: 4 })}`;
}

/** A link to a report's own address, only for http(s) (a report's url is text from the crawl). */
export function safeUrl(u: string | null | undefined): string | null {
  if (!u) return null;
  try {
    const p = new URL(u);
    return p.protocol === 'http:' || p.protocol === 'https:' ? p.href : null;
  } catch {
    return null;
  }
}

let flashTimer: number | undefined;
export function flash(text: string, kind: 'ok' | 'error' = 'ok'): void {
  const el = document.getElementById('flash');
  if (!el) return;
  el.textContent = text;
  el.className = `flash ${kind}`;
  el.hidden = false;
  window.clearTimeout(flashTimer);
  flashTimer = window.setTimeout(() => (el.hidden = true), 5000);
}
