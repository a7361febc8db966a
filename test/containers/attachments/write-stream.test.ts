// The workload write stream (write-stream.ts): every byte a function of its position, and landing
// any span of it in a volume, in pieces, wrapping at the size, gives what writing it byte by byte
// would (property-tested over spans, sizes and writers).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { streamBytes, WRITE_RECORD_BYTES, writeRecord } from "../../../modules/containers/attachments/index.js";
import { landStream } from "../../../modules/containers/attachments/write-stream.js";

describe("the write stream", () => {
  it("is records of 32 bytes naming the writer and the record's number", () => {
    expect(writeRecord("web-app", 42)).toBe("web-app 0000000042             \n");
    expect(writeRecord("a-very-long-container-name", 1)).toBe("a-very-long-containe 0000000001\n");
    expect(Buffer.from(streamBytes("web-app", 30, 40)).toString("latin1")).toBe(" \nweb-app ");
  });

  it("lands any span in a volume as writing it byte by byte at position mod size would", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1, max: 700 }), fc.constantFrom("web-app", "x", "db-writer-long-name-here"), (from, length, size, writer) => {
        const volume = new Uint8Array(size);
        landStream(writer, from, from + length, size, (offset, data) => {
          expect(offset + data.length).toBeLessThanOrEqual(size); // a piece never crosses the wrap
          volume.set(data, offset);
        });
        const expected = new Uint8Array(size);
        for (let p = from; p < from + length; p++) {
          const record = writeRecord(writer, Math.floor(p / WRITE_RECORD_BYTES));
          expected[p % size] = record.charCodeAt(p % WRITE_RECORD_BYTES);
        }
        expect(volume).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
