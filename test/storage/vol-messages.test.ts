// Issue #9: vol messages say what will happen and read as people type: the state a busy volume
// returns to, "1 byte" not "1 bytes", offsets in units when one divides them.

import { describe, expect, it } from "vitest";
import { newSession, ok } from "../helpers.js";

describe("vol messages", () => {
  it("name the state a Snapshotting volume returns to: Degraded when its data is not whole", () => {
    const session = newSession();
    ok(session, "vol create big --size 64M --tier hdd; vol write big 0 --pattern 1 --len 16M"); // 256 chunks: a 2 s snapshot
    ok(session, "vol create hog --size 16T --tier hdd --thick; vol create hog2 --size 16T --tier hdd --thick; vol create hog3 --size 16T --tier hdd --thick"); // 64T logical
    ok(session, "vol create hog4 --size 16777200M --tier hdd --thick; sleep 2d"); // the hdd pool is full once they are zeroed
    expect(session.execute("vol write big 32M --data x").error).toBe(
      "error: hdd pool is full: writing big needs 64K, 0 available (16M used, 64T reserved by thick volumes, of 64T) [ENOSPC] — delete snapshots or volumes (a thick one gives back its reservation), or use another tier",
    ); // in sizes, not chunk counts, and saying what holds the space
    ok(session, "vol snap create big s1");
    expect(session.execute("vol write big 0 --data y").error).toBe(
      "error: cannot write volume 'big': it is Snapshotting until T+48:00:02.2 [EBUSY] — it becomes Degraded then (sleep 2.1s); until then only vol show, list, stats and snap list work",
    );
    ok(session, "sleep 3s");
    expect(ok(session, "vol list").find((line) => line.startsWith("big "))).toMatch(/^big\s+Degraded\s/);
  });

  it("count bytes in the singular and show offsets in units when exact", () => {
    const session = newSession();
    ok(session, "vol create v --size 1G");
    expect(ok(session, "vol write v 896M --data x")).toEqual(["wrote 1 byte to v at 896M in 0.1 ms"]);
    expect(ok(session, "vol write v 4097 --data hello")).toEqual(["wrote 5 bytes to v at 4097 in 0.1 ms"]);
    expect(ok(session, "vol write v 0 --pattern 1 --len 4K")).toEqual(["wrote 4K to v at 0 in 0.1 ms"]);
    const messages = ok(session, "audit query --action vol.write").join("\n");
    expect(messages).toContain("1 byte at 896M");
    expect(messages).toContain("5 bytes at 4097");
    expect(messages).toContain("4K at 0");
  });
});
