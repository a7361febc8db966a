// Security decisions per second with 256 rules and random requests, through the real syscall gate
// of a whole Kernel: the enforcer (capability, rules, DAC, MAC), then the two audit appends every
// command makes (the decision, and the outcome; a denied one records the decision and fails with
// EPERM). Against node-casbin's enforceSync with a deny-override model over the same rules, and a
// straightforward loop over 256 plain rule objects (which neither decide DAC/MAC nor audit: the
// ratio says what kshell's full path costs beside the bare match). The enforcer alone is shown
// too. CPU time. Bundled and run by bench/run.mjs; prints one JSON line.

import { newEnforcer, newModelFromString, StringAdapter } from "casbin";
import { capabilityNumber, RULE_EFFECTS, SubjectKind, withCapability } from "../modules/security/index.js";
import { SUBSYSTEMS } from "../modules/subsystems.js";
import { KernelError } from "../src/errors.js";
import { ROOT, type Operation, type Subject } from "../src/gate.js";
import { Kernel } from "../src/kernel.js";
import { Rng } from "../src/rng.js";
import { cpuSeconds } from "./cpu-time.js";

const RULES = 256;
const REQUESTS = 4096;
const USERS = ["u0", "u1", "u2", "u3", "u4", "u5", "u6", "u7"];
const ACTIONS = ["vol.read", "vol.write", "vol.create", "net.create", "net.send", "ctr.start", "ctr.stop", "audit.query"];
const TYPES = ["vol", "net", "ctr", "audit"];
const NAMES = ["db1", "db2", "web1", "web2", "cache", "lan", "wan", "log"];
const GLOBS = ["*", "db*", "web*", "db1", "lan", "c*"];
const ACTION_GLOBS = ["*", "vol.*", "net.*", "ctr.*", "vol.read", "net.create", "audit.*"];

const rng = new Rng(2026);
const pick = <T>(list: readonly T[]): T => list[rng.nextBelow(list.length)]!;

interface PlainRule {
  id: number;
  priority: number;
  user: string; // "*" for anyone
  type: string;
  glob: string;
  action: string;
  effect: (typeof RULE_EFFECTS)[number];
}

const rules: PlainRule[] = Array.from({ length: RULES }, (_, i) => ({
  id: i + 1,
  priority: rng.nextBelow(10),
  user: rng.nextBelow(4) === 0 ? "*" : pick(USERS),
  type: pick(TYPES),
  glob: pick(GLOBS),
  action: pick(ACTION_GLOBS),
  effect: rng.nextBelow(3) === 0 ? "deny" : "allow",
}));
const requests = Array.from({ length: REQUESTS }, () => ({ user: pick(USERS), action: pick(ACTIONS), type: pick(TYPES), name: pick(NAMES) }));

function timePerSecond(run: (i: number) => void, count: number): number {
  for (let i = 0; i < Math.min(count, 2000); i++) run(i); // warm up
  return count / cpuSeconds(() => {
    for (let i = 0; i < count; i++) run(i);
  });
}

/** The gate of a kernel holding the users and rules; `throughGate` false asks the enforcer alone. */
function kernelGate(throughGate: boolean): (i: number) => void {
  const kernel = new Kernel({ seed: 1, sealKey: new Uint8Array(32).fill(7), subsystems: SUBSYSTEMS });
  const capability = capabilityNumber("CAP_SYS_ADMIN");
  const setup: Operation = { action: "bench.setup", object: "kernel", type: "security", mutates: true, access: "write" };
  const { subjects, decide } = kernel.syscall(ROOT, setup, (k) => {
    const made: Subject[] = USERS.map((name) => {
      const uid = k.security.accounts.addUser({ name, capabilities: withCapability([0, 0], capability, true) });
      return { name, uid, gid: 100 };
    });
    for (const r of rules) {
      const uid = r.user === "*" ? 0 : k.security.accounts.uidOf(r.user);
      k.security.rules.add({ priority: r.priority, subjectKind: r.user === "*" ? SubjectKind.Any : SubjectKind.Uid, subjectId: uid, subjectText: r.user, objectType: r.type, objectGlob: r.glob, actions: r.action, effect: r.effect });
    }
    return { subjects: made, decide: (who: Subject, op: Operation) => k.security.decide(who, op) };
  });
  const ops: Operation[] = requests.map((q) => ({ action: q.action, object: `${q.type}/${q.name}`, type: "security", mutates: false, access: "read", capability }));
  const who = requests.map((q) => subjects[USERS.indexOf(q.user)]!);
  if (!throughGate) return (i) => void decide(who[i % REQUESTS]!, ops[i % REQUESTS]!);
  return (i) => {
    const k = i % REQUESTS;
    try {
      kernel.syscall(who[k]!, ops[k]!, () => 0);
    } catch (error) {
      if (!(error instanceof KernelError) || error.code !== "EPERM") throw error;
    }
  };
}

function plainLoop(): (i: number) => void {
  const compiled = rules.map((r) => ({ ...r, objectRe: new RegExp(`^${r.glob.replace(/\*/g, ".*")}$`), actionRe: new RegExp(`^${r.action.replace(/\./g, "\\.").replace(/\*/g, ".*")}$`) }));
  return (i) => {
    const q = requests[i % REQUESTS]!;
    let allow = false;
    let deny = false;
    for (const r of compiled) {
      if ((r.user === "*" || r.user === q.user) && r.type === q.type && r.objectRe.test(q.name) && r.actionRe.test(q.action)) {
        if (r.effect === "deny") deny = true;
        else allow = true;
      }
    }
    if (deny === allow && deny) return; // deny-overrides: deny wins
  };
}

async function casbin(): Promise<(i: number) => void> {
  const model = newModelFromString(`
[request_definition]
r = sub, obj, act
[policy_definition]
p = sub, obj, act, eft
[policy_effect]
e = some(where (p.eft == allow)) && !some(where (p.eft == deny))
[matchers]
m = (p.sub == "*" || r.sub == p.sub) && globMatch(r.obj, p.obj) && globMatch(r.act, p.act)
`);
  const policy = rules.map((r) => `p, ${r.user}, ${r.type}/${r.glob}, ${r.action}, ${r.effect}`).join("\n");
  const enforcer = await newEnforcer(model, new StringAdapter(policy));
  return (i) => {
    const q = requests[i % REQUESTS]!;
    enforcer.enforceSync(q.user, `${q.type}/${q.name}`, q.action);
  };
}

// Paired rounds: each measures the gate, the enforcer alone and the plain loop back to back.
const ROUNDS = 5;
const gate = kernelGate(true);
const enforcer = kernelGate(false);
const plain = plainLoop();
const kernelPerSecond: number[] = [];
const decideOnlyPerSecond: number[] = [];
const plainPerSecond: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  kernelPerSecond.push(timePerSecond(gate, 50_000));
  decideOnlyPerSecond.push(timePerSecond(enforcer, 50_000));
  plainPerSecond.push(timePerSecond(plain, 50_000));
}
const enforce = await casbin();
const casbinPerSecond = Array.from({ length: 3 }, () => timePerSecond(enforce, 1_000));
process.stdout.write(`${JSON.stringify({ kernelPerSecond, decideOnlyPerSecond, plainPerSecond, casbinPerSecond })}\n`);
