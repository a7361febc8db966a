// Users are isolated by default (issue #9): a private group per user, as Debian's useradd makes,
// and a umask (022) on everything a user creates, so another user may at most read it.

import { describe, expect, it } from "vitest";
import { SecurityManager } from "../../modules/security/index.js";
import { newSession, ok } from "../helpers.js";

describe("private groups", () => {
  it("gives each new user a group of its own name, gid = uid where free, and removes it with the user", () => {
    const sec = new SecurityManager();
    sec.accounts.addGroup("ops", 1001);
    expect(sec.accounts.addUser({ name: "alice" })).toBe(1000);
    expect(sec.accounts.gidOf("alice")).toBe(1000);
    expect(sec.accounts.addUser({ name: "bob" })).toBe(1001);
    expect(sec.accounts.gidOf("bob")).not.toBe(1001); // 1001 is ops': the next free gid instead
    expect(sec.accounts.users().find((u) => u.name === "bob")!.group).toBe("bob");
    sec.accounts.deleteUser("alice");
    expect(sec.accounts.groups().map((g) => g.name)).not.toContain("alice");
  });

  it("keeps a private group another user still has as primary, and honours --group", () => {
    const sec = new SecurityManager();
    sec.accounts.addUser({ name: "alice" });
    sec.accounts.addUser({ name: "bob", group: "alice" });
    expect(sec.accounts.credentials(sec.accounts.uidOf("bob")).gid).toBe(sec.accounts.gidOf("alice"));
    expect(sec.accounts.groups().map((g) => g.name)).not.toContain("bob");
    sec.accounts.deleteUser("alice");
    expect(sec.accounts.groups().find((g) => g.name === "alice")?.members).toEqual(["bob"]);
  });

  it("refuses a user whose private group name is taken, and leaves nothing behind when refused", () => {
    const sec = new SecurityManager();
    sec.accounts.addGroup("carol");
    expect(() => sec.accounts.addUser({ name: "carol" })).toThrow("group 'carol' already exists, so 'carol' cannot get a private group of that name");
    const groups = sec.accounts.groups().length;
    expect(() => sec.accounts.addUser({ name: "dave", groups: ["nope"] })).toThrow("no group named 'nope'");
    expect(sec.accounts.groups()).toHaveLength(groups);
  });

  it("fits the whole user table, each with its private group", () => {
    const sec = new SecurityManager();
    for (let i = 1; i < 64; i++) sec.accounts.addUser({ name: `u${i}` });
    expect(sec.accounts.groups()).toHaveLength(65);
    expect(() => sec.accounts.addUser({ name: "one-more" })).toThrow("user table full");
    expect(sec.accounts.groups()).toHaveLength(65);
  });
});

describe("umask", () => {
  it("masks the mode of what a user creates: 022 by default, settable per user", () => {
    const sec = new SecurityManager();
    const alice = sec.accounts.addUser({ name: "alice" });
    const ci = sec.accounts.addUser({ name: "ci", umask: 0o077 });
    const made = (): void => undefined;
    sec.labels.create("vol/a", alice, sec.accounts.gidOf("alice"), made, 0o660);
    sec.labels.create("audit/filter/1", alice, sec.accounts.gidOf("alice"), made);
    sec.labels.create("vol/c", ci, sec.accounts.gidOf("ci"), made);
    expect(sec.labels.resolve("vol/a").mode).toBe(0o640);
    expect(sec.labels.resolve("audit/filter/1").mode).toBe(0o644);
    expect(sec.labels.resolve("vol/c").mode).toBe(0o600);
    expect(() => sec.accounts.setUmask("alice", 0o1000)).toThrow("umask 1000 is out of range");
  });

  it("survives a snapshot and shows in id; umask sets your own", () => {
    const session = newSession();
    ok(session, "user add alice; su alice");
    expect(ok(session, "umask")).toEqual(["0022"]);
    expect(ok(session, "umask 077")).toEqual(["0077"]);
    expect(ok(session, "id")[0]).toBe("uid=1000(alice) gid=1000(alice) groups=1000(alice) clearance=public umask=0077");
    ok(session, "exit");
    expect(ok(session, "user list")[2]).toMatch(/^alice\s+1000\s+alice\s+-\s+public\s+-\s+0077\s+none$/);
    const copy = new SecurityManager();
    copy.restore(session.kernel.toSnapshot().security);
    expect(copy.accounts.umaskOf(1000)).toBe(0o077);
  });
});

describe("the issue's reproduction", () => {
  it("keeps bob from writing (or reading) alice's volume; alice's bytes stay hers", () => {
    const session = newSession();
    ok(session, "user add alice --caps CAP_SYS_ADMIN; user add bob; su alice; vol create av --size 1M; vol write av 0 --data mine; exit; su bob");
    const write = session.execute("vol write av 0 --data HACKED");
    expect(write.ok).toBe(false);
    expect(write.error).toBe("error: permission denied: bob may not vol.write vol/av: bob lacks write (w) on vol/av (rw-r-----) [EPERM] — sec why bob vol.write vol/av");
    expect(session.execute("vol read av 0 4").error).toMatch(/bob lacks read \(r\) on vol\/av \(rw-r-----\) \[EPERM\]/);
    ok(session, "exit");
    expect(ok(session, "vol read av 0 4")).toEqual(["mine"]);
    expect(ok(session, "sec ls vol/av")).toEqual(["MODE        OWNER   GROUP   LEVEL    OBJECT", "rw-r-----   alice   alice   public   vol/av"]);
  });
});

describe("sec why", () => {
  it("names an unknown user, action or object path instead of failing inside", () => {
    const session = newSession();
    expect(session.execute("sec why alice vol.read vol/x").error).toBe("error: no user named 'alice' [ENOENT]");
    expect(session.execute("sec why root vol.nope vol/x").error).toBe("error: unknown action 'vol.nope' [EINVAL] — actions are dotted command names, e.g. audit.query or user.add");
    expect(session.execute("sec why root vol.read").error).toBe("error: vol.read acts on a named object: say which [EINVAL] — e.g. sec why root vol.read vol/<name>");
    expect(session.execute("sec why root vol.read 'a b'").error).toBe("error: object 'a b' is not a valid object path [EINVAL] — use names separated by '/', e.g. audit/filter/3");
  });

  it("explains an object that does not exist yet by the label it would inherit", () => {
    const session = newSession();
    ok(session, "user add alice; vol create db --size 1M");
    expect(ok(session, "sec why alice vol.write vol/new")).toContain("  dac        pass   vol/new (label of vol): owner root, group root, rw-rw-rw-; alice has write (w)");
    expect(ok(session, "sec why alice vol.write vol/db")[0]).toBe("alice vol.write vol/db: DENIED by dac — alice lacks write (w) on vol/db (rw-r-----)");
  });
});
