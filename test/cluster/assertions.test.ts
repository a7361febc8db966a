// Pre- and postconditions in the data paths: a broken invariant is an AssertionError (a bug the
// session undoes), never a KernelError a user would read as their own mistake. Each case breaks
// one invariant by reaching into the tables, as only a bug could, and checks the check fires.

import { describe, expect, it } from "vitest";
import { DistributedStorageManager } from "../../modules/cluster/index.js";
import { StorageVolumeManager } from "../../modules/storage/index.js";
import { armTripwire, AssertionError, at, present, tripwire } from "../../src/assert.js";
import { Clock } from "../../src/clock.js";
import { isKernelError } from "../../src/errors.js";
import { Rng } from "../../src/rng.js";
import { TEST_KEY } from "../helpers.js";

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

function cluster() {
  const mdm = new DistributedStorageManager(new Clock(), new Rng(11), TEST_KEY);
  mdm.topology.addDomain("pd1");
  mdm.addPool("pd1/sp1", { copies: 2, minCopies: 1, consistency: "strong", shards: 16 });
  for (let i = 1; i <= 3; i++) mdm.addNode(`sds${i}`, "pd1/sp1", GiB, "ssd", "");
  mdm.topology.clients.allocate("c1");
  mdm.createVolume("dv", "pd1/sp1", 8 * MiB);
  mdm.map("dv", "c1", false, false);
  return mdm;
}

function thrown(op: () => unknown): unknown {
  try {
    op();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("at(): checked access instead of a bare `!`", () => {
  it("gives the entry in bounds and fails as a bug just outside them", () => {
    const values = new Int8Array([4, 5, 6]);
    expect(at(values, 0, "values")).toBe(4);
    expect(at(values, 2, "values")).toBe(6);
    expect(() => at(values, 3, "values")).toThrow(new AssertionError("values: index 3 within 0..2"));
    expect(() => at(values, -1, "values")).toThrow(AssertionError);
    expect(() => at([], 0, "empty")).toThrow("empty: index 0 within 0..-1");
  });
});

describe("present(): a lookup an invariant says finds something", () => {
  it("gives what was found, and fails as a bug on nothing", () => {
    const map = new Map([[1, "one"]]);
    expect(present(map.get(1), "one is there")).toBe("one");
    expect(present(0, "zero is a value")).toBe(0);
    expect(() => present(map.get(2), "two is there")).toThrow(new AssertionError("two is there"));
  });
});

describe("the test tripwire", () => {
  it("fails once for the action it is armed for, and never for another", () => {
    armTripwire("vol.write");
    expect(() => tripwire("vol.read")).not.toThrow();
    expect(() => tripwire("vol.write")).toThrow(new AssertionError("the test tripwire armed for vol.write (KSHELL_TEST_TRIPWIRE)"));
    expect(() => tripwire("vol.write")).not.toThrow(); // once: the rebuild that undoes the command does not meet it again
    armTripwire("");
    expect(() => tripwire("")).not.toThrow(); // an empty variable arms nothing
  });
});

describe("the cluster's data path", () => {
  it("writes and reads as before when every invariant holds", () => {
    const mdm = cluster();
    mdm.write("dv", 0, new Uint8Array([1, 2, 3]), {});
    expect([...mdm.read("dv", 0, 3, {})]).toEqual([1, 2, 3]);
  });

  it("fails a write whose shard version would not move its chunk forward", () => {
    const mdm = cluster();
    mdm.write("dv", 0, new Uint8Array([1]), {});
    mdm.topology.versions.fill(-5); // a bug that wound a shard's counter back
    const error = thrown(() => mdm.write("dv", 0, new Uint8Array([2]), {}));
    expect(error).toBeInstanceOf(AssertionError);
    expect((error as AssertionError).condition).toBe("chunk versions move forward");
    expect(isKernelError(error)).toBe(false);
  });

  it("fails a write to a pool left with no shards", () => {
    const mdm = cluster();
    mdm.topology.shardPool.fill(5); // a bug that handed the pool's shards away
    const error = thrown(() => mdm.write("dv", 0, new Uint8Array([1]), {}));
    expect(error).toBeInstanceOf(AssertionError);
    expect((error as AssertionError).condition).toBe("the shards of a volume's pool: index NaN within 0..-1");
  });
});

describe("the local block device", () => {
  it("fails an IO past the volume's chunks that the manager should have refused", () => {
    const storage = new StorageVolumeManager(new Clock(), undefined as never, { record: () => {} });
    storage.create({ name: "v", type: "block", sizeBytes: 64 * 1024, tier: "ssd", thin: true });
    const backend = (storage as unknown as { backend: { read(slot: number, offset: number, length: number): Uint8Array; discard(slot: number, index: number): void } }).backend;
    expect(backend.read(0, 0, 64 * 1024).length).toBe(64 * 1024); // the whole volume: fine
    expect(() => backend.read(0, 1, 64 * 1024)).toThrow(new AssertionError("an IO is within the volume's chunks"));
    expect(() => backend.discard(0, 1)).toThrow(new AssertionError("a discarded chunk is within the volume"));
  });
});
