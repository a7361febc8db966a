// Namespaces and exec (issue 15): eight namespace kinds with ids, each container's own (user and
// time shared with the host, as Docker does), and exec showing isolation: its own PID 1, its own
// hostname (the short id), its own namespace ids; exec refused unless Running.

import { describe, expect, it } from "vitest";
import { HOST_NAMESPACE_IDS, NAMESPACE_KINDS } from "../../modules/containers/index.js";
import { CONTAINER_START_MS, NAMESPACE_ID_FIRST } from "../../src/limits.js";
import { errorOf, rig } from "./helpers.js";

describe("namespaces", () => {
  it("gives each container the eight kinds, its own ids but for user and time", () => {
    const r = rig();
    r.run({ name: "a", command: "sleep 1h" });
    r.run({ name: "b", command: "sleep 1h" });
    const a = r.manager.show("a").namespaces;
    const b = r.manager.show("b").namespaces;
    expect(a.map((n) => n.kind)).toEqual([...NAMESPACE_KINDS]);
    expect(a.find((n) => n.kind === "mnt")!.id).toBe(NAMESPACE_ID_FIRST);
    for (const kind of ["mnt", "uts", "ipc", "pid", "net", "cgroup"] as const) {
      expect(a.find((n) => n.kind === kind)!.id).not.toBe(b.find((n) => n.kind === kind)!.id);
      expect(a.find((n) => n.kind === kind)!.id).not.toBe(HOST_NAMESPACE_IDS[kind]);
    }
    expect(a.find((n) => n.kind === "user")!.id).toBe(HOST_NAMESPACE_IDS.user);
    expect(b.find((n) => n.kind === "time")!.id).toBe(HOST_NAMESPACE_IDS.time);
  });

  it("shows isolation through exec: PID 1 is the workload, the hostname is the short id", () => {
    const r = rig();
    r.manager.run({ name: "web", image: "nginx" });
    r.run({ name: "other", command: "sleep 1h", uid: 1000 });
    r.sleep(CONTAINER_START_MS);
    const web = r.manager.show("web");
    expect(web.hostname).toBe(web.id.slice(0, 12));
    expect(r.manager.exec("web", "hostname")).toEqual({ exitCode: 0, output: [web.hostname] });
    expect(r.manager.exec("other", "hostname").output[0]).not.toBe(web.hostname);
    expect(r.manager.exec("web", "ps").output).toEqual(["PID   USER     TIME  COMMAND", "    1 root     0:00 serve 80", "    2 root     0:00 serve 80", "    3 root     0:00 ps"]);
    expect(r.manager.exec("other", "ps").output[1]).toBe("    1 1000     0:00 sleep 1h");
    expect(r.manager.exec("web", "id").output).toEqual(["uid=0(root) gid=0(root) groups=0(root)"]);
    expect(r.manager.exec("other", "id").output).toEqual(["uid=1000 gid=1000 groups=1000"]);
    const ns = r.manager.exec("web", "cat /proc/self/ns").output;
    expect(ns).toHaveLength(8);
    expect(ns).toContain(`net -> net:[${web.namespaces.find((n) => n.kind === "net")!.id}]`);
    expect(r.manager.exec("web", "readlink /proc/self/ns/pid").output).toEqual([`pid:[${web.namespaces.find((n) => n.kind === "pid")!.id}]`]);
    expect(r.manager.exec("web", "curl localhost:80")).toMatchObject({ exitCode: 0 });
    expect(r.manager.exec("other", "curl localhost:80")).toMatchObject({ exitCode: 7 }); // its own net namespace: nothing listens there
    r.run({ name: "hung", command: "serve 80; hang after 1s" });
    r.sleep(CONTAINER_START_MS + 1000);
    expect(r.manager.exec("hung", "curl localhost:80").exitCode).toBe(28); // it listens, it does not answer
    expect(r.manager.exec("web", "vi")).toEqual({ exitCode: 127, output: ["sh: vi: not found"] });
  });

  it("refuses exec unless the container is Running", () => {
    const r = rig();
    r.manager.create({ name: "c", image: "busybox" });
    expect(errorOf(() => r.manager.exec("c", "ps")).message).toBe("container 'c' is not running: it is Created");
    r.manager.start("c");
    r.sleep(CONTAINER_START_MS);
    r.manager.pause("c");
    expect(errorOf(() => r.manager.exec("c", "ps")).hint).toBe("ctr resume c before exec");
  });
});
