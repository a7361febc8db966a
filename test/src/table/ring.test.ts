import { describe, expect, it } from "vitest";
import { Ring } from "../../../src/table/ring.js";

describe("Ring", () => {
  it("keeps first-in first-out order across the wrap", () => {
    const ring = new Ring("item", 3, "ITEM_MAX", "fail");
    const values = new Int32Array(3);
    for (let v = 1; v <= 3; v++) values[ring.push()] = v;
    expect(values[ring.shift()]).toBe(1);
    values[ring.push()] = 4;
    expect([0, 1, 2].map((i) => values[ring.at(i)])).toEqual([2, 3, 4]);
    expect(values[ring.oldest()]).toBe(2);
  });

  it("refuses the capacity+1-th push with ENOSPC naming the limit when told to fail", () => {
    const ring = new Ring("item", 2, "ITEM_MAX", "fail");
    ring.push();
    ring.push();
    expect(() => ring.push()).toThrow("item queue full: 2 of 2 in use (ITEM_MAX)");
    expect(ring.length).toBe(2);
  });

  it("drops the oldest on the capacity+1-th push when told to overwrite", () => {
    const ring = new Ring("item", 2, "ITEM_MAX", "overwrite");
    const values = new Int32Array(2);
    for (let v = 1; v <= 3; v++) values[ring.push()] = v;
    expect(ring.length).toBe(2);
    expect([values[ring.at(0)], values[ring.at(1)]]).toEqual([2, 3]);
  });

  it("asserts on reading past its entries", () => {
    const ring = new Ring("item", 2, "ITEM_MAX", "fail");
    expect(() => ring.shift()).toThrow(/has an oldest entry/);
    ring.push();
    expect(() => ring.at(1)).toThrow(/below its length/);
    ring.clear();
    expect(ring.length).toBe(0);
  });
});
