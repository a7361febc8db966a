// `vol read` reads into one buffer kept between commands (shell/commands/vol/read-buffer.ts), shown
// or --out: each read shows exactly its own bytes, never what a longer read left in the buffer,
// and what an earlier read showed does not change when a later one reuses the buffer.

import { describe, expect, it } from "vitest";
import { newSession, ok } from "../helpers.js";

function setUp() {
  const session = newSession();
  for (const line of ["cluster pd create pd1", "cluster pool create pd1/sp1 --copies 2", "cluster sds add sds1 --pool pd1/sp1 --capacity 1G", "cluster sds add sds2 --pool pd1/sp1 --capacity 1G", "cluster sdc add h", "vol create dv --type distributed --pool pd1/sp1 --size 8M", "cluster map dv h", "vol create lv --size 8M"]) ok(session, line);
  return session;
}

describe.each(["lv", "dv"])("vol read of %s through the kept buffer", (volume) => {
  it("shows a short read's own bytes after a long read of others, and zeros where nothing was written", () => {
    const session = setUp();
    ok(session, `vol write ${volume} 0 --pattern 0xab --len 2M`);
    ok(session, `vol write ${volume} 3M --data hello`);
    expect(ok(session, `vol read ${volume} 0 2M`)[0]).toBe("00000000: abab abab abab abab abab abab abab abab  ................"); // 2 MiB of 0xab through the buffer
    expect(ok(session, `vol read ${volume} 3M 5`)).toEqual(["hello"]);
    expect(ok(session, `vol read ${volume} 5M 16 --hex`)).toEqual(["00500000: 0000 0000 0000 0000 0000 0000 0000 0000  ................"]);
  });

  it("keeps an earlier read's result as it was when a later read reuses the buffer", () => {
    const session = setUp();
    ok(session, `vol write ${volume} 0 --data first`);
    ok(session, `vol write ${volume} 1M --data other`);
    const earlier = session.execute(`vol read ${volume} 0 5`);
    const later = session.execute(`vol read ${volume} 1M 5`);
    expect([earlier.ok && earlier.lines, later.ok && later.lines]).toEqual([["first"], ["other"]]);
  });
});
