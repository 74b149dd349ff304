/**
 * The layers of src/, checked on the import graph: a module imports only from layers below its own
 * (and from its own folder). Lowest first:
 *
 *   model < text, util < ingest, extractors < validate < pipeline < dataset < evaluate < batch < queue, crawl < serve < cli
 *
 * Folders on one level do not import each other (ingest and extractors; text and util; queue and crawl).
 * Narrower rules on top (the tables below): ingest imports only model, text and util; validate only
 * model, text, util and extractors/templates (the templates, not the extractors' code); and inside
 * extractors, one extractor (extractors/<a>) imports no other (extractors/<b>) except extractors/templates;
 * code they share goes down to text/ or model/. Every folder under src/ must have a place in the table;
 * a folder in the table that does not exist (yet) is fine.
 *
 * The graph: `import … from '…'`, `export … from '…'`, side-effect `import '…'` and dynamic `import('…')`
 * of relative paths, `.js` resolved to the `.ts` source.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** Lowest first; folders in one entry are on the same level. */
const LAYERS: readonly (readonly string[])[] = [
  ['model'],
  ['text', 'util'],
  ['ingest', 'extractors'],
  ['validate'],
  ['pipeline'],
  ['dataset'],
  ['evaluate'],
  ['batch'],
  ['queue', 'crawl'],
  ['serve'],
  ['cli'],
];

/**
 * Exceptions that narrow the layers: these areas may import only from the listed areas (and from
 * themselves). An area is a folder under src/, or extractors/<name> for the extractors' sub-folders.
 * A listed folder allows everything in it ('extractors' would allow every extractor).
 */
const ONLY: Readonly<Record<string, readonly string[]>> = {
  ingest: ['model', 'text', 'util'],
  validate: ['model', 'text', 'util', 'extractors/templates'],
};

/** The one part of extractors that every extractor may import. */
const EXTRACTORS_SHARED = 'extractors/templates';

const LEVEL = new Map(LAYERS.flatMap((folders, level) => folders.map((f) => [f, level] as const)));

interface Edge {
  /** Repository-relative paths, e.g. src/ingest/index.ts. */
  from: string;
  to: string;
}

interface Violation {
  /** 'placed', 'layers', 'extractors', or a key of ONLY. */
  rule: string;
  message: string;
}

/** The folder under src/ ('' for a file directly in src/), and the area: extractors/<sub> inside extractors. */
function placeOf(file: string): { folder: string; area: string } {
  const parts = file.split('/');
  if (parts[0] !== 'src' || parts.length < 3) return { folder: '', area: '' };
  const folder = parts[1]!;
  // A file directly in src/extractors/ is its own area, "extractors": not an extractor's sibling to lean on.
  const area = folder === 'extractors' && parts.length > 3 ? `extractors/${parts[2]}` : folder;
  return { folder, area };
}

const within = (area: string, allowed: string) => area === allowed || area.startsWith(`${allowed}/`);

/** Every rule broken by `files` (all files under src/) and `edges` (their relative imports). */
function checkLayers(files: readonly string[], edges: readonly Edge[]): Violation[] {
  const out: Violation[] = [];
  const unplaced = new Set<string>();
  for (const f of files) {
    const { folder } = placeOf(f);
    if (!LEVEL.has(folder)) unplaced.add(folder ? `src/${folder}/` : f);
  }
  for (const u of [...unplaced].sort()) {
    out.push({ rule: 'placed', message: `${u} has no place in the layer table (test/layers.test.ts)` });
  }

  for (const { from, to } of edges) {
    if (!to.startsWith('src/')) continue; // data/*.json and the like
    const a = placeOf(from);
    const b = placeOf(to);
    if (!LEVEL.has(a.folder)) continue; // reported above
    const line = (x: string, y: string) => `${from} -> ${to} (${x} -> ${y})`;

    if (a.folder !== b.folder) {
      const la = LEVEL.get(a.folder)!;
      const lb = LEVEL.get(b.folder);
      if (lb === undefined) out.push({ rule: 'layers', message: line(a.folder, `${b.folder || to}: not in the layer table`) });
      else if (lb >= la) out.push({ rule: 'layers', message: line(a.folder, b.folder) });
    }

    for (const [area, allowed] of Object.entries(ONLY)) {
      if (!within(a.area, area) || within(b.area, area)) continue;
      if (!allowed.some((x) => within(b.area, x))) {
        // Name the sub-area only where the rule looks at sub-areas (validate: extractors/templates).
        const target = allowed.some((x) => x.startsWith(`${b.folder}/`)) ? b.area : b.folder;
        out.push({ rule: area, message: line(area, target || to) });
      }
    }

    if (a.folder === 'extractors' && b.folder === 'extractors' && a.area !== b.area && b.area !== EXTRACTORS_SHARED) {
      out.push({ rule: 'extractors', message: line(a.area, b.area) });
    }
  }
  return out;
}

/** The relative module specifiers of a source text: static imports and re-exports, side-effect and dynamic imports. */
function importsOf(source: string): string[] {
  const specs: string[] = [];
  // At the start of a line (so not in a comment): import/export [type] [bindings from] '…'; bindings may span lines.
  const stat = /^[ \t]*(?:import|export)\s+(?:type\s+)?(?:[\w$*{},\s]+?\s+from\s+)?['"]([^'"\n]+)['"]/gm;
  const dyn = /\bimport\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g;
  for (const re of [stat, dyn]) for (const m of source.matchAll(re)) specs.push(m[1]!);
  return specs.filter((s) => s.startsWith('./') || s.startsWith('../'));
}

/** Resolves a relative specifier of `from` to a repository-relative path; `.js` is the `.ts` source. */
function resolve(from: string, spec: string): string {
  const p = posix.normalize(posix.join(posix.dirname(from), spec));
  return p.replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts').replace(/\.cjs$/, '.cts');
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function srcGraph(): { files: string[]; edges: Edge[] } {
  const files = readdirSync(posix.join(ROOT, 'src'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => posix.relative(ROOT, posix.join(e.parentPath, e.name)))
    .sort();
  const edges: Edge[] = [];
  for (const from of files) {
    if (!/\.[mc]?[jt]sx?$/.test(from)) continue;
    for (const spec of importsOf(readFileSync(posix.join(ROOT, from), 'utf8'))) edges.push({ from, to: resolve(from, spec) });
  }
  return { files, edges };
}

const report = (title: string, v: Violation[]) => `${title}: ${v.length}\n  ${v.map((x) => x.message).join('\n  ')}\n`;

describe('layers of src/', () => {
  const { files, edges } = srcGraph();
  const violations = checkLayers(files, edges);
  const of = (rule: string) => violations.filter((v) => v.rule === rule);

  it('reads a real import graph', () => {
    // A scanner that finds nothing would pass every rule below.
    expect(files.length).toBeGreaterThan(50);
    expect(edges.length).toBeGreaterThan(100);
    expect(edges).toContainEqual({ from: 'src/batch/pool.ts', to: 'src/batch/task.ts' });
  });

  it('places every folder under src/ in the layer table', () => {
    const v = of('placed');
    expect(v.length, report('folders to place in LAYERS', v)).toBe(0);
  });

  it('imports only from lower layers (or the same folder), never up or sideways', () => {
    const v = of('layers');
    expect(v.length, report('imports from a layer above or beside', v)).toBe(0);
  });

  it.each(Object.entries(ONLY).map(([area, allowed]) => [area, allowed.join(', ')]))('%s imports only from %s', (area, allowed) => {
    const v = of(area);
    expect(v.length, report(`${area} imports from outside ${allowed}`, v)).toBe(0);
  });

  it('an extractor imports no other extractor, only extractors/templates', () => {
    const v = of('extractors');
    expect(v.length, report('imports between extractors', v)).toBe(0);
  });
});

describe('the layer checker itself', () => {
  it('finds static, type-only, multi-line, re-exported, side-effect and dynamic imports, not comments or packages', () => {
    const src = [
      `import { a } from './a.js';`,
      `import type { B } from "../model/b.js";`,
      `import {`,
      `  c,`,
      `  type D,`,
      `} from '../c/d.js';`,
      `import * as e from './e.js';`,
      `import f, { g } from './f.js';`,
      `import './side.js';`,
      `export { h } from './h.js';`,
      `export * from './star.js';`,
      `export type { I } from './i.js';`,
      `const j = await import('./j.js');`,
      `import { readFileSync } from 'node:fs';`,
      `// import { no } from './comment.js';`,
      ` * import { no } from './doc.js';`,
      `export const k = 1;`,
    ].join('\n');
    expect(importsOf(src)).toEqual([
      './a.js', '../model/b.js', '../c/d.js', './e.js', './f.js', './side.js', './h.js', './star.js', './i.js', './j.js',
    ]);
    expect(resolve('src/ingest/ocr/x.ts', '../../model/document.js')).toBe('src/model/document.ts');
  });

  it('reports an upward import, a sideways one, the narrow rules and an unplaced folder; passes the allowed ones', () => {
    const files = [
      'src/model/record.ts', 'src/util/paths.ts', 'src/ingest/index.ts', 'src/extractors/issuer/title.ts',
      'src/extractors/tables/index.ts', 'src/extractors/templates/t3.ts', 'src/validate/checks.ts',
      'src/pipeline/process.ts', 'src/cli/main.ts', 'src/gadgets/x.ts',
    ];
    const e = (from: string, to: string): Edge => ({ from, to });
    const v = checkLayers(files, [
      // allowed
      e('src/cli/main.ts', 'src/pipeline/process.ts'),
      e('src/pipeline/process.ts', 'src/model/record.ts'),
      e('src/ingest/index.ts', 'src/text/fold.ts'), // text need not exist
      e('src/validate/checks.ts', 'src/extractors/templates/t3.ts'),
      e('src/extractors/issuer/title.ts', 'src/extractors/templates/t3.ts'),
      e('src/extractors/issuer/title.ts', 'src/extractors/issuer/chain.ts'),
      e('src/ingest/index.ts', 'data/x.json'),
      // not allowed
      e('src/model/record.ts', 'src/cli/main.ts'),
      e('src/ingest/index.ts', 'src/extractors/tables/index.ts'),
      e('src/validate/checks.ts', 'src/extractors/tables/index.ts'),
      e('src/extractors/issuer/title.ts', 'src/extractors/tables/index.ts'),
      e('src/util/paths.ts', 'src/text/fold.ts'),
    ]);
    expect(v).toEqual([
      { rule: 'placed', message: 'src/gadgets/ has no place in the layer table (test/layers.test.ts)' },
      { rule: 'layers', message: 'src/model/record.ts -> src/cli/main.ts (model -> cli)' },
      { rule: 'layers', message: 'src/ingest/index.ts -> src/extractors/tables/index.ts (ingest -> extractors)' },
      { rule: 'ingest', message: 'src/ingest/index.ts -> src/extractors/tables/index.ts (ingest -> extractors)' },
      { rule: 'validate', message: 'src/validate/checks.ts -> src/extractors/tables/index.ts (validate -> extractors/tables)' },
      { rule: 'extractors', message: 'src/extractors/issuer/title.ts -> src/extractors/tables/index.ts (extractors/issuer -> extractors/tables)' },
      { rule: 'layers', message: 'src/util/paths.ts -> src/text/fold.ts (util -> text)' },
    ]);
  });
});
