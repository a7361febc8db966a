// The cluster's job history (job-history.ts) and alert history (views.ts alertHistory): fixed
// capacity, the newest kept, the kinds named by their causes, saved and restored.

import fc from "fast-check";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { DistributedStorageManager, type SavedCluster } from "../../modules/cluster/index.js";
import { JOB_KINDS, JobHistory, JOBS_SCHEMA } from "../../modules/cluster/job-history.js";
import { ClusterView } from "../../modules/cluster/views.js";
import { Clock } from "../../src/clock.js";
import { ALERT_HISTORY_MAX, ALERT_MAX, JOB_HISTORY_MAX, REBUILD_BANDWIDTH, REBUILD_TICK_MS } from "../../src/limits.js";
import { Rng } from "../../src/rng.js";
import { TEST_KEY } from "../helpers.js";

const MiB = 1024 ** 2;

describe("JobHistory", () => {
  it("names a job by its strongest cause: rebuild over drain over rebalance; end() forgets it", () => {
    const jobs = new JobHistory();
    expect(jobs.running()).toBeUndefined();
    jobs.note("rebalance");
    jobs.note("rebuild");
    jobs.note("drain");
    expect(jobs.running()).toBe("rebuild");
    jobs.end();
    expect(jobs.running()).toBeUndefined();
    jobs.note("drain");
    jobs.finish(1000, 3000, 4 * MiB);
    expect(jobs.list()).toEqual([{ kind: "drain", startedMs: 1000, finishedMs: 3000, bytes: 4 * MiB }]);
    expect(jobs.running()).toBeUndefined(); // the next change starts a new job
  });

  it("keeps the newest JOB_HISTORY_MAX: the (JOB_HISTORY_MAX+1)-th finished job pushes out the oldest", () => {
    const jobs = new JobHistory();
    for (let n = 1; n <= JOB_HISTORY_MAX + 1; n++) {
      jobs.note(n % 2 === 0 ? "rebalance" : "rebuild");
      jobs.finish(n * 1000, n * 1000 + 500, n * MiB);
    }
    const list = jobs.list();
    expect(list).toHaveLength(JOB_HISTORY_MAX);
    expect(list[0]).toEqual({ kind: "rebuild", startedMs: (JOB_HISTORY_MAX + 1) * 1000, finishedMs: (JOB_HISTORY_MAX + 1) * 1000 + 500, bytes: (JOB_HISTORY_MAX + 1) * MiB }); // newest first
    expect(list.at(-1)!.bytes).toBe(2 * MiB); // the first is gone
  });

  it("saves what its schema accepts and a restore reproduces, the job under way included; refuses a bad kind", () => {
    const jobs = new JobHistory();
    for (let n = 1; n <= JOB_HISTORY_MAX + 3; n++) {
      jobs.note("rebalance");
      jobs.finish(n, n + 1, n);
    }
    jobs.note("drain");
    const saved = JSON.parse(JSON.stringify(jobs.toJSON()));
    expect(v.safeParse(JOBS_SCHEMA, saved).success).toBe(true);
    const copy = new JobHistory();
    copy.restore(saved);
    expect(copy.toJSON()).toEqual(jobs.toJSON());
    expect(copy.running()).toBe("drain");
    const bad = v.safeParse(JOBS_SCHEMA, { ...saved, finished: [{ ...saved.finished[0], kind: "defrag" }] }, { abortEarly: true });
    expect(bad.issues?.[0].message).toBe("a job kind: rebalance, drain, rebuild");
    expect(v.safeParse(JOBS_SCHEMA, { ...saved, finished: [...saved.finished, saved.finished[0]] }).success).toBe(false); // over JOB_HISTORY_MAX
  });

  it("agrees with a plain list on random notes, copies, ends and finishes: the strongest kind copied (else cause noted) since the last end or finish, the newest JOB_HISTORY_MAX kept", () => {
    const step = fc.oneof(fc.record({ op: fc.constantFrom("note" as const, "copied" as const), kind: fc.constantFrom(...JOB_KINDS) }), fc.constant({ op: "end" as const }), fc.record({ op: fc.constant("finish" as const), bytes: fc.integer({ min: 1, max: 1e9 }) }));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 3 * JOB_HISTORY_MAX }), (steps) => {
        const jobs = new JobHistory();
        const model: { kind: string; startedMs: number; finishedMs: number; bytes: number }[] = [];
        let noted = -1; // the strongest cause noted
        let copied = -1; // the strongest kind copied: it names the job once there is one
        steps.forEach((s, at) => {
          if (s.op === "note") noted = Math.max(noted, JOB_KINDS.indexOf(s.kind));
          if (s.op === "copied") copied = Math.max(copied, JOB_KINDS.indexOf(s.kind));
          const running = copied >= 0 ? copied : noted;
          if (s.op === "finish") model.unshift({ kind: JOB_KINDS[running] ?? "rebuild", startedMs: at, finishedMs: at + 1, bytes: s.bytes });
          if (s.op === "end" || s.op === "finish") noted = copied = -1;
          if (s.op === "note") jobs.note(s.kind);
          else if (s.op === "copied") jobs.copied(s.kind);
          else if (s.op === "end") jobs.end();
          else if (s.op === "finish") jobs.finish(at, at + 1, s.bytes);
          const now = copied >= 0 ? copied : noted;
          expect(jobs.running()).toBe(now < 0 ? undefined : JOB_KINDS[now]);
        });
        expect(jobs.list()).toEqual(model.slice(0, JOB_HISTORY_MAX));
      }),
    );
  });

  it("refuses to record a job that copied nothing or ends before it starts (an invariant, not input)", () => {
    expect(() => new JobHistory().finish(10, 5, MiB)).toThrow(/starts before it ends/);
    expect(() => new JobHistory().finish(0, 5, 0)).toThrow(/copied bytes/);
  });
});

/** Three 1G nodes in pd1/sp1 (2 copies), client c1, and a volume of `written` MiB written through it. */
function cluster(written: number) {
  const clock = new Clock();
  const mdm = new DistributedStorageManager(clock, new Rng(11), TEST_KEY);
  mdm.topology.addDomain("pd1");
  mdm.addPool("pd1/sp1", { copies: 2, minCopies: 1, consistency: "strong", shards: 16 });
  for (const name of ["sds1", "sds2", "sds3"]) mdm.addNode(name, "pd1/sp1", 1024 ** 3, "ssd", "");
  mdm.addClient("c1");
  mdm.createVolume("dv", "pd1/sp1", 256 * MiB);
  mdm.map("dv", "c1", false, false);
  for (let at = 0; at < written; at += 32) mdm.write("dv", at * MiB, new Uint8Array(Math.min(32, written - at) * MiB).fill(7), {}); // IO_LENGTH_MAX a write
  return { clock, mdm, view: new ClusterView(mdm) };
}

describe("jobs as the cluster runs them", () => {
  it("a forward rebuild after a node stays DOWN: progress while it runs, then a finished rebuild with its bytes and times", () => {
    const { clock, mdm, view } = cluster(160);
    expect(view.jobs()).toEqual({ running: null, waiting: [], finished: [] });
    mdm.failNode("sds2", "crash");
    clock.advance(3 * 60_000 + 1000); // DOWN at 1m, replaced at 3m: the first step at 3m01s
    const running = view.job()!;
    expect(running).toMatchObject({ kind: "rebuild", percent: expect.any(Number), startedMs: 180_000 }); // the first step, at 3m01s, copied the second before it
    expect(running.doneBytes).toBeGreaterThan(0);
    expect(running.doneBytes).toBeLessThan(running.totalBytes);
    expect(running.percent).toBe(Math.floor((100 * running.doneBytes) / running.totalBytes));
    expect(running.rateBytesPerSecond).toBe(REBUILD_BANDWIDTH); // a full step copied, counted to the step: the throttle's rate, not an average over part of a second
    clock.advance(REBUILD_TICK_MS / 2);
    expect(view.job()!.rateBytesPerSecond).toBe(REBUILD_BANDWIDTH); // between steps it holds
    expect(running.etaMs).toBeGreaterThan(0);
    clock.advance(10_000);
    expect(view.job()).toBeNull();
    const [finished] = view.jobs().finished;
    expect(finished).toMatchObject({ kind: "rebuild", startedMs: 180_000 });
    expect(finished!.bytes).toBe(running.totalBytes);
    expect(finished!.finishedMs).toBeGreaterThan(181_000);
  });

  it("a node joining makes a rebalance job; a graceful removal a drain", () => {
    const { clock, mdm, view } = cluster(32);
    mdm.addNode("sds4", "pd1/sp1", 1024 ** 3, "ssd", "");
    clock.advance(10_000);
    expect(view.jobs().finished.map((j) => j.kind)).toEqual(["rebalance"]);
    mdm.removeNode("sds4");
    clock.advance(10_000);
    expect(view.jobs().finished.map((j) => j.kind)).toEqual(["drain", "rebalance"]);
  });

  it("a failure that copies nothing leaves no job behind, and the next change is named for itself", () => {
    const { clock, mdm, view } = cluster(8);
    mdm.failNode("sds3", "partition");
    clock.advance(20_000);
    mdm.recoverNode("sds3"); // back before its rebuild: nothing was written meanwhile
    clock.advance(20_000);
    expect(view.jobs()).toEqual({ running: null, waiting: [], finished: [] });
    mdm.addNode("sds4", "pd1/sp1", 1024 ** 3, "ssd", "");
    clock.advance(10_000);
    expect(view.jobs().finished.map((j) => j.kind)).toEqual(["rebalance"]);
  });

  it("is saved with the cluster and restored", () => {
    const { clock, mdm } = cluster(32);
    mdm.addNode("sds4", "pd1/sp1", 1024 ** 3, "ssd", "");
    clock.advance(10_000);
    const saved = JSON.parse(JSON.stringify(mdm.toJSON())) as SavedCluster;
    const again = new Clock();
    again.advanceTo(clock.now());
    const second = new DistributedStorageManager(again, new Rng(11), TEST_KEY);
    second.restore(saved);
    expect(second.jobs()).toEqual(mdm.jobs());
    const { jobs: _, ...older } = saved; // a snapshot from before the job history
    const third = new DistributedStorageManager(again, new Rng(11), TEST_KEY);
    third.restore(older as SavedCluster);
    expect(third.jobs()).toEqual({ running: undefined, finished: [] });
  });
});

describe("alert history", () => {
  it("lists raisings and clearings with their times, newest first, at most ALERT_HISTORY_MAX", () => {
    const { clock, mdm, view } = cluster(0);
    mdm.failNode("sds2", "crash");
    clock.advance(70_000); // STALE at 30 s, then DOWN (the WARNING cleared) at 60 s
    const history = view.alertHistory();
    expect(history.length).toBeLessThanOrEqual(ALERT_HISTORY_MAX);
    expect(history.slice(0, 3).map((e) => `${e.atMs} ${e.event} ${e.severity} ${e.source}`)).toEqual(["60000 raised ERROR sds2", "60000 cleared WARNING sds2", "30000 raised WARNING sds2"]);
    expect(history[1]!.by).toBe("auto");
    for (let n = 1; n < history.length; n++) expect(history[n - 1]!.atMs).toBeGreaterThanOrEqual(history[n]!.atMs);
    expect(view.alerts().some((a) => a.severity === "WARNING" && a.source === "sds2")).toBe(false); // no longer active, still in the history
  });

  it("wraps with the alert table: after ALERT_MAX+1 resolved alerts the oldest is gone and the newest lead", () => {
    const { clock, mdm, view } = cluster(0);
    const base = clock.now();
    for (let n = 1; n <= ALERT_MAX + 1; n++) {
      mdm.health.raise("WARNING", "test", `src${n}`, `alert ${n}`, base + n);
      mdm.health.resolveWhere((a) => a.source === `src${n}`, "auto", base + n);
    }
    expect(mdm.health.alerts).toHaveLength(ALERT_MAX);
    expect(mdm.health.alerts.some((a) => a.source === "src1")).toBe(false);
    const history = view.alertHistory();
    expect(history).toHaveLength(ALERT_HISTORY_MAX);
    expect(history.slice(0, 2).map((e) => `${e.event} ${e.message}`)).toEqual([`cleared alert ${ALERT_MAX + 1}`, `raised alert ${ALERT_MAX + 1}`]);
  });
});
