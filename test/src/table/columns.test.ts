import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { enumIndex, int, text } from "../../../src/table/checks.js";
import { numbers, Table, texts } from "../../../src/table/columns.js";

const COLOURS = ["red", "green"] as const;
const widgets = () =>
  new Table("widget", 3, "WIDGET_MAX", { colour: numbers(Uint8Array, enumIndex(COLOURS, "a colour")), weight: numbers(Float64Array, int(0, 100)), parent: numbers(Int8Array, int(-1, 2), -1), note: texts(text(8)) }, { nameKey: "name" });

describe("Table (schema-declared columns)", () => {
  it("allocates typed columns at capacity with each column's empty value", () => {
    const table = widgets();
    expect(table.arrays.colour).toBeInstanceOf(Uint8Array);
    expect(table.arrays.weight).toBeInstanceOf(Float64Array);
    expect(Array.from(table.arrays.parent)).toEqual([-1, -1, -1]);
    expect(table.arrays.note).toEqual(["", "", ""]);
  });

  it("saves rows in slot order with the declared keys, and restores them exactly", () => {
    const table = widgets();
    const a = table.slots.allocate("a");
    const b = table.slots.allocate("b");
    table.arrays.weight[b] = 42;
    table.arrays.note[b] = "heavy";
    table.arrays.parent[b] = a;
    const saved = table.toJSON();
    expect(saved).toEqual([
      { slot: 0, name: "a", colour: 0, weight: 0, parent: -1, note: "" },
      { slot: 1, name: "b", colour: 0, weight: 42, parent: 0, note: "heavy" },
    ]);
    expect(Object.keys(saved[1]!)).toEqual(["slot", "name", "colour", "weight", "parent", "note"]);
    const copy = widgets();
    copy.restore(saved);
    expect(copy.toJSON()).toEqual(saved);
    expect(copy.slots.find("b")).toBe(1);
  });

  it("clears every column when a row is freed, and stales its handle", () => {
    const table = widgets();
    const slot = table.slots.allocate("a");
    const handle = table.slots.handle(slot);
    table.arrays.weight[slot] = 9;
    table.arrays.note[slot] = "x";
    table.arrays.parent[slot] = 2;
    table.free(slot);
    expect([table.arrays.weight[slot], table.arrays.note[slot], table.arrays.parent[slot]]).toEqual([0, "", -1]);
    expect(() => table.slots.resolve(handle)).toThrow(/stale/);
  });

  it("generates a schema whose first failure names the field with its words", () => {
    const schema = widgets().schema();
    const fine = [{ slot: 2, name: "a", colour: 1, weight: 3, parent: -1, note: "" }];
    expect(v.safeParse(schema, fine).success).toBe(true);
    const bad = v.safeParse(schema, [{ ...fine[0], colour: 5 }], { abortEarly: true });
    expect(bad.success).toBe(false);
    expect(bad.issues?.[0].message).toBe("a colour 0..1 (red, green)");
    expect(v.safeParse(schema, [{ ...fine[0], slot: 3 }], { abortEarly: true }).issues?.[0].message).toBe("a slot 0..2 (WIDGET_MAX)");
    expect(v.safeParse(schema, [fine[0], fine[0], fine[0], fine[0]], { abortEarly: true }).issues?.[0].message).toBe("a list of at most 3 (WIDGET_MAX)");
  });

  it("refuses to restore into a taken slot", () => {
    const table = widgets();
    table.slots.allocate("a");
    expect(() => table.restoreRow({ slot: 0, name: "b", colour: 0, weight: 0, parent: -1, note: "" })).toThrow(/slot 0 is not free/);
  });
});
