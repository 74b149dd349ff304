/**
 * The comparison API's part of `npm run bench` (also on its own: node dist/scripts/bench-serve.js):
 * a national dataset generated here, BENCH_REGIONS regions (default 3,000) x BENCH_YEARS years
 * (default 7, ending 2024), written through the Store's own write path (store.put of records built
 * like the extractor's: every T2/T3/T4 key of the template from src/extractors/templates, cells with
 * provenance, some blank, unreadable or not printed, some failed checks, some OCR'd), then served by
 * `nianbao serve`'s own serve() in a child process, so that the RSS read from /proc is the server's
 * alone. Every route is asked through HTTP (undici) BENCH_SERVE_N times (default 100) after a
 * warm-up, one request at a time, and its p50/p95 printed against the targets of issue 13, with the
 * server's peak RSS and what the machine gives at the moment (it is shared: read the figures with it).
 *
 * Regions: GB/T 2260-shaped 6-digit codes under 31 real provinces, about ten cities each, every city
 * a region itself (PPCC00) and nine counties (PPCCnn), names made of 汉字. Issuers: each region's
 * government every year (its printed name with and without the city in front, as real reports vary),
 * and in some regions a department and the government's office from 2021 on.
 *
 * BENCH_SERVE_KEEP=<file.sqlite>: generate into that file and keep it, or reuse it when it is there.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { request } from 'undici';
import { SERVE_HEAP_MB } from '../src/cli/heap.js';
import { SqliteStore } from '../src/dataset/sqlite.js';
import { identities } from '../src/extractors/templates/identities.js';
import { templateKeys, type Generation } from '../src/extractors/templates/index.js';
import { error, sentences, type Message } from '../src/model/messages.js';
import type { CellRecord, Check, ReportRecord } from '../src/model/record.js';

const REGIONS = Number(process.env.BENCH_REGIONS ?? 3000);
const YEARS = Number(process.env.BENCH_YEARS ?? 7);
const N = Number(process.env.BENCH_SERVE_N ?? 100);
const LAST_YEAR = 2024;
const FIRST_YEAR = LAST_YEAR - YEARS + 1;
const TARGETS = { search: 100, region: 100, compare: 300, ranking: 300 } as const;
const RSS_TARGET_MB = 300;
const here = fileURLToPath(import.meta.url);

/** A small seeded generator (mulberry32): the same dataset every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(20240613);
const int = (n: number) => Math.floor(random() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];

const PROVINCES: readonly [string, string][] = [
  ['11', '北京市'], ['12', '天津市'], ['13', '河北省'], ['14', '山西省'], ['15', '内蒙古自治区'], ['21', '辽宁省'], ['22', '吉林省'],
  ['23', '黑龙江省'], ['31', '上海市'], ['32', '江苏省'], ['33', '浙江省'], ['34', '安徽省'], ['35', '福建省'], ['36', '江西省'],
  ['37', '山东省'], ['41', '河南省'], ['42', '湖北省'], ['43', '湖南省'], ['44', '广东省'], ['45', '广西壮族自治区'], ['46', '海南省'],
  ['50', '重庆市'], ['51', '四川省'], ['52', '贵州省'], ['53', '云南省'], ['54', '西藏自治区'], ['61', '陕西省'], ['62', '甘肃省'],
  ['63', '青海省'], ['64', '宁夏回族自治区'], ['65', '新疆维吾尔自治区'],
];
const CHARS = '东西南北中安平山河江湖清阳宁新华丰太永泰德兴长昌明光定海城林松桃石金龙凤云武文宝福庆和康乐嘉兰青白红黄水溪源泉峰岭沙田川原州坪台';
const placeName = () => CHARS[int(CHARS.length)] + CHARS[int(CHARS.length)];
const DEPARTMENTS = ['财政局', '公安局', '自然资源局', '住房和城乡建设局', '市场监督管理局', '生态环境局', '教育局', '卫生健康委员会'];

interface Region {
  code: string;
  name: string;
  province: string;
  city: string;
  /** A city's own region (PPCC00). */
  isCity: boolean;
}

/** About ten cities per province, each a region itself and nine counties under it, until there are `n`. */
function gazetteer(n: number): Region[] {
  const perProvince = Math.ceil(n / 10 / PROVINCES.length);
  const out: Region[] = [];
  for (let c = 1; c <= perProvince; c++) {
    for (const [pc, province] of PROVINCES) {
      const cc = `${pc}${String(c).padStart(2, '0')}`;
      const city = `${placeName()}市`;
      out.push({ code: `${cc}00`, name: city, province, city, isCity: true });
      for (let k = 1; k <= 9; k++) out.push({ code: `${cc}${String(k).padStart(2, '0')}`, name: `${placeName()}${random() < 0.6 ? '县' : '区'}`, province, city, isCity: false });
    }
  }
  return out.slice(0, n).sort((a, b) => a.code.localeCompare(b.code));
}

const KEYS: Record<Generation, string[]> = { '2021': templateKeys('2021'), '2019': templateKeys('2019') };
const RULES: Record<Generation, string[]> = { '2021': identities('2021').map((i) => i.rule), '2019': identities('2019').map((i) => i.rule) };

interface Issuer {
  name: (year: number) => string;
  type: 'government' | 'government_office' | 'department';
  years: number[];
}

function issuersOf(r: Region, i: number): Issuer[] {
  const all = Array.from({ length: YEARS }, (_, k) => FIRST_YEAR + k);
  const recent = all.filter((y) => y >= 2021);
  // The government's printed name gains the city in front in later years (淮安市洪泽区人民政府 / 洪泽区人民政府).
  const gov = (y: number) => (r.isCity || y < 2022 ? `${r.name}人民政府` : `${r.city}${r.name}人民政府`);
  const out: Issuer[] = [{ name: gov, type: 'government', years: all }];
  if (i % 10 === 3) out.push({ name: () => `${r.name}${DEPARTMENTS[i % DEPARTMENTS.length]}`, type: 'department', years: recent });
  if (i % 30 === 7) out.push({ name: () => `${r.name}人民政府办公室`, type: 'government_office', years: recent });
  return out;
}

/** One record as the pipeline would make it for a report of this issuer and year. */
function makeRecord(r: Region, issuer: Issuer, year: number): ReportRecord {
  const gen: Generation = year >= 2021 ? '2021' : '2019';
  const name = issuer.name(year);
  const sha256 = createHash('sha256').update(`${r.code}|${name}|${year}`).digest('hex');
  const format = random() < 0.8 ? 'pdf' : 'html';
  const ocr = format === 'pdf' && random() < 0.06;
  const scale = issuer.type === 'government' ? (r.isCity ? 400 : 120) : 30;
  const values: Record<string, number | null> = {};
  const cells: CellRecord[] = [];
  const issues: Message[] = [];
  let row = 0;
  for (const key of KEYS[gen]) {
    row++;
    const roll = random();
    const page = 2 + Math.floor(row / 60);
    const where =
      format === 'pdf'
        ? { page, bbox: [120 + (row % 7) * 60, 80 + (row % 60) * 11.5, 180 + (row % 7) * 60, 91.5 + (row % 60) * 11.5] as [number, number, number, number], path: null, line: null }
        : { page: null, bbox: null, path: `table[${1 + Math.floor(row / 60)}]>tr[${2 + (row % 60)}]>td[${2 + (row % 7)}]`, line: null };
    const method = ocr ? 'ocr' : format === 'pdf' ? 'text' : 'html';
    const extra = ocr ? { confidence: Math.round(55 + random() * 44) } : {};
    if (roll < 0.01) {
      values[key] = null; // not printed: no cell
      continue;
    }
    if (roll < 0.04) {
      values[key] = null;
      cells.push({ key, value: null, raw: pick(['', '-', '—', '/']), status: 'blank', ...where, method, ...extra });
      continue;
    }
    if (roll < 0.043) {
      values[key] = null;
      const raw = pick(['3б', '1l', '?']);
      cells.push({ key, value: null, raw, status: 'unreadable', ...where, method, ...extra });
      issues.push(error('cell_unreadable', `${key}: the cell reads "${raw}", not a number`, { key, page: where.page ?? undefined, detail: raw }));
      continue;
    }
    const v = key.endsWith('amount_10k_yuan') ? Math.round(random() * 5000) / 100 : random() < 0.45 ? 0 : Math.floor(random() * random() * scale);
    values[key] = v;
    cells.push({ key, value: v, raw: String(v), status: 'ok', ...where, method, ...extra });
  }
  const failing = random() < 0.08 ? new Set([pick(RULES[gen]), pick(RULES[gen])]) : new Set<string>();
  const checks: Check[] = RULES[gen].map((rule) =>
    failing.has(rule)
      ? { rule, status: 'fail', detail: `${int(50)}+${int(5)} (${int(60)}) = ${int(50)}+${int(5)} (${int(60)})`, severity: 'error' }
      : { rule, status: 'pass', detail: `${int(50)}+0 (${int(50)}) = ${int(50)}+0 (${int(50)})`, severity: 'error' },
  );
  const received = values['requests.received.total'];
  const narrative =
    typeof received === 'number'
      ? [{ metric: 'narrative.applications_received', value: received, qualifier: 'exact' as const, unit: '件', text: `全年共受理政府信息公开申请${received}件`, page: 1 }]
      : [];
  const province = r.province.replace(/(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$/, '');
  return {
    source: {
      path: `archive/${r.code.slice(0, 2)}/${r.code}/${year}_${sha256.slice(0, 8)}.${format}`,
      sha256,
      format,
      pages: format === 'pdf' ? 6 : null,
      ocr,
      bytes: 150_000 + int(400_000),
      ...(format === 'html' ? { url: `https://www.${province.length}${r.code}.gov.cn/zwgk/ndbg/${year}/${sha256.slice(0, 10)}.html` } : {}),
    },
    issuer: { name, type: issuer.type, region_code: r.code, region_name: r.name, province: r.province, city: r.city },
    year,
    template: gen,
    values,
    cells,
    narrative,
    checks,
    errors: sentences(issues, 'error'),
    warnings: [],
    issues,
    parser: { name: 'nianbao', version: '0.1.0+bench' },
  };
}

interface Generated {
  regions: Region[];
  records: number;
  values: number;
  seconds: number;
  perDocumentRate: number;
  batchedRate: number;
}

/** Writes the dataset: the first records one transaction each (as extract does), the rest 500 puts to a transaction (better-sqlite3 nests each put's own transaction as a savepoint). */
async function generate(file: string): Promise<Generated> {
  const regions = gazetteer(REGIONS);
  const store = new SqliteStore(file);
  const t0 = performance.now();
  let records = 0;
  let values = 0;
  const SINGLE = 500;
  const BATCH = 500;
  let tSingle = 0;
  let tBatch = 0;
  const work: [Region, Issuer, number][] = [];
  regions.forEach((r, i) => issuersOf(r, i).forEach((iss) => iss.years.forEach((y) => work.push([r, iss, y]))));
  for (const [r, iss, y] of work) {
    if (records >= SINGLE && (records - SINGLE) % BATCH === 0) {
      if (records === SINGLE) {
        tSingle = performance.now() - t0;
        tBatch = performance.now();
      } else store.db.exec('COMMIT');
      store.db.exec('BEGIN');
    }
    const rec = makeRecord(r, iss, y);
    values += Object.keys(rec.values).length;
    await store.put(rec, 0);
    records++;
    if (records % 5000 === 0) process.stderr.write(`  ${records} of ${work.length} records written\r`);
  }
  if (records > SINGLE) store.db.exec('COMMIT');
  else tSingle = performance.now() - t0;
  const batched = records - SINGLE;
  const batchSeconds = (performance.now() - tBatch) / 1000;
  await store.close();
  process.stderr.write(' '.repeat(60) + '\r');
  return {
    regions, records, values, seconds: (performance.now() - t0) / 1000,
    perDocumentRate: Math.min(SINGLE, records) / (tSingle / 1000 || 1), batchedRate: batched > 0 ? batched / batchSeconds : 0,
  };
}

/** The server's own process: serve() on the dataset, its URL on the first line of stdout. */
async function childServe(file: string) {
  const { serve } = await import('../src/serve/index.js');
  const store = new SqliteStore(file);
  const running = await serve({ store, port: 0, log: (l) => process.stdout.write(`${l}\n`) });
  const stop = () => void running.close().finally(() => store.close().finally(() => process.exit(0)));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

function startServer(file: string): Promise<{ url: string; pid: number; stop: () => void; startSeconds: number }> {
  const t0 = performance.now();
  // With the heap `nianbao serve` gives itself (src/cli/heap.ts).
  const child = spawn(process.execPath, [...process.execArgv, `--max-old-space-size=${SERVE_HEAP_MB}`, here, 'serve', file], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (l) => {
      if (/^http:\/\//.test(l)) resolve({ url: l, pid: child.pid!, stop: () => child.kill('SIGTERM'), startSeconds: (performance.now() - t0) / 1000 });
      else process.stdout.write(`  server: ${l}\n`);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before it listened`)));
    child.once('error', reject);
  });
}

/** VmHWM (peak) and VmRSS (now) of a process, in MB. */
function rssOf(pid: number): { peak: number; now: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (f: string) => Number(new RegExp(`${f}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { peak: kb('VmHWM') / 1024, now: kb('VmRSS') / 1024 };
}

/** Time of one GET, the body read to its end; fails on anything but 200. */
async function timed(url: string): Promise<number> {
  const t = performance.now();
  const res = await request(url);
  const body = await res.body.text();
  const ms = performance.now() - t;
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${body.slice(0, 200)}`);
  return ms;
}

const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];

interface Route {
  name: string;
  target: number | null;
  paths: () => string;
}

async function measureRoute(base: string, r: Route): Promise<{ p50: number; p95: number; max: number }> {
  for (let i = 0; i < Math.max(5, Math.round(N / 10)); i++) await timed(base + r.paths());
  const times: number[] = [];
  for (let i = 0; i < N; i++) times.push(await timed(base + r.paths()));
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95), max: times[times.length - 1] };
}

/** The same pure CPU loop as the extract bench, once alone and once per core at the same time (each child times its own loop). */
async function machine(): Promise<string> {
  const child = join(dirname(here), 'bench-child.js');
  if (!existsSync(child)) return 'machine: (bench-child.js not built; run npm run build)';
  const spin = async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [child, 'spin'], { encoding: 'utf8' });
    return (JSON.parse(stdout.trim().split('\n').pop()!) as { seconds: number }).seconds;
  };
  const one = await spin();
  const cores = availableParallelism();
  const slowest = Math.max(...(await Promise.all(Array.from({ length: cores }, spin))));
  return `machine: pure CPU loop ${one.toFixed(2)} s alone, ${slowest.toFixed(2)} s with ${cores} at once: ${((cores * one) / slowest).toFixed(2)}x of one core's throughput on ${cores} cores now`;
}

export async function benchServe(): Promise<void> {
  const keep = process.env.BENCH_SERVE_KEEP;
  const dir = keep ? undefined : mkdtempSync(join(tmpdir(), 'nianbao-bench-serve-'));
  const file = keep ?? join(dir!, 'nianbao.sqlite');
  console.log(`\ncomparison API (nianbao serve): ${REGIONS} regions x ${YEARS} years (${FIRST_YEAR}-${LAST_YEAR})`);
  let regions: Region[];
  if (keep && existsSync(keep)) {
    regions = gazetteer(REGIONS);
    console.log(`  dataset: reusing ${keep} (${(statSync(keep).size / 1e9).toFixed(2)} GB)`);
  } else {
    const g = await generate(file);
    regions = g.regions;
    console.log(
      `  dataset: ${g.records} records, ${(g.values / 1e6).toFixed(2)} million values, ${(statSync(file).size / 1e9).toFixed(2)} GB, written in ${g.seconds.toFixed(0)} s through store.put ` +
        `(${g.perDocumentRate.toFixed(0)} records/s one transaction each, ${g.batchedRate.toFixed(0)} records/s 500 to a transaction)`,
    );
  }
  console.log(`  ${await machine()}`);

  const server = await startServer(file);
  try {
    const base = server.url.replace(/\/$/, '');
    const code = () => pick(regions).code;
    const codes = (n: number) => {
      const s = new Set<string>();
      while (s.size < n) s.add(code());
      return [...s].join(',');
    };
    const year = () => FIRST_YEAR + int(YEARS);
    const searches = () => {
      const r = pick(regions);
      const q = pick([r.name.slice(0, 2), r.name, r.city, r.province.slice(0, 2), r.code, r.code.slice(0, 4), r.code.slice(0, 2), `${r.name.slice(0, 1)}${r.name.slice(1, 2)}县`]);
      return `/api/search?q=${encodeURIComponent(q)}`;
    };
    const provinces = [...new Set(regions.map((r) => r.code.slice(0, 2)))];
    const routes: Route[] = [
      { name: 'floor: /api/measures (no database)', target: null, paths: () => '/api/measures' },
      { name: 'search (names, codes, prefixes)', target: TARGETS.search, paths: searches },
      { name: 'region page', target: TARGETS.region, paths: () => `/api/region/${code()}` },
      { name: 'compare: 30 regions, 7 years, printed key', target: TARGETS.compare, paths: () => `/api/compare?regions=${codes(30)}&measure=requests_received&from=${FIRST_YEAR}&to=${LAST_YEAR}` },
      { name: 'compare: 30 regions, 7 years, ratio', target: TARGETS.compare, paths: () => `/api/compare?regions=${codes(30)}&measure=${pick(['disclosure_rate', 'refusal_rate'])}&from=${FIRST_YEAR}&to=${LAST_YEAR}` },
      { name: `ranking: all ${REGIONS} regions`, target: TARGETS.ranking, paths: () => `/api/ranking?measure=${pick(['requests_received', 'disclosure_rate', 'refusal_rate'])}&year=${year()}&within=all` },
      { name: 'ranking: within a province', target: TARGETS.ranking, paths: () => `/api/ranking?measure=${pick(['requests_received', 'disclosure_rate'])}&year=${year()}&within=${pick(provinces)}` },
    ];
    console.log(`  server started in ${server.startSeconds.toFixed(1)} s; ${N} requests per route after a warm-up, one at a time, through HTTP (undici)\n`);
    console.log(`  ${'route'.padEnd(44)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)} ${'target p95'.padStart(11)}  met  server peak RSS so far`);
    let allMet = true;
    for (const r of routes) {
      const m = await measureRoute(base, r);
      const met = r.target === null ? '' : m.p95 < r.target ? 'yes' : 'NO';
      if (met === 'NO') allMet = false;
      console.log(
        `  ${r.name.padEnd(44)} ${m.p50.toFixed(1).padStart(8)} ${m.p95.toFixed(1).padStart(8)} ${m.max.toFixed(1).padStart(8)} ${(r.target === null ? '' : `< ${r.target}`).padStart(11)}  ${met.padEnd(3)}  ${rssOf(server.pid).peak.toFixed(0)} MB`,
      );
    }
    const rss = rssOf(server.pid);
    const rssMet = rss.peak < RSS_TARGET_MB;
    console.log(`  server RSS: peak ${rss.peak.toFixed(0)} MB, now ${rss.now.toFixed(0)} MB (target < ${RSS_TARGET_MB} MB: ${rssMet ? 'yes' : 'NO'})`);
    console.log(`  targets ${allMet && rssMet ? 'met' : 'NOT met'} (figures from a shared machine: compare with the machine line above)`);
  } finally {
    server.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'serve' && process.argv[1] === here) await childServe(process.argv[3]);
else if (process.argv[1] === here) await benchServe();
