/**
 * What the site-family adapters give the crawler. Every adapter is a pure function of
 * (url, body text): no network, no clock, no state. The fetcher decodes bytes to text first
 * (portals still serve GBK declared only in a <meta>) and calls these on what it got.
 */

export type FamilyId = 'trs' | 'hanweb' | 'gkmlpt' | 'links';

export type AttachmentKind = 'pdf' | 'docx' | 'doc' | 'wps' | 'xls' | 'xlsx' | 'image' | 'other';

export interface Attachment {
  /** Absolute URL (a Hanweb downfile.jsp link stays as it is: it answers 302 to the file). */
  url: string;
  /** What the page calls the file: the link text, else the file name. */
  name: string;
  kind: AttachmentKind;
}

export interface ArticleLink {
  /** Absolute URL, fragment removed. May point straight at a file (a list linking a PDF). */
  url: string;
  /** The full title where the list gives one (a `title` attribute beats a text cut with "..."). */
  title: string;
  /** Publication date as YYYY-MM-DD, when the list shows one. */
  date?: string;
  /** Files the list itself names (gkmlpt's API does), so the crawler need not open the article for them. */
  attachments?: Attachment[];
}

/**
 * One list document read. The crawler calls `listPage` and `listRequests` on every list body it
 * fetched (HTML page or data answer) and feeds each URL they return back to the same family.
 */
export interface ListPage {
  articles: ArticleLink[];
  /** Other list-page URLs to visit, absolute; never the page itself. */
  pages: string[];
}

export interface Article {
  title: string;
  /** The national portal-spec <meta> tags that were present (ArticleTitle, PubDate, …). */
  metas: Record<string, string>;
  /** YYYY-MM-DD. */
  publishedAt?: string;
  attachments: Attachment[];
  /** The content holds a statistics table of the annual-report templates (行政复议, 本年新收, …). */
  hasTables: boolean;
  /** The content's text, one block per line. */
  bodyText: string;
}

export interface SiteFamily {
  id: FamilyId;
  /** Whether a page (list page or data answer) belongs to this family. */
  detect(url: string, html: string): boolean;
  listPage(url: string, body: string): ListPage;
  /** Data URLs the page's own script would request (Hanweb's dataproxy.jsp, gkmlpt's API). */
  listRequests?(url: string, body: string): string[];
}

/** A fresh empty result (fresh so that no caller can mutate one shared by all). */
export const emptyList = (): ListPage => ({ articles: [], pages: [] });
