// `vol read` of zero bytes says so, in every form: as text, as a hex dump, and into a file.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { newSession, ok, tempDir } from "../helpers.js";

describe("vol read of 0 bytes", () => {
  const session = newSession();
  ok(session, "vol create d --size 1M; vol write d 0 --data hello; vol snap create d s");

  it.each([
    ["vol read d 0 0", "read 0 bytes from d at 0"],
    ["vol read d 4K 0 --hex", "read 0 bytes from d at 4K"],
    ["vol read d@s 0 0", "read 0 bytes from d@s at 0"],
  ])("%s says '0 bytes'", (line, expected) => {
    expect(ok(session, line)).toEqual([expected]);
  });

  it("into a file says so and leaves an empty file", () => {
    const out = join(tempDir(), "empty.bin");
    expect(ok(session, `vol read d 0 0 --out ${out}`)).toEqual([`read 0 bytes from d at 0 into ${out}`]);
    expect(readFileSync(out).length).toBe(0);
  });

  it("still shows the bytes of a read that has some", () => {
    expect(ok(session, "vol read d 0 5")).toEqual(["hello"]);
    expect(ok(session, "vol read d 0 2 --hex")).toEqual(["00000000: 6865                                     he"]);
  });
});
