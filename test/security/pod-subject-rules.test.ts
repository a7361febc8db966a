// Rules match a pod by its name (`sec rule add --pod 'web*'`) as well as by its uid; pod rules
// never match a user, are checked for conflicts among themselves, and survive save and restore.

import { describe, expect, it } from "vitest";
import { findRuleProblems, SecurityManager, SubjectKind, type RuleSpec } from "../../modules/security/index.js";
import type { PodSubject } from "../../src/decisions.js";
import { ROOT, type Operation } from "../../src/gate.js";
import { failure, newSession, ok } from "../helpers.js";

const mount: Operation = { action: "vol.mount", object: "vol/data", type: "security", mutates: false, access: "read" };
const pod = (name: string): PodSubject => ({ name: `pod/${name}`, uid: 0, gid: 0, capabilities: [], level: "public" });
const podRule = (glob: string, effect: RuleSpec["effect"] = "deny"): RuleSpec =>
  ({ priority: 0, subjectKind: SubjectKind.Pod, subjectId: 0, subjectText: `pod:${glob}`, objectType: "vol", objectGlob: "*", actions: "vol.mount", effect });

describe("pod rules", () => {
  it("match pods whose name fits the glob, and no other pod and no user of the same uid", () => {
    const sec = new SecurityManager(() => true);
    sec.rules.add(podRule("web*"));
    expect(sec.decidePod(pod("web-1"), mount)).toMatchObject({ allowed: false, layer: "rule #1" });
    expect(sec.decidePod(pod("db"), mount)).toMatchObject({ allowed: true, layer: "dac+mac" });
    expect(sec.decide(ROOT, mount)).toMatchObject({ allowed: true, layer: "dac+mac" });
    const why = sec.explainPod(pod("web-1"), mount).steps.find((step) => step.layer === "rules");
    expect(why?.detail).toBe("rule #1 denies; under deny-overrides any matching deny wins");
  });

  it("refuse a subject text that is not pod:<glob>, or too long to save", () => {
    const sec = new SecurityManager(() => true);
    expect(failure(() => sec.rules.add({ ...podRule("web"), subjectText: "web" })).code).toBe("EINVAL");
    expect(failure(() => sec.rules.add(podRule("w".repeat(70)))).code).toBe("ENAMETOOLONG");
  });

  it("are judged for conflicts by their globs: web* covers web-1, and db does not overlap web*", () => {
    const rows = [podRule("web*", "allow"), podRule("web-1", "deny"), podRule("db", "allow")].map((spec, i) => ({ ...spec, id: i + 1, hits: 0 }));
    expect(findRuleProblems(rows).map((f) => [f.kind, f.ids])).toEqual([["conflict", [1, 2]]]);
    const twins = [podRule("web"), podRule("db")].map((spec, i) => ({ ...spec, id: i + 1, hits: 0 }));
    expect(findRuleProblems(twins)).toEqual([]); // not duplicates: different pods
  });

  it("are added with sec rule add --pod, listed, and kept across save and restore", () => {
    const session = newSession();
    ok(session, "sec rule add --effect deny --pod 'web*' --object 'vol:*' --action vol.mount");
    expect(session.execute("sec rule add --effect deny --pod web --uid 0").error).toMatch(/give one subject, not --uid and --pod/);
    expect(ok(session, "sec rule list").join("\n")).toMatch(/pod:web\*\s+vol:\*\s+vol\.mount/);
    const restored = new SecurityManager(() => true);
    restored.restore(session.kernel.toSnapshot().security);
    expect(restored.decidePod(pod("web"), mount)).toMatchObject({ allowed: false, layer: "rule #1" });
  });
});
