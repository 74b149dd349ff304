/**
 * The last line against a document that needs too much memory: the pool's watch over its workers'
 * resident memory. The readers refuse what they can see coming (image headers, inflate caps); this
 * catches the rest, including native memory (canvas, image decoders, tesseract's wasm) that V8's own
 * heap limit never sees. A worker over the ceiling is killed at once (SIGKILL: one stuck in a native
 * decoder would never answer a polite request) and the pool starts another.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * 2 GB, not the 1 GB first planned: OCR of a 300 dpi scan takes 700-900 MB of a worker (tesseract's
 * wasm memory, the page at full resolution and its copies), and a ceiling that stops real reports
 * is worse than none. Two workers on a machine of 8 GB still leave it room.
 */
export const DEFAULT_MAX_MEMORY_MB = 2048;
/** How often the workers' memory is read. Reading /proc for a few pids costs microseconds. */
const INTERVAL_MS = 25;
/**
 * A worker is stopped this far below the ceiling (a tenth of it, at least 64 MB): memory grows
 * between two readings, more so when the machine is busy and the timer late, and the ceiling is a promise.
 */
const margin = (ceiling: number) => Math.max(0.1 * ceiling, 64 * 2 ** 20);

export interface Memory {
  /** Resident now, bytes. */
  rss: number;
  /** The process's resident high-water mark, bytes (Linux; elsewhere the highest reading seen). */
  peak: number;
}

/** A process's resident memory, or undefined once it has gone. */
export function memoryOf(pid: number): Memory | undefined {
  if (process.platform === 'linux') {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'latin1');
      const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0) * 1024;
      return { rss: kb('VmRSS'), peak: kb('VmHWM') };
    } catch {
      return undefined;
    }
  }
  try {
    const kb = Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim());
    return Number.isFinite(kb) && kb > 0 ? { rss: kb * 1024, peak: kb * 1024 } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The V8 heap limit a worker starts with: a quarter of the ceiling is left to native memory and
 * code, so a heap that fills up fails as an out-of-memory crash (reported as memory_limit) before the
 * watch has to kill it.
 */
export const heapLimitMb = (maxMemoryMb: number): number => Math.max(64, Math.floor(maxMemoryMb * 0.75));

/** Watches the pids of workers with a document under way; kills any over the ceiling. */
export class MemoryWatch {
  private readonly watched = new Map<number, number>();
  private readonly killed = new Map<number, number>();
  private timer?: NodeJS.Timeout;
  /** Highest resident memory any watched worker reached, bytes. */
  peak = 0;

  private readonly stopAt: number;

  constructor(readonly ceilingBytes: number) {
    this.stopAt = ceilingBytes - margin(ceilingBytes);
  }

  /** Starts watching a worker (its document began). */
  add(pid: number): void {
    this.watched.set(pid, 0);
    this.timer ??= setInterval(() => this.tick(), INTERVAL_MS).unref();
    this.check(pid);
  }

  /** Stops watching it; returns the worker's peak during the document and, if it was killed here, the resident memory that was over. */
  remove(pid: number): { peak: number; killedAt?: number } {
    this.check(pid);
    const peak = this.watched.get(pid) ?? 0;
    const killedAt = this.killed.get(pid);
    this.watched.delete(pid);
    this.killed.delete(pid);
    if (!this.watched.size && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    return { peak, killedAt };
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.watched.clear();
  }

  private tick(): void {
    for (const pid of this.watched.keys()) this.check(pid);
  }

  private check(pid: number): void {
    if (this.killed.has(pid) || !this.watched.has(pid)) return;
    const m = memoryOf(pid);
    if (!m) return;
    // The high-water mark covers a spike between two readings, but it is the process's whole life:
    // a worker's earlier documents count too. That errs on the side of the ceiling.
    const seen = Math.max(m.rss, m.peak);
    this.watched.set(pid, Math.max(this.watched.get(pid) ?? 0, seen));
    this.peak = Math.max(this.peak, seen);
    if (m.rss > this.stopAt) {
      this.killed.set(pid, m.rss);
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // it ended on its own meanwhile
      }
    }
  }
}
