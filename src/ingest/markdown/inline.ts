/** Markdown's inline and block syntax taken off, leaving the text a reader sees. */
import { decodeHTML } from 'entities';
import { cleanInline } from '../html.js';

// Backslash escapes are set aside while the syntax is taken off, then put back as the plain character.
const ESC = '\u{F0000}';
const ESC_RE = new RegExp(`${ESC}(\\d+);`, 'gu');

/** The text a reader sees in a span of markdown: syntax off, line breaks (<br>) as "\n". */
export function inlineText(src: string): string {
  let s = src.replace(/\\([!-/:-@[-`{-~])/g, (_m, c: string) => `${ESC}${c.codePointAt(0)};`);
  s = s
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/!\[[^\]]*\]\([^)]*\)|!\[[^\]]*\]\[[^\]]*\]/g, '') // images
    .replace(/\[\^[^\]\s]+\]/g, '') // footnote references
    .replace(/\[([^\]]*)\]\((?:[^()\s]|\([^)]*\))*(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g, '$1') // [text](url)
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1') // [text][ref]
    .replace(/<((?:https?|ftp|mailto):[^>\s]+)>/gi, '$1') // autolinks
    .replace(/`+([^`]*?)`+/g, '$1')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?(?:p|div|li|tr)\b[^>]*>/gi, '\n')
    .replace(/<\/?[a-z][\w:-]*(?:\s[^<>]*)?\/?>/gi, '')
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '$1')
    .replace(/(^|[^*\w])\*(?=[^\s*])([^*]*?[^\s*])\*(?!\*)/g, '$1$2');
  s = decodeHTML(s);
  return s.replace(ESC_RE, (_m, n: string) => String.fromCodePoint(Number(n)));
}

/** Cell or line text as the HTML reader keeps it: whitespace collapsed, spaces beside Chinese dropped, breaks kept. */
export function cleanText(src: string): string {
  return inlineText(src).split('\n').map(cleanInline).filter(Boolean).join('\n');
}

/** A line of prose: block syntax off (heading #, quote >, bullets; ordered numbers are the report's own "1."), then inline. */
export function proseText(raw: string): string {
  const s = raw
    .replace(/^ {0,3}(?:>\s?)+/, '')
    .replace(/^\s{0,3}#{1,6}(?:[ \t]+|$)/, '')
    .replace(/[ \t]+#+\s*$/, '')
    .replace(/^\s*[-*+][ \t]+(?:\[[ xX]\][ \t]+)?/, '')
    .replace(/^\s*\[\^[^\]]+\]:\s*/, '') // footnote definition: its text stays
    .replace(/ {2,}$/, '');
  if (/^\s*\[[^\]]+\]:\s*\S+\s*(?:"[^"]*")?\s*$/.test(s)) return ''; // link reference definition
  return cleanText(s);
}
