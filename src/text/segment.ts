/**
 * Text dumps sometimes glue a row's cells together ("640020470" = 64|0|0|2|0|4|70).
 * We enumerate every way to cut the digits into the row's number of cells (no leading zeros),
 * and let the identities choose. One reading that fits is taken (marked derived); several are not.
 */

/**
 * All splits of the tokens into `n` numbers, cutting only inside tokens (token borders are real).
 * A token may open with a minus ("88-720": 本年增/减 -72 glued between two counts): its first number is negative.
 */
export function segmentations(tokens: string[], n: number, maxDigits = 9): number[][] {
  const out: number[][] = [];
  const parts: number[] = [];
  const walk = (t: number, pos: number) => {
    if (parts.length > n) return;
    if (t === tokens.length) {
      if (parts.length === n) out.push([...parts]);
      return;
    }
    const tok = tokens[t];
    if (pos === tok.length) return walk(t + 1, 0);
    const sign = pos === 0 && tok[0] === '-' ? -1 : 1;
    if (sign < 0) pos = 1;
    if (pos === tok.length) return;
    const maxEnd = tok[pos] === '0' ? pos + 1 : Math.min(tok.length, pos + maxDigits);
    for (let end = pos + 1; end <= maxEnd; end++) {
      parts.push(sign * Number(tok.slice(pos, end)));
      if (end === tok.length) walk(t + 1, 0);
      else walk(t, end);
      parts.pop();
      if (out.length > 200_000) return; // a bound: beyond this the reading is hopeless anyway
    }
  };
  walk(0, 0);
  return out;
}
