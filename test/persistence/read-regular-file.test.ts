// readRegularFile reads a host file to its end, not to the size fstat gives: /proc and /sys files
// say 0 bytes and have more (vol write --file /proc/self/status wrote 0 bytes); the bound holds
// for them too, and an ordinary file reads back whole.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readRegularFile } from "../../src/persistence/user-file.js";
import { tempDir } from "../helpers.js";

describe("reading a host file", () => {
  it("reads a /proc file whose size says 0 to its end", () => {
    const text = Buffer.from(readRegularFile("/proc/self/status", 1024 * 1024)).toString();
    expect(text).toMatch(/^Name:\t/);
    expect(text).toMatch(/\nPid:\t\d+\n/);
  });

  it("refuses one that turns out larger than the limit", () => {
    expect(() => readRegularFile("/proc/self/status", 16)).toThrow(/cannot read \/proc\/self\/status: it is over 16 bytes, the limit/);
  });

  it("reads an ordinary file whole, across read steps", () => {
    const file = join(tempDir(), "big.bin");
    const bytes = Uint8Array.from({ length: 200_000 }, (_, i) => i % 251);
    writeFileSync(file, bytes);
    expect(readRegularFile(file, 1024 * 1024)).toEqual(bytes);
  });
});
