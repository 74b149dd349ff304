/**
 * Link resolution shared by the adapters. Portal markup is full of hrefs that are not pages
 * (javascript:, "#", mailto:); they resolve to nothing rather than to the list page itself.
 */

const NOT_A_LINK = /^(?:javascript:|mailto:|tel:|data:|#|about:)/i;

/** Absolute http(s) URL for `href` read on `base`, fragment removed; undefined when it is no link. */
export function absolute(href: string | undefined, base: string): string | undefined {
  const h = (href ?? '').trim();
  if (!h || NOT_A_LINK.test(h)) return undefined;
  try {
    const u = new URL(h, base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    u.hash = '';
    return u.href;
  } catch {
    return undefined;
  }
}

/** The URL's query parameter, or undefined (never throws on a malformed URL). */
export function queryParam(url: string, name: string): string | undefined {
  try {
    return new URL(url).searchParams.get(name) ?? undefined;
  } catch {
    return undefined;
  }
}

/** The last path segment ("index_2.html"; "" for a directory URL). */
export function fileName(url: string): string {
  try {
    const path = new URL(url).pathname;
    return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
  } catch {
    return '';
  }
}

/** Keeps the first of each URL, in order. */
export function unique<T>(items: readonly T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
