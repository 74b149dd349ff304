/** The comparison page: one view at a time, chosen by the hash (router.ts). */
import './style.css';
import { ApiError } from './api.js';
import { clear, flash, h } from './dom.js';
import { copyPermalink } from './export.js';
import { currentRoute, queryToHash } from './router.js';
import { compareView, rankingView } from './compare.js';
import { regionView } from './region.js';
import { searchView } from './search.js';
import { sourceView } from './source.js';

export type Cleanup = () => void;
export type View = (root: HTMLElement, params: URLSearchParams, path: string[]) => Promise<Cleanup | void>;

let cleanup: Cleanup | void;
let generation = 0;

async function render(): Promise<void> {
  const main = document.getElementById('view')!;
  const { path, params } = currentRoute();
  const [name = 'search'] = path;
  const views: Record<string, View> = { search: searchView, region: regionView, compare: compareView, ranking: rankingView, source: sourceView };
  const view = views[name] ?? searchView;
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a[data-nav]')) a.classList.toggle('active', a.dataset.nav === name);
  cleanup?.();
  cleanup = undefined;
  const mine = ++generation;
  const root = h('div', { class: `view view-${name}` });
  clear(main);
  main.appendChild(root);
  try {
    const c = await view(root, params, path.slice(1));
    if (mine === generation) cleanup = c;
    else c?.();
  } catch (e) {
    if (mine !== generation) return;
    const msg = e instanceof ApiError ? `${e.status}: ${e.message}` : (e as Error).message;
    root.appendChild(h('p', { class: 'error' }, `出错了 Error — ${msg}`));
  }
  document.body.dataset.view = name;
  document.body.dataset.ready = String(mine);
}

queryToHash();
window.addEventListener('hashchange', () => void render());
document.getElementById('permalink')?.addEventListener('click', () => void copyPermalink().catch((e: Error) => flash(e.message, 'error')));
void render();
