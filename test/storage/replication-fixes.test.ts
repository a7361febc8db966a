// Issue #9: a replication target says what actually frees it, and a volume in a session is not
// deleted without --force.

import { describe, expect, it } from "vitest";
import { newSession, ok } from "../helpers.js";

describe("replication sessions and their volumes", () => {
  it("keeps a paused session's target read-only and says --remove frees it", () => {
    const session = newSession();
    ok(session, "vol create a --size 1M; vol create b --size 1M; vol replicate start a b");
    expect(ok(session, "vol replicate stop a b")).toEqual(["paused replication a -> b; b stays read-only until vol replicate stop a b --remove"]);
    expect(session.execute("vol write b 0 --data x").error).toBe(
      "error: volume 'b' is a replication target of 'a' [EBUSY] — vol replicate stop a b --remove ends the session and frees it (a paused one would resume over it)",
    );
    expect(ok(session, "vol replicate stop a b --remove")).toEqual(["ended replication a -> b; b is an ordinary volume again"]);
    ok(session, "vol write b 0 --data x");
    expect(ok(session, "vol read b 0 1")).toEqual(["x"]);
  });

  it("refuses to delete a source or target in a session without --force, and --force ends the session", () => {
    const session = newSession();
    ok(session, "vol create a --size 1M; vol create b --size 1M; vol replicate start a b");
    expect(session.execute("vol delete a").error).toBe("error: volume 'a' is in replication session a -> b (syncing) [EBUSY] — vol replicate stop a b --remove first, or delete --force (ends it)");
    expect(session.execute("vol delete b").error).toBe("error: volume 'b' is in replication session a -> b (syncing) [EBUSY] — vol replicate stop a b --remove first, or delete --force (ends it)");
    expect(ok(session, "vol list").join("\n")).toContain("<- a");
    ok(session, "vol delete a --force");
    expect(ok(session, "vol replicate status")).toEqual(["(no replication sessions)"]);
    ok(session, "vol write b 0 --data y");
  });
});
