// The security story end to end, through the kernel: a pod applied at level public is
// refused a private volume by the gate's enforcer (the mac layer named; the pod waits with
// FailedMount), mounts a public one, and every entry of it — the apply, the decisions, the pod's
// and its containers' events — shares one correlation id, so `audit query --id` walks it alone.

import { describe, expect, it } from "vitest";
import type { PodDefinition } from "../../modules/containers/index.js";
import { SecurityLevel } from "../../modules/security/index.js";
import { ROOT } from "../../src/gate.js";
import { newKernel } from "../helpers.js";
import type { Kernel } from "../../src/kernel.js";

type Services = Parameters<Parameters<Kernel["syscall"]>[2]>[0];
const GiB = 1024 ** 3;

function gated<T>(kernel: Kernel, action: string, body: (k: Services) => T): T {
  return kernel.syscall(ROOT, { action, object: "kernel", type: "container", mutates: true, access: "write" }, body);
}

function web(name: string, volume: string): PodDefinition {
  return {
    name, labels: {}, restartPolicy: "Always", nodeSelector: {}, networks: [], security: { capabilities: [] },
    volumes: [{ name: "data", volume, readOnly: false }],
    containers: [{ name: "app", image: "busybox", command: "serve 80", requests: { cpuMillicores: 0, memoryBytes: 0 }, limits: { cpuMillicores: 0, memoryBytes: 0 }, volumeMounts: [{ name: "data", mountPath: "/data", readOnly: false }] }],
  };
}

function cluster(): Kernel {
  const kernel = newKernel(3);
  gated(kernel, "image.pull", (k) => k.containers.images.pull("busybox"));
  gated(kernel, "node.add", (k) => k.containers.orchestrator.addNode({ name: "w1", cpuMillicores: 4000, memoryBytes: 8 * GiB }));
  for (const [name, level] of [["pub", SecurityLevel.Public], ["priv", SecurityLevel.Private]] as const) {
    gated(kernel, "vol.create", (k) => {
      k.objects.create(ROOT, `vol/${name}`, () => k.storage.create({ name, type: "block", tier: "ssd", sizeBytes: 1 << 20, thin: true }), 0o660);
      k.security.labels.set(`vol/${name}`, { level });
    });
  }
  return kernel;
}

describe("a pod's mounts at the gate, end to end", () => {
  it("refuses a public pod a private volume (mac), mounts a public one, and tells each story under its own id", () => {
    const kernel = cluster();
    gated(kernel, "pod.apply", (k) => k.containers.orchestrator.apply(web("denied", "priv"), { uid: 0, gid: 0, name: "root" }));
    gated(kernel, "pod.apply", (k) => k.containers.orchestrator.apply(web("mounted", "pub"), { uid: 0, gid: 0, name: "root" }));
    gated(kernel, "kernel.sleep", () => kernel.advanceClockTo(kernel.view.nowMs + 5000));
    const denied = gated(kernel, "pod.show", (k) => k.containers.orchestrator.pod("denied"));
    const mounted = gated(kernel, "pod.show", (k) => k.containers.orchestrator.pod("mounted"));
    expect(denied.status).toBe("Pending");
    expect(denied.reason).toMatch(/permission denied \(mac\): pod\/denied may not vol\.mount vol\/priv: no read up: pod\/denied's clearance public, vol\/priv is private/);
    expect(mounted.phase).toBe("Running");
    expect(denied.correlation).not.toBe(mounted.correlation);

    const story = (id: number) => gated(kernel, "audit.query", (k) => k.audit.query({ correlation: id }).entries);
    const refused = story(denied.correlation);
    expect(refused.every((e) => e.correlation === denied.correlation)).toBe(true);
    expect(refused.filter((e) => e.action === "vol.mount").map((e) => [e.type, e.object, e.result])).toEqual([["security", "vol/priv", "denied"]]);
    expect(refused.some((e) => e.object === "pod/denied" && e.result === "FailedMount")).toBe(true);
    expect(refused.some((e) => e.object.includes("mounted"))).toBe(false); // one story: nothing of the other pod

    const ok = story(mounted.correlation);
    expect(ok.filter((e) => e.action === "vol.mount").map((e) => [e.object, e.result])).toEqual([["vol/pub", "allowed"]]);
    expect(ok.map((e) => `${e.object} ${e.result}`)).toEqual(expect.arrayContaining(["pod/mounted Scheduled", "ctr/mounted-app Started"]));
    expect(ok.some((e) => e.object.includes("denied"))).toBe(false);
    expect(kernel.view.audit.verify().ok).toBe(true);
  });
});
