// The node commands through a session: add's options (cores or millicores, sizes, labels, the
// storage client), list and show as kubectl get/describe node show them, cordon/uncordon/drain/
// fail/recover/remove in kubectl's words and their effect on where pods go, errors in one line,
// the gate (CAP_SYS_ADMIN), completion of node names.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { complete } from "../../shell/complete.js";
import type { Session } from "../../shell/session.js";
import { newSession, ok, tempDir } from "../helpers.js";

function failing(session: Session, line: string): string {
  const outcome = session.execute(line);
  expect(outcome.ok, `'${line}' should fail`).toBe(false);
  expect(outcome.error).not.toContain("\n");
  return outcome.error!;
}

/** A one-container pod requesting `cpu` and `memory`, as a manifest file. */
function podFile(name: string, cpu: string, memory: string, extra = ""): string {
  const path = join(tempDir(), `${name}.yaml`);
  writeFileSync(path, `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n${extra}  containers:\n  - {name: main, image: busybox, command: ["sleep 3600"], resources: {requests: {cpu: ${cpu}, memory: ${memory}}}}\n`);
  return path;
}

const nodeOf = (session: Session, pod: string) => (JSON.parse(ok(session, "pod list --json").join("\n")).pods as { name: string; node: string }[]).find((p) => p.name === pod)?.node;

describe("node commands", () => {
  let session: Session;
  beforeEach(() => {
    session = newSession();
    ok(session, "image pull busybox");
  });

  it("adds nodes with cores or millicores, sizes, labels and a storage client", () => {
    expect(ok(session, "node add w1 --cpu 4 --mem 8G")[0]).toBe("node/w1 added: Ready, 4 cpu, 8Gi memory allocatable, storage client w1");
    expect(ok(session, "node add w2 --cpu 1500m --mem 512M --label disk=ssd,zone=a --sdc client2")[0]).toBe("node/w2 added: Ready, 1500m cpu, 512Mi memory allocatable, storage client client2");
    const nodes = JSON.parse(ok(session, "node list --json").join("\n"));
    expect(nodes[1]).toMatchObject({ name: "w2", cpuAllocatableMillicores: 1500, memoryAllocatableBytes: 512 * 2 ** 20, labels: { disk: "ssd", zone: "a" }, storageClient: "client2" });
  });

  it.each([
    ["node add w1 --mem 8G", /--cpu/],
    ["node add w1 --cpu 4", /--mem/],
    ["node add w1 --cpu lots --mem 8G", /bad CPU amount 'lots'/],
    ["node add w1 --cpu 4 --mem 8G --label disk", /bad --label 'disk'/],
    ["node show nowhere", /nowhere/],
    ["node cordon nowhere", /nowhere/],
  ])("refuses %j in one line", (line, error) => {
    expect(failing(session, line)).toMatch(error);
  });

  it("lists nodes as kubectl get nodes does, with what is requested of each", () => {
    ok(session, "node add w1 --cpu 4 --mem 8G");
    ok(session, `pod apply -f ${podFile("a", "1", "1Gi")}`);
    ok(session, "sleep 5s");
    const [head, row] = ok(session, "node list");
    expect(head!.split(/\s+/)).toEqual(["NAME", "STATUS", "ROLES", "AGE", "VERSION", "CPU", "MEMORY", "PODS"]);
    expect(row!.split(/\s+/)).toEqual(["w1", "Ready", "worker", "5s", "v1.30.0-kshell", "1/4", "(25%)", "1Gi/8Gi", "(12%)", "1"]);
  });

  it("describes a node: conditions, allocatable, its pods and what they request", () => {
    ok(session, "node add w1 --cpu 4 --mem 8G");
    ok(session, `pod apply -f ${podFile("a", "500m", "1Gi")}`);
    ok(session, "sleep 5s");
    const text = ok(session, "node show w1").join("\n");
    for (const line of [/^Name:\s+w1$/m, /^Conditions:$/m, /Ready\s+True\s+KubeletReady/, /^Allocatable:$/m, /^Non-terminated Pods:\s+\(1 in total\)$/m, /^\s+a\s+500m\/4 \(12%\)\s+1Gi\/8Gi \(12%\)/m, /^Allocated resources:$/m]) expect(text).toMatch(line);
  });

  it("cordons: new pods go elsewhere; uncordon opens it again", () => {
    ok(session, "node add w1 --cpu 4 --mem 8G");
    ok(session, "node add w2 --cpu 4 --mem 8G");
    expect(ok(session, "node cordon w1")[0]).toMatch(/^node\/w1 cordoned: Ready,SchedulingDisabled/);
    ok(session, `pod apply -f ${podFile("a", "100m", "64Mi")}`);
    ok(session, `pod apply -f ${podFile("b", "100m", "64Mi")}`);
    ok(session, "sleep 1s");
    expect([nodeOf(session, "a"), nodeOf(session, "b")]).toEqual(["w2", "w2"]);
    expect(ok(session, "node uncordon w1")[0]).toMatch(/^node\/w1 uncordoned: Ready,/);
  });

  it("drains a node: its pods are evicted and scheduled on another", () => {
    ok(session, "node add w1 --cpu 4 --mem 8G");
    ok(session, `pod apply -f ${podFile("a", "100m", "64Mi")}`);
    ok(session, "sleep 5s");
    ok(session, "node add w2 --cpu 4 --mem 8G");
    expect(ok(session, "node drain w1")).toEqual(["node/w1 cordoned", "evicting pod default/a", "pod/a evicted", "node/w1 drained"]);
    ok(session, "sleep 30s");
    expect(nodeOf(session, "a")).toBe("w2");
  });

  it("fails a node: its pods go Unknown, then are rescheduled; recover brings it back", () => {
    ok(session, "node add w1 --cpu 4 --mem 8G");
    ok(session, `pod apply -f ${podFile("a", "100m", "64Mi")}`);
    ok(session, "sleep 5s");
    ok(session, "node add w2 --cpu 4 --mem 8G");
    expect(ok(session, "node fail w1")[0]).toMatch(/^node\/w1 failed: NotReady/);
    ok(session, "sleep 1s");
    expect(ok(session, "pod list").join("\n")).toMatch(/a\s+\S+\s+Unknown/);
    ok(session, "sleep 10m");
    expect(nodeOf(session, "a")).toBe("w2");
    expect(ok(session, "node recover w1")[0]).toMatch(/^node\/w1 recovered: Ready/);
  });

  it("keeps a pod Pending with the scheduler's reason when nothing fits", () => {
    ok(session, "node add w1 --cpu 1 --mem 1G");
    ok(session, `pod apply -f ${podFile("big", "500m", "4Gi")}`);
    ok(session, "sleep 1s");
    const pod = JSON.parse(ok(session, "pod show big --json").join("\n"));
    expect(pod.phase).toBe("Pending");
    expect(pod.reason).toMatch(/0\/1 nodes are available: 1 Insufficient memory/);
  });

  it("takes Kubernetes' sizes (8Gi), refuses a name kubectl would, and says when --sdc names no cluster client", () => {
    expect(ok(session, "node add w1 --cpu 4 --mem 8Gi")[0]).toBe("node/w1 added: Ready, 4 cpu, 8Gi memory allocatable, storage client w1");
    for (const name of ["W_1", "w_1", "w1-", "w1."]) expect(failing(session, `node add ${name} --cpu 4 --mem 8G`)).toContain(`The Node "${name}" is invalid: metadata.name: Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of`);
    expect(ok(session, "node add w2.rack1 --cpu 4 --mem 8G")[0]).toMatch(/^node\/w2\.rack1 added/);
    expect(ok(session, "node add w3 --cpu 4 --mem 8G --sdc nosuch")).toEqual(["node/w3 added: Ready, 4 cpu, 8Gi memory allocatable, storage client nosuch", "storage client nosuch is not in the cluster: its pods cannot mount distributed volumes until it is (cluster sdc add nosuch)"]);
    expect(ok(session, "node show w3")).toContain("Storage client:     nosuch (not in the cluster: cluster sdc add nosuch)");
    ok(session, "cluster sdc add nosuch");
    expect(ok(session, "node show w3")).toContain("Storage client:     nosuch");
  });

  it("labels a node as kubectl label node does, and a pod Pending on its nodeSelector is placed", () => {
    ok(session, "node add w1 --cpu 4 --mem 8G --label zone=a");
    ok(session, `pod apply -f ${podFile("picky", "100m", "64Mi", "  nodeSelector: {disk: ssd}\n")}`);
    ok(session, "sleep 1s");
    expect(nodeOf(session, "picky")).toBeFalsy();
    expect(ok(session, "node label w1 disk=ssd")).toEqual(["node/w1 labeled"]);
    ok(session, "sleep 5s");
    expect(nodeOf(session, "picky")).toBe("w1");
    expect(failing(session, "node label w1 zone=b")).toContain("'zone' already has a value (a), and --overwrite is false");
    expect(ok(session, "node label w1 zone=b --overwrite")).toEqual(["node/w1 labeled"]);
    expect(ok(session, "node label w1 zone=b --overwrite")).toEqual(["node/w1 not labeled"]);
    expect(ok(session, "node label w1 zone-")).toEqual(["node/w1 labeled"]);
    expect(failing(session, "node label w1 zone-")).toMatch(/label "zone" not found/);
    expect(failing(session, "node label w1 disk- disk=x")).toMatch(/both modify and remove/);
    expect(failing(session, "node label w1 ssd")).toMatch(/bad label 'ssd'/);
    expect(failing(session, "node label w1 'bad key=x'")).toMatch(/invalid label key/);
    expect(JSON.parse(ok(session, "node list --json").join("\n"))[0].labels).toEqual({ disk: "ssd" });
  });

  it("removes an empty node in kubectl's words, and refuses one with pods", () => {
    ok(session, "node add w1 --cpu 4 --mem 8G");
    ok(session, "node add w2 --cpu 4 --mem 8G");
    ok(session, "node cordon w2");
    ok(session, `pod apply -f ${podFile("a", "100m", "64Mi")}`);
    ok(session, "sleep 5s");
    expect(failing(session, "node remove w1")).toMatch(/w1/);
    expect(ok(session, "node remove w2")).toEqual(['node "w2" deleted']);
    expect(ok(session, "node list").join("\n")).not.toMatch(/w2/);
  });

  it("needs CAP_SYS_ADMIN, and completes node names", () => {
    ok(session, "node add w1 --cpu 4 --mem 8G");
    expect(complete("node show w", session.registry, session.kernelView()).candidates).toEqual(["w1"]);
    ok(session, "user add alice");
    ok(session, "su alice");
    expect(failing(session, "node add w2 --cpu 4 --mem 8G")).toMatch(/CAP_SYS_ADMIN|not permitted|denied/i);
    expect(failing(session, "node fail w1")).toMatch(/CAP_SYS_ADMIN|not permitted|denied/i);
  });
});
