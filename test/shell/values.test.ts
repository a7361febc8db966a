import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatDuration, formatGoDuration } from "../../src/units.js";
import { DURATION_MS_MAX } from "../../src/limits.js";
import { parseCount, parseDuration, parseSize } from "../../shell/values.js";

describe("value parsers", () => {
  it.each([
    ["500ms", 500],
    ["10s", 10_000],
    ["10", 10_000],
    ["1.5m", 90_000],
    ["2h", 7_200_000],
    ["1d", 86_400_000],
    // several parts, as Go's time.ParseDuration and the shell's own "(+2m 20s)" write them
    ["2m20s", 140_000],
    ["1h02m", 3_720_000],
    ["1h2m3.5s", 3_723_500],
    ["1m500ms", 60_500],
    ["1d12h", 129_600_000],
    ["364d23h59m", DURATION_MS_MAX - 60_000],
  ])("reads duration %s", (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(["", "ten", "5 s", "-1s", "10y", "400d", "2m20", "m20s", "2m 20s", "1h-2m", "2m20s.", "1.m", "364d2d"])("refuses duration %j", (text) => expect(() => parseDuration(text)).toThrow(/duration/));

  it("reads back what the shell prints for a duration of a minute or more, spaces taken out", () => {
    fc.assert(fc.property(fc.integer({ min: 60, max: 3599 }), (seconds) => parseDuration(formatDuration(seconds * 1000).replace(" ", "")) === seconds * 1000));
    fc.assert(fc.property(fc.integer({ min: 1, max: 24 * 60 - 1 }), (minutes) => parseDuration(formatDuration(minutes * 60_000).replace(" ", "")) === minutes * 60_000));
  });

  it("reads back Go's duration text (kubelet's back-off 1m20s) to the millisecond", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: DURATION_MS_MAX }), (ms) => parseDuration(formatGoDuration(ms)) === ms));
  });

  it.each([
    ["512", 512],
    ["4K", 4096],
    ["10M", 10 * 1024 ** 2],
    ["2G", 2 * 1024 ** 3],
    ["1GiB", 1024 ** 3],
    ["8Gi", 8 * 1024 ** 3], // Kubernetes' IEC suffixes, as node list prints them
    ["64Mi", 64 * 1024 ** 2],
    ["4Ki", 4096],
    ["1Ti", 1024 ** 4],
    ["16B", 16],
  ])("reads size %s", (text, bytes) => expect(parseSize(text)).toBe(bytes));

  it.each(["", "4X", "-1", "1.5", "8iB", "8i", "8GiBB"])("refuses size %j", (text) => expect(() => parseSize(text)).toThrow(/size/));

  it("checks counts against their range", () => {
    expect(parseCount("7", "n", 1, 10)).toBe(7);
    expect(() => parseCount("0", "n", 1, 10)).toThrow(/out of range/);
    expect(() => parseCount("3.5", "n")).toThrow(/whole number/);
  });
});
