/**
 * Compare (a measure over the years, one line per region and issuer, and the same as a table) and
 * Ranking (one measure, one year, across regions or within a code prefix). A ratio without a value
 * shows "—" and its reason, never 0.
 */
import { get, getMeasures, type Measure, type RankRow, type SearchResult, type Series } from './api.js';
import { Chart } from './chart.js';
import { clear, flash, fmt, h } from './dom.js';
import { download, downloadCsv, fileSafe } from './export.js';
import { go, href } from './router.js';
import { sourceHref } from './region.js';
import type { Cleanup } from './main.js';

/** Region codes chosen, with names when known. */
class RegionPicker {
  readonly el: HTMLElement;
  private readonly chips = h('ul', { class: 'chips', 'aria-label': '已选地区 chosen regions' });
  private readonly suggestions = h('ul', { class: 'suggestions' });
  private readonly input = h('input', { type: 'search', placeholder: '加地区：名称或代码 add a region: name or code', 'aria-label': 'add a region', autocomplete: 'off', class: 'region-input' });
  private timer: number | undefined;

  constructor(
    readonly codes: string[],
    readonly names: Map<string, string>,
  ) {
    const addAll = h('button', { type: 'button', class: 'add-prefix', title: '代码前缀内全部地区 every region whose code starts with the digits typed' }, '＋ 前缀内全部 all within prefix');
    addAll.addEventListener('click', () => void this.addPrefix());
    this.input.addEventListener('input', () => {
      window.clearTimeout(this.timer);
      this.timer = window.setTimeout(() => void this.suggest(), 200);
    });
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        const v = this.input.value.trim();
        if (/^\d{6}$/.test(v)) this.add(v);
        else (this.suggestions.querySelector('button') as HTMLButtonElement | null)?.click();
      }
    });
    this.el = h('div', { class: 'picker' }, this.chips, h('div', { class: 'picker-row' }, this.input, addAll), this.suggestions);
    this.draw();
  }

  add(code: string, name?: string): void {
    if (name) this.names.set(code, name);
    if (!this.codes.includes(code) && this.codes.length < 200) this.codes.push(code);
    this.input.value = '';
    clear(this.suggestions);
    this.draw();
  }

  private draw(): void {
    clear(this.chips);
    for (const c of this.codes) {
      const rm = h('button', { type: 'button', class: 'chip-x', 'aria-label': `remove ${c}` }, '×');
      rm.addEventListener('click', () => {
        this.codes.splice(this.codes.indexOf(c), 1);
        this.draw();
      });
      this.chips.append(h('li', { class: 'chip', 'data-code': c }, this.names.get(c) ?? '', ' ', h('span', { class: 'code' }, c), rm));
    }
    if (!this.codes.length) this.chips.append(h('li', { class: 'muted' }, '尚未选地区 no region chosen'));
  }

  private async suggest(): Promise<void> {
    const q = this.input.value.trim();
    clear(this.suggestions);
    if (!q) return;
    const { results } = await get<{ results: SearchResult[] }>('/api/search', { q });
    for (const r of results.filter((x) => x.region_code).slice(0, 12)) {
      const b = h('button', { type: 'button', class: 'suggestion', 'data-code': r.region_code! }, r.region_name ?? '', ' ', h('span', { class: 'code' }, r.region_code!), h('span', { class: 'muted' }, ` ${r.city ?? r.province ?? ''}`));
      b.addEventListener('click', () => this.add(r.region_code!, r.region_name ?? undefined));
      this.suggestions.append(h('li', null, b));
    }
  }

  private async addPrefix(): Promise<void> {
    const q = this.input.value.trim();
    if (!/^\d{2,6}$/.test(q)) {
      flash('请输入 2 到 6 位代码前缀（如 32、3208）Type a code prefix of 2 to 6 digits (32, 3208)', 'error');
      return;
    }
    const { results } = await get<{ results: SearchResult[] }>('/api/search', { q });
    const found = results.filter((r) => r.region_code?.startsWith(q));
    for (const r of found) this.add(r.region_code!, r.region_name ?? undefined);
    flash(`加入 added ${found.length} 个地区 region(s) within ${q}`);
  }
}

export function measureSelect(measures: readonly Measure[], selected: string | null): HTMLSelectElement {
  const s = h('select', { name: 'measure', 'aria-label': '指标 measure' });
  for (const kind of [['count', '印出的数 printed numbers'], ['ratio', '比率 ratios']] as const) {
    const group = h('optgroup', { label: kind[1] });
    for (const m of measures.filter((x) => (kind[0] === 'ratio') === !!x.denominator)) {
      group.append(h('option', { value: m.id, selected: m.id === selected }, `${m.label_zh} — ${m.label_en}`));
    }
    s.append(group);
  }
  return s;
}

export function measureInfo(m: Measure): HTMLElement {
  return h('div', { class: 'measure-info' },
    h('div', null, h('b', null, m.label_zh), ' ', h('span', { class: 'en' }, m.label_en), ' ', h('span', { class: 'tag' }, m.unit === 'share' ? '比率 share' : m.unit === 'per_100' ? '每百件 per 100' : m.unit === '10k_yuan' ? '万元' : '件数 count')),
    h('div', null, '公式 formula: ', h('code', { class: 'formula' }, m.formula)),
    m.note ? h('div', { class: 'muted' }, m.note) : null,
  );
}

const seriesName = (s: Series | RankRow, all: readonly (Series | RankRow)[]) => {
  const base = `${s.region_name ?? '?'}${s.region_code ? `（${s.region_code}）` : ''}`;
  return all.filter((x) => x.region_code === s.region_code).length > 1 ? `${base} ${s.issuer_name ?? ''}` : base;
};

/** A value cell: the number opens its source; no value shows "—" and why. */
function valueCell(p: { value: number | null; reason?: string; note?: string; report_id: string | null }, m: Measure, year: number | string): HTMLTableCellElement {
  const td = h('td', { class: 'num', 'data-year': year });
  if (p.value === null) {
    td.classList.add('na');
    td.append(h('span', { class: 'dash' }, '—'), h('span', { class: 'reason' }, p.reason ?? ''));
    if (p.report_id) td.append(h('a', { class: 'src-link', href: sourceHref(p.report_id, m.denominator?.[0] ?? m.numerator[0], m.id), title: '来源 source' }, '来源'));
    return td;
  }
  const text = fmt(p.value, m.unit);
  td.append(p.report_id ? h('a', { class: 'val', href: sourceHref(p.report_id, m.numerator[0], m.id), title: `来源 source: ${m.numerator[0]}` }, text) : text);
  if (p.note) td.append(h('span', { class: 'note', title: p.note }, ` 注 ${p.note}`));
  return td;
}

function exportBar(items: [string, () => void][]): HTMLElement {
  return h('div', { class: 'exports' }, items.map(([label, fn]) => h('button', { type: 'button', onclick: fn }, label)));
}

export async function compareView(root: HTMLElement, params: URLSearchParams): Promise<Cleanup | void> {
  const measures = await getMeasures();
  const codes = (params.get('regions') ?? '').split(',').filter((c) => /^\d{6}$/.test(c));
  const measureId = params.get('measure') ?? 'requests_received';
  const m = measures.find((x) => x.id === measureId) ?? measures[0];
  const picker = new RegionPicker([...codes], new Map());
  const select = measureSelect(measures, m.id);
  const from = h('input', { type: 'number', name: 'from', min: 2000, max: 2100, value: params.get('from') ?? '', placeholder: '起 from', class: 'year-input' });
  const to = h('input', { type: 'number', name: 'to', min: 2000, max: 2100, value: params.get('to') ?? '', placeholder: '止 to', class: 'year-input' });
  const info = h('div', null, measureInfo(m));
  select.addEventListener('change', () => info.replaceChildren(measureInfo(measures.find((x) => x.id === select.value)!)));
  const form = h('form', { class: 'controls' },
    h('h1', null, '比较 ', h('span', { class: 'en' }, 'Compare')),
    h('label', null, '地区 Regions'), picker.el,
    h('label', null, '指标 Measure'), select, info,
    h('div', { class: 'row' }, h('label', null, '年份 Years '), from, ' – ', to, h('button', { type: 'submit', class: 'primary' }, '画图 Draw')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!picker.codes.length) return flash('请先选地区 choose a region first', 'error');
    go(['compare'], { regions: picker.codes.join(','), measure: select.value, from: from.value, to: to.value });
  });
  root.append(form);
  if (!codes.length) return;

  const r = await get<{ series: Series[] }>('/api/compare', { regions: codes.join(','), measure: m.id, from: params.get('from'), to: params.get('to') });
  for (const s of r.series) if (s.region_code && s.region_name) picker.names.set(s.region_code, s.region_name);
  picker.add(codes[0]); // redraw the chips with the names now known
  const years = [...new Set(r.series.flatMap((s) => s.points.map((p) => p.year)))].sort((a, b) => a - b);
  const result = h('section', { class: 'result' });
  root.append(result);
  if (!r.series.length) {
    result.append(h('p', { class: 'muted' }, '这些地区在数据集中没有报告。No report of these regions in the dataset.'));
    return;
  }
  const chartEl = h('div', { class: 'chart', role: 'img', 'aria-label': `${m.label_zh} chart`, 'data-series': r.series.length });
  const data = {
    title: `${m.label_zh}`,
    unit: m.unit,
    years,
    series: r.series.map((s) => ({ name: seriesName(s, r.series), values: years.map((y) => s.points.find((p) => p.year === y)?.value ?? null) })),
  };
  const table = h('table', { class: 'compare-table' },
    h('thead', null, h('tr', null, h('th', null, '地区 Region'), h('th', null, '发布机关 Issuer'), years.map((y) => h('th', { class: 'num' }, String(y))))),
    h('tbody', null, r.series.map((s) =>
      h('tr', { 'data-code': s.region_code ?? '' },
        h('th', { scope: 'row' }, s.region_code ? h('a', { href: href(['region', s.region_code]) }, s.region_name ?? s.region_code, ' ', h('span', { class: 'code' }, s.region_code)) : '—'),
        h('td', null, s.issuer_name ?? ''),
        years.map((y) => valueCell(s.points.find((p) => p.year === y) ?? { value: null, reason: '无 none', report_id: null }, m, y)),
      ))),
  );
  const base = fileSafe(`${m.id}_${codes.slice(0, 4).join('-')}`);
  const csv = () =>
    downloadCsv(`${base}.csv`, [
      ['region_code', 'region_name', 'issuer', 'measure', 'formula', ...years.flatMap((y) => [String(y), `${y}_reason`])],
      ...r.series.map((s) => [s.region_code, s.region_name, s.issuer_name, m.id, m.formula, ...years.flatMap((y) => {
        const p = s.points.find((x) => x.year === y);
        return [p?.value ?? '', p?.value === null ? (p?.reason ?? '') : (p?.note ?? '')];
      })]),
    ]);
  result.append(chartEl);
  const chart = new Chart(chartEl, data);
  result.append(
    exportBar([
      ['⬇ PNG', () => download(`${base}.png`, chart.pngDataUrl())],
      ['⬇ SVG', () => download(`${base}.svg`, new Blob([chart.svg()], { type: 'image/svg+xml' }))],
      ['⬇ CSV', csv],
    ]),
    h('div', { class: 'table-wrap' }, table),
  );
  return () => chart.dispose();
}

export async function rankingView(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const measures = await getMeasures();
  const codes = (params.get('regions') ?? '').split(',').filter((c) => /^\d{6}$/.test(c));
  const within = params.get('within') ?? '';
  const m = measures.find((x) => x.id === (params.get('measure') ?? '')) ?? measures[0];
  const thisYear = new Date().getFullYear() - 1;
  const yearParam = Number(params.get('year')) || thisYear;
  const picker = new RegionPicker([...codes], new Map());
  const select = measureSelect(measures, m.id);
  const year = h('input', { type: 'number', name: 'year', min: 2000, max: 2100, value: yearParam, class: 'year-input', 'aria-label': '年份 year' });
  const prefix = h('input', { type: 'text', name: 'within', value: within, placeholder: '如 32、3208；all 全国', pattern: '\\d{2,6}|all', class: 'prefix-input', 'aria-label': 'within prefix, or all' });
  const info = h('div', null, measureInfo(m));
  select.addEventListener('change', () => info.replaceChildren(measureInfo(measures.find((x) => x.id === select.value)!)));
  const form = h('form', { class: 'controls' },
    h('h1', null, '排名 ', h('span', { class: 'en' }, 'Ranking')),
    h('label', null, '指标 Measure'), select, info,
    h('div', { class: 'row' }, h('label', null, '年份 Year '), year),
    h('div', { class: 'row' }, h('label', null, '范围：代码前缀内全部 Within a code prefix (all: 全国 every region) '), prefix),
    h('label', null, '或所选地区 or the regions chosen'), picker.el,
    h('div', { class: 'row' }, h('button', { type: 'submit', class: 'primary' }, '排名 Rank')),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const w = prefix.value.trim();
    if (!w && !picker.codes.length) return flash('请给代码前缀或选地区 give a code prefix or choose regions', 'error');
    go(['ranking'], { measure: select.value, year: year.value, within: w || null, regions: w ? null : picker.codes.join(',') });
  });
  root.append(form);
  if (!within && !codes.length) return;

  const r = await get<{ rows: RankRow[] }>('/api/ranking', { measure: m.id, year: yearParam, within: within || null, regions: within ? null : codes.join(',') });
  for (const s of r.rows) if (s.region_code && s.region_name) picker.names.set(s.region_code, s.region_name);
  if (codes.length) picker.add(codes[0]);
  const max = Math.max(0, ...r.rows.map((x) => x.value ?? 0));
  let sort: { by: 'rank' | 'region' | 'value'; dir: 1 | -1 } = { by: 'rank', dir: 1 };
  const tbody = h('tbody');
  const draw = () => {
    const rows = [...r.rows].sort((a, b) => {
      if (sort.by === 'region') return sort.dir * (a.region_code ?? '').localeCompare(b.region_code ?? '');
      // rank and value: rows without a value stay last either way
      if (a.value === null || b.value === null) return a.value === null ? (b.value === null ? 0 : 1) : -1;
      return sort.by === 'rank' ? sort.dir * ((a.rank ?? 0) - (b.rank ?? 0)) : sort.dir * (a.value - b.value);
    });
    tbody.replaceChildren(...rows.map((row) => {
      const fill = h('span', { class: 'fill' });
      fill.style.width = `${max > 0 && row.value !== null ? Math.max(0.5, (row.value / max) * 100) : 0}%`;
      return h('tr', { 'data-code': row.region_code ?? '' },
        h('td', { class: 'num rank' }, row.rank === null ? '—' : String(row.rank)),
        h('th', { scope: 'row' }, row.region_code ? h('a', { href: href(['region', row.region_code]) }, row.region_name ?? row.region_code, ' ', h('span', { class: 'code' }, row.region_code)) : '—',
          h('div', { class: 'muted small' }, row.issuer_name ?? '')),
        valueCell(row, m, yearParam),
        h('td', { class: 'bar-cell' }, h('span', { class: 'bar' }, fill)),
      );
    }));
  };
  const sorter = (by: typeof sort.by, label: string) => {
    const b = h('button', { type: 'button', class: 'sort', 'data-sort': by }, label);
    b.addEventListener('click', () => {
      sort = { by, dir: sort.by === by ? (-sort.dir as 1 | -1) : by === 'value' ? -1 : 1 };
      draw();
    });
    return b;
  };
  draw();
  const table = h('table', { class: 'ranking-table' },
    h('thead', null, h('tr', null,
      h('th', { class: 'num' }, sorter('rank', '名次 Rank ↕')), h('th', null, sorter('region', '地区 Region ↕')), h('th', { class: 'num' }, sorter('value', `${m.unit === 'share' ? '比率' : '数值'} Value ↕`)), h('th', { class: 'bar-cell' }, ''))),
    tbody,
  );
  const base = fileSafe(`ranking_${m.id}_${yearParam}_${within || codes.slice(0, 4).join('-')}`);
  root.append(h('section', { class: 'result' },
    h('h2', null, `${m.label_zh} · ${yearParam} 年 · ${within === 'all' ? '全国 all regions' : within ? `代码 ${within}…` : `${codes.length} 个地区`}`),
    r.rows.length ? null : h('p', { class: 'muted' }, '这一年没有报告。No report of this year.'),
    exportBar([['⬇ CSV', () => downloadCsv(`${base}.csv`, [['rank', 'region_code', 'region_name', 'issuer', 'measure', 'year', 'value', 'reason_or_note', 'report_id'],
      ...r.rows.map((x) => [x.rank ?? '', x.region_code, x.region_name, x.issuer_name, m.id, yearParam, x.value ?? '', x.value === null ? x.reason ?? '' : x.note ?? '', x.report_id ?? ''])])]]),
    h('div', { class: 'table-wrap' }, table),
  ));
}
