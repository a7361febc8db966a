// Restart policies and the kubelet's back-off (issue 15, "## The runtime"): 10 s doubling to the
// 300 s cap, reset after 10 min of clean running, "back-off 40s restarting failed container", the
// RESTARTS count; no, on-failure[:N], always, unless-stopped.

import { describe, expect, it } from "vitest";
import { CONTAINER_BACKOFF_MS_MAX, CONTAINER_START_MS } from "../../src/limits.js";
import { rig, type Rig } from "./helpers.js";

/** The waits of the container's BackOff events, in seconds. */
function backOffs(r: Rig, name: string): number[] {
  return r.manager.events(name).filter((e) => e.reason === "BackOff").map((e) => {
    const match = /^back-off ((\d+)m)?((\d+)s)? restarting failed container/.exec(e.message)!;
    return Number(match[2] ?? 0) * 60 + Number(match[4] ?? 0);
  });
}

describe("back-off", () => {
  it("doubles from 10 s to the 300 s cap, as CrashLoopBackOff, counting restarts", () => {
    const r = rig();
    r.run({ name: "crashy", command: "crash after 1s", restart: "always" });
    r.sleep(CONTAINER_START_MS + 1000);
    expect(r.manager.show("crashy")).toMatchObject({ state: "Restarting", backOffMs: 10_000, kubernetesState: "Waiting", kubernetesReason: "CrashLoopBackOff", status: "Restarting (1) Less than a second ago" });
    expect(r.manager.events("crashy").at(-1)!.message).toBe("back-off 10s restarting failed container crashy");
    r.sleep(10_000 - 1);
    expect(r.manager.show("crashy")).toMatchObject({ state: "Restarting", restarts: 0 });
    r.sleep(1);
    expect(r.manager.show("crashy")).toMatchObject({ state: "Starting", restarts: 1 });
    r.sleep(30 * 60_000);
    expect(backOffs(r, "crashy").slice(0, 8)).toEqual([10, 20, 40, 80, 160, 300, 300, 300]);
    expect(r.manager.show("crashy").backOffMs).toBe(CONTAINER_BACKOFF_MS_MAX);
    expect(r.manager.logs("crashy").at(-1)!.text).toBe("panic: simulated crash (crash after)");
    expect(r.manager.show("crashy").restarts).toBe(backOffs(r, "crashy").length - (r.manager.show("crashy").state === "Restarting" ? 1 : 0));
  });

  it("starts again from 10 s after a run of 10 minutes, and not after one a moment shorter", () => {
    const r = rig();
    r.run({ name: "long", command: "crash after 10m", restart: "always" });
    r.run({ name: "short", command: "crash after 599s", restart: "always" });
    r.sleep(45 * 60_000);
    expect(backOffs(r, "long").slice(0, 3)).toEqual([10, 10, 10]);
    expect(backOffs(r, "short").slice(0, 3)).toEqual([10, 20, 40]);
  });
});

describe("restart policies", () => {
  it("no: a failed container stays Failed", () => {
    const r = rig();
    r.run({ name: "c", command: "exit 3" });
    r.sleep(60_000);
    expect(r.manager.show("c")).toMatchObject({ state: "Failed", exitCode: 3, reason: "Error", restarts: 0, status: "Exited (3) 59 seconds ago" });
  });

  it("on-failure:N restarts a failing container N times, and never one that exits 0", () => {
    const r = rig();
    r.run({ name: "fails", command: "exit 3", restart: "on-failure:2" });
    r.run({ name: "succeeds", command: "sleep 1; exit 0", restart: "on-failure" });
    r.sleep(10 * 60_000);
    expect(r.manager.show("fails")).toMatchObject({ state: "Failed", restarts: 2, restartPolicy: "on-failure:2" });
    expect(r.manager.show("succeeds")).toMatchObject({ state: "Terminated", exitCode: 0, reason: "Completed", restarts: 0, kubernetesReason: "Completed" });
  });

  it("on-failure without a count keeps restarting", () => {
    const r = rig();
    r.run({ name: "c", command: "exit 1", restart: "on-failure" });
    r.sleep(10 * 60_000);
    expect(r.manager.show("c").restarts).toBeGreaterThan(4);
  });

  it("always and unless-stopped restart even a clean exit, until a person stops them", () => {
    const r = rig();
    r.run({ name: "a", command: "sleep 1", restart: "always" });
    r.run({ name: "u", command: "sleep 1", restart: "unless-stopped" });
    r.sleep(60_000);
    expect(r.manager.show("a").restarts).toBe(2); // ends at 1.1 s, 10 s wait; ends at 12.2 s, 20 s; ends at 33.3 s, 40 s
    expect(r.manager.show("u").restarts).toBe(2);
    r.manager.stop("u", 0);
    r.sleep(60 * 60_000);
    expect(r.manager.show("u")).toMatchObject({ state: "Stopped", restarts: 2 });
    expect(r.manager.show("a").restarts).toBeGreaterThan(2);
  });
});
