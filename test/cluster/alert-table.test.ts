import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { ALERTS_SCHEMA, AlertTable, type Alert } from "../../modules/cluster/alert-table.js";
import { ALERT_MAX } from "../../src/limits.js";

const alert = (id: number, resolvedMs = -1): Alert => ({ id, severity: "WARNING", category: "node", source: `sds${id}`, message: `m${id}`, raisedMs: id, resolvedMs, resolvedBy: resolvedMs < 0 ? "" : "auto" });

describe("AlertTable", () => {
  it("keeps ALERT_MAX alerts; the (ALERT_MAX+1)-th pushes out the oldest resolved one, not an active one", () => {
    const table = new AlertTable();
    for (let id = 1; id <= ALERT_MAX; id++) table.add(alert(id, id === 5 ? 100 : -1));
    table.add(alert(ALERT_MAX + 1));
    expect(table.length).toBe(ALERT_MAX);
    expect(table.findIndex((a) => a.id === 5)).toBe(-1);
    expect(table.at(0).id).toBe(1);
    expect(table.at(ALERT_MAX - 1).id).toBe(ALERT_MAX + 1);
  });

  it("pushes out the oldest when every alert is active", () => {
    const table = new AlertTable();
    for (let id = 1; id <= ALERT_MAX + 2; id++) table.add(alert(id));
    expect(table.all().map((a) => a.id).slice(0, 2)).toEqual([3, 4]);
  });

  it("resolves in place and saves rows that its generated schema accepts and a restore reproduces", () => {
    const table = new AlertTable();
    table.add(alert(1));
    table.add(alert(2));
    table.resolveAt(0, "root", 50);
    const saved = table.toJSON();
    expect(saved[0]).toEqual({ ...alert(1), resolvedMs: 50, resolvedBy: "root" });
    expect(Object.keys(saved[0]!)).toEqual(["id", "severity", "category", "source", "message", "raisedMs", "resolvedMs", "resolvedBy"]);
    expect(v.safeParse(ALERTS_SCHEMA, saved).success).toBe(true);
    expect(v.safeParse(ALERTS_SCHEMA, [{ ...saved[0], severity: "LOUD" }], { abortEarly: true }).issues?.[0].message).toBe("a severity: INFO, WARNING, ERROR, CRITICAL");
    const copy = new AlertTable();
    copy.restore(saved);
    expect(copy.toJSON()).toEqual(saved);
  });
});
