import { describe, expect, it } from "vitest";
import { Rng } from "../../src/rng.js";

describe("Rng", () => {
  it("gives the same sequence for the same seed and another for another seed", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const seqA = Array.from({ length: 8 }, () => a.nextUint32());
    expect(Array.from({ length: 8 }, () => b.nextUint32())).toEqual(seqA);
    expect(Array.from({ length: 8 }, () => c.nextUint32())).not.toEqual(seqA);
  });

  it("continues the same sequence after its state is restored", () => {
    const a = new Rng(7);
    a.nextUint32();
    const saved = a.state();
    const expected = [a.nextUint32(), a.nextUint32()];
    const b = new Rng(0);
    b.restore(saved);
    expect([b.nextUint32(), b.nextUint32()]).toEqual(expected);
  });

  it("keeps nextBelow within its bound and covers it", () => {
    const rng = new Rng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const value = rng.nextBelow(6);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(6);
      seen.add(value);
    }
    expect(seen.size).toBe(6);
  });
});
