// kubelet's IfNotPresent: a pod's image the store lacks is pulled when the pod is placed (Pulling,
// after Scheduled, each container's Pulled saying so); one the catalogue lacks leaves the pod Pending as ErrImagePull, then
// ImagePullBackOff on the retries, until an image of that name appears.

import { describe, expect, it } from "vitest";
import { GiB, orchestratorRig, OWNER, pod } from "./helpers.js";

describe("pulling a pod's images", () => {
  it("pulls an image the store lacks, after the pod is scheduled", () => {
    const r = orchestratorRig();
    const o = r.manager.orchestrator;
    o.addNode({ name: "w1", cpuMillicores: 4000, memoryBytes: 8 * GiB });
    expect(r.manager.images.references()).not.toContain("redis:latest");
    o.apply(pod("cache", { containers: [{ image: "redis", command: "serve 6379" }, { name: "c1", image: "redis", command: "sleep 1h" }] }), OWNER);
    expect(r.manager.images.references()).toContain("redis:latest");
    const events = o.pod("cache").events.filter((e) => e.reason === "Scheduled" || e.reason.startsWith("Pull")).map((e) => [e.object, e.reason, e.message]);
    expect(events).toEqual([
      ["pod/cache", "Scheduled", "Successfully assigned default/cache to w1"],
      ["pod/cache", "Pulling", 'Pulling image "redis"'],
      ["cache-c0", "Pulled", 'Successfully pulled image "redis" in 0s'],
      ["cache-c1", "Pulled", 'Successfully pulled image "redis" in 0s'],
    ]);
    r.sleep(5_000);
    expect(o.pod("cache").phase).toBe("Running");
  });

  it("leaves a pod whose image the catalogue lacks Pending: ErrImagePull, then ImagePullBackOff", () => {
    const r = orchestratorRig();
    const o = r.manager.orchestrator;
    o.addNode({ name: "w1", cpuMillicores: 4000, memoryBytes: 8 * GiB });
    const applied = o.apply(pod("bad", { containers: [{ image: "nosuch" }] }), OWNER);
    expect(applied.action).toBe("created");
    expect(o.pods().map((p) => [p.name, p.phase, p.status, p.node])).toEqual([["bad", "Pending", "ErrImagePull", null]]);
    r.sleep(1_000);
    expect(o.pods()[0]!.status).toBe("ImagePullBackOff");
    r.sleep(60_000);
    const events = o.pod("bad").events.filter((e) => e.object === "pod/bad").map((e) => e.reason);
    expect(events).toEqual(["Pulling", "Failed", "BackOff"]); // a back-off again is no new event
    expect(o.pod("bad").events.find((e) => e.reason === "Failed")!.message).toMatch(/^Failed to pull image "nosuch": /);
    r.manager.images.tag("busybox", "nosuch");
    r.sleep(10_000);
    expect(o.pod("bad")).toMatchObject({ phase: "Running", node: "w1" });
  });
});
