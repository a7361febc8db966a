import { describe, expect, it } from "vitest";
import { parseCount, parseDuration, parseSize } from "../../shell/values.js";

describe("value parsers", () => {
  it.each([
    ["500ms", 500],
    ["10s", 10_000],
    ["10", 10_000],
    ["1.5m", 90_000],
    ["2h", 7_200_000],
    ["1d", 86_400_000],
  ])("reads duration %s", (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(["", "ten", "5 s", "-1s", "10y", "400d"])("refuses duration %j", (text) => expect(() => parseDuration(text)).toThrow(/duration/));

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
