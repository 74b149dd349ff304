import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { collectFiles, entryProblem, readableName, walkInputs } from '../src/batch/files.js';

describe('collectFiles', () => {
  it('finds the documents under a folder given by a relative path that starts with ".." (hidden names are judged by the name, not the path)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'walk-'));
    mkdirSync(join(dir, 'sub'));
    for (const f of ['a.txt', 'sub/b.pdf', '.hidden.txt', 'notes.json', 'README.md', 'sub/SOURCES.md', 'c.md']) writeFileSync(join(dir, f), 'x');
    const rel = relative(process.cwd(), dir);
    expect(rel.startsWith('..')).toBe(true);
    // A folder's README and SOURCES notes are not documents; a markdown conversion is.
    expect(await collectFiles([rel])).toEqual([join(rel, 'a.txt'), join(rel, 'c.md'), join(rel, 'sub/b.pdf')]);
    expect(await collectFiles([join(rel, 'README.md')])).toEqual([join(rel, 'README.md')]);
  });
});

describe('walkInputs: no single entry stops the walk', () => {
  const root = process.getuid?.() === 0;
  const gbk = (dir: string, name: string) => Buffer.concat([Buffer.from(`${dir}/gbk_`), iconv.encode(name, 'gbk'), Buffer.from('.txt')]);

  it('gives every odd entry a coded problem and walks on: broken link, link loop, FIFO, a second name of a folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'walk-odd-'));
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real/a.txt'), 'x');
    writeFileSync(join(dir, 'b.pdf'), 'x');
    symlinkSync('x.pdf', join(dir, 'gone.pdf'));
    symlinkSync('..', join(dir, 'real/up')); // a folder link back into its parent
    symlinkSync('real', join(dir, 'again')); // a second name of a folder walked under its real name
    symlinkSync('self.pdf', join(dir, 'self.pdf')); // ELOOP
    symlinkSync('b.pdf', join(dir, 'c.pdf')); // a link to a file is read as the file
    execFileSync('mkfifo', [join(dir, 'pipe.txt')]);
    symlinkSync('nowhere.json', join(dir, 'gone.json')); // not a document name: passed over, as any .json
    const entries = await walkInputs([dir]);
    const byName = Object.fromEntries(entries.map((e) => [relative(dir, e.path), e.problem?.code ?? 'file']));
    expect(byName).toEqual({
      again: 'link_loop',
      'b.pdf': 'file',
      'c.pdf': 'file',
      'gone.pdf': 'link_broken',
      'pipe.txt': 'not_a_file',
      'real/a.txt': 'file',
      'real/up': 'link_loop',
      'self.pdf': 'link_loop',
    });
    const msg = (n: string) => entries.find((e) => e.path === join(dir, n))!.problem!.message;
    expect(msg('gone.pdf')).toBe(`${join(dir, 'gone.pdf')}: a symbolic link to "x.pdf", which does not exist`);
    expect(msg('real/up')).toMatch(/: a symbolic link back to the folder ".*" it is inside; not walked again$/);
    expect(msg('again')).toBe(`${join(dir, 'again')}: a symbolic link to the folder already walked as "${join(dir, 'real')}"; not walked twice`);
    expect(msg('pipe.txt')).toMatch(/a FIFO \(named pipe\), not a file; never opened$/);
    // collectFiles (enqueue, the crawl's manual folder) gets the readable files only.
    expect(await collectFiles([dir])).toEqual([join(dir, 'b.pdf'), join(dir, 'c.pdf'), join(dir, 'real/a.txt')]);
  });

  it('walks a folder reached only through a link, once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'walk-link-'));
    const elsewhere = mkdtempSync(join(tmpdir(), 'walk-elsewhere-'));
    writeFileSync(join(elsewhere, 'r.txt'), 'x');
    symlinkSync(elsewhere, join(dir, 'one'));
    symlinkSync(elsewhere, join(dir, 'two'));
    const entries = await walkInputs([dir]);
    expect(entries.map((e) => [relative(dir, e.path), e.problem?.code])).toEqual([
      ['one/r.txt', undefined],
      ['two', 'link_loop'],
    ]);
  });

  it('reads a name that is not UTF-8 by its bytes: GBK decoded for people, the bytes kept, ordered by the bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'walk-gbk-'));
    writeFileSync(gbk(dir, '年报'), 'x');
    writeFileSync(join(dir, 'gbk_a.txt'), 'x');
    const latin1 = Buffer.concat([Buffer.from(`${dir}/caf`), Buffer.from([0xe9]), Buffer.from('.txt')]);
    writeFileSync(latin1, 'x');
    const entries = await walkInputs([dir]);
    expect(entries.map((e) => relative(dir, e.path))).toEqual(['caf\\xE9.txt', 'gbk_a.txt', 'gbk_年报.txt']);
    expect(entries[2].pathBytes).toEqual(gbk(dir, '年报'));
    expect(entries[0].pathBytes).toEqual(latin1);
    expect(entries[1].pathBytes).toBeUndefined();
    expect(entries.every((e) => !e.problem)).toBe(true);
    expect(readableName(Buffer.from('年报', 'utf8'))).toBe('年报');
    // Not UTF-8: collectFiles, which hands out strings, leaves them to extract.
    expect(await collectFiles([dir])).toEqual([join(dir, 'gbk_a.txt')]);
  });

  it('an unreadable folder is an entry with an error (skipped as root, who reads everything)', async (ctx) => {
    if (root) return ctx.skip('running as root: permissions do not stop root, so EACCES cannot happen');
    const dir = mkdtempSync(join(tmpdir(), 'walk-eacces-'));
    mkdirSync(join(dir, 'locked'));
    writeFileSync(join(dir, 'ok.txt'), 'x');
    chmodSync(join(dir, 'locked'), 0);
    try {
      const entries = await walkInputs([dir]);
      expect(entries.map((e) => [relative(dir, e.path), e.problem?.code])).toEqual([
        ['locked', 'unreadable'],
        ['ok.txt', undefined],
      ]);
    } finally {
      chmodSync(join(dir, 'locked'), 0o755);
    }
  });

  it('an input that does not exist at all is still an error of the command', async () => {
    await expect(walkInputs([join(tmpdir(), 'no-such-folder-nianbao')])).rejects.toThrow(/no such file or folder/);
  });

  it('maps errors of the file system to the walk codes', () => {
    const e = (code: string) => Object.assign(new Error(code), { code });
    expect(entryProblem('a/x.pdf', e('ENOENT'), true)).toMatchObject({ level: 'error', code: 'vanished' });
    expect(entryProblem('a/x.pdf', e('EACCES'))).toMatchObject({ code: 'unreadable', message: 'a/x.pdf: cannot be read: permission denied (EACCES)' });
    expect(entryProblem('a/x.pdf', e('ELOOP'))?.code).toBe('link_loop');
    expect(entryProblem('a/x.pdf', e('ENOSPC'))).toBeUndefined();
  });
});
