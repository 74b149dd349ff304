/**
 * Text clean-up for what PDF text layers produce.
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
  '⻈': '讠', '⻉': '贝', '⻊': '𧾷', '⻋': '车', '⻌': '辶', '⻍': '辶', '⻎': '辶', '⻏': '阝', '⻐': '钅',
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
