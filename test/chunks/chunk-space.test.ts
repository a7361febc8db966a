// A kernel's chunk space: its devices by name up to CHUNK_DEVICE_MAX, the saved form (id -> slot
// and CRC per device, validated by SAVED_CHUNK_SPACE_SCHEMA before any restore trusts it), and a
// restore that refuses what no honest snapshot holds.

import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { ChunkSpace, SAVED_CHUNK_SPACE_SCHEMA, type SavedChunkSpace } from "../../src/chunks/chunk-space.js";
import { crc32 } from "../../src/chunks/crc.js";
import { slotsMax } from "../../src/chunks/slot-tables.js";
import { CHUNK_DEVICE_IDS_MAX, CHUNK_DEVICE_MAX } from "../../src/limits.js";
import { failure } from "../helpers.js";
import { filled, newHost, newSpace, pattern } from "./fixtures.js";

const SIZE = 16;

function saved(devices: Record<string, unknown>, folder = "chunks"): unknown {
  return { folder, devices };
}

function valid(value: unknown): boolean {
  return v.safeParse(SAVED_CHUNK_SPACE_SCHEMA, value).success;
}

describe("a chunk space's devices", () => {
  it("makes a device on first use and returns the same one after, up to CHUNK_DEVICE_MAX, then fails ENOSPC", () => {
    const space = newSpace("memory");
    const first = space.device("sds/n0", SIZE, 3);
    expect(space.device("sds/n0", SIZE, 3)).toBe(first);
    for (let n = 1; n < CHUNK_DEVICE_MAX; n++) space.device(`sds/n${n}`, SIZE, 3);
    expect(failure(() => space.device("local/ssd", SIZE, 3))).toEqual({ code: "ENOSPC", message: `no room for chunk device local/ssd: ${CHUNK_DEVICE_MAX} in use (CHUNK_DEVICE_MAX)` });
    expect(space.device(`sds/n${CHUNK_DEVICE_MAX - 1}`, SIZE, 3).name).toBe(`sds/n${CHUNK_DEVICE_MAX - 1}`); // those made still open
  });

  it("refuses a name that is not kind/name, and a second size or id range for one device", () => {
    const space = newSpace("memory");
    for (const name of ["sds1", "sds/", "/x", "SDS/x", "sds/../x", "sds/a/b", "sds/.x"]) expect(failure(() => space.device(name, SIZE, 3)).code, name).toBe("EINVAL");
    space.device("sds/sds1", SIZE, 3);
    expect(failure(() => space.device("sds/sds1", SIZE * 2, 3))).toEqual({ code: "EINVAL", message: `chunk device sds/sds1 has ${SIZE}-byte chunks and ids to 3, not ${SIZE * 2} and 3` });
    expect(failure(() => space.device("sds/sds1", SIZE, 4)).code).toBe("EINVAL");
  });

  it("counts the chunks of every device", () => {
    const space = newSpace("memory");
    space.device("sds/a", SIZE, 3).write(0, 0, filled(SIZE, 1));
    const b = space.device("sds/b", SIZE, 3);
    b.write(1, 0, filled(SIZE, 1));
    b.write(2, 4, filled(1, 1));
    expect(space.chunkCount()).toBe(3);
  });
});

describe("a chunk space's saved form", () => {
  it("names its generation and its devices with chunks, sorted, and survives JSON and the schema", () => {
    const space = newSpace("memory");
    space.device("sds/b", SIZE, 3).write(3, 0, pattern(SIZE, 1));
    space.device("sds/a", SIZE, 7).write(0, 2, filled(1, 9));
    space.device("local/ssd", SIZE, 3); // nothing written: not saved
    const json = JSON.parse(JSON.stringify(space.toJSON())) as SavedChunkSpace;
    expect(Object.keys(json.devices)).toEqual(["sds/a", "sds/b"]);
    expect(json.folder).toBe("chunks");
    expect(json.devices["sds/b"]).toEqual({ chunkSize: SIZE, idMax: 3, chunks: [[3, 0, crc32(pattern(SIZE, 1))]] });
    expect(v.parse(SAVED_CHUNK_SPACE_SCHEMA, json)).toEqual(json);
  });

  it("rejects bad values in the schema", () => {
    const device = (chunks: unknown, chunkSize: unknown = SIZE, idMax: unknown = 3) => ({ chunkSize, idMax, chunks });
    expect(valid(saved({ "sds/a": device([[0, 0, 0]]) }, "chunks.12"))).toBe(true);
    expect(valid(saved({ "sds/a": device([[CHUNK_DEVICE_IDS_MAX, 2 * CHUNK_DEVICE_IDS_MAX + 1, 0xffffffff]], 2 ** 30, CHUNK_DEVICE_IDS_MAX) }))).toBe(true); // the limits themselves
    const bad: [string, unknown][] = [
      ["folder outside the generations", saved({}, "../chunks")],
      ["folder of another name", saved({}, "chunks.x")],
      ["no folder", { devices: {} }],
      ["device name without a kind", saved({ sds1: device([]) })],
      ["device name climbing out", saved({ "sds/../x": device([]) })],
      ["chunk size 0", saved({ "sds/a": device([], 0) })],
      ["chunk size past 2^30", saved({ "sds/a": device([], 2 ** 30 + 1) })],
      ["fractional chunk size", saved({ "sds/a": device([], 1.5) })],
      ["negative idMax", saved({ "sds/a": device([], SIZE, -1) })],
      ["idMax past CHUNK_DEVICE_IDS_MAX", saved({ "sds/a": device([], SIZE, CHUNK_DEVICE_IDS_MAX + 1) })],
      ["chunks not a list", saved({ "sds/a": device({}) })],
      ["a chunk of two fields", saved({ "sds/a": device([[0, 0]]) })],
      ["a chunk of four fields", saved({ "sds/a": device([[0, 0, 0, 0]]) })],
      ["negative id", saved({ "sds/a": device([[-1, 0, 0]]) })],
      ["id past CHUNK_DEVICE_IDS_MAX", saved({ "sds/a": device([[CHUNK_DEVICE_IDS_MAX + 1, 0, 0]]) })],
      ["slot past twice the ids", saved({ "sds/a": device([[0, 2 * CHUNK_DEVICE_IDS_MAX + 2, 0]]) })],
      ["CRC past 32 bits", saved({ "sds/a": device([[0, 0, 2 ** 32]]) })],
      ["CRC as text", saved({ "sds/a": device([[0, 0, "0"]]) })],
      ["fractional slot", saved({ "sds/a": device([[0, 0.5, 0]]) })],
      ["one device too many", saved(Object.fromEntries(Array.from({ length: CHUNK_DEVICE_MAX + 1 }, (_, n) => [`sds/n${n}`, device([])])))],
    ];
    for (const [what, value] of bad) expect(valid(value), what).toBe(false);
    expect(valid(saved(Object.fromEntries(Array.from({ length: CHUNK_DEVICE_MAX }, (_, n) => [`sds/n${n}`, device([])]))))).toBe(true);
  });

  it("restore refuses a slot used twice, an id listed twice, an id or slot past the device, a device listed twice", () => {
    const restore = (chunks: [number, number, number][], space = newSpace("memory")) => failure(() => space.restore({ folder: "chunks", devices: { "sds/a": { chunkSize: SIZE, idMax: 3, chunks } } }));
    expect(restore([[0, 1, 0], [2, 1, 0]])).toEqual({ code: "EINVAL", message: "saved slot 1 of sds/a holds two chunks" });
    expect(restore([[0, 1, 0], [0, 2, 0]])).toEqual({ code: "EINVAL", message: "saved chunk 0 of sds/a is listed twice" });
    expect(restore([[4, 0, 0]])).toEqual({ code: "EINVAL", message: "saved chunk 4 of sds/a (slot 0) is out of range" });
    const slotPast = slotsMax(3, SIZE); // every id live and committed, plus what the journal may pin
    expect(restore([[0, slotPast, 0]])).toEqual({ code: "EINVAL", message: `saved chunk 0 of sds/a (slot ${slotPast}) is out of range` });
    expect(() => newSpace("memory").restore({ folder: "chunks", devices: { "sds/a": { chunkSize: SIZE, idMax: 3, chunks: [[0, slotPast - 1, 0]] } } })).not.toThrow();
    const space = newSpace("memory");
    space.device("sds/a", SIZE, 3);
    expect(restore([], space)).toEqual({ code: "EINVAL", message: "saved chunk device sds/a is listed twice" });
  });

  it("restores a device whose slot files are gone, and reads fail EIO rather than return zeros", () => {
    const space = newSpace("files");
    space.restore({ folder: "chunks", devices: { "sds/a": { chunkSize: SIZE, idMax: 3, chunks: [[1, 0, 0]] } } });
    const device = space.device("sds/a", SIZE, 3);
    expect(device.holds(1)).toBe(true);
    expect(failure(() => device.read(1, 0, SIZE, new Uint8Array(SIZE), 0))).toEqual({ code: "EIO", message: "chunk 1 on sds/a: stored chunk is missing" });
    expect(failure(() => space.device("sds/a", SIZE * 2, 3)).code).toBe("EINVAL"); // the saved size is the device's
  });
});

describe("a snapshot file's chunks (import)", () => {
  it("writes each chunk from the file's bundle, and refuses one whose bytes do not match its CRC", () => {
    const bundle = [pattern(SIZE, 1), pattern(SIZE, 2)];
    const source = (device: string, chunkSize: number, index: number) => {
      expect([device, chunkSize]).toEqual(["sds/a", SIZE]);
      return bundle[index]!;
    };
    const space = new ChunkSpace(newHost("files"));
    space.restore({ folder: "chunks", devices: { "sds/a": { chunkSize: SIZE, idMax: 3, chunks: [[2, 0, crc32(bundle[0]!)], [3, 1, crc32(bundle[1]!)]] } } }, source);
    const device = space.device("sds/a", SIZE, 3);
    const out = new Uint8Array(SIZE);
    device.read(3, 0, SIZE, out, 0);
    expect(out).toEqual(pattern(SIZE, 2));
    expect(device.count()).toBe(2);
    const other = new ChunkSpace(newHost("memory"));
    const bad = { folder: "chunks", devices: { "sds/a": { chunkSize: SIZE, idMax: 3, chunks: [[2, 0, crc32(bundle[0]!) ^ 1]] } } } as SavedChunkSpace;
    expect(failure(() => other.restore(bad, source))).toEqual({ code: "EINVAL", message: "chunk 2 of sds/a does not match its checksum in the snapshot's bytes" });
    const importing = (chunks: [number, number, number][]) => failure(() => new ChunkSpace(newHost("memory")).restore({ folder: "chunks", devices: { "sds/a": { chunkSize: SIZE, idMax: 3, chunks } } }, source));
    expect(importing([[4, 0, crc32(bundle[0]!)]])).toEqual({ code: "EINVAL", message: "saved chunk 4 of sds/a is out of range" });
    expect(importing([[1, 0, crc32(bundle[0]!)], [1, 1, crc32(bundle[1]!)]])).toEqual({ code: "EINVAL", message: "saved chunk 1 of sds/a is listed twice" });
    bundle[1] = bundle[1]!.subarray(0, SIZE - 1); // a short chunk in the bundle, with its own CRC
    expect(importing([[1, 1, crc32(bundle[1])]]).code).toBe("EINVAL");
  });
});
