// Bugs the fuzzer found (test/fuzz/fuzz.test.ts), each kept as the smallest case that shows it.

import { SUBSYSTEMS } from "../../modules/subsystems.js";
import { rmSync, truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Kernel } from "../../src/kernel.js";
import { IO_LENGTH_MAX } from "../../src/limits.js";
import { StateStore } from "../../src/persistence/state-store.js";
import { newSession, ok, TEST_KEY, tempDir } from "../helpers.js";

/** The kernel's snapshot as JSON, and the snapshot of the kernel rebuilt from it. */
function reloadBoth(kernel: Kernel): [string, string] {
  const text = JSON.stringify(kernel.toSnapshot());
  return [text, JSON.stringify(Kernel.fromSnapshot(JSON.parse(text), { sealKey: TEST_KEY, subsystems: SUBSYSTEMS }).toSnapshot())];
}

describe("found by the fuzzer", () => {
  it("keeps root's own settings across save and load (root's record is restored apart from the others)", () => {
    const session = newSession();
    const file = join(tempDir(), "s.json");
    ok(session, `umask 0077; save ${file}; load ${file}`); // root's clearance and capabilities cannot be lowered (root-keeps.test.ts)
    expect(ok(session, "id root")[0]).toBe("uid=0(root) gid=0(root) groups=0(root) clearance=isolated umask=0077");
  });

  it("reloads a cluster whose last client left before its heartbeat to the same snapshot", () => {
    const session = newSession();
    ok(session, "cluster sdc add host1; cluster sdc remove host1");
    const [saved, reloaded] = reloadBoth(session.kernel);
    expect(reloaded).toBe(saved);
    expect(JSON.parse(reloaded).cluster.timers).toEqual([10_000, -1]); // the heartbeat still due at 10 s
  });

  it("refuses to write a device or a file longer than one IO, without reading it", () => {
    const session = newSession();
    const big = join(tempDir(), "big.bin");
    writeFileSync(big, "");
    truncateSync(big, IO_LENGTH_MAX + 1); // sparse: costs no disk
    ok(session, "vol create v --size 1G");
    expect(session.execute(`vol write v 0 --file ${big}`).error).toBe(`error: cannot read ${big}: it is 67108865 bytes; the limit is 64M [EINVAL]`);
    expect(session.execute("vol write v 0 --file /dev/zero").error).toBe("error: cannot read /dev/zero: not a regular file [EINVAL]");
    expect(session.execute("vol write v 0 --file /nonexistent/x").error).toBe("error: cannot read /nonexistent/x: no such directory /nonexistent [ENOENT]");
  });

  it("checks a shrink for written bytes chunk by chunk, not by reading the whole cut at once", () => {
    const session = newSession();
    ok(session, "vol create v --size 2G; vol write v 2047M --data x");
    const before = process.memoryUsage().arrayBuffers;
    expect(session.execute("vol resize v 8M").error).toBe(`error: shrinking 'v' to 8M would cut written data at byte ${2047 * 1024 ** 2} [EBUSY] — resize --force discards it`);
    ok(session, "vol resize v 2047.5M"); // nothing written past it
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(IO_LENGTH_MAX);
    expect(ok(session, "vol resize v 8M --force")).toEqual(["v: 8M"]);
  });

  it("refuses a token for a chunk no storage node holds, naming the chunk", () => {
    const session = newSession();
    ok(session, "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2");
    ok(session, "cluster sds add sds1 --pool pd1/sp1 --capacity 1G; cluster sds add sds2 --pool pd1/sp1 --capacity 1G; cluster sdc add host1");
    ok(session, "vol create dv --type distributed --pool pd1/sp1 --size 8M; cluster map dv host1; cluster token issue dv read 1M 4K --sdc host1");
    ok(session, "cluster sds remove sds1; cluster sds remove sds2");
    expect(session.execute("cluster token verify last").error).toBe("error: no storage node holds chunk 1 of dv [ENOENT] — add nodes to its pool, or present the token to one with --sds <node>");
  });

  it("refuses to load anything but a regular file, without reading it (/dev/zero never ends)", () => {
    const session = newSession();
    expect(session.execute("load /dev/null").error).toBe("error: cannot load /dev/null: not a regular file [EINVAL]");
    expect(session.execute("load /dev/zero").error).toBe("error: cannot load /dev/zero: not a regular file [EINVAL]");
  });

  it("shrinks a distributed volume whose pool lost every node (nothing can be cut)", () => {
    const session = newSession();
    ok(session, "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2");
    ok(session, "cluster sds add sds1 --pool pd1/sp1 --capacity 1G; cluster sds add sds2 --pool pd1/sp1 --capacity 1G");
    ok(session, "vol create dv --type distributed --pool pd1/sp1 --size 8M; cluster sds remove sds1; cluster sds remove sds2");
    expect(ok(session, "vol resize dv 1M")).toEqual(["dv: 1M"]);
  });

  it("refuses chaos while a node of its pool is draining (it would leave in the middle)", () => {
    const session = newSession();
    ok(session, "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sdc add host1");
    ok(session, "cluster sds add sds1 --pool pd1/sp1 --capacity 1G; cluster sds add sds2 --pool pd1/sp1 --capacity 1G; cluster sds add sds3 --pool pd1/sp1 --capacity 1G");
    ok(session, "vol create dv --type distributed --pool pd1/sp1 --size 8M; cluster map dv host1; vol write dv 0 --pattern 1 --len 2M; cluster sds remove sds2");
    expect(session.execute("cluster chaos --duration 1m").error).toBe("error: chaos starts from a healthy pool: sds2 in pd1/sp1 is draining [EBUSY] — wait for it to leave: cluster rebuild status");
  });

  it("journals a vol write that names --file among other payloads as typed, so replay fails the same way", () => {
    const dir = tempDir();
    const file = join(dir, "bytes.txt");
    writeFileSync(file, "from a file");
    const first = newSession({ store: StateStore.open(dir) });
    ok(first, "vol create v0 --size 1M");
    expect(first.execute(`vol write v0 0 --data hello --file ${file}`).error).toBe("error: vol write: give one of --data, --file [EINVAL] — --data <text>, --hex <hex>, --file <path>, or --pattern <byte> --len <n>");
    const before = JSON.stringify(first.kernel.toSnapshot());
    rmSync(join(dir, "lock")); // no close: the process "dies" here
    const store = StateStore.open(dir);
    const again = newSession({ store }).kernel;
    expect(again.view.audit.tail(1)[0]!.message).toBe("vol write: give one of --data, --file");
    expect(JSON.stringify(again.toSnapshot()) === before).toBe(true);
    store.close();
  });

  it("keeps the audit entries of a refused load or reset across an unclean stop (they are not journaled)", () => {
    const dir = tempDir();
    const first = newSession({ store: StateStore.open(dir) });
    ok(first, "user add alice");
    expect(first.execute(`load ${join(dir, "none.json")}`).error).toBe(`error: cannot load ${join(dir, "none.json")}: no such file [ENOENT]`);
    ok(first, "su alice");
    expect(first.execute("reset").error).toMatch(/^error: permission denied: alice may not kernel.reset/);
    const before = first.kernel.view.audit.tail(4).map((entry) => [entry.action, entry.result]);
    rmSync(join(dir, "lock")); // no close: the process "dies" here
    const store = StateStore.open(dir);
    const again = newSession({ store }).kernel;
    expect(again.view.audit.tail(4).map((entry) => [entry.action, entry.result])).toEqual(before);
    expect(before).toEqual([["kernel.load", "ENOENT"], ["user.su", "allowed"], ["user.su", "success"], ["kernel.reset", "denied"]]);
    store.close();
  });

  it("keeps a failed write to a file (save, audit export, vol read --out) out of the journal, so a restart rebuilds the same trail", () => {
    const dir = tempDir();
    const first = newSession({ store: StateStore.open(dir) });
    const missing = join(dir, "missing", "x");
    for (const line of [`save ${missing}`, `audit export ${missing}`, `vol create v --size 1M; vol read v 0 4 --out ${missing}`]) expect(first.execute(line).ok).toBe(false);
    const before = first.kernel.view.audit.tail(12).map((entry) => [entry.action, entry.result]);
    rmSync(join(dir, "lock")); // no close: the process "dies" here
    const store = StateStore.open(dir);
    expect(newSession({ store }).kernel.view.audit.tail(12).map((entry) => [entry.action, entry.result])).toEqual(before);
    expect(before.map(([action]) => action)).toEqual(expect.arrayContaining(["kernel.save", "audit.export", "vol.read"]));
    store.close();
  });

  it("journals vol write --file as --hex before a closing --, so replay parses it the same way", () => {
    const dir = tempDir();
    const file = join(tempDir(), "bytes.txt"); // outside the state directory, whose files are kshell's own
    writeFileSync(file, "from a file");
    const first = newSession({ store: StateStore.open(dir) });
    ok(first, "vol create v0 --size 1M");
    ok(first, `vol write v0 0 --file ${file} --`);
    rmSync(join(dir, "lock")); // no close: the process "dies" here
    const store = StateStore.open(dir);
    expect(ok(newSession({ store }), "vol read v0 0 11")).toEqual(["from a file"]);
    store.close();
  });

  it("lists users and groups in the same order after a restart, whatever slots a deletion freed", () => {
    const dir = tempDir();
    const first = newSession({ store: StateStore.open(dir) });
    ok(first, "user add ann; user add ben; user del ann; group add g1; group add g2; group del g1; save; user add cat; group add g3");
    const users = ok(first, "user list");
    const groups = ok(first, "group list");
    rmSync(join(dir, "lock")); // no close: the process "dies" here
    const store = StateStore.open(dir);
    const again = newSession({ store });
    expect(ok(again, "user list")).toEqual(users);
    expect(ok(again, "group list")).toEqual(groups);
    expect(users.slice(1).map((row) => row.split(/\s+/)[0])).toEqual(["root", "ben", "cat"]); // by uid: 0, 1001, 1002 (a new uid is past the highest)
    store.close();
  });

  it("refuses a --user uid beyond UID_MAX in audit filters and queries (it wrapped negative and the snapshot could not be loaded)", () => {
    const session = newSession();
    expect(session.execute("audit filter add --effect keep --user 2147483648").error).toBe("error: --user 2147483648 is out of range (0..65534) [EINVAL]");
    expect(session.execute("audit query --user 65535").error).toBe("error: --user 65535 is out of range (0..65534) [EINVAL]");
    const file = join(tempDir(), "s.json");
    ok(session, `audit filter add --effect keep --user 65534; save ${file}; load ${file}`);
  });

  it("refuses a rule for a uid or gid beyond UID_MAX (uid 4294967296 wrapped to 0 and denied root)", () => {
    const session = newSession();
    expect(session.execute("sec rule add --effect deny --uid 4294967296 --action vol.create").error).toBe("error: uid 4294967296 is out of range (0..65534) [EINVAL]");
    expect(session.execute("sec rule add --effect deny --gid 65535 --action vol.create").error).toBe("error: gid 65535 is out of range (0..65534) [EINVAL]");
    expect(ok(session, "vol create v --size 1M")).toEqual(["created volume v: 1M block on ssd (thin)"]);
  });
});
