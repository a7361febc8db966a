// audit query and audit filter add take --user <uid|name>: a name is any user `user list` shows,
// resolved through the security accounts' view (a new user tried `--user bob` and was told to give a uid).

import { describe, expect, it } from "vitest";
import { newSession, ok } from "../helpers.js";

describe("audit --user by name", () => {
  it("finds a user's entries by name, the same as by uid", () => {
    const session = newSession();
    ok(session, "user add bob; su bob; vol list; exit");
    const uid = /uid=(\d+)/.exec(ok(session, "id bob").join("\n"))![1]!;
    const byName = ok(session, "audit query --user bob --limit 0");
    expect(byName.length).toBeGreaterThan(1);
    expect(byName.slice(1).every((line) => line.split(/\s+/)[5] === uid)).toBe(true); // SEQ ID TIME LEVEL TYPE UID
    expect(byName).toEqual(ok(session, `audit query --user ${uid} --limit 0`));
    expect(ok(session, "audit query --user root --limit 0").slice(1).every((line) => line.split(/\s+/)[5] === "0")).toBe(true);
  });

  it("refuses a name no user has, saying where names come from, and takes it in a filter once the user exists", () => {
    const session = newSession();
    expect(session.execute("audit query --user bob").error).toBe("error: no user named 'bob' [ENOENT] — give a uid, or a name from user list");
    expect(session.execute("audit filter add --effect alert --user bob").error).toMatch(/no user named 'bob'/);
    ok(session, "user add bob");
    expect(ok(session, "audit filter add --effect alert --user bob")[0]).toMatch(/^added audit filter #\d+ \(alert\)$/);
  });
});
