import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IntMap } from "../../../src/table/int-map.js";

describe("IntMap", () => {
  it("holds capacity keys and refuses the capacity+1-th with ENOSPC naming the limit", () => {
    const map = new IntMap("widget", 4, "WIDGET_MAX");
    for (let k = 0; k < 4; k++) map.set(k * 1000, k);
    expect(() => map.set(9, 9)).toThrow("widget table full: 4 of 4 in use (WIDGET_MAX)");
    map.set(0, 42); // an existing key is an update, not a new entry
    expect(map.get(0)).toBe(42);
    map.delete(1000);
    map.set(9, 9);
    expect(map.size).toBe(4);
  });

  it("refuses keys that are not whole numbers 0..2^53", () => {
    const map = new IntMap("widget", 4, "WIDGET_MAX");
    expect(() => map.set(-1, 0)).toThrow(/whole number/);
    expect(() => map.get(1.5)).toThrow(/whole number/);
    map.set(2 ** 53 - 1, 7);
    expect(map.get(2 ** 53 - 1)).toBe(7);
  });

  it("iterates in insertion order as a Map does, through compactions", () => {
    const map = new IntMap("widget", 3, "WIDGET_MAX");
    for (let round = 0; round < 10; round++) {
      map.set(round, round);
      if (map.size === 3) map.delete(round - 2);
    }
    expect(map.keys()).toEqual([8, 9]);
    map.set(8, 80); // an update keeps its place
    map.set(1, 1);
    expect(map.entries()).toEqual([[8, 80], [9, 9], [1, 1]]);
  });

  it("lets forEach delete the keys it visits but not add new ones", () => {
    const map = new IntMap("widget", 2, "WIDGET_MAX");
    map.set(1, 1);
    map.set(2, 2);
    map.forEach((key) => map.delete(key));
    expect(map.size).toBe(0);
    map.set(3, 3);
    map.set(4, 4);
    map.delete(3);
    expect(() => map.forEach(() => map.set(5, 5))).toThrow(/while iterated/);
  });

  it("agrees with a Map model (values and order) over random operation sequences", () => {
    const op = fc.tuple(fc.constantFrom("set", "delete", "get", "clear", "prune"), fc.integer({ min: 0, max: 40 }), fc.integer());
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (steps) => {
        const map = new IntMap("widget", 16, "WIDGET_MAX");
        const model = new Map<number, number>();
        for (const [kind, key, value] of steps) {
          if (kind === "set") {
            if (!model.has(key) && model.size === 16) expect(() => map.set(key, value)).toThrow(/WIDGET_MAX/);
            else (map.set(key, value), model.set(key, value));
          } else if (kind === "delete") expect(map.delete(key)).toBe(model.delete(key));
          else if (kind === "clear") (map.clear(), model.clear());
          else if (kind === "prune") {
            let pruned = 0;
            for (const [k, v] of model) {
              if (v > value) break;
              model.delete(k);
              pruned++;
            }
            expect(map.deleteOldestWhile((_, v) => v <= value)).toBe(pruned);
          }
          expect(map.get(key)).toBe(model.get(key));
          expect(map.size).toBe(model.size);
        }
        expect(map.entries()).toEqual([...model.entries()]);
      }),
    );
  });
});
