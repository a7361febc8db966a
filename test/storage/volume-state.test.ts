// Issue #9, storage: a volume's state says the truth (Degraded follows the data, transient states
// last as long as their operation in simulated time and survive a reload), mapped and attached
// volumes refuse a plain delete, and QoS throttling and slow IO reach the audit trail once per change.

import { describe, expect, it } from "vitest";
import { StorageVolumeManager } from "../../modules/storage/index.js";
import { Clock } from "../../src/clock.js";
import { StateStore } from "../../src/persistence/state-store.js";
import { CHUNK_SIZE } from "../../src/limits.js";
import { liveSnapshot } from "../../shell/display/live.js";
import { Session } from "../../shell/session.js";
import { newSession, ok, tempDir, TEST_KEY } from "../helpers.js";
import { fillTier } from "./fixtures.js";

const MiB = 1024 * 1024;

function stateOf(session: Session, volume: string): string {
  const row = ok(session, "vol list").find((line) => line.startsWith(`${volume} `));
  return row!.split(/\s+/)[1]!;
}

function error(session: Session, line: string): string {
  const outcome = session.execute(line);
  expect(outcome.ok, `'${line}' should fail`).toBe(false);
  return outcome.error!.replace(/^error: /, "");
}

/** A local manager whose ssd pool has two chunks left beside a thick hog (already initialized). */
function fullPool() {
  const clock = new Clock();
  const records: { action: string; object: string; message: string; warning?: boolean }[] = [];
  const storage = new StorageVolumeManager(clock, undefined, { record: (event) => records.push(event) });
  fillTier(storage, "ssd", 2);
  clock.advance(40_000_000); // the thick volumes zero their 16T reservations
  storage.create({ name: "thin", type: "block", tier: "ssd", sizeBytes: MiB, thin: true });
  return { clock, storage, records };
}

describe("Degraded follows the data", () => {
  it("keeps a local volume Degraded after ENOSPC through a snapshot, until space is freed", () => {
    const { storage } = fullPool();
    storage.create({ name: "filler", type: "block", tier: "ssd", sizeBytes: MiB, thin: true });
    storage.write("filler", 0, new Uint8Array(2 * CHUNK_SIZE).fill(1)); // the last two chunks
    expect(() => storage.write("thin", 0, new Uint8Array(CHUNK_SIZE).fill(9))).toThrow(expect.objectContaining({ code: "ENOSPC" }));
    expect(storage.show("thin")).toMatchObject({ state: "Degraded", stateDetail: "a write needed 1 chunk(s), 0 free: ENOSPC" });
    storage.snapshotCreate("thin", "s1");
    expect(storage.show("thin").state).toBe("Degraded"); // was Available: the snapshot forgot the failure
    expect(storage.list().map((v) => v.state)).toEqual(["Available", "Available", "Available", "Available", "Degraded", "Available"]); // four hogs, thin, filler
    storage.delete("filler", false); // its two chunks go back to the pool: the failed write fits again
    expect(storage.show("thin").state).toBe("Available");
  });

  it("shows a distributed volume Degraded when a copy is lost and when a read fails with EIO, in list, show and status", () => {
    const session = newSession();
    ok(session, "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2 --shards 8");
    for (const node of ["sds1", "sds2", "sds3"]) ok(session, `cluster sds add ${node} --pool pd1/sp1 --capacity 1G`);
    ok(session, "cluster sdc add host1; vol create dv --type distributed --pool pd1/sp1 --size 8M; cluster map dv host1");
    ok(session, "vol write dv 0 --pattern 0x61 --len 3M");
    expect(stateOf(session, "dv")).toBe("Available");
    ok(session, "cluster sds fail sds1");
    expect(stateOf(session, "dv")).toBe("Degraded");
    expect(ok(session, "vol show dv")).toContain("state:       Degraded (some data is below its pool's copies)");
    ok(session, "cluster sds fail sds2");
    expect(error(session, "vol read dv 0 4")).toMatch(/\[EIO\]/);
    expect(stateOf(session, "dv")).toBe("Degraded"); // was Available
    expect(ok(session, "vol show dv")).toContain("state:       Degraded (some data has no reachable copy: reads of it fail with EIO)");
    expect(ok(session, "status").find((line) => line.startsWith("storage"))).toMatch(/\bdegraded\b/);
    const watched = liveSnapshot(session.kernel.view, "vol", session.display, {}).sections.find((section) => section.title === "volumes")!;
    expect(watched.lines.find((line) => line.startsWith("dv "))).toMatch(/^dv\s+Degraded\s/);
    ok(session, "cluster sds recover sds1; cluster sds recover sds2; sleep 20s");
    expect(stateOf(session, "dv")).toBe("Available");
    expect(ok(session, "vol read dv 0 4")).toEqual(["aaaa"]);
  });
});

describe("transient states take simulated time", () => {
  it("keeps a thick volume Initializing until its zeroing ends, refusing IO naming the state and its end", () => {
    const session = newSession();
    ok(session, "vol create big --size 1G --thick");
    expect(stateOf(session, "big")).toBe("Initializing");
    expect(ok(session, "vol show big")).toContain("state:       Initializing (until T+00:00:02.1)");
    expect(error(session, "vol write big 0 --data x")).toBe("cannot write volume 'big': it is Initializing until T+00:00:02.1 [EBUSY] — it becomes Available then (sleep 2.1s); until then only vol show, list, stats and snap list work, and vol delete (it cancels the zeroing)");
    ok(session, "sleep 2s");
    expect(stateOf(session, "big")).toBe("Initializing");
    ok(session, "sleep 100ms");
    expect(stateOf(session, "big")).toBe("Available");
    ok(session, "vol write big 0 --data x; vol create small --size 64M --thick --tier hdd"); // 0.43 s: instant
    expect(stateOf(session, "small")).toBe("Available");
  });

  it("keeps a large snapshot Snapshotting, then returns the volume to Attached", () => {
    const session = newSession();
    ok(session, "vol create db --size 256M --tier hdd; vol attach db web1");
    for (let at = 0; at < 192; at += 64) ok(session, `vol write db ${at}M --pattern 1 --len 64M`); // 3072 chunks
    ok(session, "vol snap create db s1"); // 3072 references at 8 ms: 24.6 s
    expect(stateOf(session, "db")).toBe("Snapshotting");
    expect(error(session, "vol detach db")).toMatch(/^cannot detach volume 'db': it is Snapshotting until .* it becomes Attached then/);
    ok(session, "sleep 25s");
    expect(stateOf(session, "db")).toBe("Attached");
    expect(ok(session, "vol snap list db").join("\n")).toMatch(/^s1\s/m);
  });

  it("survives save and reload: the end is scheduled again from the saved state", () => {
    const dir = tempDir();
    const first = new Session({ seed: 1, sealKey: TEST_KEY, store: StateStore.open(dir) });
    ok(first, "vol create big --size 1G --thick; save");
    first.close();
    const second = new Session({ seed: 1, sealKey: TEST_KEY, store: StateStore.open(dir) });
    expect(stateOf(second, "big")).toBe("Initializing");
    ok(second, "sleep 3s");
    expect(stateOf(second, "big")).toBe("Available");
    second.close();
  });
});

describe("vol delete of a volume in use", () => {
  it("refuses a mapped distributed volume naming the client; --force unmaps and deletes", () => {
    const session = newSession();
    ok(session, "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2");
    ok(session, "cluster sds add sds1 --pool pd1/sp1 --capacity 1G; cluster sds add sds2 --pool pd1/sp1 --capacity 1G");
    ok(session, "cluster sdc add h; vol create dv --type distributed --pool pd1/sp1 --size 8M; cluster map dv h");
    expect(error(session, "vol delete dv")).toBe("volume 'dv' is mapped to sdc h [EBUSY] — unmap it first (cluster unmap dv h), or delete --force (unmaps it)");
    expect(ok(session, "vol list").join("\n")).toMatch(/^dv\s/m);
    ok(session, "vol delete dv --force");
    expect(ok(session, "vol list")).toEqual(["(no volumes: vol create <name> --size <size>)"]);
    expect(ok(session, "cluster sdc list").join("\n")).toMatch(/^h\s+\S+\s+-$/m);
  });

  it("refuses an attached local volume; --force detaches and deletes", () => {
    const session = newSession();
    ok(session, "vol create v --size 1M; vol attach v web1");
    expect(error(session, "vol delete v")).toBe("volume 'v' is attached to web1 [EBUSY] — detach it first, or delete --force");
    ok(session, "vol delete v --force");
    expect(session.execute("vol show v").ok).toBe(false);
  });
});

describe("QoS Performance events", () => {
  it("records throttling started and ended once per change, and latency over the threshold", () => {
    const { storage, records } = fullPool();
    storage.setQos("thin", { iops: 5, bandwidthBytesPerSecond: 0, iopsBurst: 0, bandwidthBurst: 0 });
    for (let i = 0; i < 8; i++) storage.write("thin", 0, new Uint8Array(16)); // 5 in the burst, 3 wait 200 ms each
    expect(records.map((r) => r.action)).toEqual(["vol.qos.throttle.start", "vol.latency.high"]);
    expect(records[1]).toMatchObject({ object: "vol/thin", warning: true, message: expect.stringMatching(/^IO latency 19\d\.\d ms is over 100 ms \(VOLUME_LATENCY_WARN_MS\)$/) });
    storage.setQos("thin", { iops: 0, bandwidthBytesPerSecond: 0, iopsBurst: 0, bandwidthBurst: 0 });
    storage.write("thin", 0, new Uint8Array(16));
    storage.write("thin", 0, new Uint8Array(16));
    expect(records.map((r) => r.action)).toEqual(["vol.qos.throttle.start", "vol.latency.high", "vol.qos.throttle.end", "vol.latency.normal"]);
  });

  it("writes them to the audit trail as performance entries", () => {
    const session = newSession();
    ok(session, "vol create v --size 1M; vol qos v --iops 1");
    ok(session, "vol write v 0 --data a; vol write v 0 --data b");
    const lines = ok(session, "audit query --type performance");
    expect(lines.join("\n")).toMatch(/vol\.qos\.throttle\.start\s+vol\/v\s+observed/);
  });
});

describe("a thick volume still Initializing", () => {
  it("may be deleted, which cancels its zeroing and gives back its reservation; other transient states still refuse", () => {
    const session = newSession();
    ok(session, "vol create t --size 16T --thick");
    expect(stateOf(session, "t")).toBe("Initializing");
    expect(ok(session, "vol delete t")).toEqual(["deleted volume t"]);
    expect(ok(session, "status").join("\n")).toMatch(/pools ssd 0%, hdd 0%/); // no reservation left behind
    ok(session, "vol create t --size 64M --tier hdd; vol write t 0 --pattern 1 --len 16M; vol snap create t s"); // the slot again; 256 chunks on hdd: Snapshotting for 2 s
    expect(stateOf(session, "t")).toBe("Snapshotting");
    expect(error(session, "vol delete t --force")).toMatch(/^cannot delete volume 't': it is Snapshotting until /);
  });

  it("ends nothing when the cancelled zeroing's timer comes due: a new volume in its slot keeps its own time", () => {
    const session = newSession();
    const until = () => /Initializing \(until T\+(\d+):(\d+):([\d.]+)\)/.exec(ok(session, "vol show t").join("\n"))!.slice(1).map(Number);
    ok(session, "vol create t --size 16T --thick");
    const [h, m, sec] = until();
    ok(session, "vol delete t; sleep 1s; vol create t --size 16T --thick"); // the same slot, due a second later
    expect(until()).toEqual([h, m, sec! + 1]);
    ok(session, `sleep ${(h! * 3600 + m! * 60 + sec!) * 1000 - 500}ms`); // half a second past the cancelled one's end
    expect(stateOf(session, "t")).toBe("Initializing");
    ok(session, "sleep 1s");
    expect(stateOf(session, "t")).toBe("Available");
  });
});
