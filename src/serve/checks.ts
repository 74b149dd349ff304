/**
 * Which keys a check is about, so that the page can mark the cells of a failed check and, from a
 * cell, list the checks it takes part in. The identities come from the templates
 * (extractors/templates/identities.ts), the same data the checks were evaluated from.
 */
import { identities, type Identity } from '../extractors/templates/identities.js';
import { subRowParent } from '../extractors/templates/t3.js';
import type { Generation } from '../extractors/templates/types.js';
import type { Check } from '../model/record.js';

const byGeneration = new Map<Generation, Map<string, Identity>>();

function identitiesOf(template: string): Map<string, Identity> {
  if (template !== '2019' && template !== '2021') return new Map();
  let m = byGeneration.get(template);
  if (!m) byGeneration.set(template, (m = new Map(identities(template).map((i) => [i.rule, i]))));
  return m;
}

/**
 * The keys of a check: an identity's two sides; for any other rule (narrative restatements, which
 * name their cells in the detail), the report's keys its detail mentions.
 */
export function checkKeys(rule: string, template: string, detail: string, reportKeys: ReadonlySet<string>): string[] {
  const id = identitiesOf(template).get(rule);
  if (id) return [...id.left, ...id.right];
  return [...new Set(detail.match(/[a-z_]+(?:\.[a-z_]+)+/g) ?? [])].filter((k) => reportKeys.has(k));
}

export interface KeyCheck {
  rule: string;
  /** pass | fail | skip as evaluated, or not_evaluated when the record has no result for the rule. */
  status: string;
  detail: string | null;
  left: string[];
  right: string[];
}

/**
 * The identities a key takes part in, with the record's result for each. A 2021 （六）其他处理
 * sub-row takes part through its derived parent row too.
 */
export function checksInvolving(key: string, template: string, checks: readonly Check[]): KeyCheck[] {
  const parent = subRowParent(key);
  const results = new Map(checks.map((c) => [c.rule, c]));
  return [...identitiesOf(template).values()]
    .filter((i) => [...i.left, ...i.right].some((k) => k === key || (parent !== undefined && k === parent)))
    .map((i) => {
      const c = results.get(i.rule);
      return { rule: i.rule, status: c?.status ?? 'not_evaluated', detail: c?.detail ?? null, left: i.left, right: i.right };
    });
}
