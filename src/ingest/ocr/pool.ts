/**
 * The process's tesseract workers. Starting a worker (wasm core + language model) takes a second
 * or two, so workers are created once, on first use, and reused for every document; there is one
 * slot per core, each slot holding a worker per language, and one recognition runs per slot at a
 * time, so a batch of scans keeps every core busy and no more.
 *
 * Nothing is fetched: the models come from the @tesseract.js-data packages (`langPath`, with the
 * cache off so nothing is written either), and the worker script and wasm core are tesseract.js's
 * own files under node_modules. A missing model is an IngestError before any worker starts:
 * tesseract.js would otherwise fall back to a CDN, or hang (a failed model load never settles its
 * promise) or throw from a message handler, which kills the process.
 */
import { constants as fsConstants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { createWorker, OEM, type Worker as TessWorker } from 'tesseract.js';
import { IngestError } from '../errors.js';

export type Lang = 'chi_sim' | 'eng';

/** What tesseract.js returns, narrowed to what the reader uses. */
export interface TessSymbol {
  text: string;
  confidence: number;
  bbox: { x0: number; y0: number; x1: number; y1: number };
}
export interface TessWord extends TessSymbol {
  symbols: TessSymbol[];
  choices: { text: string; confidence: number }[];
}
export interface TessLine extends TessSymbol {
  words: TessWord[];
}
export interface TessResult {
  text: string;
  confidence: number;
  lines: TessLine[];
}

export interface RecognizeRequest {
  /** Image bytes tesseract can read (we send PGM). */
  image: Uint8Array;
  lang: Lang;
  /** Tesseract parameters for this call only (page segmentation mode, whitelist, dpi). */
  params: Record<string, string>;
  /** A document past its deadline aborts: its queued recognitions are dropped, not run. */
  signal?: AbortSignal;
}

/** Model variant: LSTM-only integer models (small, fast; the legacy engine is not used). */
const MODEL_DIR = '4.0.0_best_int';
const START_TIMEOUT_MS = 120_000;
const RECOGNIZE_TIMEOUT_MS = 60_000;

/** Directory holding `<lang>.traineddata.gz`: NIANBAO_TESSDATA, or the @tesseract.js-data package. */
function modelDir(lang: Lang): string {
  const override = process.env.NIANBAO_TESSDATA;
  if (override) return override;
  try {
    const require = createRequire(import.meta.url);
    return path.join(path.dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)), MODEL_DIR);
  } catch {
    return path.join('node_modules', '@tesseract.js-data', lang, MODEL_DIR);
  }
}

const checked = new Map<string, Promise<string>>();

/**
 * The model's directory, once the file is known to be there and to be a traineddata archive. A
 * damaged model must fail here: inside the worker, tesseract.js reports it to no promise (the
 * worker would hang), and a hung worker thread would keep the process alive.
 */
function checkModel(lang: Lang): Promise<string> {
  const dir = modelDir(lang);
  const file = path.join(dir, `${lang}.traineddata.gz`);
  let p = checked.get(file);
  if (!p) {
    p = validate(lang, file).then(() => dir);
    checked.set(file, p);
    p.catch(() => checked.delete(file));
  }
  return p;
}

async function validate(lang: Lang, file: string): Promise<void> {
  let gz: Buffer;
  try {
    await access(file, fsConstants.R_OK);
    gz = await readFile(file);
  } catch {
    throw new IngestError(
      'needs_ocr',
      `OCR model ${lang} not found at ${file}: install @tesseract.js-data/${lang} (or point NIANBAO_TESSDATA at a directory holding ${lang}.traineddata.gz); nothing is downloaded`,
    );
  }
  let data: Buffer;
  try {
    data = gunzipSync(gz);
  } catch (e) {
    throw new IngestError('needs_ocr', `OCR model ${lang} at ${file} is damaged (${(e as Error).message}); reinstall @tesseract.js-data/${lang}`);
  }
  // A traineddata file starts with its component count (int32) and that many offsets.
  const n = data.length >= 8 ? data.readInt32LE(0) : -1;
  if (n < 1 || n > 100 || data.length < 8 + 8 * n) {
    throw new IngestError('needs_ocr', `OCR model ${lang} at ${file} is not a tesseract traineddata file; reinstall @tesseract.js-data/${lang}`);
  }
}

/** The Node worker_threads Worker inside a tesseract.js worker (not in its types). */
type ThreadHandle = { ref(): void; unref(): void };
const threadOf = (w: TessWorker) => (w as unknown as { worker?: ThreadHandle }).worker;

interface Slot {
  workers: Partial<Record<Lang, Promise<TessWorker>>>;
  busy: boolean;
}

export class OcrPool {
  readonly size: number;
  private slots: Slot[];
  private queue: { req: RecognizeRequest; resolve: (r: TessResult) => void; reject: (e: unknown) => void }[] = [];
  private running = 0;
  private closed = false;

  constructor(size: number) {
    this.size = Math.max(1, size);
    this.slots = Array.from({ length: this.size }, () => ({ workers: {}, busy: false }));
  }

  /** Fails fast (IngestError) when a model is missing, before any work is queued. */
  async ensure(langs: Lang[]): Promise<void> {
    await Promise.all(langs.map(checkModel));
  }

  recognize(req: RecognizeRequest): Promise<TessResult> {
    if (this.closed) return Promise.reject(new Error('the OCR pool has been shut down'));
    return new Promise((resolve, reject) => {
      this.queue.push({ req, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.busy) continue;
      let job = this.queue.shift();
      while (job?.req.signal?.aborted) {
        job.reject(job.req.signal.reason ?? new Error('aborted'));
        job = this.queue.shift();
      }
      if (!job) return;
      slot.busy = true;
      this.setRunning(+1);
      this.run(slot, job.req)
        .then(job.resolve, job.reject)
        .finally(() => {
          slot.busy = false;
          this.setRunning(-1);
          this.pump();
        });
    }
  }

  private async run(slot: Slot, req: RecognizeRequest): Promise<TessResult> {
    const worker = await this.worker(slot, req.lang);
    // Blocks give lines, words, symbols and their choices, with boxes and confidences.
    const job = worker.recognize(Buffer.from(req.image), req.params as never, { text: true, blocks: true });
    // A worker that dies mid-job (wasm abort, out of memory) never answers: without a limit its slot
    // would stay busy for good. One cell or line takes well under a second.
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // Replaced: the next job on this slot starts a fresh worker.
        delete slot.workers[req.lang];
        void worker.terminate().catch(() => undefined);
        reject(new Error(`OCR worker (${req.lang}) gave no answer in ${RECOGNIZE_TIMEOUT_MS / 1000} s; restarted`));
      }, RECOGNIZE_TIMEOUT_MS);
    });
    try {
      const res = await Promise.race([job, stuck]);
      return flatten(res.data as unknown as RawPage);
    } finally {
      clearTimeout(timer);
    }
  }

  private worker(slot: Slot, lang: Lang): Promise<TessWorker> {
    const existing = slot.workers[lang];
    if (existing) return existing;
    const started = startWorker(lang).then((w) => {
      // Idle workers must not keep the process alive; busy ones must (see setRunning).
      if (this.running === 0) threadOf(w)?.unref();
      return w;
    });
    // A failed start is not cached: the next call reports the failure again (or succeeds).
    started.catch(() => {
      if (slot.workers[lang] === started) delete slot.workers[lang];
    });
    slot.workers[lang] = started;
    return started;
  }

  /** Worker threads hold the event loop only while recognitions are running. */
  private setRunning(delta: number): void {
    const before = this.running;
    this.running += delta;
    if ((before === 0) === (this.running === 0)) return;
    for (const slot of this.slots) {
      for (const p of Object.values(slot.workers)) {
        void p?.then((w) => (this.running > 0 ? threadOf(w)?.ref() : threadOf(w)?.unref())).catch(() => undefined);
      }
    }
  }

  async terminate(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the OCR pool has been shut down'));
    await Promise.all(
      this.slots.flatMap((s) => Object.values(s.workers).map((p) => p?.then((w) => w.terminate()).catch(() => undefined))),
    );
  }
}

async function startWorker(lang: Lang): Promise<TessWorker> {
  const langPath = await checkModel(lang);
  // One thread per worker: the pool is the parallelism (OpenMP builds would otherwise oversubscribe).
  process.env.OMP_THREAD_LIMIT ??= '1';
  let fail: (e: unknown) => void = () => undefined;
  // A model that is there but unreadable fails inside the worker; tesseract.js reports it only to
  // the error handler and never settles its own promise, so the handler settles ours.
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  let worker: TessWorker | undefined;
  const start = createWorker(lang, OEM.LSTM_ONLY, {
    langPath,
    cacheMethod: 'none',
    gzip: true,
    logger: () => undefined,
    // Without a handler, tesseract.js throws worker errors from a message listener (uncaught).
    errorHandler: (e: unknown) => fail(e),
  }).then((w) => (worker = w));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
  });
  try {
    return await Promise.race([start, failed, deadline]);
  } catch (e) {
    void start.then((w) => w.terminate()).catch(() => undefined);
    void worker?.terminate();
    throw new IngestError('needs_ocr', `OCR worker (${lang}, model in ${langPath}) failed to start: ${String((e as Error)?.message ?? e)}`);
  } finally {
    clearTimeout(timer);
  }
}

interface RawPage {
  text: string;
  confidence: number;
  blocks: { paragraphs: { lines: TessLine[] }[] }[] | null;
}

function flatten(page: RawPage): TessResult {
  const lines = (page.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines));
  return { text: page.text, confidence: page.confidence, lines };
}

let shared: OcrPool | undefined;

/**
 * Recognitions run at once: NIANBAO_OCR_WORKERS (the batch's worker processes set it to 1: the
 * documents are the parallelism there, and a pool per process sized to the cores would put
 * cores x cores recognitions on the cores), else one in a worker thread, else one per core.
 */
function poolSize(): number {
  const env = Number(process.env.NIANBAO_OCR_WORKERS);
  if (Number.isInteger(env) && env > 0) return env;
  if (!isMainThread) return 1;
  return os.availableParallelism?.() ?? os.cpus().length;
}

/**
 * The process-wide (per thread) pool, created on first use and terminated when the process is about
 * to exit (a worker thread's nested tesseract threads end with it).
 */
export function ocrPool(): OcrPool {
  if (!shared) {
    shared = new OcrPool(poolSize());
    // beforeExit fires once the event loop is empty (idle workers are unref'd, so it does).
    process.once('beforeExit', () => void shutdownOcr());
  }
  return shared;
}

/** Terminates the shared workers (tests and scripts call it when done; the next use starts a new pool). */
export async function shutdownOcr(): Promise<void> {
  const pool = shared;
  shared = undefined;
  await pool?.terminate();
}
