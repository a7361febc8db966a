// Security enforcement (seed Task 4), the kernel's enforcer at the syscall gate. It owns the
// accounts (users, groups, capabilities, clearances), the object labels (owner, group, mode,
// level) and the policy rules, and decides every operation in four layers, in this order:
//
//   1. capability  the operation's capability (CAP_NET_ADMIN, CAP_AUDIT_READ, ...) must be in
//                  the subject's set; a rule cannot grant a missing capability
//   2. rules       deny-overrides over the matching rules: deny wins, then allow, then audit
//                  (allows, logged at warning); an allow or audit decision skips DAC and MAC
//   3. DAC         owner/group/other mode bits as Unix does; CAP_DAC_OVERRIDE bypasses
//                  (CAP_DAC_READ_SEARCH for reads), CAP_FOWNER for operations needing ownership
//   4. MAC         Bell-LaPadula: no read up, no write down; CAP_MAC_OVERRIDE bypasses
//
// `decide` is the gate's fast path; `explain` runs the same code with a trace, for `sec why`.
// A pod is a subject too (pod-subjects.ts): `podSubject` fixes what it runs as when it is applied,
// and `decidePod`/`explainPod` run the same four layers over its own credentials.

import { POD_SUBJECT_PREFIX, type PodSecurityRequest, type PodSubject } from "../../src/decisions.js";
import { ROOT, type Decision, type Enforcer, type Operation, type Subject } from "../../src/gate.js";
import { Accounts, ROOT_UID, type Credentials, type SavedAccounts } from "./accounts.js";
import { CAPABILITY_NAMES, capabilityNumber, hasCapability } from "./capabilities.js";
import { modeText, ObjectLabels, type ResolvedLabel } from "./labels.js";
import { levelName } from "./levels.js";
import { podCredentials, podSubjectOf, runAsUidOf } from "./pod-subjects.js";
import { refuseLockout } from "./lockout.js";
import { macFix } from "./mac-fix.js";
import { Effect, PolicyRules, SubjectKind, type RuleSpec } from "./rules.js";

export interface TraceStep {
  readonly layer: "capability" | "rules" | "dac" | "mac";
  readonly verdict: "pass" | "deny" | "allow" | "bypass" | "skip";
  readonly detail: string;
  readonly fix?: string; // what would change the outcome
}

export interface Explanation {
  readonly decision: Decision;
  readonly steps: readonly TraceStep[];
}

const CAP = {
  DAC_OVERRIDE: 1,
  DAC_READ_SEARCH: 2,
  FOWNER: 3,
  MAC_OVERRIDE: 32,
} as const;

const deny = (layer: string, reason: string): Decision => ({ allowed: false, layer, reason });
const allow = (layer: string, reason: string, audit = false): Decision => ({ allowed: true, layer, reason, audit });
// The decisions that name no subject or object, made once (a decision is read, never changed).
const DAC_MAC_ALLOWED: Readonly<Record<Operation["access"], Decision>> = Object.freeze({
  read: Object.freeze(allow("dac+mac", "read permitted")),
  write: Object.freeze(allow("dac+mac", "write permitted")),
  owner: Object.freeze(allow("dac+mac", "owner permitted")),
});
const MAC_OVERRIDDEN = Object.freeze(allow("mac", "CAP_MAC_OVERRIDE"));
/** Whether a subject's name is a pod's (its fixes are in its manifest, not in sec commands). */
const isPod = (name: string): boolean => name.startsWith(POD_SUBJECT_PREFIX);

export class SecurityManager implements Enforcer {
  readonly accounts = new Accounts((kind) => this.namedIds(kind));
  readonly labels: ObjectLabels;
  readonly rules = new PolicyRules();

  /**
   * `objectExists` (a port from the kernel) says whether a path names an object of another
   * subsystem (vol/db, audit/filter/3); `containers` are the paths objects are made under.
   */
  constructor(objectExists: (path: string) => boolean = () => false, containers: readonly string[] = [], labelledAs: (path: string) => string | undefined = () => undefined) {
    this.labels = new ObjectLabels((uid) => this.accounts.umaskOf(uid), (path) => this.owns(path) ?? objectExists(path), containers, labelledAs);
  }

  /** The uids or gids objects and rules still name: labels' owners or groups, rules' subjects (a new id is picked past them). */
  namedIds(kind: "uid" | "gid"): number[] {
    const ruleKind = kind === "uid" ? SubjectKind.Uid : SubjectKind.Gid;
    const byLabels = this.labels.list().map((label) => (kind === "uid" ? label.owner : label.group));
    const byRules = this.rules.list().flatMap((rule) => (rule.subjectKind === ruleKind ? [rule.subjectId] : []));
    return [...byLabels, ...byRules];
  }

  /** Whether `path` names one of security's own objects (a user, a group, a rule); undefined for others' paths. */
  private owns(path: string): boolean | undefined {
    const parts = path.split("/");
    const [kind, name] = parts;
    if (kind !== "user" && kind !== "group" && kind !== "sec") return undefined;
    if (kind === "user" && parts.length === 2) return this.accounts.userNames().includes(name!);
    if (kind === "group" && parts.length === 2) return this.accounts.groups().some((g) => g.name === name);
    return kind === "sec" && name === "rule" && parts.length === 3 && this.rules.ruleIds().includes(Number(parts[2]));
  }

  decide(subject: Subject, operation: Operation): Decision {
    return this.evaluate(subject.name, this.accounts.credentials(subject.uid), operation, undefined);
  }

  permits(subject: Subject, operation: Operation): boolean {
    return this.evaluate(subject.name, this.accounts.credentials(subject.uid), operation, undefined, false).allowed;
  }

  explain(subject: Subject, operation: Operation): Explanation {
    const steps: TraceStep[] = [];
    return { decision: this.evaluate(subject.name, this.accounts.credentials(subject.uid), operation, steps), steps };
  }

  podSubject(pod: string, security: PodSecurityRequest, applier: Subject): PodSubject {
    return podSubjectOf(this.accounts, pod, security, applier);
  }

  runAsUid(name: string, requested: number | undefined, applier: Subject, fallback: number): number {
    return runAsUidOf(this.accounts, name, requested, applier, fallback);
  }

  decidePod(subject: PodSubject, operation: Operation): Decision {
    return this.evaluate(subject.name, podCredentials(subject), operation, undefined);
  }

  explainPod(subject: PodSubject, operation: Operation): Explanation {
    const steps: TraceStep[] = [];
    return { decision: this.evaluate(subject.name, podCredentials(subject), operation, steps), steps };
  }

  /** `countsHit`: a decision counts a hit on its deciding rule; an explanation or a hint's look does not. */
  private evaluate(name: string, who: Credentials, op: Operation, trace: TraceStep[] | undefined, countsHit = trace === undefined): Decision {
    const capability = this.checkCapability(name, who, op, trace);
    if (capability !== undefined) return capability;
    const ruled = this.checkRules(isPod(name) ? name.slice(POD_SUBJECT_PREFIX.length) : "", who, op, trace, countsHit);
    if (ruled !== undefined) return ruled;
    const label = this.labels.resolve(op.object);
    return this.checkDac(name, who, op, label, trace) ?? this.checkMac(name, who, op, label, trace);
  }

  private checkCapability(name: string, who: Credentials, op: Operation, trace: TraceStep[] | undefined): Decision | undefined {
    if (op.capability === undefined && op.inputCapabilities === undefined) {
      trace?.push({ layer: "capability", verdict: "pass", detail: "no capability needed" });
      return undefined;
    }
    const missing = this.missingCapability(who, op);
    if (missing === undefined) {
      const held = [...(op.capability === undefined ? [] : [CAPABILITY_NAMES[op.capability]!]), ...(op.inputCapabilities ?? [])];
      trace?.push({ layer: "capability", verdict: "pass", detail: `${name} holds ${held.join(", ")}` });
      return undefined;
    }
    const fix = isPod(name) ? `add ${missing.slice(4)} to the pod's securityContext.capabilities (its applier must hold it)` : `sec caps ${name} +${missing} (as root)`;
    const asked = op.capability === undefined || CAPABILITY_NAMES[op.capability] !== missing ? " (its input asks for it)" : "";
    trace?.push({ layer: "capability", verdict: "deny", detail: `${op.action} needs ${missing}${asked}; ${name} does not hold it`, fix });
    return deny("capability", `${missing} is not in ${name}'s capability set`);
  }

  /** The first capability `op` needs that `who` lacks: its own, then those its input asks for. */
  private missingCapability(who: Credentials, op: Operation): string | undefined {
    if (op.capability !== undefined && !hasCapability(who.capLow, who.capHigh, op.capability)) return CAPABILITY_NAMES[op.capability]!;
    return op.inputCapabilities?.find((capName) => !hasCapability(who.capLow, who.capHigh, capabilityNumber(capName)));
  }

  /** `pod`: the pod's name when the subject is one ("" for a user): pod rules match it by name. */
  private checkRules(pod: string, who: Credentials, op: Operation, trace: TraceStep[] | undefined, countsHit: boolean): Decision | undefined {
    const slash = op.object.indexOf("/");
    const type = slash < 0 ? op.object : op.object.slice(0, slash);
    const objectName = slash < 0 ? "" : op.object.slice(slash + 1);
    const verdict = this.rules.evaluate(who, op.action, type, objectName, !countsHit, pod);
    const matched = trace !== undefined && verdict.matched.length > 1 ? ` (matching: #${verdict.matched.join(", #")})` : "";
    const layer = verdict.layer;
    switch (verdict.effect) {
      case Effect.Deny:
        trace?.push({ layer: "rules", verdict: "deny", detail: `rule #${verdict.ruleId} denies${matched}; under deny-overrides any matching deny wins`, fix: `sec rule del ${verdict.ruleId} (as root), or narrow it` });
        return deny(layer, "a matching deny rule wins (deny-overrides)");
      case Effect.Allow:
        trace?.push({ layer: "rules", verdict: "allow", detail: `rule #${verdict.ruleId} allows${matched}; DAC and MAC are not consulted` });
        return allow(layer, "a matching allow rule decides; DAC and MAC are skipped");
      case Effect.Audit:
        trace?.push({ layer: "rules", verdict: "allow", detail: `rule #${verdict.ruleId} audits${matched}: allowed, logged at warning` });
        return allow(layer, "a matching audit rule allows and logs at warning", true);
      default:
        trace?.push({ layer: "rules", verdict: "skip", detail: "no rule matches; DAC and MAC decide" });
        return undefined;
    }
  }

  private checkDac(name: string, who: Credentials, op: Operation, label: ResolvedLabel, trace: TraceStep[] | undefined): Decision | undefined {
    // The texts below are built only for an explanation or a denial: not on the gate's usual path.
    const where = () => `${op.object}${label.source === op.object ? "" : ` (label of ${label.source})`}: owner ${this.accounts.nameOfUid(label.owner)}, group ${this.accounts.groupNameOf(label.group)}, ${modeText(label.mode)}`;
    const owning = op.access === "owner";
    const need = () => (owning ? `ownership (owner is ${this.accounts.nameOfUid(label.owner)})` : `${op.access} (${op.access === "read" ? "r" : "w"})`);
    let permitted: boolean;
    let bypass: number;
    if (owning) {
      permitted = who.uid === label.owner;
      bypass = CAP.FOWNER;
    } else {
      const bits = who.uid === label.owner ? label.mode >> 6 : who.gid === label.group || who.groups.includes(label.group) ? label.mode >> 3 : label.mode;
      const want = op.access === "read" ? 4 : 2;
      permitted = (bits & want) !== 0;
      bypass = op.access === "read" && hasCapability(who.capLow, who.capHigh, CAP.DAC_READ_SEARCH) ? CAP.DAC_READ_SEARCH : CAP.DAC_OVERRIDE;
    }
    if (permitted) {
      trace?.push({ layer: "dac", verdict: "pass", detail: `${where()}; ${name} has ${need()}` });
      return undefined;
    }
    if (hasCapability(who.capLow, who.capHigh, bypass)) {
      trace?.push({ layer: "dac", verdict: "bypass", detail: `${where()}; ${name} lacks ${need()} but holds ${CAPABILITY_NAMES[bypass]}` });
      return undefined;
    }
    trace?.push({ layer: "dac", verdict: "deny", detail: `${where()}; ${name} lacks ${need()}`, fix: `sec chmod ${label.source === "(default)" ? op.object : label.source} <mode> or sec chown (as its owner or root), or grant ${CAPABILITY_NAMES[bypass]}` });
    return deny("dac", `${name} lacks ${need()} on ${op.object} (${modeText(label.mode)})`);
  }

  private checkMac(name: string, who: Credentials, op: Operation, label: ResolvedLabel, trace: TraceStep[] | undefined): Decision {
    const clearance = levelName(who.clearance);
    const level = levelName(label.level);
    const reading = op.access === "read";
    const permitted = op.access === "owner" || (reading ? who.clearance >= label.level : who.clearance <= label.level);
    const rule = reading ? "no read up" : "no write down";
    if (permitted) {
      trace?.push({ layer: "mac", verdict: "pass", detail: `${name}'s clearance ${clearance}, object level ${level}: ${op.access === "owner" ? "ownership is not levelled" : `${rule} holds`}` });
      return DAC_MAC_ALLOWED[op.access];
    }
    if (hasCapability(who.capLow, who.capHigh, CAP.MAC_OVERRIDE)) {
      trace?.push({ layer: "mac", verdict: "bypass", detail: `clearance ${clearance} vs level ${level} breaks ${rule}, but ${name} holds CAP_MAC_OVERRIDE` });
      return MAC_OVERRIDDEN;
    }
    if (trace !== undefined) {
      const fix = macFix(this.labels, op, label, { name, pod: isPod(name), clearance, level });
      trace.push({ layer: "mac", verdict: "deny", detail: `${name}'s clearance ${clearance}, object level ${level}: ${rule} (Bell-LaPadula)`, fix });
    }
    return deny("mac", `${rule}: ${name}'s clearance ${clearance}, ${op.object} is ${level}`);
  }

  /** Adds a rule for `author`, refusing one that would deny its own removal, or another rule's, to `author` or to root (lockout.ts). */
  addRule(spec: RuleSpec, author: Subject): number {
    const subjects = [author, ...(author.uid === ROOT_UID ? [] : [ROOT])].map((subject) => ({ subject, credentials: this.accounts.credentials(subject.uid) }));
    refuseLockout(spec, this.rules.nextRuleId(), this.rules.ruleIds(), subjects);
    return this.rules.add(spec);
  }

  toJSON(): SavedSecurity {
    return { accounts: this.accounts.toJSON(), labels: this.labels.toJSON(), rules: this.rules.toJSON() };
  }

  restore(saved: SavedSecurity): void {
    this.accounts.restore(saved.accounts);
    this.labels.restore(saved.labels);
    this.rules.restore(saved.rules);
  }
}

export interface SavedSecurity {
  readonly accounts: SavedAccounts;
  readonly labels: ReturnType<ObjectLabels["toJSON"]>;
  readonly rules: ReturnType<PolicyRules["toJSON"]>;
}
