// The `podNetwork` port network provides (modules/network/pod-interfaces.ts): a pod's interface
// on a network, named from the pod within IFNAMSIZ, hosted on its node, leased from IPAM; a ping
// from it is `net ping`'s (frames counted and captured); leave frees the lease.

import { describe, expect, it } from "vitest";
import { podInterfaceName, podNetworkOf } from "../../modules/network/pod-interfaces.js";
import { INTERFACE_NAME_LENGTH_MAX } from "../../src/limits.js";
import { failure, ok } from "../helpers.js";
import { servicesOf, world } from "../containers/attachments/setup.js";

describe("podNetwork (network's port)", () => {
  it("names an interface after its pod, within IFNAMSIZ, distinct for long names that share a start", () => {
    expect(podInterfaceName("web", 0)).toBe("web");
    expect(podInterfaceName("web", 1)).toBe("web-1");
    const long = ["payments-frontend-a", "payments-frontend-b"].map((pod) => podInterfaceName(pod, 0));
    for (const name of long) expect(name.length).toBeLessThanOrEqual(INTERFACE_NAME_LENGTH_MAX);
    expect(long[0]).not.toBe(long[1]);
    expect(podInterfaceName("payments-frontend-a", 0)).toBe(podInterfaceName("payments-frontend-a", 0));
  });

  it("join leases an address on the pod's node; a ping between two pods crosses the bridge and shows in net capture", () => {
    const session = world();
    const pods = podNetworkOf(servicesOf(session).network);
    const web = pods.join("lan", "web", "w1", 0);
    const api = pods.join("lan", "api", "w2", 0);
    expect(web).toMatchObject({ network: "lan", interface: "web", ip: "10.0.0.2" });
    expect(api.ip).toBe("10.0.0.3");
    expect(ok(session, "net if list lan").join("\n")).toMatch(/web .* w1/);
    ok(session, "net capture start lan");
    const ping = pods.ping("api", web.ip, 2, 0);
    expect(ping.replies.filter((r) => r.rttMs !== undefined)).toHaveLength(2);
    ok(session, "net capture stop");
    const frames = ok(session, "net capture show").join("\n");
    expect(frames).toMatch(/10\.0\.0\.3 > 10\.0\.0\.2: ICMP echo request/);
    expect(frames).toMatch(/10\.0\.0\.2 > 10\.0\.0\.3: ICMP echo reply/);
    pods.leave("web");
    expect(servicesOf(session).network.leases("lan").map((l) => l.interface)).toEqual(["api"]);
    expect(pods.ping("api", web.ip, 1, 0).replies[0]!.rttMs).toBeUndefined(); // nobody answers for .2 now
  });

  it("a missing network is a reason, not a crash; joining it fails with ENOENT", () => {
    const session = world();
    const pods = podNetworkOf(servicesOf(session).network);
    expect(pods.unreachable("nope")).toBe('network "nope" not found');
    expect(pods.unreachable("lan")).toBeUndefined();
    expect(failure(() => pods.join("nope", "web", "w1", 0)).code).toBe("ENOENT");
  });
});
