/**
 * Guangdong's 政府信息公开目录平台 (gkmlpt): /gkmlpt/index, /gkmlpt/annualreport, … are shells
 * rendered in the browser. The page's window._CONFIG gives the site id (SID) and the category tree
 * (TREE); the entries come from GET {base}/gkmlpt/api/all/{category}?page=N&sid={SID}, JSON
 * { total, classify: { post_count }, articles: [{ title, url, first_publish_time, attachment: [{ name, url }] }] }.
 * The category is the seed URL's fragment (/gkmlpt/annualreport#2629), else every tree node
 * named like the annual reports (not its children: "all" lists a category with its subcategories);
 * the whole catalogue (category 0) is never requested.
 */
import { kindOf, urlFileName } from './attachments.js';
import { dateFromField } from './dates.js';
import { compact } from './html.js';
import { jsonMember, scalarMember } from './script.js';
import type { ArticleLink, Attachment, ListPage, SiteFamily } from './types.js';
import { emptyList } from './types.js';
import { absolute, queryParam, unique } from './url.js';

/** Tree nodes whose entries are annual reports. */
const REPORT_CATEGORY = /年报|年度报告/;
/** Date fields of an API entry, most trusted first. */
const DATE_FIELDS = ['first_publish_time', 'publish_time', 'display_publish_time', 'date', 'created_at', 'create_time'];
const MAX_PAGES = 1000;

interface TreeNode {
  id?: number | string;
  name?: string;
  jump_url?: string;
  children?: TreeNode[];
}

interface ApiArticle {
  title?: string;
  url?: string;
  post_url?: string;
  attachment?: { name?: string; url?: string }[];
  [field: string]: unknown;
}

interface ApiAnswer {
  total?: number;
  count?: number;
  classify?: { post_count?: number };
  articles?: ApiArticle[];
}

/** The platform root: everything up to and including "/gkmlpt/" (it may sit under a department path). */
function platformBase(url: string): string | undefined {
  try {
    const u = new URL(url);
    const at = u.pathname.indexOf('/gkmlpt/');
    if (at < 0) return undefined;
    return new URL(u.pathname.slice(0, at + '/gkmlpt/'.length), u).href;
  } catch {
    return undefined;
  }
}

function isApi(url: string): boolean {
  return /\/gkmlpt\/api\//.test(url);
}

function reportCategories(nodes: TreeNode[]): string[] {
  const out: string[] = [];
  for (const n of nodes) {
    if (!n || typeof n !== 'object') continue;
    if (n.name && REPORT_CATEGORY.test(n.name) && !n.jump_url && n.id !== undefined) out.push(String(n.id));
    else if (Array.isArray(n.children)) out.push(...reportCategories(n.children));
  }
  return out;
}

/** The categories to list: the URL fragment's, else the tree's annual-report nodes. */
export function categories(url: string, html: string): string[] {
  const hash = /#(\d+)$/.exec(url)?.[1];
  if (hash) return [hash];
  const tree = jsonMember(html, 'TREE');
  return Array.isArray(tree) ? unique(reportCategories(tree as TreeNode[]), (c) => c) : [];
}

export function apiUrl(base: string, category: string, page: number, sid: string): string {
  return `${base}api/all/${category}?page=${page}&sid=${encodeURIComponent(sid)}`;
}

function attachmentsOf(a: ApiArticle, base: string): Attachment[] {
  const list = Array.isArray(a.attachment) ? a.attachment : [];
  const out: Attachment[] = [];
  for (const f of list) {
    const url = absolute(f?.url, base);
    if (!url) continue;
    const name = compact(f?.name) || urlFileName(url);
    const byUrl = kindOf(urlFileName(url));
    out.push({ url, name, kind: byUrl !== 'other' ? byUrl : kindOf(name) });
  }
  return unique(out, (f) => f.url);
}

function articleOf(a: ApiArticle, base: string): ArticleLink | undefined {
  const url = absolute(a.url ?? a.post_url, base);
  const title = compact(String(a.title ?? '').replace(/<[^>]*>/g, ''));
  if (!url || !title) return undefined;
  const link: ArticleLink = { url, title };
  const date = DATE_FIELDS.map((f) => dateFromField(a[f])).find(Boolean);
  if (date) link.date = date;
  const files = attachmentsOf(a, base);
  if (files.length) link.attachments = files;
  return link;
}

/** Reads one API answer; its first page also names the others (pages of the size it came in). */
function readAnswer(url: string, body: string): ListPage {
  let data: ApiAnswer;
  try {
    data = JSON.parse(body) as ApiAnswer;
  } catch {
    return emptyList();
  }
  const entries = Array.isArray(data?.articles) ? data.articles : [];
  const articles = unique(
    entries.map((a) => articleOf(a, url)).filter((a): a is ArticleLink => a !== undefined),
    (a) => a.url,
  );
  const page = Number(queryParam(url, 'page') ?? '1');
  const total = Number(data.total ?? data.classify?.post_count ?? data.count ?? 0);
  const pages: string[] = [];
  if (page === 1 && entries.length > 0 && total > entries.length) {
    const count = Math.min(Math.ceil(total / entries.length), MAX_PAGES);
    const u = new URL(url);
    for (let p = 2; p <= count; p++) {
      u.searchParams.set('page', String(p));
      pages.push(u.href);
    }
  }
  return { articles, pages };
}

export const gkmlpt: SiteFamily = {
  id: 'gkmlpt',
  detect(url, html) {
    return /\/gkmlpt\//.test(url) || (/window\._CONFIG\s*=/.test(html) && /\bSID\s*:/.test(html));
  },
  listPage(url, body) {
    // The HTML shell lists nothing itself; its entries come from the API (listRequests).
    if (!isApi(url)) return emptyList();
    try {
      return readAnswer(url, body);
    } catch {
      return emptyList();
    }
  },
  listRequests(url, body) {
    if (isApi(url)) return [];
    const base = platformBase(url);
    const sid = scalarMember(body, 'SID');
    if (!base || !sid) return [];
    return categories(url, body).map((c) => apiUrl(base, c, 1, sid));
  },
};

/** An article page's embedded record (window._CONFIG.DETAIL), when the platform rendered one. */
export interface GkmlptDetail {
  title?: string;
  /** The article body as HTML. */
  content?: string;
  publishedAt?: string;
  attachments: Attachment[];
}

export function gkmlptDetail(url: string, html: string): GkmlptDetail | undefined {
  const detail = jsonMember(html, 'DETAIL');
  if (!detail || typeof detail !== 'object') return undefined;
  const d = detail as ApiArticle & { content?: unknown };
  const date = DATE_FIELDS.map((f) => dateFromField(d[f])).find(Boolean);
  return {
    title: typeof d.title === 'string' ? compact(d.title) : undefined,
    content: typeof d.content === 'string' ? d.content : undefined,
    publishedAt: date,
    attachments: attachmentsOf(d, url),
  };
}
