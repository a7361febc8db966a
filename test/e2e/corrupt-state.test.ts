// Corrupt state is never accepted or rewritten (issue #10, durability). One state directory with
// every subsystem in use is built once; each case edits one field of its state.json and starts
// kshell on a copy. Every case must end the same way: exit 2, one line naming the file and the
// path of the bad field, state.json byte for byte as it was, and no lock left behind.

import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { kshell, tempDir } from "../helpers.js";
import { runAsync } from "./run-async.js";

type Snapshot = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SETUP = [
  "user add alice --password a --clearance internal",
  "sec rule add --effect deny --user alice --object vol:* --action vol.snap.*",
  "vol create data --size 1M --tier hdd",
  "sec chmod vol/data 640",
  "vol write data 4096 --data hello",
  "vol snap create data before",
  "vol create copy --size 1M --tier hdd",
  "vol replicate start data copy --bw 512K",
  "cluster pd create pd1",
  "cluster pool create pd1/sp1 --copies 2",
  "cluster sds add sds1 --pool pd1/sp1 --capacity 64M",
  "cluster sds add sds2 --pool pd1/sp1 --capacity 64M",
  "cluster sdc add host1",
  "vol create dv --type distributed --pool pd1/sp1 --size 4M",
  "cluster map dv host1",
  "vol write dv 0 --data cluster",
  "sleep 2s",
];

let base: string;

const userIndex = (s: Snapshot, name: string) => s.security.accounts.users.findIndex((u: { name: string }) => u.name === name);
const volumeIndex = (s: Snapshot, name: string) => s.storage.volumes.findIndex((v: { name: string }) => v.name === name);

/** [what, edit of the parsed file (or the whole text), the problem expected after "state.json: "] */
const CASES: [string, (s: Snapshot) => unknown, string][] = [
  ["null", () => null, "expected a kernel snapshot (a JSON object), got null"],
  ["an empty list", () => [], "expected a kernel snapshot (a JSON object), got a list of 0"],
  ["a number", () => 1, "expected a kernel snapshot (a JSON object), got 1"],
  ["an empty string", () => "", 'expected a kernel snapshot (a JSON object), got ""'],
  ["clearance 99", (s) => ((s.security.accounts.users[userIndex(s, "alice")].clearance = 99), s), "security.accounts.users[1].clearance: expected a level 0..3, got 99"],
  ["clock 1e308", (s) => ((s.clockMs = 1e308), s), "clockMs: expected a time 0..3153600000000 ms (CLOCK_MS_MAX), got 1e+308"],
  ["volume state 99", (s) => ((s.storage.volumes[volumeIndex(s, "data")].state = 99), s), "storage.volumes[0].state: expected a volume state 0..7 (Created, Initializing, Available, Attached, Snapshotting, Degraded, Detaching, Deleted), got 99"],
  ["mode 2^40", (s) => ((s.security.labels[0].mode = 2 ** 40), s), "security.labels[0].mode: expected a mode 0..07777, got 1099511627776"],
  ["an empty rule glob", (s) => ((s.security.rules.rules[0].objectGlob = ""), s), 'security.rules.rules[0].objectGlob: expected a glob of 1..128 characters, got ""'],
  ["a rule action glob too long", (s) => ((s.security.rules.rules[0].actions = `vol.*,${"x".repeat(200)}`), s), 'security.rules.rules[0].actions: expected comma-separated globs of 1..128 characters, got "vol.*,xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'],
  ["a chunk id past the pool", (s) => ((s.storage.volumes[volumeIndex(s, "data")].chunks[0][1] = 5_000_000), s), "storage.volumes[0].chunks[0][1]: expected a chunk id 1..1048576, got 5000000"],
  ["a chunk id not in the pool", (s) => ((s.storage.volumes[volumeIndex(s, "data")].chunks[0][1] = 500), s), "storage.volumes[0].chunks[0]: chunk 500 is not in the hdd pool"],
  ["a chunk index past the volume", (s) => ((s.storage.volumes[volumeIndex(s, "data")].chunks[0][0] = 100), s), "storage.volumes[0].chunks[0]: chunk index 100 is past the end (16 chunks)"],
  ["a volume size of 2^60", (s) => ((s.storage.volumes[volumeIndex(s, "data")].sizeBytes = 2 ** 60), s), "storage.volumes[0].sizeBytes: expected a size 1..17592186044416 bytes (VOLUME_SIZE_MAX), got 1152921504606847000"],
  ["a distributed volume size of 2^60", (s) => ((s.cluster.volumes[0].size = 2 ** 60), s), "cluster.volumes[0].size: expected a size 1..17592186044416 bytes (VOLUME_SIZE_MAX), got 1152921504606847000"],
  ["a negative uid", (s) => ((s.security.accounts.users[userIndex(s, "alice")].uid = -1), s), "security.accounts.users[1].uid: expected an id 0..65534 (UID_MAX), got -1"],
  ["capabilities past 32 bits", (s) => ((s.security.accounts.users[0].capabilities = [2 ** 33, 0]), s), "security.accounts.users[0].capabilities[0]: expected a 32-bit word, got 8589934592"],
  ["a umask past 0777", (s) => ((s.security.accounts.users[0].umask = 0o1000), s), "security.accounts.users[0].umask: expected a umask 0..0777, got 512"],
  ["a seed that is a string", (s) => ((s.seed = "x"), s), 'seed: expected a seed 0..4294967295, got "x"'],
  ["five rng words", (s) => ((s.rng = [...s.rng, 1]), s), "rng[4]: expected four 32-bit words, got 1"],
  ["three rng words", (s) => ((s.rng = s.rng.slice(0, 3)), s), "rng[3]: expected a 32-bit word, got nothing"],
  ["an unknown audit level", (s) => ((s.audit.entries[0].level = "loud"), s), 'audit.entries[0].level: expected an audit level: debug, info, warning, error, critical, got "loud"'],
  ["more users than the table holds", (s) => ((s.security.accounts.users = Array.from({ length: 65 }, (_, i) => ({ ...s.security.accounts.users[0], name: `u${i}`, uid: i }))), s), "security.accounts.users: expected a list of at most 64 (USER_COUNT_MAX), got a list of 65"],
  ["two users with one uid", (s) => ((s.security.accounts.users[userIndex(s, "alice")].uid = 0), s), "security.accounts.users[1].uid: uid 0 is used twice"],
  ["an audit hash that is not hex", (s) => ((s.audit.entries[3].hash = "zz"), s), 'audit.entries[3].hash: expected 64 hex digits, got "zz"'],
  ["cluster.shardPool a string", (s) => ((s.cluster.shardPool = "abc"), s), 'cluster.shardPool: expected a list, got "abc"'],
  ["cluster.replicas one too long", (s) => (s.cluster.replicas.push(-1), s), "cluster.replicas: expected a list of exactly 768 (SHARD_COUNT_MAX x 3 copies), got a list of 769"],
  ["cluster.health a number", (s) => ((s.cluster.health = 5), s), "cluster.health: expected an object, got 5"],
  ["a node capacity as text", (s) => ((s.cluster.nodes[0].capacity = "1G"), s), 'cluster.nodes[0].capacity: expected a capacity 1..70368744177664 bytes (NODE_CAPACITY_MAX), got "1G"'],
  ["token nonces an object", (s) => ((s.cluster.tokens.nonces = {}), s), "cluster.tokens.nonces: expected a list, got an object"],
  ["a replica state 9", (s) => ((s.cluster.replicaStates[0] = 9), s), "cluster.replicaStates[0]: expected a replica state 0..6 (Healthy, Syncing, Degraded, Failed, Recovering, Rebalancing, Archived), got 9"],
  ["a node in a pool that does not exist", (s) => ((s.cluster.nodes[0].pool = 5), s), "cluster.nodes[0].pool: no storage pool in slot 5"],
  ["a missing cluster", (s) => (delete s.cluster, s), "cluster: expected an object, got nothing"],
  ["a heartbeat time of 1e300", (s) => ((s.cluster.health.nodes.lastHeartbeatMs[0] = 1e300), s), "cluster.health.nodes.lastHeartbeatMs[0]: expected a time 0..3153600000000 ms (CLOCK_MS_MAX), got 1e+300"],
];

describe("a corrupt state.json", () => {
  beforeAll(() => {
    base = tempDir("kshell-corrupt-base-");
    const run = kshell(["--state", base], `${SETUP.join("\n")}\n`);
    expect([run.status, run.stderr]).toEqual([0, ""]);
  });

  it("the state built for the cases loads as it is", () => {
    const run = kshell(["--state", base], "status\n");
    expect([run.status, run.stderr]).toEqual([0, ""]);
  });

  it.concurrent.each(CASES)("is refused with one line and left untouched: %s", async (_what, edit, problem) => {
    const dir = tempDir("kshell-corrupt-");
    cpSync(base, dir, { recursive: true });
    const file = join(dir, "state.json");
    const edited = edit(JSON.parse(readFileSync(file, "utf8")) as Snapshot);
    writeFileSync(file, JSON.stringify(edited));
    const bytes = readFileSync(file);
    const run = await runAsync(["--state", dir], "user add mallory\nsave\n", 8_000);
    expect([run.status, run.stderr, run.stdout]).toEqual([2, `kshell: cannot use state ${file}: ${problem}\n`, ""]);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    expect(existsSync(join(dir, "lock"))).toBe(false);
  });

  it("a journal record at time 1e300 stops the start at once with one line, the files as they were and no lock", async () => {
    const dir = tempDir("kshell-corrupt-");
    cpSync(base, dir, { recursive: true });
    const journal = join(dir, "journal.jsonl");
    writeFileSync(journal, `${JSON.stringify({ seq: 1, t: 1e300, user: "root", line: "status", mac: "0".repeat(64) })}\n`);
    const before = [readFileSync(join(dir, "state.json")), readFileSync(journal)];
    const run = await runAsync(["--state", dir], "user add mallory\n", 8_000);
    expect([run.status, run.stderr]).toEqual([2, `kshell: cannot use state ${journal}: record 1: t: not a time from 0 to 3153600000000 ms\n`]);
    expect([readFileSync(join(dir, "state.json")).equals(before[0]!), readFileSync(journal).equals(before[1]!)]).toEqual([true, true]); // Buffer.equals: toEqual walks a 3 MB state.json byte by byte for half a minute
    expect(existsSync(join(dir, "lock"))).toBe(false);
  });
});
