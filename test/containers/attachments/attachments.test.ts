// A pod's attachments across subsystems (modules/containers/attachments): volumes mounted through
// storage's port (local, distributed through the node's storage client), workload writes landing
// as real bytes, read-only mounts refusing them, the gate deciding, undo on failure, and pings
// between pods from `ctr exec`.

import { describe, expect, it } from "vitest";
import { writeRecord } from "../../../modules/containers/attachments/index.js";
import { failure, ok } from "../../helpers.js";
import { attachmentsOf, bound, NODE_W1, NODE_W2, podDef, runApp } from "./helpers.js";
import { servicesOf, world } from "./setup.js";

const MiB = 1024 ** 2;
const record = (container: string, index: number) => writeRecord(container, index).replace(/\n$/, "");

describe("pod attachments: volumes", () => {
  it("a workload's `write /data 1M/s` lands its records in the distributed volume, through the node's client, as time passes", () => {
    const session = world();
    runApp(session, "web", "write /data 1M/s");
    attachmentsOf(session).bind(bound(podDef("web", [{ name: "data", volume: "dv" }])), NODE_W1);
    expect(servicesOf(session).cluster.mappings()).toEqual([{ volume: "dv", client: "w1", access: "rw" }]);
    ok(session, "sleep 5s"); // before the first timed landing: the read itself lands what is pending
    expect(ok(session, "vol read dv 0 31 --sdc w1")).toEqual([record("web-app", 0)]);
    expect(ok(session, `vol read dv ${3 * MiB} 31 --sdc w1`)).toEqual([record("web-app", (3 * MiB) / 32)]);
    expect(ok(session, `vol read dv ${6 * MiB} 4 --hex --sdc w1`).join("")).toMatch(/^00600000: 0000 0000 /); // not written yet
    ok(session, "sleep 20s");
    expect(ok(session, `vol read dv ${20 * MiB} 31 --sdc w1`)).toEqual([record("web-app", (20 * MiB) / 32)]);
  });

  it("the stream wraps at the volume's size: the newest bytes are at the start", () => {
    const session = world();
    runApp(session, "web", "write /data 256K/s");
    attachmentsOf(session).bind(bound(podDef("web", [{ name: "data", volume: "db" }])), NODE_W1); // db is 1M, local
    expect(servicesOf(session).storage.show("db")).toMatchObject({ state: "Attached", attachedTo: "pod/web" });
    ok(session, "sleep 11s"); // Starting takes its moment; 10 s of writing is 2.5M in a 1M volume
    const written = 256 * 1024 * 10;
    const atZero = Math.floor(written / MiB) * MiB; // the stream position now at offset 0
    expect(ok(session, "vol read db 0 31")).toEqual([record("web-app", atZero / 32)]);
  });

  it("a snapshot of a mounted volume holds the pod's writes up to the moment it is taken", () => {
    const session = world();
    runApp(session, "web", "write /data 64K/s");
    attachmentsOf(session).bind(bound(podDef("web", [{ name: "data", volume: "db" }])), NODE_W1);
    ok(session, "sleep 5s; vol snap create db s1; sleep 3s"); // before the first timed landing at 10 s
    expect(ok(session, `vol read db@s1 ${3 * 65536} 31`)).toEqual([record("web-app", (3 * 65536) / 32)]);
    expect(ok(session, `vol read db@s1 ${6 * 65536} 4 --hex`).join("")).toMatch(/^00060000: 0000 0000 /); // written after the snapshot
    expect(ok(session, `vol read db ${6 * 65536} 31`)).toEqual([record("web-app", (6 * 65536) / 32)]);
  });

  it("a read-only mount refuses the workload's writes: nothing lands, the log and the trail say so once", () => {
    const session = world();
    runApp(session, "web", "write /data 1M/s");
    attachmentsOf(session).bind(bound(podDef("web", [{ name: "data", volume: "db", mountReadOnly: true }])), NODE_W1);
    expect(servicesOf(session).storage.mounts.mountOf("db")?.readOnly).toBe(true);
    ok(session, "sleep 25s");
    expect(ok(session, "vol read db 0 4 --hex").join("")).toMatch(/^00000000: 0000 0000 /);
    const logs = ok(session, "ctr logs web-app");
    expect(logs.filter((line) => line.includes("write /data: Read-only file system (EROFS)"))).toHaveLength(1);
    expect(ok(session, "audit query --type container").join("\n")).toMatch(/ctr\.write.*refused/);
  });

  it("the gate decides: a Public pod may not mount a Private volume (EACCES, recorded under its correlation id), and nothing is left mounted", () => {
    const session = world();
    ok(session, "sec label vol/db private");
    const error = failure(() => attachmentsOf(session).bind(bound(podDef("web", [{ name: "data", volume: "db" }]), 1000, "public", 42), NODE_W1));
    expect(error.code).toBe("EACCES");
    expect(error.message).toMatch(/pod\/web may not vol\.mount vol\/db/);
    expect(servicesOf(session).storage.show("db").state).toBe("Available");
    expect(ok(session, "audit query --type security").join("\n")).toMatch(/vol\.mount.*vol\/db.*denied/);
  });

  it("bind undoes what it did when a later step fails: volumes unmounted and unmapped, no interface left", () => {
    const session = world();
    const attachments = attachmentsOf(session);
    const def = podDef("web", [{ name: "a", volume: "db" }, { name: "b", volume: "dv" }], ["lan", "nope"]);
    expect(failure(() => attachments.bind(bound(def), NODE_W1)).code).toBe("ENOENT");
    const { storage, cluster, network } = servicesOf(session);
    expect([storage.show("db").state, storage.show("dv").state]).toEqual(["Available", "Available"]);
    expect(cluster.mappings()).toEqual([]);
    expect(network.interfaces("lan")).toEqual([]);
  });

  it("unreachable names why a node cannot serve the pod, for the scheduler's Pending message", () => {
    const session = world();
    const attachments = attachmentsOf(session);
    expect(attachments.unreachable(podDef("web", [{ name: "d", volume: "dv" }], ["lan"]), NODE_W1)).toBeUndefined();
    expect(attachments.unreachable(podDef("web", [{ name: "d", volume: "dv" }]), { name: "w3", storageClient: "w3" })).toBe('node(s) had no storage client for distributed volume "dv"');
    expect(attachments.unreachable(podDef("web", [{ name: "d", volume: "db" }]), { name: "w3", storageClient: "w3" })).toBeUndefined(); // a local volume needs none
    expect(attachments.unreachable(podDef("web", [{ name: "d", volume: "gone" }]), NODE_W1)).toBe('persistentvolumeclaim "gone" not found');
    expect(attachments.unreachable(podDef("web", [], ["wan"]), NODE_W1)).toBe('network "wan" not found');
    attachments.bind(bound(podDef("api", [{ name: "d", volume: "db" }])), NODE_W1);
    expect(attachments.unreachable(podDef("web", [{ name: "d", volume: "db" }]), NODE_W2)).toBe('volume "db" is in use by pod/api');
  });

  it("a storage node failing leaves the pod's distributed volume served from the surviving copy; unbind unmounts and unmaps", () => {
    const session = world();
    runApp(session, "web", "write /data 1M/s");
    const pod = bound(podDef("web", [{ name: "data", volume: "dv" }]));
    attachmentsOf(session).bind(pod, NODE_W1);
    ok(session, "sleep 10s");
    ok(session, "cluster sds fail sds1");
    ok(session, "sleep 10s");
    const { storage } = servicesOf(session);
    const read = (offset: number) => Buffer.from(storage.mounts.read("dv", "pod/web", offset, 31)).toString("latin1");
    expect(read(0)).toBe(record("web-app", 0));
    expect(read(15 * MiB)).toBe(record("web-app", (15 * MiB) / 32)); // written after the failure, to the surviving copies
    attachmentsOf(session).unbind(pod);
    expect(storage.show("dv").state).not.toBe("Attached");
    expect(servicesOf(session).cluster.mappings()).toEqual([]);
  });

  it("a volume a bound pod mounts is not deleted, even by force (pvc-protection); once unbound it goes", () => {
    const session = world();
    runApp(session, "web", "write /data 1M/s");
    const pod = bound(podDef("web", [{ name: "data", volume: "db" }], ["lan"]));
    attachmentsOf(session).bind(pod, NODE_W1);
    ok(session, "sleep 5s");
    for (const line of ["vol delete db", "vol delete db --force"]) {
      const outcome = session.execute(line);
      expect(outcome.ok).toBe(false);
      expect(outcome.error).toBe("error: volume 'db' is mounted by pod/web: a volume in use by a pod is not deleted, even with --force [EBUSY] — pod delete web first (it unmounts the volume), then vol delete db");
    }
    ok(session, "sleep 10s");
    expect(ok(session, "ctr logs web-app").join("\n")).not.toContain("EIO");
    expect(Buffer.from(servicesOf(session).storage.mounts.read("db", "pod/web", 0, 31)).toString("latin1")).toMatch(/^web-app \d{10}/); // still written through the mount
    attachmentsOf(session).unbind(pod);
    ok(session, "vol delete db");
    expect(attachmentsOf(session).unreachable(pod.def, NODE_W1)).toBe('persistentvolumeclaim "db" not found');
  });
});

describe("pod attachments: interfaces", () => {
  it("`ctr exec <c> ping <ip>` goes from the pod's interface to a pod on another node; net capture sees the frames", () => {
    const session = world();
    runApp(session, "web", "serve 80");
    ok(session, 'ctr run busybox --name api-app --cmd "serve 81"');
    const attachments = attachmentsOf(session);
    const web = attachments.bind(bound(podDef("web", [], ["lan"])), NODE_W1);
    const api = attachments.bind(bound(podDef("api", [], ["lan"])), NODE_W2);
    expect([web.ip, api.ip]).toEqual(["10.0.0.2", "10.0.0.3"]);
    expect(ok(session, "net if list lan").join("\n")).toMatch(/api .*w2/);
    ok(session, "sleep 2s; net capture start lan");
    const lines = ok(session, "ctr exec api-app ping -c 2 10.0.0.2");
    expect(lines[0]).toBe("PING 10.0.0.2 (10.0.0.2): 56 data bytes");
    expect(lines).toContain("2 packets transmitted, 2 packets received, 0% packet loss");
    ok(session, "net capture stop");
    expect(ok(session, "net capture show").join("\n")).toMatch(/10\.0\.0\.3 > 10\.0\.0\.2: ICMP echo request/);
    attachments.unbind(bound(podDef("web", [], ["lan"])));
    expect(session.execute("ctr exec api-app ping -c 1 10.0.0.2").error).toMatch(/exited with 1/);
  });

  it("a pod rescheduled to another node keeps its address with a new MAC: its gratuitous ARP lets a peer that cached the old MAC reach it at once", () => {
    const session = world();
    runApp(session, "web", "serve 80");
    ok(session, 'ctr run busybox --name api-app --cmd "serve 81"');
    const attachments = attachmentsOf(session);
    const web = bound(podDef("web", [], ["lan"]));
    attachments.bind(web, NODE_W1);
    attachments.bind(bound(podDef("api", [], ["lan"])), NODE_W2);
    ok(session, "sleep 2s");
    expect(ok(session, "ctr exec api-app ping -c 1 10.0.0.2")).toContain("1 packets transmitted, 1 packets received, 0% packet loss");
    const macOfWeb = () => servicesOf(session).network.interfaces("lan").find((i) => i.name === "web")!.mac;
    const oldMac = macOfWeb();
    attachments.unbind(web);
    ok(session, "net capture start lan");
    expect(attachments.bind(web, NODE_W2).ip).toBe("10.0.0.2"); // the node failed; the pod comes back elsewhere
    ok(session, "net capture stop");
    expect(macOfWeb()).not.toBe(oldMac);
    expect(ok(session, "net capture show").join("\n")).toMatch(/ARP, Request who-has 10\.0\.0\.2 tell 10\.0\.0\.2/);
    expect(ok(session, "ctr exec api-app ping -c 1 10.0.0.2")).toContain("1 packets transmitted, 1 packets received, 0% packet loss");
    expect(ok(session, "audit query --type container").join("\n")).toMatch(/pod\.leave +net\/lan /); // the network, as pod.join names it
  });

  it("a container outside any pod has no route; bad arguments get busybox's usage", () => {
    const session = world();
    runApp(session, "solo", "serve 80");
    ok(session, "sleep 2s");
    expect(session.execute("ctr exec solo-app ping 10.0.0.2").error).toMatch(/exited with 1/);
    expect(servicesOf(session).containers.exec("solo-app", "ping 10.0.0.2").output).toEqual(["ping: sendto: Network is unreachable"]);
    expect(servicesOf(session).containers.exec("solo-app", "ping -c x 10.0.0.2").output).toEqual(["ping: invalid number 'x'"]);
  });
});
