/**
 * A region's page: each issuer apart, every year's T2/T3/T4 values side by side (years as columns),
 * the change on the year before, the documents each year came from, failed checks and low-confidence
 * cells marked on their cells, corrections beside the extracted value. Every number opens its source.
 */
import { get, getLabels, type CellView, type KeyLabel, type RegionPage } from './api.js';
import { append, fmt, h, safeUrl, signed } from './dom.js';
import { downloadCsv, fileSafe } from './export.js';
import { href } from './router.js';
import { issuerType } from './search.js';

type Issuer = RegionPage['issuers'][number];
type Year = Issuer['years'][number];

const TABLES: Record<string, string> = { T2: '二、主动公开 (T2)', T3: '三、收到和处理政府信息公开申请 (T3)', T4: '四、行政复议、行政诉讼 (T4)', '': '其他' };

export function statusText(v: { value: number | null; status: string }): string {
  if (v.value !== null) return fmt(v.value);
  if (v.status === 'not_applicable') return '不适用';
  if (v.status === 'unreadable') return '无法识别';
  if (v.status === 'absent' || v.status === 'missing') return '未印';
  return '—';
}

export const sourceHref = (reportId: string, key: string, measure?: string) => href(['source', reportId, key], { m: measure });

function cellNode(year: Year, key: string, v: CellView | undefined): HTMLTableCellElement {
  if (!v) return h('td', { class: 'num none', 'data-key': key, 'data-year': year.year }, '');
  const primary = year.reports.find((r) => r.primary) ?? year.reports[0];
  const classes = ['num'];
  const notes: string[] = [];
  if (v.failed_checks.length) {
    classes.push('fail');
    notes.push(`未通过校验 failed checks: ${v.failed_checks.join(', ')}`);
  }
  if (v.low_confidence) {
    classes.push('lowconf');
    notes.push(`OCR 置信度低 low OCR confidence: ${v.confidence}`);
  }
  if (v.unreadable) {
    classes.push('unreadable');
    notes.push(`无法识别 unreadable: "${v.raw}"`);
  }
  if (v.correction) classes.push('corrected');
  const td = h('td', { class: classes.join(' '), 'data-key': key, 'data-year': year.year, title: notes.join('\n') || null },
    h('a', { class: 'val', href: sourceHref(primary.report_id, key), title: `来源 source: ${key}` }, statusText(v)),
  );
  if (v.correction) {
    const c = v.correction;
    td.append(h('span', { class: `corr${c.needs_review ? ' review' : ''}`, title: `更正 corrected by ${c.who}: ${c.reason}${c.needs_review ? '\n⚠ 提取值已变，需复核 the extracted value changed since' : ''}` },
      `→ ${fmt(c.corrected_value)}`, c.needs_review ? ' ⚠' : ''));
  }
  if (v.failed_checks.length) td.append(h('span', { class: 'mark mark-fail', 'aria-label': 'failed check' }, '✗'));
  if (v.low_confidence) td.append(h('span', { class: 'mark mark-ocr' }, `OCR ${Math.round(v.confidence ?? 0)}`));
  if (v.differs.length) td.append(h('span', { class: 'mark differs', title: '同年另一份报告的数值 another report of the same year gives' }, `≠ ${v.differs.map((d) => fmt(d.value)).join(', ')}`));
  if (v.change) {
    const c = v.change;
    td.append(h('span', { class: `chg ${c.delta > 0 ? 'up' : c.delta < 0 ? 'down' : ''}`, title: `较 ${c.previous_year} 年 (${fmt(c.previous)}) change on ${c.previous_year}` },
      signed(c.delta), c.pct !== null ? ` (${signed(Math.round(c.pct * 1000) / 10)}%)` : ''));
  }
  return td;
}

function issuerBlock(page: RegionPage, issuer: Issuer, labels: Map<string, KeyLabel>): HTMLElement {
  const order = new Map([...labels.keys()].map((k, i) => [k, i]));
  const keys = [...new Set(issuer.years.flatMap((y) => Object.keys(y.values)))].sort((a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9) || a.localeCompare(b));
  const filter = h('input', { type: 'search', placeholder: '筛选行 filter rows (标签或键 label or key)', class: 'row-filter', 'aria-label': 'filter rows' });
  const totals = h('input', { type: 'checkbox', class: 'totals-only' });
  const tbody = h('tbody');
  const head = h('tr', null, h('th', { class: 'label' }, '项目 Item'), issuer.years.map((y) => h('th', { class: 'num' }, String(y.year))));
  const docs = h('tr', { class: 'docs' }, h('th', { class: 'label' }, '来源文件 Documents'),
    issuer.years.map((y) => h('td', null, y.reports.map((r) =>
      h('div', { class: `doc${r.primary ? ' primary' : ''}` },
        h('span', { class: 'path', title: r.path }, r.path.split('/').pop() ?? r.path),
        h('span', { class: 'muted' }, ` ${r.format} · ${r.template}式${r.n_checks_failed ? ` · ✗${r.n_checks_failed}` : ''}${r.primary ? '' : ' · 副本 other'}`),
        safeUrl(r.url) ? h('a', { href: safeUrl(r.url)!, rel: 'noopener noreferrer', target: '_blank' }, ' 原文 ↗') : null,
      )))));

  const rows: { key: string; tr: HTMLTableRowElement; text: string }[] = [];
  let table = '\u0000';
  for (const key of keys) {
    const l = labels.get(key);
    if ((l?.table ?? '') !== table) {
      table = l?.table ?? '';
      tbody.append(h('tr', { class: 'section' }, h('th', { colspan: issuer.years.length + 1 }, TABLES[table] ?? table)));
    }
    const tr = h('tr', { 'data-key': key },
      h('th', { class: 'label', scope: 'row' }, h('span', null, l?.label ?? key), h('code', { class: 'key' }, key)),
      issuer.years.map((y) => cellNode(y, key, y.values[key])),
    );
    rows.push({ key, tr, text: `${l?.label ?? ''} ${key}`.toLowerCase() });
    tbody.append(tr);
  }
  const apply = () => {
    const f = filter.value.trim().toLowerCase();
    for (const r of rows) r.tr.hidden = (!!f && !r.text.includes(f)) || (totals.checked && !r.key.endsWith('.total'));
  };
  filter.addEventListener('input', apply);
  totals.addEventListener('change', apply);

  const csv = () => {
    const out: unknown[][] = [['region_code', 'region_name', 'issuer', 'year', 'key', 'label', 'value', 'status', 'corrected_value', 'correction_reason', 'change', 'failed_checks', 'low_confidence', 'report_id']];
    for (const y of issuer.years) {
      const primary = y.reports.find((r) => r.primary) ?? y.reports[0];
      for (const key of keys) {
        const v = y.values[key];
        if (!v) continue;
        out.push([page.region_code, page.region_name, issuer.issuer_name, y.year, key, labels.get(key)?.label ?? '', v.value, v.status, v.correction?.corrected_value ?? '',
          v.correction?.reason ?? '', v.change?.delta ?? '', v.failed_checks.join(' '), v.low_confidence ? 'yes' : '', primary.report_id]);
      }
    }
    downloadCsv(`${fileSafe(`${page.region_code}_${issuer.issuer_name ?? ''}`)}.csv`, out);
  };

  const failed = issuer.years.flatMap((y) => y.failed_checks.map((f) => ({ year: y.year, ...f })));
  return h('section', { class: 'issuer-block' },
    h('h2', null, issuer.issuer_name ?? '（机关名称未识别）', issuer.issuer_type ? h('span', { class: 'tag' }, issuerType(issuer.issuer_type)) : null),
    issuer.names.length > 1 ? h('p', { class: 'muted' }, `各年印的名称 names printed: ${issuer.names.join('、')}`) : null,
    h('div', { class: 'toolbar' },
      filter,
      h('label', { class: 'check' }, totals, ' 只看总计列 totals only'),
      h('button', { type: 'button', onclick: csv }, '⬇ CSV'),
      h('span', { class: 'legend' }, h('span', { class: 'swatch fail' }, '✗'), ' 未通过校验 failed check ', h('span', { class: 'swatch lowconf' }, 'OCR'), ' 低置信度 low confidence ', h('span', { class: 'swatch corrected' }, '→'), ' 已更正 corrected'),
    ),
    h('div', { class: 'table-wrap' }, h('table', { class: 'values' }, h('thead', null, head, docs), tbody)),
    failed.length
      ? h('details', { class: 'failed', open: true },
          h('summary', null, `未通过的校验 Failed checks (${failed.length})`),
          h('ul', null, failed.map((f) => h('li', null, h('b', null, `${f.year} `), h('code', null, f.rule), ' ', h('span', null, f.detail), f.keys.length ? h('span', { class: 'muted' }, ` — ${f.keys.join(', ')}`) : null))))
      : null,
  );
}

export async function regionView(root: HTMLElement, _params: URLSearchParams, rest: string[]): Promise<void> {
  const code = rest[0] ?? '';
  const [page, labels] = await Promise.all([get<RegionPage>(`/api/region/${encodeURIComponent(code)}`), getLabels()]);
  append(root, [
    h('h1', null, page.region_name ?? code, ' ', h('span', { class: 'code' }, page.region_code)),
    h('p', { class: 'muted' }, [page.province, page.city].filter((x, i, a) => x && a.indexOf(x) === i).join(' · '),
      ' · ', h('a', { href: href(['compare'], { regions: page.region_code, measure: 'requests_received' }) }, '比较 Compare'),
      ' · ', h('a', { href: href(['ranking'], { within: page.region_code.slice(0, 4), measure: 'requests_received', year: Math.max(...page.issuers.flatMap((i) => i.years.map((y) => y.year))) }) }, '同市排名 Rank within the city'),
    ),
    page.issuers.length > 1 ? h('p', null, `本地区有 ${page.issuers.length} 个发布机关，分列如下。${page.issuers.length} issuers of this region, listed apart.`) : null,
    page.issuers.map((i) => issuerBlock(page, i, labels)),
  ]);
}
