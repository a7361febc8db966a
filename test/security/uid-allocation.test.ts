// New uids and gids are picked as useradd and groupadd pick them, one past the highest in use,
// here counting the ids objects and rules still name: a deleted user's uid, and what it still owns
// or is allowed, never passes to the next user; `user del` says what still names it.

import { describe, expect, it } from "vitest";
import { newSession, ok } from "../helpers.js";

describe("uid and gid allocation", () => {
  it("gives the next user one past the highest uid, not a deleted one's, and her objects stay out of reach", () => {
    const session = newSession();
    ok(session, "user add alice; user add bob; vol create x --size 1M; vol write x 0 --data secret; sec chown vol/x alice; sec chmod vol/x 600");
    expect(ok(session, "user del alice")).toEqual(["removed user alice", "uid 1000 is still named by vol/x (as owner, or a rule's subject): new users get higher uids, unless given --uid 1000"]);
    expect(ok(session, "user add mallory")).toEqual(["added user mallory (uid 1002)"]);
    expect(ok(session, "id mallory")[0]).toBe("uid=1002(mallory) gid=1002(mallory) groups=1002(mallory) clearance=public umask=0022");
    ok(session, "su mallory");
    expect(session.execute("vol read x 0 6").error).toMatch(/permission denied: mallory may not vol\.read vol\/x/);
  });

  it("picks group ids the same way, and says nothing of objects when none is left", () => {
    const session = newSession();
    ok(session, "group add g1; group add g2; group del g1; group add g3");
    expect(ok(session, "group list --json").join("\n")).toMatch(/"name": "g3",\s*"gid": 1002/);
    ok(session, "user add temp");
    expect(ok(session, "user del temp")).toEqual(["removed user temp"]);
  });

  it("never hands the only user's uid on while an object or a rule still names it (useradd would)", () => {
    const session = newSession();
    ok(session, "user add alice; vol create db --size 8M; sec chmod vol/db 600; sec rule add --object vol/db --action vol.read --effect allow --user alice");
    expect(ok(session, "user del alice")).toEqual(["removed user alice", "uid 1000 is still named by rule #1 (as owner, or a rule's subject): new users get higher uids, unless given --uid 1000"]);
    expect(ok(session, "user add carol")).toEqual(["added user carol (uid 1001)"]);
    expect(ok(session, "sec why carol vol.read vol/db").join("\n")).toMatch(/DENIED/);
    ok(session, "sec rule del 1; user add dave");
    expect(ok(session, "id dave")[0]).toMatch(/^uid=1002\(dave\)/); // still past the highest in use
  });

  it("past the top of the range, takes the lowest uid nothing names", () => {
    const session = newSession();
    ok(session, "user add high --uid 65533; sec rule add --effect deny --uid 1000 --action vol.read");
    expect(ok(session, "user add low")).toEqual(["added user low (uid 1001)"]); // 1000: a rule still names it
  });
});
