/**
 * Text clean-up shared by the issuer, narrative and pre2019 extractors.
 *
 * Deliberately narrower than NFKC: full NFKC would turn Chinese punctuation （，：；） into ASCII and
 * change the sentence text we hand back to readers. We only fold what real PDFs get wrong.
 */

/**
 * CJK Radicals Supplement characters that CID fonts' ToUnicode maps emit for ordinary characters
 * (NFKC leaves this block alone). Seen: ⺠ in "⼈⺠政府". The others are the common look-alikes.
 */
const RADICAL_SUPPLEMENT: Record<string, string> = {
  '⺠': '民', '⻓': '长', '⻔': '门', '⻅': '见', '⻛': '风', '⻢': '马', '⻋': '车', '⻬': '齐',
  '⻄': '西', '⻚': '页', '⻝': '食', '⻜': '飞', '⻩': '黄', '⻆': '角', '⻉': '贝', '⻘': '青',
  '⻨': '麦', '⻥': '鱼', '⻦': '鸟', '⻰': '龙', '⻳': '龟', '⺟': '母', '⺮': '竹', '⻣': '骨',
  '⺌': '小', '⺍': '小', '⺕': '彐', '⺝': '月', '⺩': '王', '⻊': '足', '⻙': '韦', '⻈': '讠',
  '⻒': '镸', '⻑': '長', '⻍': '辶', '⻏': '阝', '⻖': '阝', '⺈': '刀', '⺊': '卜', '⺧': '牛',
};

/** Kangxi radicals (U+2F00–2FDF), CJK compatibility ideographs (U+F900–FAFF), full-width ASCII letters/digits. */
function foldChar(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (RADICAL_SUPPLEMENT[ch]) return RADICAL_SUPPLEMENT[ch];
  if ((cp >= 0x2f00 && cp <= 0x2fdf) || (cp >= 0xf900 && cp <= 0xfaff)) return ch.normalize('NFKC');
  if ((cp >= 0xff10 && cp <= 0xff19) || (cp >= 0xff21 && cp <= 0xff3a) || (cp >= 0xff41 && cp <= 0xff5a)) {
    return String.fromCharCode(cp - 0xfee0);
  }
  if (cp === 0x3000 || cp === 0xa0) return ' ';
  return ch;
}

/** Folds look-alike characters; keeps Chinese punctuation and whitespace as they are. */
export function foldText(s: string): string {
  let out = '';
  for (const ch of s) out += foldChar(ch);
  return out;
}

const ASCII_WORD = /[A-Za-z0-9.%]/;

/**
 * Folds, then drops whitespace unless it separates two ASCII words: PDF text comes out as
 * "2024 年" and "邮 编 ：" (justified lines), and the extractors match on "2024年".
 * "1234 5678" keeps its space, so numbers never merge.
 */
export function compactText(s: string): string {
  const t = foldText(s);
  let out = '';
  for (let i = 0; i < t.length; i++) {
    const ch = t[i];
    if (/\s/.test(ch)) {
      let j = i;
      while (j + 1 < t.length && /\s/.test(t[j + 1])) j++;
      const prev = out[out.length - 1];
      const next = t[j + 1];
      if (prev && next && ASCII_WORD.test(prev) && ASCII_WORD.test(next)) out += ' ';
      i = j;
      continue;
    }
    out += ch;
  }
  return out;
}

/** Page-number footers that PDF readers leave between the lines of a paragraph: "-1-", "— 5 —", "第2页", "2/6". */
export function isPageFooter(line: string): boolean {
  const t = line.replace(/\s+/g, '');
  return /^[-—–－]*\d{1,3}[-—–－]*$/.test(t) || /^第\d{1,3}页(共\d{1,3}页)?$/.test(t) || /^\d{1,3}\/\d{1,3}$/.test(t);
}
