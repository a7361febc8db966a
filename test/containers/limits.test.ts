// Workloads against their limits (issue 15, "## Workloads", ContainerResourceLimit): memory that
// leaks to the limit is OOMKilled at that moment with 137; CPU wanted above the limit is throttled
// as cgroup cpu.stat counts it; IO caps the write rate; the workload grammar and its errors.

import { describe, expect, it } from "vitest";
import { parseWorkload } from "../../modules/containers/index.js";
import { CONTAINER_BASE_MEMORY_BYTES, CONTAINER_CPU_PERIOD_MS, CONTAINER_HOST_MEMORY_BYTES, CONTAINER_START_MS } from "../../src/limits.js";
import { errorOf, MiB, reasons, rig } from "./helpers.js";

describe("memory", () => {
  it("OOM-kills a leaking workload the millisecond it reaches its limit: exit 137, reason OOMKilled", () => {
    const r = rig();
    r.run({ name: "leaky", command: "leak 8M/s", memoryBytes: 64 * MiB });
    const reachMs = Math.ceil(((64 * MiB - CONTAINER_BASE_MEMORY_BYTES) * 1000) / (8 * MiB)); // 7750 ms of running
    r.sleep(CONTAINER_START_MS + reachMs - 1);
    expect(r.manager.show("leaky").state).toBe("Running");
    expect(r.manager.stats("leaky")[0]!.memoryBytes).toBeLessThan(64 * MiB);
    r.sleep(1);
    expect(r.manager.show("leaky")).toMatchObject({ state: "Failed", exitCode: 137, reason: "OOMKilled", kubernetesState: "Terminated", kubernetesReason: "OOMKilled" });
    expect(r.manager.inspect("leaky")).toMatchObject({ State: { OOMKilled: true, ExitCode: 137 } });
    expect(reasons(r, "leaky")).toEqual(["Pulled", "Created", "Started", "OOMKilled"]);
    const entry = r.trail.find((e) => e.result === "OOMKilled")!;
    expect(entry).toMatchObject({ type: "container", level: "warning", action: "ctr.event", object: "ctr/leaky" });
  });

  it("grows memory at the leak rate and shows it against the limit as docker stats does", () => {
    const r = rig();
    r.run({ name: "leaky", command: "sleep 5; leak 1M/s", memoryBytes: 256 * MiB });
    r.sleep(CONTAINER_START_MS + 15_000);
    const stats = r.manager.stats("leaky")[0]!;
    expect(stats.memoryBytes).toBe(CONTAINER_BASE_MEMORY_BYTES + 10 * MiB); // leaking since 5 s in
    expect(stats.memoryLimitBytes).toBe(256 * MiB);
    expect(stats.memoryPercent).toBeCloseTo((12 / 256) * 100, 10);
  });

  it("kills a container without a limit when it reaches the host's memory", () => {
    const r = rig();
    r.run({ name: "leaky", command: "leak 1G/s" });
    r.sleep(CONTAINER_START_MS + 8_000);
    expect(r.manager.show("leaky")).toMatchObject({ state: "Failed", reason: "OOMKilled" });
    expect(r.manager.show("leaky").finishedMs).toBe(CONTAINER_START_MS + Math.ceil(((CONTAINER_HOST_MEMORY_BYTES - CONTAINER_BASE_MEMORY_BYTES) * 1000) / 1024 ** 3));
  });
});

describe("CPU", () => {
  it("throttles a workload that wants 1.5 cores under a 500m limit: every period throttled, 2/3 of the time", () => {
    const r = rig();
    r.run({ name: "hog", command: "cpu 1.5", cpuMillicores: 500 });
    r.sleep(CONTAINER_START_MS + 60_000);
    const s = r.manager.stats("hog")[0]!;
    expect(s.cpuPercent).toBe(50);
    expect(s.nrPeriods).toBe(60_000 / CONTAINER_CPU_PERIOD_MS);
    expect(s.nrThrottled / s.nrPeriods).toBe(1);
    expect(s.throttledMs / 60_000).toBeCloseTo(1 - 500 / 1500, 10);
    expect(s.cpuUsageMs).toBe(30_000); // half a core for a minute
  });

  it("does not throttle a workload under its limit", () => {
    const r = rig();
    r.run({ name: "light", command: "cpu 250m", cpuMillicores: 1000 });
    r.sleep(CONTAINER_START_MS + 10_000);
    const s = r.manager.stats("light")[0]!;
    expect([s.cpuPercent, s.nrPeriods, s.nrThrottled, s.throttledMs]).toEqual([25, 100, 0, 0]);
  });
});

describe("pids", () => {
  it("fails a workload that needs more processes than its pids limit as it starts, and runs it within the limit", () => {
    const r = rig();
    r.run({ name: "tight", command: "serve 80; cpu 3", pids: 3 }); // PID 1, a worker, two more threads: 4
    r.run({ name: "enough", command: "serve 80; cpu 3", pids: 4 });
    r.sleep(CONTAINER_START_MS);
    expect(r.manager.show("tight")).toMatchObject({ state: "Failed", exitCode: 1, reason: "Error" });
    expect(r.manager.logs("tight").at(-1)!.text).toBe("sh: can't fork: Resource temporarily unavailable (pids limit 3)");
    expect(r.manager.show("enough").state).toBe("Running");
    expect(r.manager.stats("enough")[0]!.pids).toBe(4);
  });
});

describe("IO and logs", () => {
  it("caps the write rate at the IO limit (BLOCK I/O)", () => {
    const r = rig();
    r.run({ name: "w", command: "write /data 4M/s", ioBytesPerSecond: MiB });
    r.run({ name: "free", command: "write /data 4M/s" });
    r.sleep(CONTAINER_START_MS + 10_000);
    expect(r.manager.stats("w")[0]!.blockWriteBytes).toBe(10 * MiB);
    expect(r.manager.stats("free")[0]!.blockWriteBytes).toBe(40 * MiB);
  });

  it("keeps the last lines in a fixed ring, with --tail and --since", () => {
    const r = rig();
    r.run({ name: "chatty", command: 'log "hello world" every 1s' });
    r.sleep(CONTAINER_START_MS + 3_600_000);
    const lines = r.manager.logs("chatty");
    expect(lines).toHaveLength(128); // CONTAINER_LOG_LINES_MAX
    expect(lines.at(-1)).toEqual({ timeMs: CONTAINER_START_MS + 3_600_000, text: "hello world" });
    expect(r.manager.logs("chatty", { tail: 2 }).map((l) => l.timeMs)).toEqual([CONTAINER_START_MS + 3_599_000, CONTAINER_START_MS + 3_600_000]);
    expect(r.manager.logs("chatty", { sinceMs: r.clock.now() - 4_500 })).toHaveLength(5);
  });
});

describe("workload grammar", () => {
  it("reads every clause and their combination", () => {
    const p = parseWorkload('sleep 5; serve 8080 && cpu 500m; leak 2M/s; log "up" every 2s; write /data 1M/s; hang after 1m; crash after 10m');
    expect(p).toMatchObject({ servePort: 8080, serveAtMs: 5000, cpuMillicores: 500, leakBytesPerSecond: 2 * MiB, logText: "up", logEveryMs: 2000, writeBytesPerSecond: MiB, hangAtMs: 65_000, endMs: 605_000, exitCode: 1, crashes: true });
    expect(parseWorkload("sleep 30")).toMatchObject({ endMs: 30_000, exitCode: 0 });
    expect(parseWorkload("sleep 2; exit 3; serve 80")).toMatchObject({ endMs: 2000, exitCode: 3, servePort: 0 });
    expect(parseWorkload("serve 80").endMs).toBe(-1);
  });

  it("refuses bad workloads with a line naming the clause", () => {
    expect(errorOf(() => parseWorkload("")).message).toBe("workload is empty");
    expect(errorOf(() => parseWorkload("exit 300")).message).toBe("bad exit code '300'");
    expect(errorOf(() => parseWorkload("serve 0")).message).toBe("bad port '0'");
    expect(errorOf(() => parseWorkload("leak 8M")).message).toBe("bad rate '8M'");
    expect(errorOf(() => parseWorkload("cpu lots")).message).toBe("bad CPU amount 'lots'");
    expect(errorOf(() => parseWorkload("crash 5s")).message).toBe("bad workload clause 'crash 5s'");
    expect(errorOf(() => parseWorkload("serve 80; serve 81")).message).toBe("workload has two 'serve' clauses");
    expect(errorOf(() => parseWorkload("sleep 1;".repeat(9))).message).toMatch(/9 clauses; the limit is 8/);
  });
});
