/**
 * The site families, most specific first, and the choice of one for a page. A seed may name its
 * family (an operator who knows the portal); otherwise the first family that recognises the page
 * reads it, and any page is at least a page of links.
 */
import { gkmlpt } from './gkmlpt.js';
import { hanweb } from './hanweb.js';
import { links } from './links.js';
import { trs } from './trs.js';
import type { FamilyId, SiteFamily } from './types.js';

/** Detection order: gkmlpt and Hanweb have unmistakable markers; TRS's pager call is common; links takes the rest. */
export const FAMILIES: readonly SiteFamily[] = [gkmlpt, hanweb, trs, links];

export function familyById(id: FamilyId): SiteFamily {
  return FAMILIES.find((f) => f.id === id) ?? links;
}

/** The family for a page: the seed's explicit one, else the first that detects the page, else links. */
export function detectFamily(url: string, html: string, explicit?: FamilyId): SiteFamily {
  if (explicit) return familyById(explicit);
  return FAMILIES.find((f) => f.id !== 'links' && safeDetect(f, url, html)) ?? links;
}

function safeDetect(f: SiteFamily, url: string, html: string): boolean {
  try {
    return f.detect(url, html);
  } catch {
    return false;
  }
}

export { parseArticle, META_NAMES } from './article.js';
export { attachmentFor, isDocumentUrl, isFileUrl, kindOf } from './attachments.js';
export { isWantedReport, kind, reportYear, type ReportKind } from './report.js';
export { gkmlpt, hanweb, links, trs };
export type { Article, ArticleLink, Attachment, AttachmentKind, FamilyId, ListPage, SiteFamily } from './types.js';
