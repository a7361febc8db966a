// `sec conflicts`: what in the rule table cannot be what its author meant.
//   duplicate  two rules with the same subject, object, actions and effect
//   shadowed   a rule whose every request is covered by a rule that decides over it
//              (a stronger effect under deny-overrides, or the same effect at higher priority),
//              so it never decides anything
//   conflict   two rules whose requests overlap with opposite effects (deny wins where both match)
// Glob overlap is judged on literal prefixes: two patterns with wildcards are taken to overlap
// when one's literal prefix starts the other's, which may report an overlap that cannot happen,
// never miss one.

import { compileGlob } from "../../src/glob.js";
import { EFFECT_RANK, POD_RULE_PREFIX, RULE_EFFECTS, SubjectKind, type RuleRow } from "./rules.js";

export interface RuleFinding {
  readonly kind: "duplicate" | "shadowed" | "conflict";
  readonly ids: readonly number[];
  readonly detail: string;
}

const hasWildcard = (glob: string) => /[*?]/.test(glob);
const literalPrefix = (glob: string) => glob.split(/[*?]/, 1)[0]!;

function globCovers(outer: string, inner: string): boolean {
  if (outer === "*" || outer === inner) return true;
  if (!hasWildcard(inner)) return compileGlob(outer).test(inner);
  const prefix = outer.slice(0, -1);
  return outer.endsWith("*") && !hasWildcard(prefix) && inner.startsWith(prefix);
}

function globsOverlap(a: string, b: string): boolean {
  if (globCovers(a, b) || globCovers(b, a)) return true;
  if (!hasWildcard(a) || !hasWildcard(b)) return false;
  const [pa, pb] = [literalPrefix(a), literalPrefix(b)];
  return pa.startsWith(pb) || pb.startsWith(pa);
}

const actionsOf = (rule: RuleRow) => rule.actions.split(",").map((glob) => glob.trim());

/** A pod rule's name glob ("pod:web*" -> "web*"). */
const podGlob = (rule: RuleRow) => rule.subjectText.slice(POD_RULE_PREFIX.length);

/** Whether `outer`'s subject match takes in every subject `inner`'s does. */
function subjectCovers(outer: RuleRow, inner: RuleRow): boolean {
  if (outer.subjectKind === SubjectKind.Any) return true;
  if (outer.subjectKind !== inner.subjectKind) return false;
  return outer.subjectKind === SubjectKind.Pod ? globCovers(podGlob(outer), podGlob(inner)) : outer.subjectId === inner.subjectId;
}

function covers(outer: RuleRow, inner: RuleRow): boolean {
  const subject = subjectCovers(outer, inner);
  const type = outer.objectType === "*" || outer.objectType === inner.objectType;
  return subject && type && globCovers(outer.objectGlob, inner.objectGlob) && actionsOf(inner).every((r) => actionsOf(outer).some((o) => globCovers(o, r)));
}

function overlaps(a: RuleRow, b: RuleRow): boolean {
  const subject = a.subjectKind === SubjectKind.Any || b.subjectKind === SubjectKind.Any || a.subjectKind !== b.subjectKind ||
    (a.subjectKind === SubjectKind.Pod ? globsOverlap(podGlob(a), podGlob(b)) : a.subjectId === b.subjectId);
  const type = a.objectType === "*" || b.objectType === "*" || a.objectType === b.objectType;
  return subject && type && globsOverlap(a.objectGlob, b.objectGlob) && actionsOf(a).some((x) => actionsOf(b).some((y) => globsOverlap(x, y)));
}

function decidesOver(a: RuleRow, b: RuleRow): boolean {
  const rankA = EFFECT_RANK[RULE_EFFECTS.indexOf(a.effect) as 0 | 1 | 2];
  const rankB = EFFECT_RANK[RULE_EFFECTS.indexOf(b.effect) as 0 | 1 | 2];
  if (rankA !== rankB) return rankA > rankB;
  return a.priority !== b.priority ? a.priority > b.priority : a.id < b.id;
}

const sameRequests = (a: RuleRow, b: RuleRow) =>
  a.subjectKind === b.subjectKind && a.subjectId === b.subjectId && (a.subjectKind !== SubjectKind.Pod || a.subjectText === b.subjectText) && a.objectType === b.objectType && a.objectGlob === b.objectGlob && a.actions === b.actions;

export function findRuleProblems(rules: readonly RuleRow[]): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const a of rules) {
    for (const b of rules) {
      if (a.id >= b.id) continue;
      if (sameRequests(a, b) && a.effect === b.effect) {
        findings.push({ kind: "duplicate", ids: [a.id, b.id], detail: `same subject, object, actions and effect (${a.effect})` });
      } else if (covers(a, b) && decidesOver(a, b)) {
        findings.push({ kind: "shadowed", ids: [b.id, a.id], detail: `#${b.id} (${b.effect}) never decides: #${a.id} (${a.effect}, priority ${a.priority}) covers it` });
      } else if (covers(b, a) && decidesOver(b, a)) {
        findings.push({ kind: "shadowed", ids: [a.id, b.id], detail: `#${a.id} (${a.effect}) never decides: #${b.id} (${b.effect}, priority ${b.priority}) covers it` });
      } else if (a.effect !== b.effect && (a.effect === "deny" || b.effect === "deny") && overlaps(a, b)) {
        const deny = a.effect === "deny" ? a : b;
        findings.push({ kind: "conflict", ids: [a.id, b.id], detail: `overlap with opposite effects; deny #${deny.id} wins where both match` });
      }
    }
  }
  return findings;
}
