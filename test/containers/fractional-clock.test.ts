// The interactive shell's clock follows the wall, so its times carry fractions of a millisecond:
// every time and duration the containers part saves (a stopped container's run time, probes,
// pods and nodes, events) must load back as it was saved, or the next start refuses the state.

import { describe, expect, it } from "vitest";
import { SUBSYSTEMS } from "../../modules/subsystems.js";
import { Kernel } from "../../src/kernel.js";
import { ROOT } from "../../src/gate.js";
import { validateSnapshot } from "../../src/persistence/validate-snapshot.js";
import { newKernel, TEST_KEY } from "../helpers.js";
import { GiB, OWNER, pod } from "./orchestrator/helpers.js";

function containersOf(kernel: Kernel) {
  return kernel.syscall(ROOT, { action: "ctr.test", object: "ctr", type: "container", mutates: true, access: "write" }, (k) => k.containers);
}

/** Moves the clock as the interactive shell does: by wall-clock steps with fractions of a ms. */
const wallStep = (kernel: Kernel, ms: number) => kernel.followClockTo(kernel.view.nowMs + ms + 0.736705);

describe("a state saved by a clock with fractional milliseconds", () => {
  it("loads back and goes on as the kernel that never stopped", () => {
    const kernel = newKernel(3);
    const c = containersOf(kernel);
    c.images.pull("busybox");
    c.images.pull("nginx");
    wallStep(kernel, 1_200);
    c.run({ name: "web", image: "nginx", liveness: "http:80,period=5s", readiness: "tcp:80" });
    c.run({ name: "once", image: "busybox", command: 'log "x" every 1s', restart: "always" });
    wallStep(kernel, 11_497);
    c.stop("once");
    wallStep(kernel, 15_003);
    const o = c.orchestrator;
    o.addNode({ name: "w1", cpuMillicores: 4000, memoryBytes: 8 * GiB });
    wallStep(kernel, 333);
    o.addNode({ name: "w2", cpuMillicores: 4000, memoryBytes: 8 * GiB });
    o.apply(pod("api", { containers: [{ name: "app", liveness: "http:80,period=2s" }] }), OWNER);
    wallStep(kernel, 4_321);
    o.failNode(o.pod("api").node!);
    wallStep(kernel, 7_777);
    const snapshot = JSON.parse(JSON.stringify(kernel.toSnapshot()));
    expect(snapshot.containers.containers.some((row: { activeMs: number }) => !Number.isInteger(row.activeMs))).toBe(true);
    expect(validateSnapshot(snapshot, SUBSYSTEMS)).toHaveProperty("snapshot");
    const restored = Kernel.fromSnapshot(snapshot, { sealKey: TEST_KEY, subsystems: SUBSYSTEMS });
    for (const k of [kernel, restored]) wallStep(k, 400_000);
    expect(JSON.stringify(restored.toSnapshot().containers)).toBe(JSON.stringify(kernel.toSnapshot().containers));
  });
});
