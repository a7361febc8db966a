// Durations in command output read as people read them (issue 17: "11.6 s", "1h 02m"), through the
// one formatter in src/units.ts: no fixed three decimals ("32.100 ms"), no float noise.

import { describe, expect, it } from "vitest";
import { newSession, ok } from "../helpers.js";

/** A duration as formatDuration writes it: "0.1 ms", "350 ms", "11.6 s", "4m 07s", "1h 02m". */
const HUMAN = /^(?:\d+(?:\.\d)? (?:ms|s)|\d+m(?: \d\ds)?|\d+h(?: \d\dm)?|\d+d(?: \d\dh)?)$/;

describe("durations in vol write and vol stats", () => {
  it("says how long a write took, and how long QoS held it, as people read durations", () => {
    const session = newSession();
    ok(session, "vol create db --size 1M; vol qos db --iops 5");
    const writes = Array.from({ length: 7 }, () => ok(session, "vol write db 0 --pattern 1 --len 4K")[0]!);
    expect(writes[0]).toBe("wrote 4K to db at 0 in 0.1 ms");
    const throttled = writes.find((line) => line.includes("throttled"));
    expect(throttled).toMatch(/^wrote 4K to db at 0 in (.+) \(throttled (.+)\)$/);
    const [, took, held] = /in (.+) \(throttled (.+)\)$/.exec(throttled!)!;
    expect(took).toMatch(HUMAN);
    expect(held).toMatch(HUMAN);
    expect(throttled).not.toMatch(/\.\d\d+ /); // never more than one decimal
  });

  it("shows latency percentiles with their unit, and --json keeps the milliseconds as numbers", () => {
    const session = newSession();
    ok(session, "vol create db --size 1M; vol write db 0 --data hello; vol write db 4096 --pattern 1 --len 64K");
    const [head, row] = ok(session, "vol stats db");
    expect(head).toMatch(/^VOLUME\s+READS\s+WRITES\s+READ\s+WRITTEN\s+P50\s+P99\s+MAX\s+THROTTLED$/);
    const cells = row!.split(/ {3,}/);
    for (const cell of cells.slice(5, 8)) expect(cell).toMatch(HUMAN);
    const stats = JSON.parse(ok(session, "vol stats db --json").join("\n")).volumes[0];
    expect(typeof stats.latencyMsP50).toBe("number");
  });

  it("shows no latency for a volume with no IO yet (a dash, not 0 ms)", () => {
    const session = newSession();
    ok(session, "vol create idle --size 1M");
    const [, row] = ok(session, "vol stats idle");
    expect(row!.split(/ {3,}/).slice(5, 8)).toEqual(["-", "-", "-"]);
  });
});
