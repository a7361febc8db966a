// The policy rule table (seed Task 4's SecurityPolicyRule): at most SECURITY_RULE_MAX rules in
// typed-array columns. A rule has an id, a priority, a subject match (anyone, a uid, a gid, or
// pods by a glob of their names: "pod:web*" — a pod also matches its uid's rules),
// an object match (type and name glob: "audit:filter/*"), an action match (comma-separated globs:
// "net.create,vol.*") and an effect: allow, deny or audit.
//
// Combining algorithm, deny-overrides: among the rules that match a request, any deny wins;
// otherwise any allow; otherwise an audit rule allows and the decision is logged at warning.
// Within the winning effect the highest priority (then the lowest id) is the deciding rule.
// No matching rule: the decision falls through to DAC and MAC.
//
// Actions come from a small fixed vocabulary, so for each action seen the rules whose action
// globs match it are listed once (a Uint16Array of slots, dropped when the table changes);
// a decision scans only that list, with integer subject compares before any glob is tested.

import { fail } from "../../src/errors.js";
import { anyGlob, compileGlob, type Glob } from "../../src/glob.js";
import { OBJECT_NAME_LENGTH_MAX, RULE_ACTION_CACHE_MAX, SECURITY_RULE_MAX, UID_MAX } from "../../src/limits.js";
import type { Credentials } from "./accounts.js";

export const RULE_EFFECTS = ["allow", "deny", "audit"] as const;
export type RuleEffect = (typeof RULE_EFFECTS)[number];
export const Effect = { Allow: 0, Deny: 1, Audit: 2, None: 255 } as const;
/** How strongly an effect wins under deny-overrides. */
const EFFECT_RANK = [2, 3, 1] as const;

export const SubjectKind = { Any: 0, Uid: 1, Gid: 2, Pod: 3 } as const;
/** How a pod rule's subjectText starts: "pod:" then a glob of pod names. */
export const POD_RULE_PREFIX = "pod:";

export interface RuleSpec {
  readonly priority: number;
  readonly subjectKind: number;
  readonly subjectId: number;
  readonly subjectText: string; // as typed: "alice", "group:devs", "*"; for a pod rule "pod:<glob>"
  readonly objectType: string; // "*" for any
  readonly objectGlob: string;
  readonly actions: string; // comma-separated globs
  readonly effect: RuleEffect;
}

export interface RuleRow extends RuleSpec {
  readonly id: number;
  readonly hits: number;
}

export interface RuleVerdict {
  readonly effect: number; // Effect.*
  readonly ruleId: number; // 0 when no rule matched
  readonly layer: string; // "rule #7", the deciding rule as a decision names it; "" when none matched
  readonly matched: readonly number[]; // every matching rule id, when asked for
}

const NOTHING_MATCHED: RuleVerdict = Object.freeze({ effect: Effect.None, ruleId: 0, layer: "", matched: Object.freeze([]) });

export class PolicyRules {
  private readonly used = new Uint8Array(SECURITY_RULE_MAX);
  private readonly ids = new Uint32Array(SECURITY_RULE_MAX);
  private readonly priorities = new Int32Array(SECURITY_RULE_MAX);
  private readonly subjectKinds = new Uint8Array(SECURITY_RULE_MAX);
  private readonly subjectIds = new Uint32Array(SECURITY_RULE_MAX);
  private readonly effects = new Uint8Array(SECURITY_RULE_MAX);
  private readonly hits = new Float64Array(SECURITY_RULE_MAX);
  private readonly specs: (RuleSpec | undefined)[] = new Array(SECURITY_RULE_MAX).fill(undefined);
  private readonly objectPatterns: (Glob | undefined)[] = new Array(SECURITY_RULE_MAX).fill(undefined);
  private readonly podPatterns: (Glob | undefined)[] = new Array(SECURITY_RULE_MAX).fill(undefined); // pod rules' name globs
  private readonly actionPatterns: (Glob | undefined)[] = new Array(SECURITY_RULE_MAX).fill(undefined);
  private readonly actionIds = new Map<string, number>(); // bounded by RULE_ACTION_CACHE_MAX
  private readonly candidates: (Uint16Array | undefined)[] = new Array(RULE_ACTION_CACHE_MAX).fill(undefined);
  private readonly layers: string[] = new Array<string>(SECURITY_RULE_MAX).fill(""); // "rule #<id>", made once per rule
  private usedSlots: number[] = []; // at most SECURITY_RULE_MAX, rebuilt on add/delete
  private nextId = 1;

  count(): number {
    return this.usedSlots.length;
  }

  /** The id the next rule added gets. */
  nextRuleId(): number {
    return this.nextId;
  }

  add(spec: RuleSpec, id = this.nextId): number {
    if (!Number.isInteger(spec.priority) || Math.abs(spec.priority) > 1_000_000) fail("EINVAL", `priority ${spec.priority} is out of range (-1000000..1000000)`);
    // a uid past UID_MAX would wrap in its Uint32 column (4294967296 -> root)
    if (spec.subjectKind !== SubjectKind.Any && !(spec.subjectId >= 0 && spec.subjectId <= UID_MAX)) {
      fail("EINVAL", `${spec.subjectKind === SubjectKind.Uid ? "uid" : "gid"} ${spec.subjectId} is out of range (0..${UID_MAX})`);
    }
    const objectPattern = compileGlob(spec.objectGlob);
    const podPattern = spec.subjectKind === SubjectKind.Pod ? compilePodGlob(spec.subjectText) : undefined;
    const actionPattern = compileActions(spec.actions);
    const slot = this.used.indexOf(0);
    if (slot < 0) fail("ENOSPC", `rule table full: ${SECURITY_RULE_MAX} rules (SECURITY_RULE_MAX)`, "delete a rule first (sec rule del <id>)");
    this.used[slot] = 1;
    this.ids[slot] = id;
    this.layers[slot] = `rule #${id}`;
    this.nextId = Math.max(this.nextId, id + 1);
    this.priorities[slot] = spec.priority;
    this.subjectKinds[slot] = spec.subjectKind;
    this.subjectIds[slot] = spec.subjectId;
    this.effects[slot] = RULE_EFFECTS.indexOf(spec.effect);
    this.hits[slot] = 0;
    this.specs[slot] = spec;
    this.objectPatterns[slot] = objectPattern;
    this.actionPatterns[slot] = actionPattern;
    this.podPatterns[slot] = podPattern;
    this.reindex();
    return id;
  }

  delete(id: number): void {
    const slot = this.slotOf(id);
    this.used[slot] = 0;
    this.ids[slot] = 0;
    this.layers[slot] = "";
    this.specs[slot] = undefined;
    this.objectPatterns[slot] = undefined;
    this.actionPatterns[slot] = undefined;
    this.podPatterns[slot] = undefined;
    this.reindex();
  }

  /**
   * Deny-overrides over every matching rule; counts a hit on the deciding rule unless collecting (an
   * explanation). `pod` is the pod's name when the subject is a pod ("" for a user): pod rules match only pods.
   */
  evaluate(who: Credentials, action: string, objectType: string, objectName: string, collect = false, pod = ""): RuleVerdict {
    const slots = this.candidatesFor(action);
    let best = -1;
    const matched: number[] | undefined = collect ? [] : undefined; // only an explanation lists them
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      const kind = this.subjectKinds[slot]!;
      if (kind === SubjectKind.Pod ? pod === "" || !this.podPatterns[slot]!.test(pod) : !userMatches(kind, this.subjectIds[slot]!, who)) continue;
      const spec = this.specs[slot]!;
      if (spec.objectType !== "*" && spec.objectType !== objectType) continue;
      if (!this.objectPatterns[slot]!.test(objectName)) continue;
      matched?.push(this.ids[slot]!);
      if (best < 0 || this.outranks(slot, best)) best = slot;
    }
    if (best < 0) return matched === undefined ? NOTHING_MATCHED : { ...NOTHING_MATCHED, matched };
    if (!collect) this.hits[best]!++;
    return { effect: this.effects[best]!, ruleId: this.ids[best]!, layer: this.layers[best]!, matched: matched ?? NOTHING_MATCHED.matched };
  }

  /** The slots of the rules whose action globs match `action`, listed once per action. */
  private candidatesFor(action: string): ArrayLike<number> {
    let id = this.actionIds.get(action);
    if (id === undefined) {
      if (this.actionIds.size === RULE_ACTION_CACHE_MAX) return this.usedSlots.filter((slot) => this.actionPatterns[slot]!.test(action));
      this.actionIds.set(action, (id = this.actionIds.size));
    }
    let list = this.candidates[id];
    if (list === undefined) this.candidates[id] = list = Uint16Array.from(this.usedSlots.filter((slot) => this.actionPatterns[slot]!.test(action)));
    return list;
  }

  /** Whether rule `a` decides over rule `b`: stronger effect, then higher priority, then lower id. */
  private outranks(a: number, b: number): boolean {
    const rankA = EFFECT_RANK[this.effects[a] as 0 | 1 | 2];
    const rankB = EFFECT_RANK[this.effects[b] as 0 | 1 | 2];
    if (rankA !== rankB) return rankA > rankB;
    if (this.priorities[a] !== this.priorities[b]) return this.priorities[a]! > this.priorities[b]!;
    return this.ids[a]! < this.ids[b]!;
  }

  list(): RuleRow[] {
    return this.usedSlots.map((slot) => ({ id: this.ids[slot]!, hits: this.hits[slot]!, ...this.specs[slot]! }));
  }

  ruleIds(): number[] {
    return this.usedSlots.map((slot) => this.ids[slot]!);
  }

  toJSON(): { nextId: number; rules: RuleRow[] } {
    return { nextId: this.nextId, rules: this.list() };
  }

  restore(saved: { nextId: number; rules: readonly RuleRow[] }): void {
    for (const { id, hits, ...spec } of saved.rules) {
      this.add(spec, id);
      this.hits[this.slotOf(id)] = hits;
    }
    this.nextId = saved.nextId;
  }

  private slotOf(id: number): number {
    for (const slot of this.usedSlots) if (this.ids[slot] === id) return slot;
    return fail("ENOENT", `no rule #${id}`, "see `sec rule list`");
  }

  /** Used slots in listing order: priority high to low, then id. */
  private reindex(): void {
    const slots: number[] = [];
    for (let slot = 0; slot < SECURITY_RULE_MAX; slot++) if (this.used[slot] === 1) slots.push(slot);
    this.usedSlots = slots.sort((a, b) => this.priorities[b]! - this.priorities[a]! || this.ids[a]! - this.ids[b]!);
    this.candidates.fill(undefined);
  }
}

/** Whether a user subject (kind Any, Uid or Gid, and its id) matches `who`. */
function userMatches(kind: number, id: number, who: Credentials): boolean {
  return kind === SubjectKind.Any || (kind === SubjectKind.Uid ? id === who.uid : kind === SubjectKind.Gid && (id === who.gid || who.groups.includes(id)));
}

/** Whether `spec`, not yet in the table, would match user `who` doing `action` on objectType/objectName (a pod rule never matches a user). */
export function specMatches(spec: RuleSpec, who: Credentials, action: string, objectType: string, objectName: string): boolean {
  if (spec.subjectKind === SubjectKind.Pod || !userMatches(spec.subjectKind, spec.subjectId, who)) return false;
  return (spec.objectType === "*" || spec.objectType === objectType) && compileGlob(spec.objectGlob).test(objectName) && compileActions(spec.actions).test(action);
}

/** The name glob of a pod rule's subject text ("pod:web*"). */
function compilePodGlob(subjectText: string): Glob {
  if (!subjectText.startsWith(POD_RULE_PREFIX)) fail("EINVAL", `a pod rule's subject is ${POD_RULE_PREFIX}<glob>, not '${subjectText}'`);
  if (subjectText.length > OBJECT_NAME_LENGTH_MAX) fail("ENAMETOOLONG", `pod glob '${subjectText.slice(POD_RULE_PREFIX.length, 20)}…' is too long: a rule's subject is at most ${OBJECT_NAME_LENGTH_MAX} characters (OBJECT_NAME_LENGTH_MAX)`);
  return compileGlob(subjectText.slice(POD_RULE_PREFIX.length));
}

function compileActions(actions: string): Glob {
  const globs = actions.split(",").map((glob) => glob.trim());
  if (globs.some((glob) => glob === "")) fail("EINVAL", `bad action list '${actions}'`, "give comma-separated action globs, e.g. net.create,vol.*");
  return anyGlob(globs.map(compileGlob));
}

export function effectName(effect: number): RuleEffect | "none" {
  return effect === Effect.None ? "none" : RULE_EFFECTS[effect]!;
}

export { EFFECT_RANK };
