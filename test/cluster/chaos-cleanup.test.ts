// `cluster chaos` puts the cluster back on every path out (issue 10): after the end, a stop, a
// refusal, or an error in setting up, in a step or in the final check, no chaos-* volume, client or
// mapping remains and every node it took down is running again; --max-failures is honoured with
// and without --unsafe, and 0 crashes nothing.

import { describe, expect, it, vi } from "vitest";
import { ChaosRun, DistributedStorageManager, runChaos } from "../../modules/cluster/index.js";
import { Clock } from "../../src/clock.js";
import { Rng } from "../../src/rng.js";
import { newSession, ok, TEST_KEY } from "../helpers.js";

const GiB = 1024 ** 3;

/** A pool of `copies` copies on `nodes` nodes, with the user's own client and a written volume. */
function cluster(copies = 2, nodes = 4) {
  const clock = new Clock();
  const mdm = new DistributedStorageManager(clock, new Rng(5), TEST_KEY);
  mdm.topology.addDomain("pd1");
  mdm.addPool("pd1/sp1", { copies, minCopies: 1, consistency: "strong", shards: 16 });
  for (let i = 1; i <= nodes; i++) mdm.addNode(`sds${i}`, "pd1/sp1", GiB, "ssd", "");
  mdm.addClient("mine");
  mdm.createVolume("dv", "pd1/sp1", 64 * 1024 ** 2);
  mdm.map("dv", "mine", false, false);
  for (let i = 0; i < 8; i++) mdm.write("dv", i * 8 * 1024 ** 2, new Uint8Array([i + 1]), {});
  return { clock, mdm };
}

/** What a run may leave behind, which must be nothing: chaos volumes, clients, mappings, nodes not running. */
function leftovers(mdm: DistributedStorageManager) {
  const t = mdm.topology;
  return {
    volumes: mdm.volumeNames().filter((name) => name.startsWith("chaos-")),
    clients: t.clients.slots().map((c) => t.clients.nameOf(c)).filter((name) => name.startsWith("chaos-")),
    mappings: mdm.mappings().filter((m) => m.volume.startsWith("chaos-") || m.client.startsWith("chaos-")),
    away: t.nodes.slots().filter((n) => !mdm.health.reachable(n)).map((n) => t.nodes.nameOf(n)),
  };
}
const NOTHING = { volumes: [], clients: [], mappings: [], away: [] };

/** Counts nodes down at once while a run goes, through the MDM's own fail and recover. */
function watchFailures(mdm: DistributedStorageManager) {
  const down = new Set<string>();
  const seen = { most: 0, failures: 0 };
  const fail = mdm.failNode.bind(mdm);
  const recover = mdm.recoverNode.bind(mdm);
  vi.spyOn(mdm, "failNode").mockImplementation((name, how) => {
    fail(name, how);
    down.add(name);
    seen.failures++;
    seen.most = Math.max(seen.most, down.size);
  });
  vi.spyOn(mdm, "recoverNode").mockImplementation((name) => {
    recover(name);
    down.delete(name);
  });
  return seen;
}

describe("chaos cleans up on every path", () => {
  it("after a run to the end and after a stop", () => {
    const { clock, mdm } = cluster();
    runChaos(mdm, clock, { durationMs: 3 * 60_000, seed: 4, unsafe: false });
    expect(leftovers(mdm)).toEqual(NOTHING);
    const stopped = new ChaosRun(mdm, clock, { durationMs: 30 * 60_000, seed: 4, unsafe: false });
    stopped.step();
    stopped.finish();
    expect(leftovers(mdm)).toEqual(NOTHING);
    expect(mdm.mappings()).toEqual([{ volume: "dv", client: "mine", access: "rw" }]);
  });

  it("when setting up fails half-way (a client of its name exists): the volume it made goes, the user's client stays", () => {
    const { clock, mdm } = cluster();
    mdm.addClient("chaos-1-c2");
    expect(() => runChaos(mdm, clock, { durationMs: 60_000, seed: 1, unsafe: false })).toThrow("client 'chaos-1-c2' already exists");
    expect(mdm.volumeNames()).toEqual(["dv"]);
    expect(mdm.mappings()).toEqual([{ volume: "dv", client: "mine", access: "rw" }]);
    expect(mdm.topology.clients.slots().map((c) => mdm.topology.clients.nameOf(c))).toEqual(["mine", "chaos-1-c2"]);
  });

  it("when a step throws mid-run with nodes down: they are recovered and the scratch volume, mappings and clients removed", () => {
    const { clock, mdm } = cluster(3, 5);
    const write = mdm.write.bind(mdm);
    let downWhenThrown: string[] = [];
    vi.spyOn(mdm, "write").mockImplementation((...args) => {
      downWhenThrown = leftovers(mdm).away;
      if (downWhenThrown.length > 0) throw new Error("a bug in the data path"); // not a KernelError: the run stops
      write(...args);
    });
    const run = new ChaosRun(mdm, clock, { durationMs: 10 * 60_000, seed: 2, unsafe: false });
    expect(() => {
      while (run.step());
    }).toThrow("a bug in the data path");
    expect(downWhenThrown).not.toEqual([]);
    expect(leftovers(mdm)).toEqual(NOTHING);
  });

  it("when the final check throws", () => {
    const { clock, mdm } = cluster();
    const run = new ChaosRun(mdm, clock, { durationMs: 60_000, seed: 3, unsafe: false });
    while (run.step());
    vi.spyOn(mdm, "read").mockImplementation(() => {
      throw new Error("a bug in the read path");
    });
    expect(() => run.finish()).toThrow("a bug in the read path");
    expect(leftovers(mdm)).toEqual(NOTHING);
  });

  it("refuses a pool with a draining node and leaves nothing behind; the shell shows the error, not an assertion", () => {
    const session = newSession();
    ok(session, "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2");
    for (const name of ["a", "b", "c", "d"]) ok(session, `cluster sds add ${name} --pool pd1/sp1 --capacity 1G`);
    ok(session, "cluster sdc add h; vol create dv --type distributed --pool pd1/sp1 --size 64M; cluster map dv h");
    for (let i = 0; i < 8; i++) ok(session, `vol write dv ${i * 8}M --data x${i}`);
    const draining = ["a", "b", "c", "d"].find((name) => ok(session, `cluster sds remove ${name}`)[0]!.startsWith("draining"))!;
    const outcome = session.execute("cluster chaos --duration 2m");
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? "" : outcome.error).toContain(`chaos starts from a healthy pool: ${draining} in pd1/sp1 is draining [EBUSY]`);
    expect(session.execute("cluster locate chaos-1")).toMatchObject({ ok: false, error: expect.stringContaining("no distributed volume named 'chaos-1'") });
    expect(ok(session, "cluster sdc list").join("\n")).not.toContain("chaos-");
  });
});

describe("chaos and a draining node", () => {
  it("runs on another pool while one drains, and the drain still completes", () => {
    const { clock, mdm } = cluster();
    mdm.addPool("pd1/sp2", { copies: 2, minCopies: 1, consistency: "strong", shards: 8 });
    for (const name of ["x1", "x2", "x3"]) mdm.addNode(name, "pd1/sp2", GiB, "ssd", "");
    const holder = mdm.chunkLocations("dv")[0]!.nodes[0]!;
    expect(mdm.removeNode(holder)).toBeGreaterThan(0); // draining: its copies move off in the background
    const report = runChaos(mdm, clock, { durationMs: 3 * 60_000, seed: 2, unsafe: false });
    expect(report.pool).toBe("pd1/sp2");
    expect(report.lost).toBe(0);
    expect(mdm.topology.nodes.has(holder)).toBe(false);
    expect(leftovers(mdm)).toEqual(NOTHING);
  });
});

describe("chaos --max-failures", () => {
  it("0 crashes and partitions nothing", () => {
    const { clock, mdm } = cluster();
    const seen = watchFailures(mdm);
    const report = runChaos(mdm, clock, { durationMs: 5 * 60_000, seed: 7, maxFailures: 0, unsafe: false });
    expect(seen.failures).toBe(0);
    expect(report.events).toEqual([]);
    expect(report.indeterminate).toBe(0);
    expect(report.acknowledged).toBe(report.writes);
    const unsafe = runChaos(mdm, clock, { durationMs: 5 * 60_000, seed: 7, maxFailures: 0, unsafe: true });
    expect(seen.failures).toBe(0);
    expect(unsafe.events).toEqual([]);
    expect(leftovers(mdm)).toEqual(NOTHING);
  });

  it("is honoured with --unsafe: never more nodes down at once than asked", () => {
    const { clock, mdm } = cluster(3, 5);
    const seen = watchFailures(mdm);
    runChaos(mdm, clock, { durationMs: 10 * 60_000, seed: 1, maxFailures: 1, unsafe: true });
    expect(seen.failures).toBeGreaterThan(2);
    expect(seen.most).toBe(1);
    expect(leftovers(mdm)).toEqual(NOTHING);
  });

  it("without --unsafe is capped at copies - 1, and --unsafe without it may take more down", () => {
    const { clock, mdm } = cluster(2, 5);
    const seen = watchFailures(mdm);
    runChaos(mdm, clock, { durationMs: 10 * 60_000, seed: 1, maxFailures: 4, unsafe: false });
    expect(seen.most).toBe(1);
    runChaos(mdm, clock, { durationMs: 20 * 60_000, seed: 1, unsafe: true });
    expect(seen.most).toBeGreaterThan(1);
    expect(leftovers(mdm)).toEqual(NOTHING);
  });
});
