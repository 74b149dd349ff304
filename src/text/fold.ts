/**
 * Text clean-up for what PDF text layers and OCR produce, shared by the readers (normalizeLine) and
 * the extractors (foldText, compactText).
 *
 * CID fonts whose ToUnicode maps to radical code points print "⼈⺠政府" for 人民政府: the glyphs are
 * the same, the code points are not, and no label would match. Kangxi radicals (U+2F00–2FDF) and CJK
 * compatibility ideographs have NFKC decompositions; the CJK Radicals Supplement (U+2E80–2EFF) has
 * none, so it needs the explicit map below (each radical's equivalent unified ideograph, after
 * Unicode's EquivalentUnifiedIdeograph.txt; radicals with no usable equivalent are left alone).
 *
 * NFKC is applied to those code points only: applied to the whole text it would also turn the
 * full-width punctuation every label uses (（一）, ，) into ASCII.
 */

const RADICAL_SUPPLEMENT: Record<string, string> = {
  '⺁': '厂', '⺂': '乛', '⺃': '乚', '⺅': '亻', '⺆': '冂', '⺇': '几', '⺉': '刂', '⺊': '卜', '⺋': '㔾',
  '⺌': '小', '⺍': '小', '⺎': '兀', '⺏': '尣', '⺐': '尢', '⺒': '巳', '⺓': '幺', '⺔': '彑', '⺕': '彐',
  '⺖': '忄', '⺗': '心', '⺘': '扌', '⺙': '攵', '⺛': '旡', '⺜': '日', '⺝': '月', '⺞': '歺', '⺟': '母',
  '⺠': '民', '⺡': '氵', '⺢': '氺', '⺣': '灬', '⺤': '爫', '⺥': '爫', '⺦': '丬', '⺧': '牛', '⺨': '犭',
  '⺩': '王', '⺪': '疋', '⺫': '罒', '⺬': '示', '⺭': '礻', '⺮': '竹', '⺯': '糹', '⺰': '纟', '⺱': '罒',
  '⺲': '罒', '⺳': '㓁', '⺶': '羊', '⺷': '羊', '⺹': '耂', '⺺': '肀', '⺻': '聿', '⺼': '月', '⺽': '臼',
  '⺾': '艹', '⺿': '艹', '⻀': '艹', '⻁': '虎', '⻂': '衤', '⻃': '覀', '⻄': '西', '⻅': '见', '⻆': '角',
  '⻈': '讠', '⻉': '贝', '⻊': '足', '⻋': '车', '⻌': '辶', '⻍': '辶', '⻎': '辶', '⻏': '阝', '⻐': '钅',
  '⻑': '長', '⻒': '镸', '⻓': '长', '⻔': '门', '⻖': '阝', '⻗': '雨', '⻘': '青', '⻙': '韦', '⻚': '页',
  '⻛': '风', '⻜': '飞', '⻝': '食', '⻟': '飠', '⻠': '饣', '⻢': '马', '⻣': '骨', '⻤': '鬼', '⻥': '鱼',
  '⻦': '鸟', '⻧': '卤', '⻨': '麦', '⻩': '黄', '⻪': '黾', '⻫': '斉', '⻬': '齐', '⻭': '歯', '⻮': '齿',
  '⻯': '竜', '⻰': '龙', '⻱': '龜', '⻲': '亀', '⻳': '龟',
};

const RADICALS = /[\u2E80-\u2EFF\u2F00-\u2FDF\uF900-\uFAFF]/gu;
/** Spaces PDFs emit: NBSP, the U+2000 block, ideographic space, and the zero-width ones. */
const ODD_SPACES = /[\u00A0\u2000-\u200A\u202F\u205F\u3000]/g;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;

export function normalizeRadicals(s: string): string {
  return s.replace(RADICALS, (ch) => RADICAL_SUPPLEMENT[ch] ?? ch.normalize('NFKC'));
}

/** CJK ideographs and the full-width punctuation that sits between them. */
const CJK = '\\u2E80-\\u2FDF\\u3001-\\u303F\\u3400-\\u4DBF\\u4E00-\\u9FFF\\uF900-\\uFAFF\\uFF01-\\uFF0F\\uFF1A-\\uFF20\\uFF3B-\\uFF40\\uFF5B-\\uFF65\\u201C\\u201D\\u2018\\u2019\\u2014\\u2026';
const SPACE_BETWEEN_CJK = new RegExp(`(?<=[${CJK}]) +(?=[${CJK}])`, 'gu');

export function isCjk(ch: string | undefined): boolean {
  return !!ch && new RegExp(`^[${CJK}]$`, 'u').test(ch);
}

/**
 * Normalises one visual line of text: radicals to ideographs, odd spaces to spaces, runs of
 * whitespace to one space, and no space between two CJK characters — Chinese is set without spaces,
 * so a space there is letter-spacing or justification ("商 业 企 业"), never content.
 */
export function normalizeLine(s: string): string {
  return normalizeRadicals(s)
    .replace(ZERO_WIDTH, '')
    .replace(ODD_SPACES, ' ')
    .replace(/\s+/g, ' ')
    .replace(SPACE_BETWEEN_CJK, '')
    .trim();
}

/** Full-width ASCII letters and digits, ideographic space and NBSP folded too (what foldText adds to the radicals). */
const FULL_WIDTH = /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/g;
const WIDE_SPACE = /[\u3000\u00A0]/g;

/**
 * Folds look-alike characters (radicals, compatibility ideographs, full-width letters and digits);
 * keeps Chinese punctuation and whitespace as they are. Deliberately narrower than NFKC: full NFKC
 * would turn （，：；） into ASCII and change the sentence text handed back to readers.
 */
export function foldText(s: string): string {
  return normalizeRadicals(s)
    .replace(FULL_WIDTH, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(WIDE_SPACE, ' ');
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
