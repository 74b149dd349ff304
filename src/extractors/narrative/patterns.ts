/**
 * What the narrative says, as data: one entry per metric of codebook §4 (plus the review and
 * litigation counts, which reports restate from T4).
 *
 * A statement is CUE · gap · [qualifier] NUMBER [余/多] UNIT [以上/左右], all inside one clause
 * (the gap may not cross ，。；、 or contain a digit), or, for `numberFirst` cues, NUMBER UNIT · gap · CUE
 * ("配备3名专职工作人员"). Cue tiers rank how directly a phrase states the measure: the extractor
 * takes the first statement of the best tier found (see index.ts).
 *
 * Regexps are sources (strings) so the list reads as a table; index.ts compiles them.
 */

export interface Cue {
  re: string;
  /** 1 = states the measure itself; higher = a looser phrase, used only when no better one exists. */
  tier: number;
}

export interface MetricPattern {
  /** Metric name without the "narrative." prefix. */
  metric: string;
  cues: Cue[];
  /** Cues that come after "N 单位" in the sentence. */
  numberFirst?: Cue[];
  /** Units accepted right after the number (and reported as the item's unit). */
  units: string[];
  /** Longest gap between cue and number, in characters. */
  maxGap: number;
  /** The sentence around the statement must match this (keeps generic cues on topic). */
  sentence?: string;
  /** A gap matching this belongs to another measure ("人大代表建议和政协提案共98件" is not 98 建议). */
  gapStop?: string;
  /** The text just before the cue must not match this (same reason, other direction). */
  notAfter?: string;
  /** Phrases that state zero ("未收到政府信息公开申请"); used only when no number is stated. */
  zero?: string[];
}

/** Delimiters a gap never crosses. */
export const GAP_CHARS = '[^，,；;。！？!?\\n\\d、]';

export const METRIC_PATTERNS: MetricPattern[] = [
  {
    metric: 'proactive_items',
    cues: [
      { re: `主动(?:公开|发布)${GAP_CHARS}{0,10}?信息`, tier: 1 },
      { re: '(?:共|累计|全年)(?:公开|发布)(?:各类)?政府信息', tier: 2 },
    ],
    units: ['条', '件'],
    maxGap: 6,
  },
  {
    metric: 'applications_received',
    cues: [
      { re: `(?:受理|收到|接收|接到|新收)${GAP_CHARS}{0,8}?(?:政府信息公开|依申请公开|信息公开)(?:的)?申请`, tier: 1 },
      { re: `(?:受理|收到|接收|接到|新收)${GAP_CHARS}{0,6}?申请`, tier: 2 },
    ],
    units: ['件', '个', '份', '条', '宗'],
    maxGap: 6,
    gapStop: '结转|上年',
    notAfter: '结转$',
    zero: [
      '(?:未|没有|均未|未曾)(?:收到|受理|接到|发生)(?:任何)?(?:公民、法人(?:和|或者)其他组织(?:提出的)?)?(?:政府信息公开|依申请公开|信息公开)(?:的)?申请',
    ],
  },
  {
    metric: 'applications_completed',
    cues: [
      { re: '办结', tier: 1 },
      { re: '(?:答复|办理完毕)', tier: 2 },
    ],
    units: ['件', '个', '份', '条', '宗'],
    maxGap: 4,
    sentence: '申请',
    gapStop: '建议|提案|结转',
  },
  {
    metric: 'policy_interpretations',
    cues: [{ re: '解读(?:稿件|信息|文章|材料|产品|文件)?', tier: 1 }],
    units: ['条', '篇', '个', '件', '期', '份', '次'],
    maxGap: 6,
    gapStop: '发布会|公报|访谈',
  },
  {
    metric: 'press_conferences',
    cues: [{ re: '(?:新闻)?发布会', tier: 1 }],
    numberFirst: [{ re: '(?:新闻)?发布会', tier: 1 }],
    units: ['场', '次', '期', '个'],
    maxGap: 6,
    gapStop: '解读',
  },
  {
    metric: 'gazette_issues',
    cues: [{ re: '公报', tier: 1 }],
    numberFirst: [{ re: '(?:政府)?公报', tier: 1 }],
    units: ['期'],
    // "制作《淮安市人民政府公报》6 期": the closing 》 sits in the gap.
    maxGap: 12,
  },
  {
    metric: 'npc_suggestions',
    cues: [{ re: '(?:人大代表建议|人大建议|代表建议)', tier: 1 }],
    units: ['件', '条', '份', '个'],
    maxGap: 8,
    gapStop: '提案',
    notAfter: '提案[和及与、]?$',
  },
  {
    metric: 'cppcc_proposals',
    cues: [{ re: '(?:政协委员提案|政协提案|委员提案)', tier: 1 }],
    units: ['件', '条', '份', '个'],
    maxGap: 8,
    gapStop: '建议',
    notAfter: '建议[和及与、]?$',
  },
  {
    metric: 'staff_full_time',
    cues: [{ re: '专职(?:工作)?人员', tier: 1 }],
    numberFirst: [{ re: '专职', tier: 1 }],
    units: ['名', '人', '个'],
    maxGap: 4,
    gapStop: '兼职',
  },
  {
    metric: 'fees_collected_yuan',
    cues: [
      { re: '信息处理费', tier: 1 },
      { re: `(?:依申请公开|信息公开)${GAP_CHARS}{0,6}?(?:收取|收费)(?:费用)?`, tier: 2 },
      // Pre-2019 wording: "收取检索、复制、邮寄等费用120元" (the list of services has 、 in it).
      { re: '收取[^，,；;。！？!?\\n\\d]{0,14}?(?:检索|复制|邮寄|处理)[^，,；;。！？!?\\n\\d]{0,8}?费用?', tier: 3 },
    ],
    // "3.5万元" reads as 3.5 × 万 with unit 元, so the value is always in 元.
    units: ['元'],
    maxGap: 8,
    zero: [
      '(?:未|没有|均未|未曾)收取(?:任何)?(?:政府信息公开)?(?:信息处理费|处理费|费用)',
      '(?:未|没有)(?:产生|发生)(?:政府信息公开)?(?:信息处理费|处理费)',
    ],
  },
  {
    metric: 'review_cases',
    cues: [{ re: '行政复议(?:案件)?', tier: 1 }],
    units: ['件', '起', '宗', '个'],
    maxGap: 6,
    sentence: '信息公开',
    gapStop: '诉讼|纠正|纠错|维持',
    zero: ['(?:未|没有)(?:发生|出现|收到)[^，,；;。纠败]{0,16}?行政复议'],
  },
  {
    metric: 'litigation_cases',
    cues: [{ re: '行政诉讼(?:案件)?', tier: 1 }],
    units: ['件', '起', '宗', '个'],
    maxGap: 6,
    sentence: '信息公开',
    gapStop: '复议|纠正|纠错|维持|败诉',
    zero: ['(?:未|没有)(?:发生|出现|收到)[^，,；;。纠败]{0,16}?行政诉讼'],
  },
];

/** Words before the number that qualify it; codebook §4 qualifiers. Longest first. */
export const PREFIX_QUALIFIERS: { re: string; qualifier: 'approx_max' | 'approx' | 'approx_min' | 'max' }[] = [
  { re: '不超过|最多|至多|不足|不到', qualifier: 'max' },
  { re: '将近|接近|近', qualifier: 'approx_max' },
  { re: '大约|约为|共约|约|大概', qualifier: 'approx' },
  { re: '超过|多于|逾', qualifier: 'approx_min' },
];
