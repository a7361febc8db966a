// A pod's story in the audit trail: every pod, node and member-container event is an entry of
// type container, and those of one pod carry the correlation id of the command that applied it,
// even when the clock makes them later (Started, rescheduled after a node failure).

import { describe, expect, it } from "vitest";
import { ROOT } from "../../../src/gate.js";
import type { Kernel } from "../../../src/kernel.js";
import { POD_EVICTION_GRACE_MS } from "../../../src/limits.js";
import { newKernel } from "../../helpers.js";
import { GiB, pod } from "./helpers.js";

type Services = Parameters<Parameters<Kernel["syscall"]>[2]>[0];
const gated = <T>(kernel: Kernel, action: string, body: (k: Services) => T): T => kernel.syscall(ROOT, { action, object: "pod", type: "container", mutates: true, access: "write" }, body);
const sleep = (kernel: Kernel, ms: number) => gated(kernel, "clock.sleep", () => kernel.advanceClockTo(kernel.view.nowMs + ms));

describe("a pod's audit story", () => {
  it("carries the applying command's correlation id through clock-driven events and a rescheduling", () => {
    const kernel = newKernel(5);
    gated(kernel, "node.add", (k) => k.containers.orchestrator.addNode({ name: "w1", cpuMillicores: 4000, memoryBytes: 8 * GiB }));
    gated(kernel, "node.add", (k) => k.containers.orchestrator.addNode({ name: "w2", cpuMillicores: 4000, memoryBytes: 8 * GiB }));
    gated(kernel, "pod.apply", (k) => k.containers.orchestrator.apply(pod("web"), { uid: 0, gid: 0, name: "root" }));
    const detail = gated(kernel, "pod.show", (k) => k.containers.orchestrator.pod("web"));
    expect(detail.correlation).toBeGreaterThan(0);
    const first = detail.node!;
    sleep(kernel, 1000);
    gated(kernel, "node.fail", (k) => k.containers.orchestrator.failNode(first));
    sleep(kernel, POD_EVICTION_GRACE_MS + 1000);
    const story = kernel.view.audit.tail(8192).filter((e) => e.correlation === detail.correlation && e.type === "container").map((e) => `${e.object} ${e.result}`);
    expect(story).toEqual(expect.arrayContaining(["pod/web Scheduled", "ctr/web-c0 Created", "ctr/web-c0 Started", "pod/web NodeNotReady", "pod/web TaintManagerEviction", "ctr/web-c0 Removed"]));
    expect(story.filter((line) => line === "pod/web Scheduled")).toHaveLength(2); // first and after the rescheduling
    expect(gated(kernel, "pod.show", (k) => k.containers.orchestrator.pod("web")).node).not.toBe(first);
    const nodeEvents = kernel.view.audit.tail(8192).filter((e) => e.object === `node/${first}`).map((e) => e.result);
    expect(nodeEvents).toEqual(expect.arrayContaining(["RegisteredNode", "NodeNotReady"]));
  });
});
