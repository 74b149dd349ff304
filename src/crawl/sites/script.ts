/**
 * Values portals embed in inline scripts (window._CONFIG = {SID: '…', TREE: [...]}). The
 * surrounding object is JavaScript, not JSON, so only the named member is cut out, by bracket
 * matching that skips brackets inside strings, and parsed on its own.
 */

/** The balanced [...] or {...} starting at `open` (an index of "[" or "{"), or undefined. */
function balanced(src: string, open: number): string | undefined {
  const close: Record<string, string> = { '[': ']', '{': '}' };
  const stack: string[] = [];
  let quote = '';
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c in close) stack.push(close[c]);
    else if (c === ']' || c === '}') {
      if (stack.pop() !== c) return undefined;
      if (stack.length === 0) return src.slice(open, i + 1);
    }
  }
  return undefined;
}

/** The JSON value of member `name` (`name: [...]` or `name: {...}`) in a script, or undefined. */
export function jsonMember(src: string, name: string): unknown {
  const m = new RegExp(`["']?\\b${name}\\b["']?\\s*:\\s*([\\[{])`).exec(src);
  if (!m) return undefined;
  const text = balanced(src, m.index + m[0].length - 1);
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The string or number value of member `name` (`SID: '755001'`, `SID: 755001`), or undefined. */
export function scalarMember(src: string, name: string): string | undefined {
  const m = new RegExp(`["']?\\b${name}\\b["']?\\s*:\\s*(?:'([^']*)'|"([^"]*)"|(\\d+))`).exec(src);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}
