import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  capabilityNumber,
  capabilityText,
  Effect,
  findRuleProblems,
  RULE_EFFECTS,
  SecurityLevel,
  SecurityManager,
  SubjectKind,
  withCapability,
  type RuleSpec,
} from "../../modules/security/index.js";
import type { Access, Operation, Subject } from "../../src/gate.js";
import { SECURITY_RULE_MAX } from "../../src/limits.js";

function op(action: string, object: string, access: Access, capability?: string): Operation {
  return { action, object, access, type: "security", mutates: access !== "read", capability: capability === undefined ? undefined : capabilityNumber(capability) };
}

function manager(): { sec: SecurityManager; alice: Subject; bob: Subject } {
  const sec = new SecurityManager(() => true) // every path names an object here;
  sec.accounts.addGroup("devs", 500);
  const aliceUid = sec.accounts.addUser({ name: "alice", groups: ["devs"] });
  const bobUid = sec.accounts.addUser({ name: "bob" });
  return { sec, alice: { name: "alice", uid: aliceUid, gid: sec.accounts.gidOf("alice") }, bob: { name: "bob", uid: bobUid, gid: sec.accounts.gidOf("bob") } };
}

const ROOT: Subject = { name: "root", uid: 0, gid: 0 };

function rule(overrides: Partial<RuleSpec>): RuleSpec {
  return { priority: 0, subjectKind: SubjectKind.Any, subjectId: 0, subjectText: "*", objectType: "*", objectGlob: "*", actions: "*", effect: "allow", ...overrides };
}

describe("capabilities", () => {
  it("know the 41 Linux capabilities by name and number, and refuse reserved bits", () => {
    expect(capabilityNumber("CAP_CHOWN")).toBe(0);
    expect(capabilityNumber("net_admin")).toBe(12);
    expect(capabilityNumber("CAP_CHECKPOINT_RESTORE")).toBe(40);
    expect(() => capabilityNumber("CAP_41")).toThrow(/bit 41 is reserved/);
    expect(() => capabilityNumber("CAP_FLY")).toThrow(/unknown capability 'CAP_FLY'/);
    const words = withCapability(withCapability([0, 0], 12, true), 37, true);
    expect(capabilityText(...words)).toBe("cap_net_admin,cap_audit_read");
    expect(capabilityText(...withCapability(words, 12, false))).toBe("cap_audit_read");
  });

  it("deny at the capability layer when the command's capability is missing, whatever else allows", () => {
    const { sec, alice } = manager();
    sec.rules.add(rule({ effect: "allow" }));
    expect(sec.decide(alice, op("audit.query", "audit", "read", "CAP_AUDIT_READ"))).toMatchObject({ allowed: false, layer: "capability" });
    sec.accounts.setCapabilities("alice", withCapability([0, 0], capabilityNumber("CAP_AUDIT_READ"), true));
    expect(sec.decide(alice, op("audit.query", "audit", "read", "CAP_AUDIT_READ"))).toMatchObject({ allowed: true, layer: "rule #1" });
  });

  it("deny at the capability layer when the input asks for a capability the subject lacks (hand out, take away), naming it", () => {
    const { sec, alice } = manager();
    sec.accounts.setCapabilities("alice", withCapability(withCapability([0, 0], capabilityNumber("CAP_SETPCAP"), true), capabilityNumber("CAP_NET_ADMIN"), true));
    const change = (caps: string[]): Operation => ({ ...op("sec.caps", "user/bob", "read", "CAP_SETPCAP"), inputCapabilities: caps });
    expect(sec.decide(alice, change(["CAP_NET_ADMIN", "CAP_SYS_ADMIN"]))).toEqual({ allowed: false, layer: "capability", reason: "CAP_SYS_ADMIN is not in alice's capability set" });
    expect(sec.decide(alice, change(["CAP_NET_ADMIN"]))).toMatchObject({ allowed: true });
    expect(sec.decide(ROOT, change(["CAP_SYS_ADMIN", "CAP_MAC_ADMIN"]))).toMatchObject({ allowed: true });
    sec.rules.add(rule({ effect: "allow" })); // a rule cannot hand a capability over either
    const { decision, steps } = sec.explain(alice, change(["CAP_MAC_ADMIN"]));
    expect(decision.layer).toBe("capability");
    expect(steps[0]).toEqual({ layer: "capability", verdict: "deny", detail: "sec.caps needs CAP_MAC_ADMIN (its input asks for it); alice does not hold it", fix: "sec caps alice +CAP_MAC_ADMIN (as root)" });
  });
});

describe("accounts", () => {
  it("refuse uid collisions, unknown groups, removing root, and the 65th user", () => {
    const { sec } = manager();
    expect(() => sec.accounts.addUser({ name: "carol", uid: 1000 })).toThrow("uid 1000 is already used by user 'alice'");
    expect(() => sec.accounts.addUser({ name: "carol", groups: ["nope"] })).toThrow("no group named 'nope'");
    expect(() => sec.accounts.deleteUser("root")).toThrow("user 'root' cannot be removed");
    expect(() => sec.accounts.deleteGroup("alice")).toThrow("primary group of user 'alice'");
    for (let i = 3; i < 64; i++) sec.accounts.addUser({ name: `u${i}` });
    expect(() => sec.accounts.addUser({ name: "one-more" })).toThrow("user table full: 64 of 64 in use (USER_COUNT_MAX)");
  });
});

describe("DAC", () => {
  it("checks owner, group and other bits, and lets root through only by capability", () => {
    const { sec, alice, bob } = manager();
    sec.labels.set("doc", { owner: alice.uid, group: 500, mode: 0o640 });
    expect(sec.decide(alice, op("x.write", "doc", "write"))).toMatchObject({ allowed: true });
    expect(sec.decide(bob, op("x.read", "doc", "read"))).toMatchObject({ allowed: false, layer: "dac" });
    sec.accounts.addUser({ name: "dev2", groups: ["devs"] });
    const dev2 = { name: "dev2", uid: sec.accounts.uidOf("dev2"), gid: 100 };
    expect(sec.decide(dev2, op("x.read", "doc", "read")).allowed).toBe(true);
    expect(sec.decide(dev2, op("x.write", "doc", "write"))).toMatchObject({ allowed: false, layer: "dac" });
    expect(sec.decide(ROOT, op("x.write", "doc", "write")).allowed).toBe(true);
    // by capability, not by uid 0: any holder of CAP_DAC_OVERRIDE (1) gets through (root cannot drop it: root-keeps.test.ts)
    sec.accounts.addUser({ name: "ops", capabilities: withCapability([0, 0], 1, true) });
    const ops = { name: "ops", uid: sec.accounts.uidOf("ops"), gid: sec.accounts.uidOf("ops") };
    expect(sec.decide(ops, op("x.write", "doc", "write")).allowed).toBe(true);
    expect(sec.decide(dev2, op("x.write", "doc", "write"))).toMatchObject({ allowed: false, layer: "dac" });
  });

  it("needs ownership (or CAP_FOWNER) for chmod, and inherits labels down the path", () => {
    const { sec, alice, bob } = manager();
    sec.labels.create("audit/filter/9", alice.uid, alice.gid, () => undefined);
    expect(sec.decide(alice, op("sec.chmod", "audit/filter/9", "owner")).allowed).toBe(true);
    expect(sec.decide(bob, op("sec.chmod", "audit/filter/9", "owner"))).toMatchObject({ allowed: false, layer: "dac" });
    expect(sec.labels.resolve("audit/filter/9/deeper")).toMatchObject({ owner: alice.uid, source: "audit/filter/9" });
    expect(sec.labels.resolve("nowhere/at/all")).toMatchObject({ owner: 0, mode: 0o644, source: "(default)" });
  });
});

describe("MAC (Bell-LaPadula)", () => {
  it("refuses reading up and writing down, unless CAP_MAC_OVERRIDE", () => {
    const { sec, alice } = manager();
    sec.accounts.setClearance("alice", SecurityLevel.Internal);
    sec.labels.set("secret", { level: SecurityLevel.Private, mode: 0o666 });
    sec.labels.set("notice", { level: SecurityLevel.Public, mode: 0o666 });
    sec.labels.set("memo", { level: SecurityLevel.Internal, mode: 0o666 });
    expect(sec.decide(alice, op("x.read", "secret", "read"))).toMatchObject({ allowed: false, layer: "mac", reason: expect.stringContaining("no read up") });
    expect(sec.decide(alice, op("x.write", "secret", "write")).allowed).toBe(true); // writing up is allowed
    expect(sec.decide(alice, op("x.write", "notice", "write"))).toMatchObject({ allowed: false, layer: "mac", reason: expect.stringContaining("no write down") });
    expect(sec.decide(alice, op("x.read", "notice", "read")).allowed).toBe(true);
    expect(sec.decide(alice, op("x.write", "memo", "write")).allowed).toBe(true);
    sec.accounts.setCapabilities("alice", withCapability([0, 0], capabilityNumber("CAP_MAC_OVERRIDE"), true));
    expect(sec.decide(alice, op("x.read", "secret", "read"))).toMatchObject({ allowed: true, layer: "mac" });
  });
});

describe("policy rules", () => {
  it("combine by deny-overrides: deny beats allow whatever the priorities; then the highest priority decides", () => {
    const { sec, alice } = manager();
    sec.rules.add(rule({ effect: "allow", priority: 100 }));
    sec.rules.add(rule({ effect: "deny", priority: 1, subjectKind: SubjectKind.Gid, subjectId: 500, actions: "vol.*" }));
    sec.rules.add(rule({ effect: "allow", priority: 200, actions: "vol.read" }));
    expect(sec.decide(alice, op("vol.read", "vol/db", "read"))).toMatchObject({ allowed: false, layer: "rule #2" });
    expect(sec.decide(alice, op("net.create", "net/x", "write"))).toMatchObject({ allowed: true, layer: "rule #1" });
    sec.rules.delete(2);
    expect(sec.decide(alice, op("vol.read", "vol/db", "read"))).toMatchObject({ allowed: true, layer: "rule #3" });
    expect(sec.rules.list().map((r) => [r.id, r.hits])).toEqual([[3, 1], [1, 1]]);
  });

  it("let an audit rule allow and flag the decision for a warning entry; no match falls to DAC and MAC", () => {
    const { sec, alice } = manager();
    sec.rules.add(rule({ effect: "audit", objectType: "clock" }));
    expect(sec.decide(alice, op("kernel.sleep", "clock", "write"))).toMatchObject({ allowed: true, audit: true, layer: "rule #1" });
    expect(sec.decide(alice, op("kernel.save", "kernel", "write"))).toMatchObject({ allowed: false, layer: "dac" });
  });

  it("match objects by type and name glob, and refuse a bad glob and the 257th rule", () => {
    const { sec, alice } = manager();
    sec.rules.add(rule({ effect: "deny", objectType: "audit", objectGlob: "filter/*" }));
    expect(sec.decide(alice, op("x", "audit/filter/3", "read")).layer).toBe("rule #1");
    expect(sec.decide(alice, op("x", "audit/compliance/c", "read")).layer).not.toBe("rule #1");
    expect(() => sec.rules.add(rule({ objectGlob: "" }))).toThrow(/glob/);
    expect(() => sec.rules.add(rule({ actions: "a,,b" }))).toThrow(/bad action list/);
    for (let i = 1; i < SECURITY_RULE_MAX; i++) sec.rules.add(rule({ priority: i }));
    expect(() => sec.rules.add(rule({}))).toThrow("rule table full: 256 rules (SECURITY_RULE_MAX)");
  });

  it("finds conflicts, shadowed rules and duplicates, naming the rules", () => {
    const { sec } = manager();
    sec.rules.add(rule({ effect: "allow", actions: "vol.read" })); // 1: never decides, #3 denies all of it
    sec.rules.add(rule({ effect: "allow", objectType: "net", actions: "net.*" })); // 2
    sec.rules.add(rule({ effect: "deny", actions: "vol.*" })); // 3
    sec.rules.add(rule({ effect: "allow", objectType: "net", actions: "net.*" })); // 4: duplicate of 2
    sec.rules.add(rule({ effect: "deny", subjectKind: SubjectKind.Uid, subjectId: 1000, objectType: "net", objectGlob: "lan*", actions: "net.create" })); // 5 overlaps 2
    const found = findRuleProblems(sec.rules.list()).map((f) => [f.kind, f.ids]);
    expect(found).toEqual(
      expect.arrayContaining([
        ["shadowed", [1, 3]],
        ["duplicate", [2, 4]],
        ["conflict", [2, 5]],
      ]),
    );
    expect(found.some(([, ids]) => (ids as number[]).includes(3) && (ids as number[]).includes(2))).toBe(false);
  });

  it("decide exactly as a plain reference evaluator over random rule sets and requests", () => {
    const ruleArb = fc.record({
      priority: fc.integer({ min: -3, max: 3 }),
      subject: fc.constantFrom(["any", 0], ["uid", 1000], ["uid", 1001], ["gid", 500], ["gid", 100]),
      objectType: fc.constantFrom("*", "vol", "net"),
      objectGlob: fc.constantFrom("*", "db*", "db1", "web?"),
      actions: fc.constantFrom("*", "vol.*", "vol.read", "net.create,vol.write"),
      effect: fc.constantFrom(...RULE_EFFECTS),
    });
    const requestArb = fc.record({
      who: fc.constantFrom(1000, 1001),
      action: fc.constantFrom("vol.read", "vol.write", "net.create", "kernel.save"),
      type: fc.constantFrom("vol", "net"),
      name: fc.constantFrom("db1", "db2", "web1", "x"),
    });
    const glob = (g: string) => new RegExp(`^${g.replace(/\./g, "\\.").replace(/\*/g, ".*").replace(/\?/g, ".")}$`);
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 25 }), fc.array(requestArb, { minLength: 1, maxLength: 10 }), (rules, requests) => {
        const { sec } = manager();
        const plain = rules.map((r, i) => ({ ...r, id: i + 1 }));
        for (const r of rules) {
          const kind = r.subject[0] === "uid" ? SubjectKind.Uid : r.subject[0] === "gid" ? SubjectKind.Gid : SubjectKind.Any;
          sec.rules.add(rule({ priority: r.priority, subjectKind: kind, subjectId: r.subject[1] as number, objectType: r.objectType, objectGlob: r.objectGlob, actions: r.actions, effect: r.effect }));
        }
        for (const q of requests) {
          const who = sec.accounts.credentials(q.who);
          const matching = plain.filter(
            (r) =>
              (r.subject[0] === "any" || (r.subject[0] === "uid" && r.subject[1] === q.who) || (r.subject[0] === "gid" && (r.subject[1] === who.gid || who.groups.includes(r.subject[1] as number)))) &&
              (r.objectType === "*" || r.objectType === q.type) &&
              glob(r.objectGlob).test(q.name) &&
              r.actions.split(",").some((a) => glob(a).test(q.action)),
          );
          const rank = { deny: 3, allow: 2, audit: 1 };
          const winner = [...matching].sort((a, b) => rank[b.effect] - rank[a.effect] || b.priority - a.priority || a.id - b.id)[0];
          const verdict = sec.rules.evaluate(who, q.action, q.type, q.name);
          expect(verdict.effect).toBe(winner === undefined ? Effect.None : RULE_EFFECTS.indexOf(winner.effect));
          expect(verdict.ruleId).toBe(winner?.id ?? 0);
        }
      }),
    );
  });
});

describe("sec why", () => {
  it("traces every layer, names the one that decided and what would change it", () => {
    const { sec, alice } = manager();
    const denied = sec.explain(alice, op("net.create", "net/lan", "write", "CAP_NET_ADMIN"));
    expect(denied.decision).toMatchObject({ allowed: false, layer: "capability" });
    expect(denied.steps).toEqual([expect.objectContaining({ layer: "capability", verdict: "deny", fix: "sec caps alice +CAP_NET_ADMIN (as root)" })]);
    sec.accounts.setCapabilities("alice", withCapability([0, 0], capabilityNumber("CAP_NET_ADMIN"), true));
    const byDac = sec.explain(alice, op("net.create", "net/lan", "write", "CAP_NET_ADMIN"));
    expect(byDac.steps.map((s) => [s.layer, s.verdict])).toEqual([
      ["capability", "pass"],
      ["rules", "skip"],
      ["dac", "deny"],
    ]);
    expect(byDac.steps[2]!.detail).toContain("owner root, group root, rw-r--r--; alice lacks write (w)");
    sec.rules.add(rule({ effect: "allow", subjectKind: SubjectKind.Uid, subjectId: alice.uid }));
    expect(sec.explain(alice, op("net.create", "net/lan", "write", "CAP_NET_ADMIN")).decision).toMatchObject({ allowed: true, layer: "rule #1" });
    expect(sec.rules.list()[0]!.hits).toBe(0); // explaining is not deciding
  });
});
