/**
 * When to ask again. Only a server that says "not now" (429, 5xx) or a request that never got an
 * answer (a network error) is worth another attempt; any other status is the answer and asking again
 * would only add load. Backoff doubles from a base, without jitter: the host scheduler already
 * serialises requests per host, so there is no herd of our own clients to spread out.
 */

/** 429 Too Many Requests and every 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status <= 599);
}

/** The wait before attempt `attempt + 1` after `attempt` failed: base, 2·base, 4·base … */
export function backoffMs(attempt: number, baseMs: number): number {
  return baseMs * 2 ** Math.max(0, attempt - 1);
}

/**
 * Retry-After in ms from `now`: delay-seconds ("120") or an HTTP-date ("Wed, 21 Oct 2015 07:28:00 GMT",
 * RFC 9110 §10.2.3). A date in the past is 0; a value that is neither is undefined (ignored).
 */
export function retryAfterMs(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  if (!/[a-z]/i.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
