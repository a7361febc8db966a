import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { StorageVolumeManager, type SavedStorage } from "../../modules/storage/index.js";
import { CHUNK_SIZE, VOLUME_COUNT_MAX } from "../../src/limits.js";
import { fillTier, manager, str, text } from "./fixtures.js";

const KiB = 1024;
const MiB = 1024 * KiB;

function create(storage: StorageVolumeManager, name: string, sizeBytes = 1 * MiB, options: { tier?: "ssd" | "hdd"; thin?: boolean } = {}) {
  storage.create({ name, type: "block", tier: options.tier ?? "ssd", sizeBytes, thin: options.thin ?? true });
}

describe("volume lifecycle", () => {
  it("moves Available -> Attached -> Available and refuses illegal steps naming what is legal", () => {
    const { storage } = manager();
    create(storage, "db");
    expect(storage.show("db").state).toBe("Available");
    storage.attach("db", "web1");
    expect(storage.show("db")).toMatchObject({ state: "Attached", attachedTo: "web1" });
    expect(() => storage.attach("db", "web2")).toThrow(expect.objectContaining({ code: "EBUSY", message: "cannot attach volume 'db': it is Attached", hint: "legal from Attached: detach, snapshot" }));
    expect(() => storage.delete("db", false)).toThrow(/attached to web1/);
    storage.snapshotCreate("db", "s1");
    expect(storage.show("db").state).toBe("Attached"); // a snapshot returns the volume where it was
    expect(() => storage.snapshotRestore("db", "s1")).toThrow(expect.objectContaining({ code: "EBUSY", hint: "detach it before restoring" }));
    storage.detach("db");
    expect(storage.show("db").state).toBe("Available");
    expect(() => storage.delete("db", false)).toThrow(/has 1 snapshot/);
    storage.delete("db", true);
    expect(storage.names()).toEqual([]);
  });

  it("holds 32 volumes and refuses the 33rd naming the limit", () => {
    const { storage } = manager();
    for (let i = 0; i < VOLUME_COUNT_MAX; i++) create(storage, `v${i}`, 64 * KiB);
    expect(() => create(storage, "v32", 64 * KiB)).toThrow("volume table full: 32 of 32 in use (VOLUME_COUNT_MAX)");
  });

  it("refuses distributed volumes without a pool or a cluster, and bad sizes", () => {
    const { storage } = manager();
    expect(() => storage.create({ name: "d", type: "distributed", tier: "ssd", sizeBytes: MiB, thin: true })).toThrow(/needs --pool/);
    expect(() => storage.create({ name: "d", type: "distributed", tier: "ssd", sizeBytes: MiB, thin: true, pool: "pd/sp" })).toThrow(expect.objectContaining({ code: "ENOTSUP" }));
    expect(() => create(storage, "big", 17 * 1024 ** 4)).toThrow(/VOLUME_SIZE_MAX/);
    expect(() => create(storage, "none", 0)).toThrow(/bad volume size/);
  });
});

describe("IO with real bytes", () => {
  it("reads back what was written, zeros elsewhere, across chunk boundaries", () => {
    const { storage } = manager();
    create(storage, "db");
    storage.write("db", 4096, text("hello"));
    expect(str(storage.read("db", 4096, 5).data)).toBe("hello");
    expect(storage.read("db", 0, 4096).data.every((b) => b === 0)).toBe(true);
    const span = new Uint8Array(3 * CHUNK_SIZE).map((_, i) => i % 251);
    storage.write("db", CHUNK_SIZE - 7, span); // unaligned, touches four chunks
    expect(storage.read("db", CHUNK_SIZE - 7, span.length).data).toEqual(span);
    expect(str(storage.read("db", 4096, 5).data)).toBe("hello"); // the read-modify-write kept its neighbours
    expect(storage.allocatedRanges("db")).toEqual([[0, 4 * CHUNK_SIZE]]);
  });

  it("refuses IO past the end and changes nothing", () => {
    const { storage, clock } = manager();
    create(storage, "db", 64 * KiB);
    expect(() => storage.write("db", 64 * KiB - 2, text("abc"))).toThrow(expect.objectContaining({ code: "EINVAL" }));
    expect(() => storage.read("db", 64 * KiB, 1)).toThrow(/beyond the end/);
    expect(storage.show("db").allocatedBytes).toBe(0);
    expect(clock.now()).toBe(0);
  });

  it("costs simulated time from the tier: hdd is slower than ssd", () => {
    const { storage, clock } = manager();
    create(storage, "fast");
    create(storage, "slow", MiB, { tier: "hdd" });
    const ssd = storage.write("fast", 0, new Uint8Array(MiB));
    const hdd = storage.write("slow", 0, new Uint8Array(MiB));
    expect(ssd.latencyMs).toBeCloseTo(0.1 + 2, 5); // 0.1 ms + 1 MiB at 500 MiB/s
    expect(hdd.latencyMs).toBeGreaterThan(ssd.latencyMs * 4);
    expect(clock.now()).toBeCloseTo(ssd.latencyMs + hdd.latencyMs, 5);
    expect(storage.stats("fast")).toMatchObject({ writes: 1, bytesWritten: MiB });
  });

  it("fails a thin write with ENOSPC when the pool is full, leaving the volume consistent and Degraded", () => {
    const { storage, clock } = manager();
    fillTier(storage, "ssd", 2); // thick volumes reserve all but two chunks
    create(storage, "thin");
    storage.write("thin", 0, text("kept"));
    expect(() => storage.write("thin", CHUNK_SIZE, new Uint8Array(2 * CHUNK_SIZE).fill(9))).toThrow(expect.objectContaining({ code: "ENOSPC" }));
    expect(storage.show("thin")).toMatchObject({ state: "Degraded", allocatedBytes: CHUNK_SIZE });
    expect(storage.read("thin", CHUNK_SIZE, 2 * CHUNK_SIZE).data.every((b) => b === 0)).toBe(true);
    expect(str(storage.read("thin", 0, 4).data)).toBe("kept");
    storage.write("thin", CHUNK_SIZE, text("fits"));
    expect(storage.show("thin").state).toBe("Available");
    clock.advance(40_000_000); // hog zeroes its 16T reservation at 500 MB/s (9.3 h), Initializing meanwhile
    storage.write("hog", 0, text("thick volumes write into their reservation"));
  });

  it("throttles with QoS in simulated time and counts throttle events", () => {
    const { storage, clock } = manager();
    create(storage, "db");
    storage.setQos("db", { iops: 10, bandwidthBytesPerSecond: 0, iopsBurst: 0, bandwidthBurst: 0 });
    for (let i = 0; i < 30; i++) storage.write("db", 0, text("x"));
    expect(clock.now()).toBeGreaterThanOrEqual(2000); // 10 in the burst, 20 more at 10/s
    expect(clock.now()).toBeLessThan(2100);
    expect(storage.stats("db").throttled).toBe(20);
  });

  it("refuses to shrink over written data unless forced, and grows with zeros", () => {
    const { storage } = manager();
    create(storage, "db", 4 * CHUNK_SIZE);
    storage.write("db", 3 * CHUNK_SIZE + 10, text("tail"));
    expect(() => storage.resize("db", 2 * CHUNK_SIZE, false)).toThrow(/would cut written data at byte 196618/);
    storage.resize("db", 3 * CHUNK_SIZE + 12, true);
    storage.resize("db", 4 * CHUNK_SIZE, false);
    expect(str(storage.read("db", 3 * CHUNK_SIZE + 10, 4).data)).toBe("ta\0\0");
  });
});

describe("snapshots", () => {
  it("keep the old bytes copy-on-write, cost nothing until the volume changes, and restore", () => {
    const { storage } = manager();
    create(storage, "db");
    storage.write("db", 4096, text("hello"));
    storage.snapshotCreate("db", "s1");
    expect(storage.snapshotList("db")[0]).toMatchObject({ name: "s1", usedBytes: 0 });
    storage.write("db", 4096, text("HELLO"));
    expect(str(storage.snapshotRead("db", "s1", 4096, 5))).toBe("hello");
    expect(str(storage.read("db", 4096, 5).data)).toBe("HELLO");
    expect(storage.snapshotList("db")[0]!.usedBytes).toBe(CHUNK_SIZE);
    storage.snapshotRestore("db", "s1");
    expect(str(storage.read("db", 4096, 5).data)).toBe("hello");
  });

  it("branch after a restore, and deleting a parent keeps every byte its children need", () => {
    const { storage } = manager();
    create(storage, "db");
    storage.write("db", 0, text("one"));
    storage.snapshotCreate("db", "a");
    storage.write("db", 0, text("two"));
    storage.snapshotCreate("db", "b");
    storage.snapshotRestore("db", "a");
    storage.write("db", 0, text("three"));
    storage.snapshotCreate("db", "c");
    expect(storage.snapshotList("db").map((s) => [s.name, s.parent])).toEqual([["a", undefined], ["b", "a"], ["c", "a"]]);
    storage.snapshotDelete("db", "a");
    expect(storage.snapshotList("db").map((s) => [s.name, s.parent])).toEqual([["b", undefined], ["c", undefined]]);
    expect(str(storage.snapshotRead("db", "b", 0, 3))).toBe("two");
    expect(str(storage.snapshotRead("db", "c", 0, 5))).toBe("three");
    expect(() => storage.snapshotDelete("db", "a")).toThrow(/no snapshot db@a/);
  });

  it("agree with a plain-bytes model over random writes, snapshots, deletes and restores", () => {
    const size = 4 * CHUNK_SIZE;
    const op = fc.oneof(
      fc.record({ kind: fc.constant("write" as const), vol: fc.integer({ min: 0, max: 1 }), offset: fc.integer({ min: 0, max: size - 1 }), length: fc.integer({ min: 1, max: CHUNK_SIZE + 100 }), byte: fc.integer({ min: 1, max: 255 }) }),
      fc.record({ kind: fc.constant("snap" as const), vol: fc.integer({ min: 0, max: 1 }) }),
      fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant("restore" as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const { storage } = manager();
        const volumes = ["v0", "v1"];
        const model = new Map<string, Uint8Array>(volumes.map((v) => [v, new Uint8Array(size)]));
        for (const v of volumes) create(storage, v, size);
        const snaps: { vol: string; name: string; bytes: Uint8Array }[] = [];
        let counter = 0;
        for (const o of ops) {
          if (o.kind === "write") {
            const vol = volumes[o.vol]!;
            const length = Math.min(o.length, size - o.offset);
            storage.write(vol, o.offset, new Uint8Array(length).fill(o.byte));
            model.get(vol)!.fill(o.byte, o.offset, o.offset + length);
          } else if (o.kind === "snap") {
            const vol = volumes[o.vol]!;
            const name = `s${counter++}`;
            storage.snapshotCreate(vol, name);
            snaps.push({ vol, name, bytes: model.get(vol)!.slice() });
          } else if (snaps.length > 0) {
            const [snap] = snaps.splice(o.pick % snaps.length, o.kind === "delete" ? 1 : 0).concat(o.kind === "restore" ? [snaps[o.pick % snaps.length]!] : []);
            if (o.kind === "delete") storage.snapshotDelete(snap!.vol, snap!.name);
            else {
              storage.snapshotRestore(snap!.vol, snap!.name);
              model.set(snap!.vol, snap!.bytes.slice());
            }
          }
          for (const v of volumes) expect(Buffer.from(storage.read(v, 0, size).data).equals(model.get(v)!), `${v} after ${o.kind}`).toBe(true);
          for (const s of snaps) expect(Buffer.from(storage.snapshotRead(s.vol, s.name, 0, size)).equals(s.bytes), `${s.vol}@${s.name}`).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe("replication", () => {
  it("catches up to exactly the source's bytes, and resumes from what changed after a stop", () => {
    const { storage, clock } = manager();
    create(storage, "src", 8 * CHUNK_SIZE);
    create(storage, "dst", 8 * CHUNK_SIZE, { tier: "hdd" });
    storage.write("src", 100, text("replicate me"));
    storage.write("src", 5 * CHUNK_SIZE, new Uint8Array(CHUNK_SIZE).fill(7));
    storage.replicateStart("src", "dst", 2 * CHUNK_SIZE); // two chunks a second; only the two written chunks differ
    clock.advance(700);
    expect(storage.replicationStatus()[0]).toMatchObject({ state: "syncing", lagBytes: CHUNK_SIZE });
    clock.advance(3300);
    expect(storage.replicationStatus()[0]).toMatchObject({ state: "in-sync", lagBytes: 0, lastSyncMs: expect.closeTo(1100, -3) });
    expect(storage.read("dst", 0, 8 * CHUNK_SIZE).data).toEqual(storage.read("src", 0, 8 * CHUNK_SIZE).data);
    expect(storage.show("dst").allocatedBytes).toBe(2 * CHUNK_SIZE); // unwritten chunks stay sparse
    expect(() => storage.write("dst", 0, text("x"))).toThrow(/replication target of 'src'/);
    storage.replicateStop("src", "dst", false);
    storage.write("src", 3 * CHUNK_SIZE, text("after the stop"));
    clock.advance(5000);
    expect(storage.replicationStatus()[0]).toMatchObject({ state: "paused", lagBytes: CHUNK_SIZE });
    const copiedBefore = storage.replicationStatus()[0]!.bytesCopied;
    storage.replicateStart("src", "dst", 2 * CHUNK_SIZE);
    clock.advance(1000);
    expect(storage.replicationStatus()[0]).toMatchObject({ state: "in-sync", bytesCopied: copiedBefore + CHUNK_SIZE });
    expect(storage.read("dst", 0, 8 * CHUNK_SIZE).data).toEqual(storage.read("src", 0, 8 * CHUNK_SIZE).data);
  });

  it("allows at most 3 targets per volume", () => {
    const { storage } = manager();
    for (const name of ["src", "a", "b", "c", "d"]) create(storage, name);
    for (const target of ["a", "b", "c"]) storage.replicateStart("src", target, MiB);
    expect(() => storage.replicateStart("src", "d", MiB)).toThrow(/already has 3 replicas/);
  });
});

describe("persistence", () => {
  it("saves and restores every byte, snapshot and session, and carries on identically", () => {
    const first = manager();
    create(first.storage, "db");
    create(first.storage, "copy", MiB, { tier: "hdd" });
    first.storage.write("db", 10, text("persist"));
    first.storage.snapshotCreate("db", "s1");
    first.storage.write("db", 10, text("PERSIST"));
    first.storage.replicateStart("db", "copy", CHUNK_SIZE);
    first.clock.advance(250);
    const saved = JSON.parse(JSON.stringify(first.storage.toJSON())) as SavedStorage;
    expect(JSON.stringify(saved)).not.toMatch(/[A-Za-z0-9+/]{64}/); // no base64: the bytes are in the chunk store
    const second = manager(first.space.host); // the same store, as a restarted kernel finds it
    second.space.restore(JSON.parse(JSON.stringify(first.space.toJSON())));
    second.clock.advanceTo(first.clock.now());
    second.storage.restore(saved);
    expect(str(second.storage.snapshotRead("db", "s1", 10, 7))).toBe("persist");
    for (const m of [first, second]) m.clock.advance(5000);
    expect(second.storage.toJSON()).toEqual(first.storage.toJSON());
    expect(str(second.storage.read("copy", 10, 7).data)).toBe("PERSIST");
  });
});
