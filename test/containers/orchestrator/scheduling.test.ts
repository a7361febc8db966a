// The scheduler through the Orchestrator: the 5th container, filter and score, the Pending
// message as kubectl shows it, retries when something changes, ties by the seed.

import { describe, expect, it } from "vitest";
import { fail } from "../../../src/errors.js";
import { errorOf } from "../helpers.js";
import { scoreNode } from "../../../modules/containers/orchestrator/scheduler.js";
import { GiB, MiB, orchestratorRig, OWNER, pod } from "./helpers.js";

describe("scheduling pods onto nodes", () => {
  it("refuses a 5th container and shares net, ipc and uts among a pod's four", () => {
    const r = orchestratorRig();
    const o = r.manager.orchestrator;
    o.addNode({ name: "w1", cpuMillicores: 4000, memoryBytes: 8 * GiB });
    const five = pod("big", { containers: [{}, {}, {}, {}, {}].map((_, i) => ({ name: `c${i}`, command: "sleep 1h" })) });
    const error = errorOf(() => o.apply(five, OWNER));
    expect(error.code).toBe("EINVAL");
    expect(error.message).toBe('Pod "big" is invalid: spec.containers: Too many: 5: must have at most 4 items (POD_CONTAINER_MAX)');
    expect(o.podNames()).toEqual([]);
    expect(r.manager.names()).toEqual([]);
    o.apply(pod("four", { containers: [0, 1, 2, 3].map((i) => ({ name: `c${i}`, command: "sleep 1h" })) }), OWNER);
    const ns = (name: string) => Object.fromEntries(r.manager.show(name).namespaces.map((n) => [n.kind, n.id]));
    const first = ns("four-c0");
    for (const name of ["four-c1", "four-c2", "four-c3"]) {
      const other = ns(name);
      expect([other.net, other.ipc, other.uts]).toEqual([first.net, first.ipc, first.uts]);
      expect(other.pid).not.toBe(first.pid);
    }
  });

  it("filters out nodes that cannot hold the requests and scores the least allocated, balanced one highest", () => {
    const r = orchestratorRig();
    const o = r.manager.orchestrator;
    o.addNode({ name: "small", cpuMillicores: 1000, memoryBytes: 1 * GiB });
    o.addNode({ name: "busy", cpuMillicores: 4000, memoryBytes: 8 * GiB });
    o.addNode({ name: "idle", cpuMillicores: 4000, memoryBytes: 8 * GiB, labels: { disk: "ssd" } });
    o.apply(pod("filler", { nodeSelector: { disk: "ssd" }, containers: [{ cpu: 3000, memory: 6 * GiB }] }), OWNER);
    expect(o.pod("filler").node).toBe("idle");
    // busy and idle are alike but idle is now full; small cannot hold 2 GiB
    o.apply(pod("web", { containers: [{ cpu: 500, memory: 2 * GiB }] }), OWNER);
    expect(o.pod("web").node).toBe("busy");
    expect(o.node("busy")).toMatchObject({ cpuRequestedMillicores: 500, memoryRequestedBytes: 2 * GiB, pods: 1 });
    // busy would score 62 + 87, a fresh node 80 + 81
    o.addNode({ name: "fresh", cpuMillicores: 4000, memoryBytes: 8 * GiB });
    o.apply(pod("cpu-heavy", { containers: [{ cpu: 1500, memory: 64 * MiB }] }), OWNER);
    expect(o.pod("cpu-heavy").node).toBe("fresh");
  });

  it("tells where each pod would go now without binding it (wouldPlace, by pod slot)", () => {
    const r = orchestratorRig();
    const o = r.manager.orchestrator;
    o.addNode({ name: "small", cpuMillicores: 1000, memoryBytes: 1 * GiB });
    o.addNode({ name: "big", cpuMillicores: 8000, memoryBytes: 16 * GiB });
    o.apply(pod("web", { containers: [{ cpu: 500, memory: 2 * GiB }] }), OWNER);
    o.apply(pod("huge", { containers: [{ cpu: 500, memory: 64 * GiB }] }), OWNER);
    expect([o.pod("web").node, o.pod("huge").phase]).toEqual(["big", "Pending"]);
    const picks = new Int32Array(4).fill(99);
    o.wouldPlace(picks);
    expect(Array.from(picks)).toEqual([1, -1, -1, -1]); // web: big's slot (as if anew); huge: nothing fits; no pod in slots 2 and 3
    expect(o.node("big")).toMatchObject({ pods: 1, memoryRequestedBytes: 2 * GiB }); // nothing bound by asking
    o.cordon("big");
    o.wouldPlace(picks);
    expect(picks[0]).toBe(-1); // small cannot hold 2 GiB; big is cordoned
  });

  it("scores as the LeastAllocated and BalancedAllocation plugins do (0..100 each, integer)", () => {
    const nodes = (cpu: number, memory: number) => ({ used: Uint8Array.of(1), ready: Uint8Array.of(0), schedulable: Uint8Array.of(1), cpuAllocatable: Float64Array.of(4000), memoryAllocatable: Float64Array.of(10_000), cpuRequested: Float64Array.of(cpu), memoryRequested: Float64Array.of(memory), cpuScored: Float64Array.of(cpu), memoryScored: Float64Array.of(memory), openMask: Uint32Array.of(1) });
    const ask = { cpuMillicores: 1000, memoryBytes: 2000, cpuScored: 1000, memoryScored: 2000 };
    // after the pod: cpu 3000/4000, memory 5000/10000 -> least (25 + 50) / 2 = 37; balanced (1 - 0.25 / 2) * 100 = 87
    expect(scoreNode(nodes(2000, 3000), 0, ask)).toBe(37 + 87);
    // an empty node: cpu 1000/4000, memory 2000/10000 -> least (75 + 80) / 2 = 77; balanced (1 - 0.05 / 2) * 100 = 97
    expect(scoreNode(nodes(0, 0), 0, ask)).toBe(77 + 97);
    // past the capacity: least 0 for it, the fraction capped at 1
    expect(scoreNode(nodes(4000, 0), 0, ask)).toBe(Math.trunc((0 + 80) / 2) + Math.trunc((1 - 0.8 / 2) * 100));
  });

  it("keeps an unschedulable pod Pending with kube-scheduler's message, counted and ordered", () => {
    const r = orchestratorRig();
    const o = r.manager.orchestrator;
    o.addNode({ name: "w1", cpuMillicores: 2000, memoryBytes: 1 * GiB });
    o.addNode({ name: "w2", cpuMillicores: 2000, memoryBytes: 1 * GiB });
    o.addNode({ name: "w3", cpuMillicores: 8000, memoryBytes: 16 * GiB });
    o.cordon("w3");
    const { pod: info, action } = o.apply(pod("db", { containers: [{ memory: 4 * GiB }] }), OWNER);
    expect(action).toBe("created");
    expect(info).toMatchObject({ phase: "Pending", status: "Pending", node: null, ready: "0/1" });
    expect(info.reason).toBe("0/3 nodes are available: 2 Insufficient memory, 1 node(s) were unschedulable.");
    const detail = o.pod("db");
    expect(detail.conditions.find((c) => c.type === "PodScheduled")).toEqual({ type: "PodScheduled", status: "False", reason: "Unschedulable" });
    expect(detail.events.map((e) => [e.type, e.reason])).toEqual([["Warning", "FailedScheduling"]]);
    expect(r.trail.some((e) => e.type === "container" && e.object === "pod/db" && e.result === "FailedScheduling")).toBe(true);
    o.apply(pod("sel", { nodeSelector: { zone: "b" } }), OWNER);
    expect(o.pod("sel").reason).toBe("0/3 nodes are available: 2 node(s) didn't match Pod's node affinity/selector, 1 node(s) were unschedulable.");
  });

  it("tries again when a node is added, uncordoned or recovered, or a pod leaves room", () => {
    const r = orchestratorRig();
    const o = r.manager.orchestrator;
    expect(o.apply(pod("a", { containers: [{ memory: 3 * GiB }] }), OWNER).pod.reason).toBe("no nodes available to schedule pods");
    o.addNode({ name: "w1", cpuMillicores: 2000, memoryBytes: 4 * GiB });
    expect(o.pod("a").node).toBe("w1");
    o.apply(pod("b", { containers: [{ memory: 3 * GiB }] }), OWNER);
    expect(o.pod("b").phase).toBe("Pending");
    o.deletePod("a");
    expect(o.pod("b").node).toBe("w1");
    expect(r.manager.names()).toEqual(["b-c0"]);
    o.addNode({ name: "w2", cpuMillicores: 2000, memoryBytes: 4 * GiB });
    o.cordon("w2");
    o.apply(pod("c", { containers: [{ memory: 3 * GiB }] }), OWNER);
    expect(o.pod("c").reason).toBe("0/2 nodes are available: 1 Insufficient memory, 1 node(s) were unschedulable.");
    o.uncordon("w2");
    expect(o.pod("c").node).toBe("w2");
    o.addNode({ name: "w3", cpuMillicores: 2000, memoryBytes: 4 * GiB });
    o.failNode("w3");
    o.apply(pod("d", { containers: [{ memory: 3 * GiB }] }), OWNER);
    expect(o.pod("d").reason).toBe("0/3 nodes are available: 2 Insufficient memory, 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }.");
    o.recoverNode("w3");
    expect(o.pod("d").node).toBe("w3");
  });

  it("breaks ties with the seeded PRNG: the same seed places pods the same way", () => {
    const place = (seed: number) => {
      const r = orchestratorRig(seed);
      const o = r.manager.orchestrator;
      for (let i = 0; i < 4; i++) o.addNode({ name: `w${i}`, cpuMillicores: 4000, memoryBytes: 8 * GiB });
      for (let i = 0; i < 8; i++) o.apply(pod(`p${i}`), OWNER);
      return o.pods().map((p) => p.node ?? "(none)");
    };
    const first = place(7);
    expect(place(7)).toEqual(first);
    const seeds = [1, 2, 3, 4, 5, 6].map((seed) => place(seed)[0]);
    expect(new Set(seeds).size).toBeGreaterThan(1); // equal nodes: the first pod's node varies with the seed
    // spread: with equal nodes, least allocated sends the 8 pods 2 to a node
    const counts = first.reduce<Record<string, number>>((acc, node) => ({ ...acc, [node]: (acc[node] ?? 0) + 1 }), {});
    expect(Object.values(counts)).toEqual([2, 2, 2, 2]);
  });

  it("asks the attachments whether a node reaches the pod's volumes, and binds them with the pod's IP", () => {
    const bound: string[] = [];
    const r = orchestratorRig(1, {
      unreachable: (def, node) => (def.volumes.length > 0 && node.storageClient !== "sdc-b" ? `node(s) cannot reach volume ${def.volumes[0]!.volume}` : undefined),
      bind: (p, node) => {
        if (p.def.networks.includes("private")) fail("EACCES", "pod/secret may not join network private");
        bound.push(`${p.subject.name}@${node.name}`);
        return { ip: "10.0.0.7" };
      },
      unbind: (p) => void bound.splice(bound.indexOf(p.subject.name), 1),
    });
    const o = r.manager.orchestrator;
    o.addNode({ name: "a", cpuMillicores: 4000, memoryBytes: 8 * GiB });
    o.addNode({ name: "b", cpuMillicores: 4000, memoryBytes: 8 * GiB, storageClient: "sdc-b" });
    o.cordon("b");
    const data = pod("data", { volumes: [{ name: "v", volume: "db", readOnly: false }], containers: [{ volumeMounts: [{ name: "v", mountPath: "/data", readOnly: false }] }] });
    expect(o.apply(data, OWNER).pod.reason).toBe("0/2 nodes are available: 1 node(s) cannot reach volume db, 1 node(s) were unschedulable.");
    o.uncordon("b");
    expect(o.pod("data")).toMatchObject({ node: "b", ip: "10.0.0.7" });
    expect(bound).toEqual(["pod/data@b"]);
    const secret = o.apply(pod("secret", { networks: ["private"] }), OWNER).pod;
    expect(secret).toMatchObject({ phase: "Pending", node: null });
    expect(secret.reason).toMatch(/^cannot attach to node [ab]: pod\/secret may not join network private$/);
    expect(o.pod("secret").events.map((e) => e.reason)).toEqual(["FailedMount"]);
    expect(r.manager.names()).toEqual(["data-c0"]);
  });
});
