// `vol write` on a volume that does not exist says so first (ENOENT), before judging the payload
// (its length against IO_LENGTH_MAX) or reading a file for it.

import { describe, expect, it } from "vitest";
import { newSession, ok } from "../helpers.js";

describe("vol write on a missing volume", () => {
  it("reports the missing volume before an oversized --len", () => {
    const session = newSession();
    expect(session.execute("vol write x 0 --pattern 1 --len 1100M").error).toBe("error: no volume named 'x' [ENOENT]");
    ok(session, "vol create x --size 1M");
    expect(session.execute("vol write x 0 --pattern 1 --len 1100M").error).toMatch(/^error: IO of 1100M is over the 64M per-command limit/);
  });
});
