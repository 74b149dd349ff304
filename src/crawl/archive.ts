/**
 * The archive: every body fetched, stored once by its content's sha256 (`ab/abcdef….pdf`), with a
 * JSON sidecar listing each fetch that gave it (URL, final URL, list page, time, status, type,
 * validators, title and metas, the seed). Files are written to a temporary name and renamed, so a
 * crash never leaves half a file. `manual/` holds what a person downloaded by hand (a blocked site).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic.js';
import { sniffKind } from './net/index.js';

export interface Provenance {
  url: string;
  finalUrl: string;
  parentUrl?: string;
  fetchedAt: string;
  status: number;
  contentType?: string;
  charset?: string;
  etag?: string;
  lastModified?: string;
  title?: string;
  metas?: Record<string, string>;
  seed: { region_code: string; issuer: string; url: string };
}

export interface Stored {
  sha256: string;
  path: string;
  /** False when the same bytes were archived before. */
  isNew: boolean;
}

/** The file's extension from its bytes (the name a server gives is not to be trusted); html for text. */
function extensionOf(body: Uint8Array, claimed: string | undefined): string {
  switch (sniffKind(body)) {
    case 'pdf':
      return 'pdf';
    case 'zip':
      return claimed && /^(docx|xlsx)$/.test(claimed) ? claimed : 'zip';
    case 'ole2':
      return claimed && /^(doc|xls|wps)$/.test(claimed) ? claimed : 'doc';
    case 'png':
      return 'png';
    case 'jpeg':
      return 'jpg';
    case 'gif':
      return 'gif';
    default:
      return 'html';
  }
}

export class Archive {
  constructor(readonly dir: string) {}

  get manualDir(): string {
    return join(this.dir, 'manual');
  }

  pathFor(sha256: string, ext: string): string {
    return join(this.dir, sha256.slice(0, 2), `${sha256}.${ext}`);
  }

  /** Writes of one body, one after another: two hosts often serve the same bytes (a robots.txt, a shared PDF) at once. */
  private readonly writing = new Map<string, Promise<unknown>>();

  /** Stores the body (once) and adds this fetch to its sidecar. */
  async put(body: Uint8Array, prov: Provenance, claimedExt?: string): Promise<Stored> {
    const sha256 = createHash('sha256').update(body).digest('hex');
    const turn = (this.writing.get(sha256) ?? Promise.resolve()).then(() => this.write(sha256, body, prov, claimedExt));
    const settled = turn.catch(() => undefined);
    this.writing.set(sha256, settled);
    void settled.then(() => this.writing.get(sha256) === settled && this.writing.delete(sha256));
    return turn;
  }

  private async write(sha256: string, body: Uint8Array, prov: Provenance, claimedExt?: string): Promise<Stored> {
    const path = this.pathFor(sha256, extensionOf(body, claimedExt));
    await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true });
    const isNew = !existsSync(path);
    if (isNew) await writeFileAtomic(path, body);
    const sidecar = `${path}.json`;
    const known: Provenance[] = existsSync(sidecar) ? JSON.parse(await readFile(sidecar, 'utf8')).fetches : [];
    const same = known.findIndex((p) => p.url === prov.url);
    if (same >= 0) known[same] = prov;
    else known.push(prov);
    await writeFileAtomic(sidecar, `${JSON.stringify({ sha256, fetches: known }, null, 2)}\n`);
    return { sha256, path, isNew };
  }

  /** The archived body with this hash, whatever its extension; undefined when it is not there. */
  async find(sha256: string): Promise<string | undefined> {
    const dir = join(this.dir, sha256.slice(0, 2));
    const names = await readdir(dir).catch(() => [] as string[]);
    const name = names.find((n) => n.startsWith(`${sha256}.`) && !n.endsWith('.json') && !n.includes('.tmp-'));
    return name ? join(dir, name) : undefined;
  }

  async read(path: string): Promise<Uint8Array> {
    return new Uint8Array(await readFile(path));
  }
}
