// Nodes and pods across a snapshot: every table saved and restored through the kernel's
// validation, the restored kernel going on as the one that never stopped (a lost pod's grace
// period, memory checks, the seeded ties), and a tampered part refused with its path.

import { describe, expect, it } from "vitest";
import { SUBSYSTEMS } from "../../../modules/subsystems.js";
import { Kernel } from "../../../src/kernel.js";
import { ROOT } from "../../../src/gate.js";
import { validateSnapshot } from "../../../src/persistence/validate-snapshot.js";
import { newKernel, TEST_KEY } from "../../helpers.js";
import { GiB, OWNER, pod } from "./helpers.js";

function orchestratorOf(kernel: Kernel) {
  return kernel.syscall(ROOT, { action: "pod.test", object: "pod", type: "container", mutates: true, access: "write" }, (k) => k.containers.orchestrator);
}

const sleep = (kernel: Kernel, ms: number) => kernel.advanceClockTo(kernel.view.nowMs + ms);

/** Three nodes, one failed with a pod lost on it, one cordoned, pods running, pending and evicted-to-pending. */
function clusterKernel(): Kernel {
  const kernel = newKernel(11);
  const o = orchestratorOf(kernel);
  o.addNode({ name: "w1", cpuMillicores: 4000, memoryBytes: 8 * GiB, labels: { zone: "a" } });
  o.addNode({ name: "w2", cpuMillicores: 4000, memoryBytes: 8 * GiB, labels: { zone: "b" }, storageClient: "sdc2" });
  o.apply(pod("web", { nodeSelector: { zone: "a" }, containers: [{ name: "app" }, { name: "side", command: 'log "x" every 1s' }] }), OWNER);
  o.apply(pod("api"), OWNER);
  o.apply(pod("huge", { containers: [{ memory: 64 * GiB }] }), OWNER);
  sleep(kernel, 5_000);
  o.failNode("w1");
  sleep(kernel, 100_000);
  o.addNode({ name: "w3", cpuMillicores: 2000, memoryBytes: 4 * GiB });
  o.cordon("w3");
  return kernel;
}

describe("nodes and pods across a snapshot", () => {
  it("restores every table and goes on exactly as the kernel that never stopped", () => {
    const kernel = clusterKernel();
    const snapshot = JSON.parse(JSON.stringify(kernel.toSnapshot()));
    expect(validateSnapshot(snapshot, SUBSYSTEMS)).toHaveProperty("snapshot");
    const restored = Kernel.fromSnapshot(snapshot, { sealKey: TEST_KEY, subsystems: SUBSYSTEMS });
    const [a, b] = [orchestratorOf(kernel), orchestratorOf(restored)];
    expect(b.pods()).toEqual(a.pods());
    expect(b.nodes()).toEqual(a.nodes());
    expect(b.pod("web").phase).toBe("Unknown");
    const rows = restored.view.status().filter((row) => row.subsystem === "pods" || row.subsystem === "nodes");
    expect(rows.map((row) => [row.subsystem, row.used, row.health, row.detail])).toEqual([
      ["pods", 3, "degraded", "1 running; 1 pending; 1 unknown"],
      ["nodes", 3, "degraded", "2 ready; 1 not ready; 1 cordoned"],
    ]);
    for (const k of [kernel, restored]) {
      const o = orchestratorOf(k);
      o.addNode({ name: "w4", cpuMillicores: 4000, memoryBytes: 8 * GiB, labels: { zone: "a" } });
      o.apply(pod("late"), OWNER);
      sleep(k, 300_000); // web's grace period ends: rescheduled to w4 (the only zone=a node Ready)
    }
    expect(b.pods()).toEqual(a.pods());
    expect(b.pod("web")).toMatchObject({ node: "w4", phase: "Running" });
    expect(b.pod("web").events).toEqual(a.pod("web").events);
    expect(JSON.stringify(restored.toSnapshot().containers)).toBe(JSON.stringify(kernel.toSnapshot().containers));
  });

  it("loads a state from before pods, and saves one without nodes or pods as before", () => {
    const kernel = newKernel(3);
    expect(kernel.view.status().map((row) => row.subsystem)).not.toContain("pods");
    const snapshot = JSON.parse(JSON.stringify(kernel.toSnapshot()));
    expect(snapshot.containers.orchestrator).toBeUndefined();
    const restored = Kernel.fromSnapshot(snapshot, { sealKey: TEST_KEY, subsystems: SUBSYSTEMS });
    expect(orchestratorOf(restored).pods()).toEqual([]);
  });

  it("refuses a tampered part with the path of what is wrong", () => {
    const snapshot = JSON.parse(JSON.stringify(clusterKernel().toSnapshot()));
    const tamper = (change: (s: any) => void) => {
      const copy = JSON.parse(JSON.stringify(snapshot));
      change(copy);
      return validateSnapshot(copy, SUBSYSTEMS);
    };
    expect(JSON.stringify(tamper((s) => (s.containers.orchestrator.pods[0].node = 9)))).toMatch(/containers\.orchestrator\.pods\[0\]/);
    expect(JSON.stringify(tamper((s) => (s.containers.orchestrator.pods[0].definition.containers = [])))).toMatch(/spec\.containers: Required value/);
    expect(JSON.stringify(tamper((s) => (s.containers.orchestrator.nodes[1].name = s.containers.orchestrator.nodes[0].name)))).toMatch(/used twice/);
  });

  it("restores a pod on a node that misses a container (saved when ctr rm could remove one) as Pending, then makes it whole", () => {
    const snapshot = JSON.parse(JSON.stringify(clusterKernel().toSnapshot()));
    snapshot.containers.containers = snapshot.containers.containers.filter((c: { name: string }) => c.name !== "api-c0");
    expect(validateSnapshot(snapshot, SUBSYSTEMS)).toHaveProperty("snapshot");
    const restored = Kernel.fromSnapshot(snapshot, { sealKey: TEST_KEY, subsystems: SUBSYSTEMS });
    const o = orchestratorOf(restored);
    expect(o.pod("api")).toMatchObject({ phase: "Pending", node: null });
    expect(o.pod("api").events.map((e) => e.message)).toContainEqual(expect.stringMatching(/not all there .*\(0 of 1\): scheduled again/));
    expect(o.pods().map((p) => p.name)).toEqual(["api", "huge", "web"]); // the listing works
    sleep(restored, 60_000);
    expect(o.pod("api")).toMatchObject({ node: "w2", phase: "Running" });
    expect(o.podOf("api-c0")).toBe("api");
  });
});
