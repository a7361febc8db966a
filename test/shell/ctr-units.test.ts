// The units containers are shown in: Docker's own times and sizes (shell/display/ctr-units.ts).

import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { agoText, bytesSize, cpuText, humanSize, percentText } from "../../shell/display/ctr-units.js";

describe("docker's durations and sizes", () => {
  it("says how long ago, never in the future", () => {
    expect(agoText(1000, 3000)).toBe("2 seconds ago");
    expect(agoText(5000, 3000)).toBe("Less than a second ago");
  });

  it.each([
    [0, "0B", "0B"],
    [648, "648B", "648B"],
    [1000, "1000B", "1kB"],
    [1234, "1.205KiB", "1.234kB"],
    [1536 * 1024, "1.5MiB", "1.573MB"],
    [64 * 1024 ** 2, "64MiB", "67.11MB"],
    [2 * 1024 ** 3, "2GiB", "2.147GB"],
  ])("%d bytes: %j binary, %j decimal", (bytes, binary, decimal) => {
    expect(bytesSize(bytes)).toBe(binary);
    expect(humanSize(bytes)).toBe(decimal);
  });

  it("prints percentages with two decimals", () => {
    expect(percentText(0)).toBe("0.00%");
    expect(percentText(0.5)).toBe("50.00%");
    expect(percentText(1.5)).toBe("150.00%");
  });

  test.prop([fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })])("any byte count is at most four significant digits and a unit", (bytes) => {
    expect(bytesSize(bytes)).toMatch(/^\d{1,4}(\.\d{1,3})?(B|KiB|MiB|GiB|TiB|PiB)$/);
    expect(humanSize(bytes)).toMatch(/^\d{1,4}(\.\d{1,3})?(B|kB|MB|GB|TB|PB)$/);
  });

  it("shows millicores as Kubernetes writes them", () => {
    expect([cpuText(500), cpuText(1500), cpuText(2000)]).toEqual(["500m", "1500m", "2"]);
  });
});
