import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectFiles } from '../src/batch/files.js';

describe('collectFiles', () => {
  it('finds the documents under a folder given by a relative path that starts with ".." (hidden names are judged by the name, not the path)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'walk-'));
    mkdirSync(join(dir, 'sub'));
    for (const f of ['a.txt', 'sub/b.pdf', '.hidden.txt', 'notes.json']) writeFileSync(join(dir, f), 'x');
    const rel = relative(process.cwd(), dir);
    expect(rel.startsWith('..')).toBe(true);
    expect(await collectFiles([rel])).toEqual([join(rel, 'a.txt'), join(rel, 'sub/b.pdf')]);
  });
});
