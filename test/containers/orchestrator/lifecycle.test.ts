// A pod's life on its node: phases and conditions, the pod restart policy on its containers, QoS
// classes and memory-pressure eviction, a node's failure and the grace period, drain, and what
// `pod apply` says to the same definition again.

import { describe, expect, it } from "vitest";
import { POD_EVICTION_GRACE_MS } from "../../../src/limits.js";
import { errorOf } from "../helpers.js";
import { GiB, MiB, orchestratorRig, OWNER, pod } from "./helpers.js";

describe("a pod's life", () => {
  it("goes ContainerCreating, then Running with every condition True", () => {
    const r = orchestratorRig();
    const o = r.manager.orchestrator;
    o.addNode({ name: "w1", cpuMillicores: 4000, memoryBytes: 8 * GiB });
    const { pod: info } = o.apply(pod("web", { containers: [{ name: "app" }, { name: "log", command: "log \"tick\" every 1s" }] }), OWNER);
    expect(info).toMatchObject({ phase: "Pending", status: "ContainerCreating", ready: "0/2", node: "w1" });
    r.sleep(1000);
    const detail = o.pod("web");
    expect(detail).toMatchObject({ phase: "Running", status: "Running", ready: "2/2", restarts: 0 });
    expect(detail.conditions.map((c) => `${c.type}=${c.status}`)).toEqual(["PodScheduled=True", "Initialized=True", "ContainersReady=True", "Ready=True"]);
    expect(detail.events.map((e) => e.reason).slice(0, 1)).toEqual(["Scheduled"]);
    expect(detail.events.map((e) => e.reason)).toEqual(expect.arrayContaining(["Pulled", "Created", "Started"]));
    expect(r.manager.names()).toEqual(["web-app", "web-log"]);
    expect(o.podLogs("web", "log").map((l) => l.text)).toContain("tick");
    expect(errorOf(() => o.podLogs("web")).message).toBe("a container name must be specified for pod web, choose one of: [app log]");
    expect(errorOf(() => o.podLogs("web", "db")).code).toBe("ENOENT");
  });

  it("refuses to remove a pod's container (the pod's go with it), which stays listed, and a pod whose container's name a container holds", () => {
    const r = orchestratorRig();
    const o = r.manager.orchestrator;
    r.manager.create({ name: "late-c0", image: "busybox", command: "serve 80" }); // nobody's: the pod naming its container so is refused
    expect(errorOf(() => o.apply(pod("late"), OWNER)).code).toBe("EEXIST");
    expect(o.podOf("late-c0")).toBeUndefined();
    expect(r.manager.remove("late-c0").name).toBe("late-c0");
    o.apply(pod("late"), OWNER); // the name free, the pod holds it (no node yet: made when one comes)
    o.addNode({ name: "w1", cpuMillicores: 4000, memoryBytes: 8 * GiB });
    o.apply(pod("bobc", { containers: [{ name: "x", command: 'log "hi" every 1s' }] }), OWNER);
    r.sleep(2000);
    const refused = errorOf(() => r.manager.remove("bobc-x", true));
    expect([refused.code, refused.message, refused.hint]).toEqual(["EBUSY", "container bobc-x belongs to pod bobc: a pod's containers go with their pod", "pod delete bobc"]);
    expect(r.manager.show("bobc-x").state).toBe("Running");
    expect(o.pods().map((p) => p.name)).toEqual(["bobc", "late"]);
    o.deletePod("bobc");
    expect(r.manager.names()).toEqual(["late-c0"]);
  });

  it("maps the pod restart policy onto its containers: Never fails, OnFailure succeeds on exit 0, Always loops", () => {
    const r = orchestratorRig();
    const o = r.manager.orchestrator;
    o.addNode({ name: "w1", cpuMillicores: 8000, memoryBytes: 16 * GiB });
    o.apply(pod("never", { restartPolicy: "Never", containers: [{ command: "sleep 2; exit 1" }] }), OWNER);
    o.apply(pod("job", { restartPolicy: "OnFailure", containers: [{ command: "sleep 2; exit 0" }] }), OWNER);
    o.apply(pod("loop", { restartPolicy: "Always", containers: [{ command: "crash after 1s" }] }), OWNER);
    r.sleep(5000);
    expect(r.manager.show("never-c0").restartPolicy).toBe("no");
    expect(r.manager.show("job-c0").restartPolicy).toBe("on-failure");
    expect(r.manager.show("loop-c0").restartPolicy).toBe("always");
    expect(o.pod("never")).toMatchObject({ phase: "Failed", status: "Error" });
    expect(o.pod("job")).toMatchObject({ phase: "Succeeded", status: "Completed" });
    expect(o.pod("job").conditions.find((c) => c.type === "Ready")).toEqual({ type: "Ready", status: "False", reason: "PodCompleted" });
    o.failNode("w1");
    o.recoverNode("w1"); // the ended pods' containers stay ended
    expect(o.pod("job")).toMatchObject({ phase: "Succeeded", restarts: 0 });
    expect(o.pod("never")).toMatchObject({ phase: "Failed", restarts: 0 });
    r.sleep(60_000);
    expect(o.pod("job").phase).toBe("Succeeded");
    const loop = o.pod("loop");
    expect(loop.phase).toBe("Running");
    expect(loop.restarts).toBeGreaterThan(0);
    expect(["CrashLoopBackOff", "Running"]).toContain(loop.status);
  });

  it("classes pods Guaranteed, Burstable or BestEffort from requests and limits", () => {
    const r = orchestratorRig();
    const o = r.manager.orchestrator;
    o.addNode({ name: "w1", cpuMillicores: 8000, memoryBytes: 16 * GiB });
    const qos = (name: string, containers: NonNullable<Parameters<typeof pod>[1]>["containers"]) => o.apply(pod(name, { containers }), OWNER).pod.qosClass;
    expect(qos("g", [{ cpu: 500, memory: 64 * MiB, cpuLimit: 500, memoryLimit: 64 * MiB }])).toBe("Guaranteed");
    expect(qos("g2", [{ cpuLimit: 500, memoryLimit: 64 * MiB }])).toBe("Guaranteed"); // requests default to limits
    expect(qos("b", [{ cpu: 250, memory: 64 * MiB, cpuLimit: 500, memoryLimit: 64 * MiB }])).toBe("Burstable");
    expect(qos("b2", [{ cpuLimit: 500, memoryLimit: 64 * MiB }, {}])).toBe("Burstable");
    expect(qos("be", [{}, {}])).toBe("BestEffort");
    expect(o.node("w1").cpuRequestedMillicores).toBe(500 + 500 + 250 + 500);
  });

  it("evicts under memory pressure: BestEffort first, then Burstable by usage over request; Guaranteed stays", () => {
    const r = orchestratorRig();
    const o = r.manager.orchestrator;
    o.addNode({ name: "w1", cpuMillicores: 8000, memoryBytes: 1 * GiB });
    o.apply(pod("guaranteed", { containers: [{ command: "serve 80", cpu: 100, memory: 300 * MiB, cpuLimit: 100, memoryLimit: 300 * MiB }] }), OWNER);
    o.apply(pod("burst-small", { containers: [{ command: "leak 4M/s", memory: 100 * MiB }] }), OWNER);
    o.apply(pod("burst-big", { containers: [{ command: "leak 8M/s", memory: 100 * MiB }] }), OWNER);
    o.apply(pod("best", { containers: [{ command: "leak 2M/s" }] }), OWNER);
    expect(o.pods().map((p) => p.node)).toEqual(["w1", "w1", "w1", "w1"]);
    r.sleep(60_000); // ~14 MiB/s leaked in all: still under 1 GiB less the 100 MiB threshold
    expect(o.pods().every((p) => p.status === "Running")).toBe(true);
    expect(o.node("w1").memoryPressure).toBe(false);
    r.sleep(30_000); // at 70 s best goes (the class first, though it holds least); at 80 s burst-big (more over its request than burst-small)
    const status = () => Object.fromEntries(o.pods().map((p) => [p.name, p.status]));
    expect(status()).toMatchObject({ best: "Evicted", "burst-big": "Evicted", guaranteed: "Running", "burst-small": "Running" });
    const best = o.pod("best");
    expect(best.phase).toBe("Failed");
    expect(best.reason).toMatch(/^The node was low on resource: memory\. Threshold quantity: 100M(iB)?, available: /);
    const order = r.trail.filter((e) => e.result === "Evicted").map((e) => e.object);
    expect(order).toEqual(["pod/best", "pod/burst-big"]);
    expect(r.manager.names().sort()).toEqual(["burst-small-c0", "guaranteed-c0"]);
    expect(o.node("w1").pods).toBe(2);
  });

  it("a failed node's pods go Unknown, come back if it recovers in time, and are rescheduled after the grace period", () => {
    const r = orchestratorRig();
    const o = r.manager.orchestrator;
    o.addNode({ name: "w1", cpuMillicores: 4000, memoryBytes: 8 * GiB });
    o.apply(pod("web"), OWNER);
    o.addNode({ name: "w2", cpuMillicores: 4000, memoryBytes: 8 * GiB });
    expect(o.cordon("w2").already).toBe(false);
    expect(o.cordon("w2").already).toBe(true);
    expect(o.drain("w2")).toEqual({ evicted: [], alreadyCordoned: true });
    r.sleep(1000);
    expect(o.failNode("w1").status).toBe("NotReady");
    expect(o.pod("web")).toMatchObject({ phase: "Unknown", status: "Unknown", node: "w1" });
    expect(o.pod("web").conditions.find((c) => c.type === "Ready")).toEqual({ type: "Ready", status: "False", reason: "NodeLost" });
    const afterFailure = o.pod("web").events.filter((e) => e.timeMs === r.clock.now()).map((e) => [e.reason, e.message]);
    expect(afterFailure).toEqual([["NodeNotReady", "Node w1 is not ready"]]); // no one killed its containers: the node is unreachable
    r.sleep(60_000);
    o.recoverNode("w1");
    r.sleep(1000);
    expect(o.pod("web")).toMatchObject({ phase: "Running", node: "w1" });
    o.uncordon("w2");
    o.failNode("w1");
    r.sleep(POD_EVICTION_GRACE_MS - 1000);
    expect(o.pod("web").phase).toBe("Unknown");
    r.sleep(2000);
    expect(o.pod("web")).toMatchObject({ node: "w2" });
    r.sleep(1000);
    expect(o.pod("web").phase).toBe("Running");
    expect(o.pod("web").events.map((e) => e.reason)).toEqual(expect.arrayContaining(["NodeNotReady", "TaintManagerEviction"]));
    expect(o.node("w1").pods).toBe(0);
    expect(o.node("w1").events.map((e) => e.reason)).toEqual(["RegisteredNode", "NodeNotReady", "NodeReady", "NodeNotReady"]);
  });

  it("drain cordons the node and evicts its pods to the others; remove refuses a node with pods", () => {
    const r = orchestratorRig();
    const o = r.manager.orchestrator;
    o.addNode({ name: "w1", cpuMillicores: 4000, memoryBytes: 8 * GiB });
    o.apply(pod("a"), OWNER);
    o.apply(pod("b"), OWNER);
    o.addNode({ name: "w2", cpuMillicores: 4000, memoryBytes: 8 * GiB });
    expect(errorOf(() => o.removeNode("w1")).message).toBe("node 'w1' has 2 pod(s): a, b");
    expect(o.drain("w1")).toEqual({ evicted: ["a", "b"], alreadyCordoned: false });
    expect(o.nodes().map((n) => [n.name, n.status, n.pods])).toEqual([["w1", "Ready,SchedulingDisabled", 0], ["w2", "Ready", 2]]);
    expect(o.pods().map((p) => p.node)).toEqual(["w2", "w2"]);
    expect(o.removeNode("w1").name).toBe("w1");
    expect(o.nodeNames()).toEqual(["w2"]);
  });

  it("applies the same definition unchanged, new labels configured, other changes refused", () => {
    const r = orchestratorRig();
    const o = r.manager.orchestrator;
    o.addNode({ name: "w1", cpuMillicores: 4000, memoryBytes: 8 * GiB });
    expect(o.apply(pod("web"), OWNER).action).toBe("created");
    expect(o.apply(pod("web"), OWNER).action).toBe("unchanged");
    expect(o.apply(pod("web", { labels: { app: "web" } }), OWNER).action).toBe("configured");
    expect(o.pod("web").labels).toEqual({ app: "web" });
    const error = errorOf(() => o.apply(pod("web", { labels: { app: "web" }, containers: [{ command: "sleep 1h" }] }), OWNER));
    expect(error.message).toBe('Pod "web" is invalid: spec: Forbidden: pod updates may not change fields other than metadata.labels');
    expect(errorOf(() => o.apply(pod("bad", { containers: [{ cpu: 600, cpuLimit: 500 }] }), OWNER)).message).toBe('Pod "bad" is invalid: spec.containers[0].resources.requests: Invalid value: "600": must be less than or equal to cpu limit of 500');
    expect(o.podNames()).toEqual(["web"]); // an image the catalogue lacks is no apply error: image-pull.test.ts
  });
});
