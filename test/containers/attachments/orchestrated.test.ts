// Attachments as the orchestrator uses them in a whole kernel: the scheduler's filter asks
// reachability (a node without a storage client for the pod's distributed volume is filtered out,
// and the Pending message says why), binding mounts and joins on the chosen node, and the pod's
// workload lands its bytes in the volume.

import { describe, expect, it } from "vitest";
import { writeRecord } from "../../../modules/containers/attachments/index.js";
import type { PodDefinition } from "../../../modules/containers/index.js";
import { join } from "node:path";
import { ok, tempDir } from "../../helpers.js";
import { servicesOf, world } from "./setup.js";

const GiB = 1024 ** 3;
const ROOT_OWNER = { uid: 0, gid: 0 };

const writer: PodDefinition = {
  name: "web",
  labels: {},
  restartPolicy: "Always",
  nodeSelector: {},
  containers: [{ name: "app", image: "busybox", command: "write /data 1M/s", requests: { cpuMillicores: 100, memoryBytes: 0 }, limits: { cpuMillicores: 0, memoryBytes: 0 }, volumeMounts: [{ name: "data", mountPath: "/data", readOnly: false }] }],
  volumes: [{ name: "data", volume: "dv", readOnly: false }],
  networks: ["lan"],
  security: { capabilities: [] },
};

describe("attachments under the orchestrator", () => {
  it("a node without a storage client is filtered out with the reason; a node with one gets the pod, its volume mapped and its bytes written", () => {
    const session = world();
    ok(session, "image pull busybox");
    const { containers } = servicesOf(session);
    const orchestrator = containers.orchestrator;
    orchestrator.addNode({ name: "w3", cpuMillicores: 4000, memoryBytes: 8 * GiB }); // no storage client w3 in the cluster
    const pending = orchestrator.apply(writer, ROOT_OWNER).pod;
    expect(pending.phase).toBe("Pending");
    expect(orchestrator.pod("web").reason).toMatch(/0\/1 nodes are available: 1 node\(s\) had no storage client for distributed volume "dv"/);
    orchestrator.addNode({ name: "w1", cpuMillicores: 4000, memoryBytes: 8 * GiB });
    ok(session, "sleep 1s");
    expect(orchestrator.pod("web")).toMatchObject({ node: "w1", ip: "10.0.0.2" });
    expect(servicesOf(session).cluster.mappings()).toEqual([{ volume: "dv", client: "w1", access: "rw" }]);
    ok(session, "sleep 30s");
    expect(ok(session, "vol read dv 1048576 31 --sdc w1")).toEqual([writeRecord("web-app", 1048576 / 32).replace(/\n$/, "")]);
    orchestrator.deletePod("web");
    ok(session, "sleep 1m");
    expect(servicesOf(session).storage.show("dv").state).toBe("Available");
    expect(servicesOf(session).cluster.mappings()).toEqual([]);
  });
});

describe("a pod taken off its node", () => {
  it("lands its workload's last writes (since the last flush) before its containers go", () => {
    const session = world();
    ok(session, "image pull busybox");
    const orchestrator = servicesOf(session).containers.orchestrator;
    orchestrator.addNode({ name: "w1", cpuMillicores: 4000, memoryBytes: 8 * GiB });
    orchestrator.apply(writer, ROOT_OWNER);
    ok(session, "sleep 15s"); // the last flush was at 10 s: ~4 MiB written since
    orchestrator.deletePod("web");
    const at = 12 * 1024 * 1024;
    ok(session, "cluster map dv w1");
    expect(ok(session, `vol read dv ${at} 31 --sdc w1`)).toEqual([writeRecord("web-app", at / 32).replace(/\n$/, "")]);
  });
});

describe("attachments across a save and load", () => {
  it("a restored kernel's bound pod keeps landing its writes, and deleting it unmounts and unmaps", () => {
    const session = world();
    ok(session, "image pull busybox");
    servicesOf(session).containers.orchestrator.addNode({ name: "w1", cpuMillicores: 4000, memoryBytes: 8 * GiB });
    servicesOf(session).containers.orchestrator.apply(writer, ROOT_OWNER);
    ok(session, "sleep 12s");
    const file = join(tempDir(), "pods.json");
    ok(session, `save ${file}`);
    ok(session, `load ${file}`);
    ok(session, "sleep 20s");
    expect(ok(session, `vol read dv ${25 * 1048576} 31 --sdc w1`)).toEqual([writeRecord("web-app", (25 * 1048576) / 32).replace(/\n$/, "")]);
    servicesOf(session).containers.orchestrator.deletePod("web");
    ok(session, "sleep 1m");
    expect(servicesOf(session).storage.show("dv").state).toBe("Available");
    expect(servicesOf(session).cluster.mappings()).toEqual([]);
    expect(servicesOf(session).network.interfaces("lan")).toEqual([]);
  });
});
