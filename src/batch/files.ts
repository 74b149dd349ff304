/**
 * The folder walk: which entries under the given paths are candidate reports. Format is sniffed later;
 * this only skips our own and non-document files. No single entry stops the walk: an entry that is not
 * a readable file (a broken link, a link loop, a FIFO, a folder that cannot be listed) comes back with
 * a coded error, so that it gets a record like any other failure (codebook §6, "the folder walk").
 *
 * Paths are walked as bytes: a name that is not UTF-8 (GBK, from a Chinese Windows machine) is read by
 * its real bytes and shown in a readable form (GBK decoded, or its bad bytes as \xNN).
 */
import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { extname, normalize, sep } from 'node:path';
import iconv from 'iconv-lite';
import { error, warning, type Message, type MessageCode } from '../model/messages.js';

const DOCUMENT_EXT = new Set([
  '.pdf', '.doc', '.docx', '.wps', '.html', '.htm', '.shtml', '.xhtml', '.jsp', '.asp', '.aspx', '.php', '.txt', '.text', '.md', '.markdown',
  '.png', '.jpg', '.jpeg', '.gif', '.tif', '.tiff', '.bmp', '',
]);

/** A folder's own notes (README.md, SOURCES.md …) are about the documents, not documents. */
const FOLDER_NOTES = /^(?:readme|sources|license|licence|changelog|notes)\.(?:md|markdown|txt)$/i;

function isCandidate(name: string): boolean {
  return !name.startsWith('.') && !FOLDER_NOTES.test(name) && DOCUMENT_EXT.has(extname(name).toLowerCase());
}

/** One entry found by the walk. */
export interface WalkEntry {
  /** The path as a person reads it (and as the dataset keys it): the real path when it is UTF-8. */
  path: string;
  /** The path's real bytes, only when they are not UTF-8: the file is opened by these. */
  pathBytes?: Buffer;
  /** Why the entry is not a readable file (an error of the walk's codes); absent for a file to read. */
  problem?: Message;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(b: Uint8Array): boolean {
  try {
    UTF8.decode(b);
    return true;
  } catch {
    return false;
  }
}

/** Lossy UTF-8: the valid sequences decoded, every other byte as \xNN (so the form says which bytes were bad). */
function escapedUtf8(b: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < b.length) {
    const lead = b[i];
    const n = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    const seq = n ? b.subarray(i, i + n) : undefined;
    if (seq && seq.length === n && isUtf8(seq)) {
      out += UTF8.decode(seq);
      i += n;
    } else {
      out += `\\x${lead.toString(16).toUpperCase().padStart(2, '0')}`;
      i++;
    }
  }
  return out;
}

/** A file name's readable form: UTF-8 as it is; else GBK/GB18030 when the bytes are that exactly; else lossy UTF-8 with \xNN. */
export function readableName(b: Uint8Array): string {
  if (isUtf8(b)) return UTF8.decode(b);
  const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const gbk = iconv.decode(buf, 'gb18030');
  if (!gbk.includes('\ufffd') && iconv.encode(gbk, 'gb18030').equals(buf)) return gbk;
  return escapedUtf8(b);
}

/** The warning a record gets when its file's name is not UTF-8, with the bytes kept in `source.path_bytes` (hex). */
export function nameNotUtf8(path: string): Message {
  return warning('name_not_utf8', `${path}: the file name is not UTF-8; shown in a readable form, its bytes are kept in source.path_bytes`);
}

/** The raw path bytes as kept in `source.path_bytes`: lower-case hex. */
export const pathBytesHex = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/**
 * What an error of the file system says about an entry, as a message of the walk's codes, or undefined
 * for an error that is not about the entry (those are thrown on). `reading`: the error came when the
 * file was opened or read, after the walk had seen it.
 */
export function entryProblem(path: string, e: unknown, reading = false): Message | undefined {
  const code = (e as NodeJS.ErrnoException)?.code;
  const say = (c: MessageCode, what: string) => error(c, `${path}: ${what}`);
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return say('vanished', reading ? 'the file was there when the folder was walked, and is gone now' : 'gone while the folder was walked');
    case 'ELOOP':
      return say('link_loop', 'a symbolic link that leads back into itself (ELOOP)');
    case 'EACCES':
    case 'EPERM':
      return say('unreadable', `cannot be read: permission denied (${code})`);
    case 'EIO':
    case 'EISDIR':
    case 'ENXIO':
    case 'ENODEV':
    case 'ESTALE':
    case 'EBUSY':
      return say('unreadable', `cannot be read (${code}: ${(e as Error).message})`);
    default:
      return undefined;
  }
}

function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/** A node of the walk: its real bytes, its readable path, and whether the bytes are UTF-8. */
interface Node {
  raw: Buffer;
  path: string;
  utf8: boolean;
  name: string;
  /** Which input it was found under (the output keeps the inputs' order). */
  input: number;
}

const SEP = Buffer.from(sep);

function child(dir: Node, name: Buffer): Node {
  const utf8 = isUtf8(name);
  const shown = utf8 ? name.toString('utf8') : readableName(name);
  // As path.join would: no "./" in front, no doubled separator after a root.
  if (dir.path === '.') return { raw: name, path: shown, utf8, name: shown, input: dir.input };
  const glue = dir.path.endsWith(sep) ? [] : [SEP];
  return {
    raw: Buffer.concat([dir.raw, ...glue, name]),
    path: dir.path + (glue.length ? sep : '') + shown,
    utf8: dir.utf8 && utf8,
    name: shown,
    input: dir.input,
  };
}

const isNotFound = (e: unknown) => (e as NodeJS.ErrnoException)?.code === 'ENOENT';

/**
 * Every entry under the inputs, in a stable order: by input, then by the raw bytes of the path. Each
 * real folder is walked once (by device and inode): folders reached through symbolic links are walked
 * after every real folder, so a folder is named by its real path whenever the inputs hold it, and a
 * link to a folder already walked (a loop into its own parent, or a second name) is an entry with the
 * `link_loop` error. An input that does not exist at all throws ("no such file or folder").
 */
export async function walkInputs(inputs: string[]): Promise<WalkEntry[]> {
  const found: (WalkEntry & { raw: Buffer; input: number })[] = [];
  /** Real folders walked: "dev:ino" -> the path they were walked under. */
  const walked = new Map<string, string>();
  /** Folders reached through a symbolic link, walked once the real folders are done. */
  const viaLink: Node[] = [];
  /** The real paths of the folders walked from the top (inputs, link targets), with a separator at the end. */
  const tops: { real: Buffer; path: string }[] = [];
  const top = async (n: Node) => {
    const real = await realpath(n.raw, { encoding: 'buffer' }).catch(() => undefined);
    if (real) tops.push({ real: real.at(-1) === SEP[0] ? real : Buffer.concat([real, SEP]), path: n.path });
  };

  const add = (n: Node, problem?: Message) => {
    const e: WalkEntry & { raw: Buffer; input: number } = { path: n.path, raw: n.raw, input: n.input };
    if (!n.utf8) e.pathBytes = n.raw;
    if (problem) e.problem = problem;
    found.push(e);
  };

  const listFolder = async (n: Node, st: Stats) => {
    walked.set(`${st.dev}:${st.ino}`, n.path);
    let entries: Dirent<Buffer>[];
    try {
      entries = await readdir(n.raw, { encoding: 'buffer', withFileTypes: true });
    } catch (e) {
      const p = entryProblem(n.path, e);
      if (!p) throw e;
      return add(n, p);
    }
    entries.sort((a, b) => Buffer.compare(a.name, b.name));
    for (const d of entries) {
      if (d.name[0] === 0x2e || d.name.toString('latin1') === 'node_modules') continue;
      const c = child(n, d.name);
      // The common case costs no system call: a regular file is judged by its name.
      if (d.isFile()) {
        if (isCandidate(c.name)) add(c);
      } else await visit(c, false);
    }
  };

  const visit = async (n: Node, explicit: boolean) => {
    let ls: Stats;
    try {
      ls = await lstat(n.raw);
    } catch (e) {
      if (explicit && isNotFound(e)) throw Object.assign(new Error(`no such file or folder: ${n.path}`), { code: 'ENOENT' });
      const p = entryProblem(n.path, e);
      if (!p) throw e;
      return add(n, p);
    }
    const link = ls.isSymbolicLink();
    let st = ls;
    if (link) {
      try {
        st = await stat(n.raw);
      } catch (e) {
        if (!explicit && !isCandidate(n.name)) return;
        if (isNotFound(e)) {
          const target = await readlink(n.raw, { encoding: 'buffer' }).then(readableName, () => '?');
          return add(n, error('link_broken', `${n.path}: a symbolic link to "${target}", which does not exist`));
        }
        const p = entryProblem(n.path, e);
        if (!p) throw e;
        return add(n, p);
      }
    }
    if (st.isDirectory()) {
      const before = walked.get(`${st.dev}:${st.ino}`);
      if (before === undefined) {
        // A link to a folder waits until the real folders are walked (explicit inputs are taken as given).
        if (link && !explicit) viaLink.push(n);
        else await listFolder(n, st);
      } else if (link && !explicit && before !== n.path) {
        const inside = n.path.startsWith(before.endsWith(sep) ? before : before + sep);
        add(
          n,
          error(
            'link_loop',
            inside
              ? `${n.path}: a symbolic link back to the folder "${before}" it is inside; not walked again`
              : `${n.path}: a symbolic link to the folder already walked as "${before}"; not walked twice`,
          ),
        );
      }
      // A real folder named twice (overlapping inputs) is simply walked once.
      return;
    }
    if (!explicit && !isCandidate(n.name)) return;
    if (st.isFile()) return add(n);
    add(n, error('not_a_file', `${n.path}: ${kindOf(st)}, not a file; never opened`));
  };

  for (const [input, i] of inputs.entries()) {
    const raw = Buffer.from(i);
    const n: Node = { raw, path: i, utf8: true, name: i.split(sep).pop() ?? i, input };
    const ls = await lstat(raw).catch(() => undefined);
    // A folder is walked under its normalised path, as path.join names its files ("./a/" -> "a/x.pdf").
    if (ls?.isDirectory() || (ls?.isSymbolicLink() && (await stat(raw).catch(() => undefined))?.isDirectory())) {
      const p = normalize(i);
      Object.assign(n, { raw: Buffer.from(p), path: p });
    }
    await top(n);
    await visit(n, true);
  }
  while (viaLink.length) {
    const n = viaLink.shift()!;
    const st = await stat(n.raw).catch((e: unknown) => e as Error);
    if (st instanceof Error) {
      const p = entryProblem(n.path, st);
      if (!p) throw st;
      add(n, p);
      continue;
    }
    if (walked.has(`${st.dev}:${st.ino}`)) {
      await visit(n, false); // says which folder it repeats
      continue;
    }
    // A link to a folder that holds one walked already (an input's parent): walking it would go round.
    const real = await realpath(n.raw, { encoding: 'buffer' });
    const held = tops.find((t) => t.real.length > real.length + 1 && t.real.subarray(0, real.length).equals(real) && t.real[real.length] === SEP[0]);
    if (held) {
      add(n, error('link_loop', `${n.path}: a symbolic link to "${readableName(real)}", a folder that holds "${held.path}", walked already; not walked again`));
      continue;
    }
    await top(n);
    await listFolder(n, st);
  }

  const seen = new Set<string>();
  return found
    .sort((a, b) => a.input - b.input || Buffer.compare(a.raw, b.raw))
    .filter((e) => !seen.has(e.raw.toString('latin1')) && seen.add(e.raw.toString('latin1')))
    .map(({ path, pathBytes, problem }) => ({ path, ...(pathBytes ? { pathBytes } : {}), ...(problem ? { problem } : {}) }));
}

/**
 * The files to read under the inputs, as paths (for `enqueue` and the crawl's manual folder, which take
 * paths as strings): the walk's readable files, without the entries it found wrong and without names
 * that are not UTF-8, which only `extract` reads by their bytes.
 */
export async function collectFiles(inputs: string[]): Promise<string[]> {
  return (await walkInputs(inputs)).filter((e) => !e.problem && !e.pathBytes).map((e) => e.path);
}
