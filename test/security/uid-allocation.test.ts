// New uids and gids are picked as useradd and groupadd pick them: one past the highest in use, so
// a deleted user's uid (and the objects it still owns) does not go to the next user while a
// higher uid exists; `user del` says which objects still name the removed uid as their owner.

import { describe, expect, it } from "vitest";
import { newSession, ok } from "../helpers.js";

describe("uid and gid allocation", () => {
  it("gives the next user one past the highest uid, not a deleted one's, and her objects stay out of reach", () => {
    const session = newSession();
    ok(session, "user add alice; user add bob; vol create x --size 1M; vol write x 0 --data secret; sec chown vol/x alice; sec chmod vol/x 600");
    expect(ok(session, "user del alice")).toEqual(["removed user alice", "1 object still names uid 1000 as owner (vol/x): a user given uid 1000 would own it; sec chown it to keep that from happening"]);
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
});
