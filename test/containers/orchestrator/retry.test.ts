// A Pending pod is retried on a back-off (1 s doubling to 10 s, then every 10 s) on the kernel
// clock, not only when a node or pod changes: a volume that appears later lets it be scheduled,
// and each retry refreshes its reason (an event only when the reason changes).

import { describe, expect, it } from "vitest";
import { nextRetryMs } from "../../../modules/containers/orchestrator/retry-backoff.js";
import { NO_ATTACHMENTS, type PodAttachmentsSeam } from "../../../modules/containers/index.js";
import { GiB, orchestratorRig, OWNER, pod } from "./helpers.js";

describe("retrying Pending pods", () => {
  it("backs off 1, 2, 4, 8 s then every 10 s from the pod's creation", () => {
    const times: number[] = [];
    for (let now = 500; times.length < 7; now = times[times.length - 1]!) times.push(nextRetryMs(500, now));
    expect(times).toEqual([1_500, 3_500, 7_500, 15_500, 25_500, 35_500, 45_500]);
    expect(nextRetryMs(0, 15_000.25)).toBe(25_000);
  });

  it("schedules a pod once what it waits for appears, with no node or pod change", () => {
    let volumeThere = false;
    const seam: PodAttachmentsSeam = { ...NO_ATTACHMENTS, unreachable: () => (volumeThere ? undefined : 'persistentvolumeclaim "data" not found') };
    const r = orchestratorRig(1, seam);
    const o = r.manager.orchestrator;
    o.addNode({ name: "w1", cpuMillicores: 4000, memoryBytes: 8 * GiB });
    o.apply(pod("db", { volumes: [{ name: "data", volume: "data", readOnly: false }] }), OWNER);
    expect(o.pod("db").phase).toBe("Pending");
    r.sleep(30_000);
    const failed = o.pod("db").events.filter((e) => e.reason === "FailedScheduling");
    expect(failed).toHaveLength(1); // the same reason again is no new event
    volumeThere = true;
    r.sleep(4_999); // the retries after 30 s: 35 s, 45 s, ...
    expect(o.pod("db").phase).toBe("Pending");
    r.sleep(1);
    expect(o.pod("db").node).toBe("w1");
    r.sleep(2_000);
    expect(o.pod("db").phase).toBe("Running");
  });

  it("refreshes the reason: no nodes, then a node too small", () => {
    const r = orchestratorRig();
    const o = r.manager.orchestrator;
    o.apply(pod("big", { containers: [{ cpu: 3000 }] }), OWNER);
    expect(o.pod("big").reason).toBe("no nodes available to schedule pods");
    o.addNode({ name: "w1", cpuMillicores: 2000, memoryBytes: 8 * GiB });
    r.sleep(1_000);
    expect(o.pod("big").reason).toBe("0/1 nodes are available: 1 Insufficient cpu.");
    expect(o.pod("big").events.filter((e) => e.reason === "FailedScheduling").map((e) => e.message)).toEqual([
      "no nodes available to schedule pods",
      "0/1 nodes are available: 1 Insufficient cpu.",
    ]);
  });
});
