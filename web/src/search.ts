/** Search: part of a name (洪泽, 洪泽区), a 6-digit code or its prefix (3208), a province or city; results grouped by region. */
import { get, type SearchResult } from './api.js';
import { h } from './dom.js';
import { go, href } from './router.js';

const ISSUER_TYPES: Record<string, string> = {
  government: '本级政府', government_office: '政府办公室', department: '部门', township: '乡镇街道', other: '其他',
};

export function issuerType(t: string | null): string {
  return t ? (ISSUER_TYPES[t] ?? t) : '';
}

export async function searchView(root: HTMLElement, params: URLSearchParams): Promise<void> {
  const q = params.get('q') ?? '';
  const input = h('input', { type: 'search', name: 'q', value: q, placeholder: '地区名称或代码，如 洪泽区、320813、3208、江苏', 'aria-label': '检索 Search', autocomplete: 'off' });
  const form = h('form', { class: 'search-form', role: 'search' }, input, h('button', { type: 'submit' }, '检索 Search'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    go(['search'], { q: input.value.trim() });
  });
  root.append(
    h('h1', null, '检索地区 ', h('span', { class: 'en' }, 'Find a region')),
    h('p', { class: 'muted' }, '输入名称的一部分、6 位行政区划代码或其前缀、省或市。Type part of a name, a 6-digit region code or its prefix, a province or a city.'),
    form,
  );
  if (!q.trim()) {
    input.focus();
    return;
  }
  const { results } = await get<{ results: SearchResult[] }>('/api/search', { q });
  const list = h('ul', { class: 'results' });
  for (const r of results) {
    const title = r.region_code
      ? h('a', { href: href(['region', r.region_code]), class: 'region-link' }, r.region_name ?? r.region_code, ' ', h('span', { class: 'code' }, r.region_code))
      : h('span', { class: 'region-link' }, '无地区代码 no region code');
    const where = [r.province, r.city].filter((x, i, a) => x && a.indexOf(x) === i && x !== r.region_name).join(' · ');
    list.append(
      h('li', { class: 'result', 'data-code': r.region_code ?? '' },
        h('div', { class: 'result-head' }, title, where ? h('span', { class: 'muted' }, ` ${where}`) : null),
        h('ul', { class: 'issuers' },
          r.issuers.map((i) =>
            h('li', null,
              h('span', { class: 'issuer' }, i.issuer_name ?? '（机关名称未识别）'),
              i.names.length > 1 ? h('span', { class: 'muted' }, ` 又名 ${i.names.filter((n) => n !== i.issuer_name).join('、')}`) : null,
              i.issuer_type ? h('span', { class: 'tag' }, issuerType(i.issuer_type)) : null,
              h('span', { class: 'years' }, i.years.map((y) => h('span', { class: 'year' }, String(y)))),
            ),
          ),
        ),
      ),
    );
  }
  root.append(h('p', { class: 'count' }, `${results.length} 个地区 region(s)`), list);
}
