import { IngestError } from './errors.js';

/**
 * Runs `work` against a per-document deadline (none when `timeoutMs` is unset, zero or not finite).
 * On expiry the call rejects with IngestError('timeout', `message`), the work's signal is aborted and
 * `onTimeout` runs (the PDF reader destroys its document there, which makes pdf.js reject what is pending).
 */
export async function withDeadline<T>(
  timeoutMs: number | undefined,
  message: string,
  work: (signal: AbortSignal) => Promise<T>,
  onTimeout?: () => unknown,
): Promise<T> {
  const ctl = new AbortController();
  if (!timeoutMs || timeoutMs <= 0 || !Number.isFinite(timeoutMs)) return work(ctl.signal);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new IngestError('timeout', message);
      ctl.abort(err);
      reject(err);
      void onTimeout?.();
    }, timeoutMs);
  });
  const running = work(ctl.signal);
  // The abandoned work rejects once it is stopped: keep that from surfacing.
  running.catch(() => undefined);
  try {
    return await Promise.race([running, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
