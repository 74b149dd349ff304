/**
 * Issue 14: the readers' ceilings. Every hostile file of scripts/hostile.ts (the small ones: bombs
 * made in memory in milliseconds) goes through the pipeline in this process and must come out as a
 * record with the expected error code and a sentence naming the file and the number that was over
 * its limit, quickly. The large files and the peak memory of each read in a process of its own:
 * test/reader-limits-memory.test.ts.
 */
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE, writeHostileSet, type HostileEntry } from '../scripts/hostile.js';
import { checkHtmlNesting, imageSize, MAX_DEPTH } from '../src/ingest/limits.js';
import { ZipReader } from '../src/ingest/zip.js';
import { processBytes, processFile } from '../src/pipeline/process.js';

const dir = path.join(tmpdir(), `nianbao-hostile-${process.pid}`);
let set: HostileEntry[] = [];

beforeAll(async () => {
  set = await writeHostileSet(dir, { big: false });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('hostile files are refused before the work, with the code and the number', () => {
  for (const spec of HOSTILE.filter((s) => !s.big)) {
    it(`${spec.name}: ${spec.description}`, async () => {
      const entry = set.find((e) => e.name === spec.name)!;
      const t = Date.now();
      const rec = await processBytes(await readFile(entry.path), entry.path, { timeoutMs: 60_000 });
      const errors = rec.issues.filter((i) => i.level === 'error');
      if (spec.code === null) {
        // Read, and simply not a report: no reader failure, no limit.
        expect(errors.map((e) => e.code)).not.toContain('too_large');
        expect(errors.map((e) => e.code)).not.toContain('decompression_limit');
        expect(errors.map((e) => e.code)).not.toContain('reader_failed');
      } else {
        expect(errors.map((e) => e.code)).toEqual([spec.code]);
        expect(errors[0].message).toContain(entry.path);
        // The number that was over: pixels, bytes, pages or depth.
        expect(errors[0].message).toMatch(/\d{3,}|\d+(\.\d)? MB/);
      }
      expect(Date.now() - t).toBeLessThan(10_000);
    });
  }

  it('names the pixels and the limit for an image in a PDF', async () => {
    const entry = set.find((e) => e.name === 'pdf-jpeg-bomb.pdf')!;
    const rec = await processBytes(await readFile(entry.path), entry.path);
    expect(rec.errors[0]).toMatch(/60000 x 60000 pixels \(limit 100 megapixels\)/);
  });

  it('names the part and the cap for a DOCX bomb', async () => {
    const entry = set.find((e) => e.name === 'docx-inflate-bomb.docx')!;
    const rec = await processBytes(await readFile(entry.path), entry.path);
    expect(rec.errors[0]).toMatch(/word\/document\.xml inflates more than 200 times/);
  });
});

describe('limit helpers', () => {
  it('reads image sizes from headers', async () => {
    const { pngBomb, jpegBomb, gifBomb } = await import('../scripts/hostile.js');
    expect(imageSize(pngBomb())).toEqual({ w: 50000, h: 50000, type: 'PNG' });
    expect(imageSize(jpegBomb())).toEqual({ w: 60000, h: 60000, type: 'JPEG' });
    expect(imageSize(gifBomb())).toEqual({ w: 65535, h: 65535, type: 'GIF' });
  });

  it('counts HTML nesting as the parser does: closing tags close what is open inside, flat elements add nothing', () => {
    const ok = `<html><body>${'<p>unclosed paragraph '.repeat(5000)}${'<li>item'.repeat(5000)}${'<div>'.repeat(MAX_DEPTH - 5)}x${'</div>'.repeat(MAX_DEPTH - 5)}</body></html>`;
    expect(() => checkHtmlNesting(ok, 'ok.html')).not.toThrow();
    // A stray closing tag is ignored; one closing an outer element closes what is open inside it.
    const closes = `<div>${'<span>'.repeat(900)}</div>`.repeat(10);
    expect(() => checkHtmlNesting(closes, 'closes.html')).not.toThrow();
    expect(() => checkHtmlNesting('<div>'.repeat(MAX_DEPTH + 1), 'deep.html')).toThrow(/deep\.html: the HTML nests elements more than 1000 deep/);
    // Tags in scripts and comments are not elements.
    expect(() => checkHtmlNesting(`<script>${'<div>'.repeat(2000)}</script><!-- ${'<div>'.repeat(2000)} -->`, 's.html')).not.toThrow();
  });

  it('reads the corpus DOCX parts as before, and refuses an entry past the ratio cap early', async () => {
    const buf = new Uint8Array(await readFile('corpus/generated/docx/a_county_2021.docx'));
    const zip = new ZipReader(buf, 'a.docx');
    const xml = new TextDecoder().decode(zip.read('word/document.xml'));
    expect(xml).toContain('<w:body');
    const { docxInflateBomb } = await import('../scripts/hostile.js');
    const bomb = new ZipReader(docxInflateBomb(1), 'bomb.docx');
    expect(() => bomb.read('word/document.xml')).toThrow(/bomb\.docx: word\/document\.xml inflates more than 200 times/);
  });
});

describe('the text cap', () => {
  const MB = 2 ** 20;
  const report = (body: string) => `<!DOCTYPE html><html><head><meta charset="utf-8"><title>某县2023年政府信息公开工作年度报告</title></head><body>${body}</body></html>`;

  it('leaves out pictures embedded as data: URIs (a pasted screenshot goes to OCR, not to the text readers)', async () => {
    const picture = `<img src="data:image/png;base64,${'A'.repeat(6 * MB)}">`;
    const buf = Buffer.from(report(`<p>一、总体情况</p>${picture}`));
    const rec = await processBytes(buf, 'pasted.html');
    expect(rec.issues.map((i) => i.code)).not.toContain('too_large');
  });

  it('refuses an HTML body over 4 MB besides its pictures, naming the size', async () => {
    const buf = Buffer.from(report(`<p>${'政府信息公开。'.repeat(Math.ceil((5 * MB) / 21))}</p>`));
    const rec = await processBytes(buf, 'long.html');
    expect(rec.issues.map((i) => i.code)).toEqual(['too_large']);
    expect(rec.errors[0]).toMatch(/^long\.html: 5(\.\d)? MB of HTML besides its embedded pictures \(\d+ bytes\) is over the limit of 4 MB/);
  });

  it('refuses a text file over the cap from its size and first bytes, without reading it', async () => {
    const file = path.join(tmpdir(), `nianbao-long-${process.pid}.txt`);
    const { writeFile } = await import('node:fs/promises');
    await writeFile(file, '政府信息公开工作年度报告\n'.repeat(Math.ceil((6 * MB) / 37)));
    try {
      const rec = await processFile(file);
      expect(rec.issues.map((i) => i.code)).toEqual(['too_large']);
      expect(rec.errors[0]).toMatch(new RegExp(`^${file.replace(/[.\\/]/g, '\\$&')}: 6(\\.\\d)? MB of text \\(\\d+ bytes\\) is over the limit of 4 MB; not read$`));
      expect(rec.source).toMatchObject({ format: 'txt', bytes: (await import('node:fs')).statSync(file).size });
    } finally {
      await rm(file, { force: true });
    }
  });
});
