// Durations, sizes and rates for people: the formatters the shell and kernel messages use, checked at their unit
// boundaries and, with fast-check, for float noise and order on any value.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DURATION_MS_MAX } from "../../src/limits.js";
import { formatAge, formatDuration, formatGoDuration, formatRate, formatSizeAlone, formatWholeSeconds } from "../../src/units.js";

const HUMAN = /^(\d+(?:\.\d)?) (ms|s)$|^(\d+)m(?: (\d\d)s)?$|^(\d+)h(?: (\d\d)m)?$|^(\d+)d(?: (\d\d)h)?$/;

/** The value a human duration stands for, in ms (what a reader takes it to mean). */
function readBack(text: string): number {
  const m = HUMAN.exec(text);
  if (m === null) throw new Error(`not a human duration: ${text}`);
  if (m[2] === "ms") return Number(m[1]);
  if (m[2] === "s") return Number(m[1]) * 1000;
  if (m[3] !== undefined) return (Number(m[3]) * 60 + Number(m[4] ?? 0)) * 1000;
  if (m[5] !== undefined) return (Number(m[5]) * 60 + Number(m[6] ?? 0)) * 60_000;
  return (Number(m[7]) * 24 + Number(m[8] ?? 0)) * 3_600_000;
}

describe("formatDuration", () => {
  it.each([
    [0, "0 ms"], [0.04, "0 ms"], [2.5, "2.5 ms"], [9.96, "10 ms"], [64.10000000149012, "64 ms"], [350, "350 ms"], [999.4, "999 ms"],
    [999.6, "1 s"], [1500, "1.5 s"], [10_000, "10 s"], [11_563, "11.6 s"], [59_940, "59.9 s"], [59_950, "1m"], [60_999, "1m 01s"],
    [247_000, "4m 07s"], [3_599_400, "59m 59s"], [3_599_500, "1h"], [3_720_000, "1h 02m"], [28_643_000, "7h 57m"],
    [86_369_999, "23h 59m"], [86_370_000, "1d"], [183_600_000, "2d 03h"], [-1500, "-1.5 s"],
    // the edges of each unit, and vol write's and vol stats' simulated latencies
    [0.049, "0 ms"], [0.05, "0.1 ms"], [0.108, "0.1 ms"], [0.35, "0.4 ms"], [9.949, "9.9 ms"], [9.95, "10 ms"], [32.1, "32 ms"], [199.569, "200 ms"],
    [999.499, "999 ms"], [999.5, "1 s"], [59_949, "59.9 s"], [3_599_499, "59m 59s"], [86_369_999, "23h 59m"], [DURATION_MS_MAX, "365d"], [-0, "0 ms"],
  ])("%d ms reads %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it("never shows float noise, a 60 in a minute's seconds or a 24 in a day's hours", () => {
    fc.assert(fc.property(fc.double({ min: 0, max: DURATION_MS_MAX, noNaN: true }), (ms) => {
      const text = formatDuration(ms);
      const m = HUMAN.exec(text);
      expect(m, text).not.toBeNull();
      expect(Number(m![4] ?? 0)).toBeLessThan(60);
      expect(Number(m![6] ?? 0)).toBeLessThan(60);
      expect(Number(m![8] ?? 0)).toBeLessThan(24);
      if (m![2] === "s") expect(Number(m![1])).toBeLessThan(60);
      if (m![2] === "ms") expect(Number(m![1])).toBeLessThan(1000);
    }));
  });

  it("keeps order: a longer duration never reads shorter", () => {
    fc.assert(fc.property(fc.double({ min: 0, max: DURATION_MS_MAX, noNaN: true }), fc.double({ min: 0, max: DURATION_MS_MAX, noNaN: true }), (a, b) => {
      const [short, long] = a <= b ? [a, b] : [b, a];
      expect(readBack(formatDuration(short))).toBeLessThanOrEqual(readBack(formatDuration(long)));
    }));
  });

  it("is off by less than half of its last unit", () => {
    fc.assert(fc.property(fc.double({ min: 0, max: DURATION_MS_MAX, noNaN: true }), (ms) => {
      const text = formatDuration(ms);
      const unitMs = text.endsWith(" ms") ? (ms < 9.95 ? 0.1 : 1) : text.endsWith(" s") ? 100 : /^\d+m|s$/.test(text) ? 1000 : /^\d+h|m$/.test(text) ? 60_000 : 3_600_000;
      expect(Math.abs(readBack(text) - ms)).toBeLessThanOrEqual(unitMs / 2 + 1e-6);
    }));
  });
});

describe("formatWholeSeconds (ages that tick once a second)", () => {
  it("counts whole seconds: never tenths, never rounded up", () => {
    expect([0, 999, 1000, 7999, 59_999, 247_900].map(formatWholeSeconds)).toEqual(["0 s", "0 s", "1 s", "7 s", "59 s", "4m 07s"]);
  });
});

describe("formatAge (kubectl's AGE)", () => {
  it.each([
    [0, "0s"], [45_000, "45s"], [119_000, "119s"], [120_000, "2m"], [192_000, "3m12s"], [310_000, "5m10s"], [15 * 60_000, "15m"],
    [5 * 3_600_000 + 3 * 60_000, "5h3m"], [20 * 3_600_000, "20h"], [30 * 3_600_000, "30h"], [52 * 3_600_000, "2d4h"],
    [12 * 86_400_000, "12d"], [800 * 86_400_000, "2y"], [-5, "0s"],
  ])("%d ms reads %s, as kubectl prints it", (ms, text) => {
    expect(formatAge(ms)).toBe(text);
  });
});

describe("formatGoDuration (kubelet's event messages)", () => {
  it.each([[500, "500ms"], [10_000, "10s"], [1500, "1.5s"], [80_000, "1m20s"], [300_000, "5m0s"], [3_600_000, "1h0m0s"], [3_723_001, "1h2m3.001s"]])("%d ms reads %s", (ms, text) => {
    expect(formatGoDuration(ms)).toBe(text);
  });
});

describe("sizes and rates in prose", () => {
  it.each([
    [0, "0 bytes"],
    [1, "1 byte"],
    [37, "37 bytes"],
    [1023, "1023 bytes"],
    [1024, "1.0K"],
    [1536 * 1024, "1.5M"],
  ])("formatSizeAlone(%d) is %s", (bytes, text) => {
    expect(formatSizeAlone(bytes)).toBe(text);
  });

  it.each([
    [0, "0 B/s"],
    [0.1, "0.1 B/s"],
    [0.04, "0 B/s"],
    [512, "512 B/s"],
    [1023.96, "1024 B/s"],
    [1024, "1.0K/s"],
    [104448, "102K/s"],
  ])("formatRate(%d) is %s", (rate, text) => {
    expect(formatRate(rate)).toBe(text);
  });
});
