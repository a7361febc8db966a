// Containers across a snapshot (issue 15, persistence and determinism): every table saved and
// restored, the restored kernel going on exactly as the one that never stopped (the same events,
// logs, restarts and figures), older states without containers loading empty, and a tampered
// part refused with the path of what is wrong.

import { describe, expect, it } from "vitest";
import { SUBSYSTEMS } from "../../modules/subsystems.js";
import { Kernel } from "../../src/kernel.js";
import { ROOT } from "../../src/gate.js";
import { validateSnapshot } from "../../src/persistence/validate-snapshot.js";
import { newKernel, TEST_KEY } from "../helpers.js";

const MiB = 1024 ** 2;

function containersOf(kernel: Kernel) {
  return kernel.syscall(ROOT, { action: "ctr.test", object: "ctr", type: "container", mutates: true, access: "write" }, (k) => k.containers);
}

function sleep(kernel: Kernel, ms: number): void {
  kernel.advanceClockTo(kernel.view.nowMs + ms);
}

/** A kernel with a busy mix: OOM loops, probes, logs, CPU throttling, a paused and a stopped container. */
function busyKernel(): Kernel {
  const kernel = newKernel(7);
  const c = containersOf(kernel);
  c.images.pull("nginx");
  c.images.pull("busybox");
  c.run({ name: "web", image: "nginx", memoryBytes: 64 * MiB, liveness: "http:80", readiness: "tcp:80,period=5s" });
  c.run({ name: "leaky", image: "busybox", command: 'leak 8M/s; log "allocating" every 1s', memoryBytes: 32 * MiB, restart: "always" });
  c.run({ name: "hog", image: "busybox", command: "cpu 2; write /data 1M/s", cpuMillicores: 500, ioBytesPerSecond: 512 * 1024 });
  c.run({ name: "flaky", image: "nginx", command: "serve 80; hang after 25s", liveness: "http:80,period=5s", restart: "on-failure:5" });
  c.run({ name: "frozen", image: "busybox", command: 'log "t" every 2s' });
  sleep(kernel, 10_050);
  c.pause("frozen");
  c.run({ name: "stopping", image: "busybox", command: "sleep 1h" });
  sleep(kernel, 200);
  c.stop("stopping"); // mid-grace at the snapshot
  sleep(kernel, 24_750);
  return kernel;
}

describe("containers across a snapshot", () => {
  it("loads probes with the longest delay, period and timeout a probe's text takes", () => {
    const kernel = newKernel(7);
    const c = containersOf(kernel);
    c.images.pull("nginx");
    c.run({ name: "slow", image: "nginx", liveness: "http:80,delay=365d,period=365d,timeout=365d" });
    const snapshot = JSON.parse(JSON.stringify(kernel.toSnapshot()));
    expect(validateSnapshot(snapshot, SUBSYSTEMS)).toHaveProperty("snapshot");
    const restored = Kernel.fromSnapshot(snapshot, { sealKey: TEST_KEY, subsystems: SUBSYSTEMS });
    expect(containersOf(restored).show("slow").probes[0]).toMatchObject({ initialDelaySeconds: 365 * 86_400, periodSeconds: 365 * 86_400, timeoutSeconds: 365 * 86_400 });
  });

  it("restores every table and goes on exactly as the kernel that never stopped", () => {
    const kernel = busyKernel();
    const snapshot = JSON.parse(JSON.stringify(kernel.toSnapshot()));
    expect(validateSnapshot(snapshot, SUBSYSTEMS)).toHaveProperty("snapshot");
    const restored = Kernel.fromSnapshot(snapshot, { sealKey: TEST_KEY, subsystems: SUBSYSTEMS });
    expect(JSON.stringify(restored.toSnapshot().containers)).toBe(JSON.stringify(snapshot.containers));
    for (const k of [kernel, restored]) {
      containersOf(k).resume("frozen");
      sleep(k, 20 * 60_000);
    }
    const [a, b] = [containersOf(kernel), containersOf(restored)];
    expect(b.list()).toEqual(a.list());
    expect(b.events()).toEqual(a.events());
    expect(b.stats()).toEqual(a.stats());
    for (const name of a.names()) expect(b.logs(name)).toEqual(a.logs(name));
    expect(JSON.stringify(restored.toSnapshot().containers)).toBe(JSON.stringify(kernel.toSnapshot().containers));
    expect(a.show("leaky").restarts).toBeGreaterThan(5);
    expect(a.show("stopping")).toMatchObject({ state: "Stopped", exitCode: 137 });
    expect(a.show("flaky").restarts).toBe(5);
  });

  it("loads a state saved before containers existed, empty", () => {
    const snapshot = JSON.parse(JSON.stringify(newKernel().toSnapshot()));
    delete snapshot.containers;
    const checked = validateSnapshot(snapshot, SUBSYSTEMS);
    expect(checked).toHaveProperty("snapshot");
    const kernel = Kernel.fromSnapshot(snapshot, { sealKey: TEST_KEY, subsystems: SUBSYSTEMS });
    expect(containersOf(kernel).names()).toEqual([]);
  });

  it("refuses a tampered part, naming the field", () => {
    const snapshot = JSON.parse(JSON.stringify(busyKernel().toSnapshot()));
    const problem = (edit: (s: typeof snapshot) => void) => {
      const copy = structuredClone(snapshot);
      edit(copy);
      const checked = validateSnapshot(copy, SUBSYSTEMS);
      return "problem" in checked ? checked.problem : "";
    };
    expect(problem((s) => (s.containers.containers[0].command = "fly 3"))).toBe("containers.containers[0].command: unknown workload clause 'fly 3'");
    expect(problem((s) => (s.containers.containers[1].state = 12))).toMatch(/^containers\.containers\[1\]\.state: expected a container state 0\.\.8/);
    expect(problem((s) => (s.containers.containers[1].name = s.containers.containers[0].name))).toMatch(/is used twice/);
    expect(problem((s) => (s.containers.containers[0].imageId = `sha256:${"0".repeat(64)}`))).toMatch(/imageId: no image sha256:0+ is held/);
    expect(problem((s) => s.containers.containers[0].probes.pop())).toMatch(/probes: expected 3 probe rows/);
    expect(problem((s) => (s.containers.containers[0].probes[1].periodMs = 0))).toBe("containers.containers[0].probes[1]: a probe runs at least every 1000 ms with thresholds of 1 or more");
  });
});
