import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectFiles } from '../src/batch/files.js';

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
