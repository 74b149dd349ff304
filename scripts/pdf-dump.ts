/**
 * Debugging aid: prints what the PDF reader makes of a file (lines, and tables as grids).
 * Usage: npx tsx scripts/pdf-dump.ts FILE.pdf [--json]
 */
import { readFile } from 'node:fs/promises';
import { readPdf } from '../src/ingest/pdf/index.js';
import { toGrid } from '../src/model/document.js';

async function main(): Promise<void> {
  const [file, flag] = process.argv.slice(2);
  if (!file) throw new Error('usage: pdf-dump FILE.pdf [--json]');
  const started = performance.now();
  const doc = await readPdf(new Uint8Array(await readFile(file)), { path: file });
  const ms = performance.now() - started;
  if (flag === '--json') {
    console.log(JSON.stringify(doc, null, 1));
    return;
  }
  for (const b of doc.blocks) {
    if (b.kind === 'line') {
      console.log(`p${b.line.prov.page} ${JSON.stringify(b.line.prov.bbox)} ${b.line.text}`);
      continue;
    }
    const t = b.table;
    console.log(`\n[table p${t.prov.page} ${t.rows}x${t.cols} ${JSON.stringify(t.prov.bbox)}]`);
    const grid = toGrid(t);
    grid.forEach((row, r) => {
      const parts: string[] = [];
      row.forEach((c, k) => {
        if (!c) parts.push('∅');
        else if (c.row !== r) parts.push('↑');
        else if (k === c.col) {
          const span = c.rowSpan > 1 || c.colSpan > 1 ? `{${c.rowSpan}x${c.colSpan}}` : '';
          parts.push(`${c.text.replace(/\n/g, '⏎') || '·'}${span}`);
        }
      });
      console.log(`  ${String(r).padStart(2)}: ${parts.join(' | ')}`);
    });
    console.log('');
  }
  console.log(`-- ${doc.pages} pages, ${doc.blocks.length} blocks, ${ms.toFixed(0)} ms; warnings: ${doc.messages.map((m) => m.message).join('; ') || 'none'}`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
