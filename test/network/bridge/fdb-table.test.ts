// The FDB's open addressing against a Map: random inserts, deletes and sweeps on a small table
// (so probe runs are long and wrap around its end) keep exactly the Map's keys, each findable.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FdbTable } from "../../../modules/network/bridge/fdb-table.js";

const key = fc.record({ macHigh: fc.integer({ min: 0, max: 3 }), low: fc.integer({ min: 0, max: 40 }), vlan: fc.constantFrom(1, 2, 4094) });
const op = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant("insert" as const), key, port: fc.integer({ min: 0, max: 15 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("remove" as const), key }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("sweep" as const), port: fc.integer({ min: 0, max: 15 }) }) },
);

describe("FdbTable", () => {
  it("keeps the same entries as a Map through inserts, deletes and sweeps, refusing none while there is room", () => {
    fc.assert(
      fc.property(fc.constantFrom(3, 8, 24), fc.array(op, { maxLength: 300 }), (capacity, ops) => {
        const table = new FdbTable(capacity);
        const model = new Map<string, number>();
        const name = (high: number, low: number) => `${high}/${low}`;
        for (const step of ops) {
          if (step.op === "sweep") {
            const removed = table.removeWhere((slot) => table.ports[slot] === step.port);
            const doomed = [...model].filter(([, port]) => port === step.port);
            for (const [k] of doomed) model.delete(k);
            expect(removed).toBe(doomed.length);
            continue;
          }
          const high = FdbTable.high(step.key.macHigh, step.key.vlan);
          const at = table.find(high, step.key.low);
          expect(at >= 0).toBe(model.has(name(high, step.key.low)));
          if (step.op === "remove") {
            if (at >= 0) table.removeAt(at);
            model.delete(name(high, step.key.low));
          } else if (at >= 0) table.ports[at] = step.port;
          else if (table.count < table.capacity) table.insertAt(~at, high, step.key.low, step.port, 0, 0);
          if (step.op === "insert" && (at >= 0 || model.size < table.capacity)) model.set(name(high, step.key.low), step.port);
        }
        expect(table.count).toBe(model.size);
        for (const [k, port] of model) {
          const [high, low] = k.split("/").map(Number) as [number, number];
          expect(table.ports[table.find(high, low)]).toBe(port);
        }
      }),
      { numRuns: 500 },
    );
  });
});
