// The `mounts` port storage provides (modules/storage/mounts.ts): a holder mounts a local volume
// (Attached, naming it) or a distributed one (mapped to its storage client in the cluster), writes
// and reads through the mount, and is refused where it should be.

import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { failure, ok, tempDir } from "../helpers.js";
import { servicesOf, text, world } from "../containers/attachments/setup.js";

describe("mounts (storage's port)", () => {
  it("a local mount makes the volume Attached to the holder; its writes are the volume's bytes", () => {
    const session = world();
    const { storage } = servicesOf(session);
    const mount = storage.mounts.mount("db", "pod/web", { readOnly: false });
    expect(mount).toEqual({ volume: "db", holder: "pod/web", readOnly: false, client: "" });
    expect(storage.show("db")).toMatchObject({ state: "Attached", attachedTo: "pod/web" });
    storage.mounts.write("db", "pod/web", 4096, new TextEncoder().encode("hello pod"));
    expect(ok(session, "vol read db 4096 9")).toEqual(["hello pod"]);
    expect(text(storage.mounts.read("db", "pod/web", 4096, 5))).toBe("hello");
    expect(failure(() => storage.mounts.write("db", "pod/api", 0, new Uint8Array(1)))).toEqual({ code: "EACCES", message: "volume 'db' is not mounted by pod/api" });
    expect(failure(() => storage.mounts.mount("db", "pod/api", { readOnly: true })).code).toBe("EBUSY");
    expect(session.execute("vol detach db").error).toMatch(/volume 'db' is mounted by pod\/web \[EBUSY\]/);
    expect(session.execute("vol delete db").error).toMatch(/mounted by pod\/web: a volume in use by a pod is not deleted, even with --force \[EBUSY\]/);
    expect(session.execute("vol delete db --force").error).toMatch(/mounted by pod\/web.* \[EBUSY\]/);
    storage.mounts.unmount("db", "pod/web");
    expect(storage.show("db")).toMatchObject({ state: "Available", attachedTo: null });
    expect(storage.mounts.mountOf("db")).toBeUndefined();
  });

  it("a read-only mount refuses writes with EROFS and changes no byte", () => {
    const session = world();
    const { storage } = servicesOf(session);
    ok(session, "vol write db 0 --data before");
    storage.mounts.mount("db", "pod/web", { readOnly: true });
    expect(failure(() => storage.mounts.write("db", "pod/web", 0, new TextEncoder().encode("after!")))).toEqual({ code: "EROFS", message: "volume 'db' is mounted read-only by pod/web" });
    expect(text(storage.mounts.read("db", "pod/web", 0, 6))).toBe("before");
  });

  it("a distributed mount maps the volume to the holder's client; IO goes through it; unmount unmaps", () => {
    const session = world();
    const { storage, cluster } = servicesOf(session);
    expect(failure(() => storage.mounts.mount("dv", "pod/web", { readOnly: false })).code).toBe("EINVAL");
    storage.mounts.mount("dv", "pod/web", { readOnly: false, client: "w1" });
    expect(cluster.mappings()).toEqual([{ volume: "dv", client: "w1", access: "rw" }]);
    expect(storage.show("dv")).toMatchObject({ state: "Attached", attachedTo: "pod/web" });
    storage.mounts.write("dv", "pod/web", 8192, new TextEncoder().encode("through w1"));
    expect(ok(session, "vol read dv 8192 10 --sdc w1")).toEqual(["through w1"]);
    storage.mounts.unmount("dv", "pod/web");
    expect(cluster.mappings()).toEqual([]);
    expect(storage.show("dv").state).toBe("Available");
  });

  it("a mount that fails changes nothing: an unknown client leaves the volume Available and unmapped", () => {
    const session = world();
    const { storage, cluster } = servicesOf(session);
    expect(failure(() => storage.mounts.mount("dv", "pod/web", { readOnly: false, client: "nope" })).code).toBe("ENOENT");
    expect(storage.show("dv").state).toBe("Available");
    expect(cluster.mappings()).toEqual([]);
    ok(session, "vol attach db host1");
    expect(failure(() => storage.mounts.mount("db", "pod/web", { readOnly: false })).message).toBe("volume 'db' is already attached by host1");
  });

  it("reachability: a missing volume, and a distributed volume whose client is not in the cluster", () => {
    const session = world();
    const { storage } = servicesOf(session);
    expect(storage.mounts.unreachable("nope", "w1")).toBe('volume "nope" not found');
    expect(storage.mounts.unreachable("dv", "w9")).toBe('volume "dv" is distributed and storage client "w9" is not in the cluster');
    expect(storage.mounts.unreachable("dv", "w1")).toBeUndefined();
    expect(storage.mounts.unreachable("db", "w9")).toBeUndefined(); // a local volume needs no client
    expect(storage.mounts.facts("dv")).toEqual({ name: "dv", type: "distributed", distributed: true, sizeBytes: 64 * 1024 ** 2, path: "vol/dv", holder: undefined });
  });

  it("a mount is saved and restored with its volume", () => {
    const session = world();
    const { storage } = servicesOf(session);
    storage.mounts.mount("db", "pod/web", { readOnly: true });
    storage.mounts.mount("dv", "pod/api", { readOnly: false, client: "w2" });
    const file = join(tempDir(), "mounts.json");
    ok(session, `save ${file}`);
    ok(session, `load ${file}`);
    const restored = servicesOf(session).storage;
    expect(restored.mounts.mountOf("db")).toEqual({ volume: "db", holder: "pod/web", readOnly: true, client: "" });
    expect(restored.mounts.mountOf("dv")).toEqual({ volume: "dv", holder: "pod/api", readOnly: false, client: "w2" });
    expect(failure(() => restored.mounts.write("db", "pod/web", 0, new Uint8Array(1))).code).toBe("EROFS");
  });
});
