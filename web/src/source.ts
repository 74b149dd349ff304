/**
 * Where a number came from: the PDF page with the cell outlined, or the table rebuilt by the server
 * (escaped there: the one piece of server HTML this page inserts) with the cell highlighted, the raw
 * text, OCR confidence and alternatives, the checks the value is in, its corrections, and a form to
 * correct it.
 */
import { ApiError, get, getLabels, getMeasures, post, type Correction, type SourceAnswer } from './api.js';
import { append, fmt, h } from './dom.js';
import { go } from './router.js';
import { sourceHref, statusText } from './region.js';

/** The only innerHTML of the page: the server's tableHtml (src/serve/html.ts), which escapes every cell's text. */
function setServerTableHtml(el: HTMLElement, html: string): void {
  el.innerHTML = html;
}

/** Scrolls a scrolling frame (not the window) so that `el` is in its middle. */
function centreIn(frame: HTMLElement, el: HTMLElement): void {
  const f = frame.getBoundingClientRect();
  const e = el.getBoundingClientRect();
  frame.scrollTop += e.top + e.height / 2 - (f.top + frame.clientHeight / 2);
  frame.scrollLeft += e.left + e.width / 2 - (f.left + frame.clientWidth / 2);
}

function pdfView(s: SourceAnswer, view: Extract<SourceAnswer['view'], { kind: 'pdf' }>): HTMLElement {
  const img = h('img', { src: view.image_url, alt: `第 ${view.page} 页 page ${view.page}`, class: 'page-img' });
  const box = h('div', { class: 'bbox', hidden: true });
  const wrap = h('div', { class: 'page-wrap' }, img, box);
  img.addEventListener('load', async () => {
    const b = view.bbox;
    if (!b) return;
    // bbox: PDF points from the page's top-left corner; the image is the page at the dpi it was rendered at
    // (pixel = point × dpi / 72): view.dpi, or less for a page too large for that, which <page>.json tells.
    const { dpi } = await get<{ dpi: number }>(view.image_url.replace(/\.png$/, '.json')).catch(() => view);
    const k = dpi / 72;
    const [W, H] = [img.naturalWidth, img.naturalHeight];
    const pct = (v: number, of: number) => `${((v * k) / of) * 100}%`;
    box.style.left = pct(b[0], W);
    box.style.top = pct(b[1], H);
    box.style.width = pct(b[2] - b[0], W);
    box.style.height = pct(b[3] - b[1], H);
    box.hidden = false;
    // The page scrolls inside its own frame to the cell; the window stays where the reader is.
    centreIn(wrap.parentElement!, box);
  });
  return h('div', { class: 'source-doc' },
    h('p', { class: 'muted' }, `第 ${view.page} 页${s.source.pages ? ` / 共 ${s.source.pages} 页` : ''} · page ${view.page}${view.bbox ? '' : ' · 此格无位置 no cell box recorded'}`),
    h('div', { class: 'page-scroll' }, wrap),
  );
}

function tableView(view: Extract<SourceAnswer['view'], { kind: 'table' }>): HTMLElement {
  const host = h('div', { class: 'source-table' });
  setServerTableHtml(host, view.html);
  const frame = h('div', { class: 'table-wrap source-frame' }, host);
  requestAnimationFrame(() => {
    const hit = host.querySelector<HTMLElement>('#nb-hit');
    if (hit) centreIn(frame, hit);
  });
  return h('div', { class: 'source-doc' },
    view.stale ? h('p', { class: 'error' }, '注意：源文件在提取之后已改变。The source file has changed since it was read.') : null,
    h('p', null, '格内原文 text of the cell: ', h('code', { class: 'raw' }, view.hit_text)),
    frame,
  );
}

function correctionForm(s: SourceAnswer, onSaved: () => void): HTMLElement {
  const value = h('input', { type: 'text', name: 'value', inputmode: 'decimal', placeholder: '空白则留空 blank: leave empty', autocomplete: 'off' });
  const reason = h('textarea', { name: 'reason', rows: 2, required: true, placeholder: '原文印的是什么，在哪里 what the document prints, and where' });
  const who = h('input', { type: 'text', name: 'who', required: true, value: localStorage.getItem('nianbao.who') ?? '', autocomplete: 'name' });
  const token = h('input', { type: 'password', name: 'token', value: sessionStorage.getItem('nianbao.token') ?? '', autocomplete: 'off', placeholder: '如服务器要求 if the server asks for one' });
  const msg = h('p', { class: 'form-msg', role: 'alert' });
  const form = h('form', { class: 'correction-form' },
    h('h3', null, '更正此数 Correct this value'),
    h('label', null, '正确的数 Corrected value', value),
    h('label', null, '理由 Reason', reason),
    h('label', null, '更正人 Who', who),
    h('label', null, '编辑口令 Edit token', token),
    h('button', { type: 'submit', class: 'primary' }, '保存更正 Save correction'),
    msg,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const raw = value.value.trim().replace(/[,，\s]/g, '');
    const v = raw === '' ? null : Number(raw);
    if (v !== null && !Number.isFinite(v)) {
      msg.className = 'form-msg error';
      msg.textContent = `"${value.value}" 不是数字 is not a number (leave empty for a blank cell)`;
      return;
    }
    localStorage.setItem('nianbao.who', who.value.trim());
    if (token.value) sessionStorage.setItem('nianbao.token', token.value);
    msg.className = 'form-msg';
    msg.textContent = '保存中… saving…';
    post<{ correction: Correction }>('/api/corrections', { report_id: s.report_id, key: s.key, value: v, reason: reason.value, who: who.value }, token.value ? { 'X-Edit-Token': token.value } : {})
      .then(() => onSaved())
      .catch((err: Error) => {
        msg.className = 'form-msg error';
        const st = err instanceof ApiError ? err.status : 0;
        msg.textContent =
          st === 403
            ? `未保存 Not saved (403): ${err.message}。${/read-only/.test(err.message) ? '此服务器只读 this server accepts no corrections.' : '请填写正确的编辑口令 give the edit token of this server (nianbao serve --edit-token).'}`
            : `未保存 Not saved${st ? ` (${st})` : ''}: ${err.message}`;
      });
  });
  return form;
}

export async function sourceView(root: HTMLElement, params: URLSearchParams, rest: string[]): Promise<void> {
  const [id = '', key = ''] = rest;
  const [s, labels] = await Promise.all([get<SourceAnswer>(`/api/source/${encodeURIComponent(id)}/${encodeURIComponent(key)}`), getLabels()]);
  const measure = params.get('m') ? (await getMeasures()).find((x) => x.id === params.get('m')) : undefined;
  const current = s.corrections.find((c) => c.superseded_by === null);
  const cell = s.cell;
  const back = h('button', { type: 'button', class: 'link-btn' }, '← 返回 Back');
  back.addEventListener('click', () => history.back());

  let doc: HTMLElement;
  if (s.view.kind === 'pdf') doc = pdfView(s, s.view);
  else if (s.view.kind === 'table') doc = tableView(s.view);
  else doc = h('p', { class: 'muted' }, `无原文视图 no view of the source: ${s.view.reason}`);

  const ocr = cell && (cell.method === 'ocr' || cell.confidence !== undefined)
    ? h('div', { class: 'ocr' },
        h('b', null, 'OCR'), ` 置信度 confidence ${cell.confidence ?? '?'}`,
        cell.alternatives?.length ? h('ul', null, cell.alternatives.map((a) => h('li', null, h('code', null, a.text), ` (${a.confidence})`))) : h('span', { class: 'muted' }, ' · 无其他读法 no other readings'))
    : null;

  append(root, [
    back,
    h('h1', null, labels.get(s.key)?.label ?? s.key, ' ', h('code', { class: 'key' }, s.key)),
    h('p', { class: 'muted' }, `${s.issuer_name ?? '（机关名称未识别）'} · ${s.year ?? '?'} 年 · ${s.template} 式 · `, h('span', { class: 'path' }, s.source.path), ` (${s.source.format})`),
    h('div', { class: 'facts' },
      h('div', { class: 'fact' }, h('span', { class: 'fact-label' }, '提取值 extracted'), h('span', { class: 'fact-value', 'data-role': 'extracted' }, statusText({ value: s.value, status: s.status }))),
      current ? h('div', { class: `fact corrected${current.needs_review ? ' review' : ''}` }, h('span', { class: 'fact-label' }, '更正为 corrected to'), h('span', { class: 'fact-value', 'data-role': 'corrected' }, fmt(current.corrected_value)),
        h('span', { class: 'muted small' }, ` ${current.who}: ${current.reason}${current.needs_review ? ' ⚠ 提取值已变，需复核 needs review' : ''}`)) : null,
      h('div', { class: 'fact' }, h('span', { class: 'fact-label' }, '格内原文 raw'), h('code', { class: 'fact-value raw' }, cell?.raw ?? '')),
      h('div', { class: 'fact' }, h('span', { class: 'fact-label' }, '读取 read by'), h('span', { class: 'fact-value' }, `${cell?.method ?? '—'}${cell?.derivation ? ` · ${cell.derivation}` : ''}`)),
    ),
    ocr,
    measure
      ? h('p', { class: 'measure-keys' }, `${measure.label_zh}：`, h('code', null, measure.formula), h('br'), '各项 parts: ',
          [...new Set([...measure.numerator, ...(measure.denominator ?? [])])].map((k) => h('a', { href: sourceHref(s.report_id, k, measure.id), class: k === s.key ? 'current' : '' }, k)))
      : null,
    h('div', { class: 'source-grid' },
      doc,
      h('aside', { class: 'side' },
        h('h3', null, '相关校验 Checks'),
        s.checks.length
          ? h('ul', { class: 'checks' }, s.checks.map((c) =>
              h('li', { class: `check ${c.status}` }, h('span', { class: 'status' }, c.status === 'pass' ? '✓ 通过 pass' : c.status === 'fail' ? '✗ 未通过 fail' : c.status), ' ', h('code', null, c.rule),
                h('div', { class: 'small' }, `${c.left.join(' + ')} = ${c.right.join(' + ')}`), c.detail ? h('div', { class: 'small muted' }, c.detail) : null)))
          : h('p', { class: 'muted' }, '此数不在任何校验中 in no check'),
        h('h3', null, '更正记录 Corrections'),
        s.corrections.length
          ? h('ul', { class: 'corrections' }, s.corrections.map((c) =>
              h('li', { class: c.superseded_by === null ? 'current' : 'old' }, `${fmt(c.extracted_value)} → ${fmt(c.corrected_value)} · ${c.who} · ${c.created_at}`, h('div', { class: 'small' }, c.reason),
                c.superseded_by !== null ? h('div', { class: 'small muted' }, `已被 #${c.superseded_by} 取代 superseded`) : null)))
          : h('p', { class: 'muted' }, '无 none'),
        correctionForm(s, () => go(['source', s.report_id, s.key], Object.fromEntries(params))),
      ),
    ),
  ]);
}
