import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SlotTable } from "../../../src/table/slot-table.js";
import { StringTable } from "../../../src/table/string-table.js";

describe("SlotTable", () => {
  it("fills to capacity and refuses the capacity+1-th with ENOSPC naming the limit", () => {
    const table = new SlotTable("widget", 4, "WIDGET_MAX");
    for (let i = 0; i < 4; i++) table.allocate(`w${i}`);
    expect(() => table.allocate("w4")).toThrow("widget table full: 4 of 4 in use (WIDGET_MAX)");
    expect(table.count()).toBe(4);
  });

  it("catches a stale handle after its slot is freed and reused", () => {
    const table = new SlotTable("widget", 2, "WIDGET_MAX");
    const slot = table.allocate("a");
    const handle = table.handle(slot);
    table.free(slot);
    const again = table.allocate("b");
    expect(again).toBe(slot);
    expect(() => table.resolve(handle)).toThrow(/stale/);
    expect(table.resolve(table.handle(again))).toBe(slot);
  });

  it("refuses duplicate, too long and malformed names", () => {
    const table = new SlotTable("widget", 4, "WIDGET_MAX");
    table.allocate("a");
    expect(() => table.allocate("a")).toThrow(/already exists/);
    expect(() => table.allocate("x".repeat(64))).toThrow(/limit is 63/);
    expect(() => table.allocate("bad name")).toThrow(/not valid/);
    expect(() => table.find("nope")).toThrow(/no widget named 'nope'/);
  });

  it("agrees with a plain Set model over random allocate/free sequences", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 9 })), { maxLength: 60 }), (steps) => {
        const table = new SlotTable("widget", 5, "WIDGET_MAX");
        const model = new Set<string>();
        for (const [allocate, n] of steps) {
          const name = `w${n}`;
          if (allocate) {
            const expectOk = !model.has(name) && model.size < 5;
            let okay = true;
            try {
              table.allocate(name);
            } catch {
              okay = false;
            }
            expect(okay).toBe(expectOk);
            if (okay) model.add(name);
          } else if (model.has(name)) {
            table.free(table.find(name));
            model.delete(name);
          }
          expect(table.count()).toBe(model.size);
          expect(table.slots().map((slot) => table.nameOf(slot)).sort()).toEqual([...model].sort());
        }
      }),
    );
  });
});

describe("StringTable", () => {
  it("shares ids for equal strings and frees an id when its last reference goes", () => {
    const strings = new StringTable(3, "TEST_MAX");
    const a = strings.acquire("alpha");
    expect(strings.acquire("alpha")).toBe(a);
    strings.acquire("beta");
    expect(() => strings.acquire("gamma")).toThrow(/string table full/);
    strings.release(a);
    expect(strings.text(a)).toBe("alpha");
    strings.release(a);
    expect(strings.acquire("gamma")).toBe(a);
    expect(strings.text(a)).toBe("gamma");
  });
});
