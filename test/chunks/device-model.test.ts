// Chunk devices against a model (STYLE.md 14a): seeded random writes, frees, copies, commits and
// crashes (a new space restored from the last committed snapshot, over the same host or, for
// files, a new host over the same folder, as a restarted process) on two devices. After every
// step each chunk reads what the model says; after every sync and commit each chunk's CRC is the
// CRC of the model's bytes; after every commit a device's folder holds exactly its chunks' files. fast-check prints the seed of a failing run.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ChunkHost } from "../../src/chunks/chunk-host.js";
import { ChunkSpace, type SavedChunkSpace } from "../../src/chunks/chunk-space.js";
import { crc32 } from "../../src/chunks/crc.js";
import { newHost, slotFiles, type HostKind } from "./fixtures.js";

const SIZE = 16;
const ID_MAX = 7;
const DEVICES = ["sds/a", "sds/b"] as const;

type Op =
  | { kind: "write"; device: number; id: number; inner: number; length: number; value: number }
  | { kind: "free"; device: number; id: number }
  | { kind: "copy"; device: number; source: number; from: number; to: number }
  | { kind: "commit" }
  | { kind: "sync" }
  | { kind: "crash"; newHost: boolean };

const device = fc.integer({ min: 0, max: 1 });
const id = fc.integer({ min: 0, max: ID_MAX });
// Whole-chunk writes often (they take another path than partial ones), as well as any range.
const OP: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("write" as const), device, id, inner: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: SIZE - 1 })), length: fc.oneof(fc.constant(SIZE), fc.integer({ min: 1, max: SIZE })), value: fc.integer({ min: 1, max: 255 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("free" as const), device, id }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("copy" as const), device, source: device, from: id, to: id }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("commit" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("sync" as const) }) }, // CRCs taken, slots still live: later writes patch them
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("crash" as const), newHost: fc.boolean() }) },
);

/** Each device's chunks as a plain map id -> bytes (absent: zeros). */
type Model = Map<number, Uint8Array>[];

const cloneModel = (model: Model): Model => model.map((chunks) => new Map([...chunks].map(([key, bytes]) => [key, bytes.slice()])));

class Run {
  space: ChunkSpace;
  model: Model = [new Map(), new Map()];
  committed: Model = [new Map(), new Map()];
  saved: SavedChunkSpace | undefined;

  constructor(
    private host: ChunkHost,
    private readonly kind: HostKind,
  ) {
    this.space = new ChunkSpace(host);
  }

  private dev(index: number) {
    return this.space.device(DEVICES[index]!, SIZE, ID_MAX);
  }

  apply(op: Op): void {
    if (op.kind === "write") {
      const length = Math.min(op.length, SIZE - op.inner);
      this.dev(op.device).write(op.id, op.inner, new Uint8Array(length).fill(op.value));
      const chunks = this.model[op.device]!;
      const bytes = chunks.get(op.id) ?? new Uint8Array(SIZE);
      bytes.fill(op.value, op.inner, op.inner + length);
      chunks.set(op.id, bytes);
    } else if (op.kind === "free") {
      this.dev(op.device).free(op.id);
      this.model[op.device]!.delete(op.id);
    } else if (op.kind === "copy") {
      this.dev(op.device).copy(this.dev(op.source), op.from, op.to); // within a device too
      const source = this.model[op.source]!.get(op.from);
      if (source === undefined) this.model[op.device]!.delete(op.to);
      else this.model[op.device]!.set(op.to, source.slice());
    } else if (op.kind === "commit") {
      this.commit();
    } else if (op.kind === "sync") {
      this.space.sync();
      this.checkChecksums();
    } else {
      this.crash(op.newHost);
    }
  }

  private commit(): void {
    this.space.sync();
    this.saved = JSON.parse(JSON.stringify(this.space.toJSON())) as SavedChunkSpace;
    this.checkChecksums();
    this.space.committed();
    this.committed = cloneModel(this.model);
    if (this.kind === "files") for (let d = 0; d < DEVICES.length; d++) expect(slotFiles(this.host, DEVICES[d]!).length).toBe(this.dev(d).count());
  }

  /** Every chunk's CRC (taken at the sync, patched by small writes since) is the CRC of the bytes the model holds. */
  private checkChecksums(): void {
    const devices = this.space.toJSON().devices;
    for (let d = 0; d < DEVICES.length; d++) {
      const rows = devices[DEVICES[d]!]?.chunks ?? [];
      expect(rows.map(([chunk, , crc]) => [chunk, crc])).toEqual([...this.model[d]!].sort(([a], [b]) => a - b).map(([chunk, bytes]) => [chunk, crc32(bytes)]));
      for (const [chunk] of rows) expect(this.dev(d).verify(chunk)).toBe(true);
    }
  }

  private crash(restart: boolean): void {
    if (restart && this.kind === "files") this.host = ChunkHost.inFolder(this.host.folder!);
    this.space = new ChunkSpace(this.host);
    if (this.saved !== undefined) this.space.restore(this.saved);
    this.model = cloneModel(this.committed);
  }

  check(): void {
    const out = new Uint8Array(SIZE);
    for (let d = 0; d < DEVICES.length; d++) {
      const device = this.dev(d);
      expect(device.count()).toBe(this.model[d]!.size);
      for (let chunk = 0; chunk <= ID_MAX; chunk++) {
        const expected = this.model[d]!.get(chunk) ?? new Uint8Array(SIZE);
        expect(device.holds(chunk)).toBe(this.model[d]!.has(chunk));
        device.read(chunk, 0, SIZE, out, 0);
        expect(out).toEqual(expected);
        device.read(chunk, 3, 5, out, 0); // partial: through the cache
        expect(out.subarray(0, 5)).toEqual(expected.subarray(3, 8));
      }
    }
  }
}

describe.each([
  ["memory", 120],
  ["files", 15],
] as const)("chunk devices on a %s host against a model", (kind, runs) => {
  it("read what the model holds after any writes, frees, copies, commits and crashes", () => {
    fc.assert(
      fc.property(fc.array(OP, { minLength: 1, maxLength: 40 }), (ops) => {
        const run = new Run(newHost(kind), kind);
        for (const op of ops) {
          run.apply(op);
          run.check();
        }
      }),
      { numRuns: runs },
    );
  });
});
