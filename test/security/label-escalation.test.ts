// Object labels cannot be used to escalate (issue #10): a label exists only for an existing
// object, an object and its label are made in one step (a refused label makes nothing), and one
// user's share of the shared label table is bounded, so root's new objects always get theirs.

import { SUBSYSTEMS } from "../../modules/subsystems.js";
import { describe, expect, it } from "vitest";
import { OBJECT_LABEL_USER_MAX } from "../../src/limits.js";
import { Kernel } from "../../src/kernel.js";
import type { Session } from "../../shell/session.js";
import { newSession, ok, TEST_KEY } from "../helpers.js";

/** The `sec ls` row of `path`'s own label. */
function labelOf(session: Session, path: string): string {
  return ok(session, "sec ls").find((line) => line.endsWith(` ${path}`)) ?? "(none)";
}

function aliceSession(): Session {
  const session = newSession();
  ok(session, "user add alice --caps CAP_SYS_ADMIN,CAP_MAC_ADMIN; su alice; vol create mine --size 1M");
  return session;
}

describe("object labels", () => {
  it("exist only for existing objects: chmod of a path that names none is ENOENT and leaves no label", () => {
    const session = aliceSession();
    expect(session.execute("sec chmod vol/mine/j1 600").error).toBe("error: no object vol/mine/j1: only existing objects carry labels [ENOENT] — sec ls shows the labelled objects; create the object first");
    expect(ok(session, "sec ls vol").join("\n")).not.toContain("j1");
    ok(session, "sec chmod vol/mine 600; exit; sec chmod clock 666"); // an object, and a boot container path
    expect(session.execute("sec chown vol/ghost alice").error).toContain("no object vol/ghost");
    expect(session.execute("sec label user/ghost private").error).toContain("no object user/ghost");
    expect(labelOf(session, "vol/mine")).toMatch(/^rw-------\s+alice\s/);
  });

  it("cannot be exhausted by one user: after 1100 refused chmods root's volume gets its own label", () => {
    const session = aliceSession();
    for (let i = 1; i <= 1100; i++) expect(session.execute(`sec chmod vol/mine/j${i} 600`).ok).toBe(false);
    ok(session, "exit; vol create rootvol --size 1M");
    expect(labelOf(session, "vol/rootvol")).toMatch(/^rw-r-----\s+root\s/);
  });

  it("bound each non-root user's share; the refused command creates nothing; root is exempt", () => {
    const session = aliceSession();
    for (let i = 2; i <= OBJECT_LABEL_USER_MAX; i++) ok(session, `sec rule add --effect audit --action vol.read --priority ${i}`);
    const refused = session.execute("vol create extra --size 1M");
    expect(refused.error).toBe(
      `error: label quota exceeded: uid 1000 already owns ${OBJECT_LABEL_USER_MAX} labelled objects; the share of one user is ${OBJECT_LABEL_USER_MAX} (OBJECT_LABEL_USER_MAX) [ENOSPC] — delete objects it owns, or have root create or own them`,
    );
    expect(ok(session, "vol list").join("\n")).not.toContain("extra");
    expect(session.execute(`sec rule add --effect audit --action vol.read --priority 0`).error).toContain("label quota exceeded");
    expect(ok(session, "sec rule list").filter((line) => /^\s*\d+\s/.test(line))).toHaveLength(OBJECT_LABEL_USER_MAX - 1);
    ok(session, "exit");
    for (let i = 0; i <= OBJECT_LABEL_USER_MAX; i++) ok(session, `sec rule add --effect audit --action vol.write --priority ${i}`);
    ok(session, "vol create rootvol --size 1M");
  });

  it("go with their object, so a new object of the same name starts from its creator's label", () => {
    const session = aliceSession();
    ok(session, "sec chmod vol/mine 666; vol delete mine; exit; vol create mine --size 1M");
    expect(labelOf(session, "vol/mine")).toMatch(/^rw-r-----\s+root\s/);
    ok(session, "user del alice");
    expect(ok(session, "sec ls user").join("\n")).not.toContain("user/alice");
  });

  it("left in a snapshot from before, for objects that do not exist, are dropped at load", () => {
    const session = aliceSession();
    const saved = session.kernel.toSnapshot();
    const stale = Array.from({ length: 900 }, (_, i) => ({ path: `vol/mine/j${i}`, owner: 1000, group: 1000, mode: 0o600, level: 0 }));
    const snapshot = { ...saved, security: { ...saved.security, labels: [...saved.security.labels, ...stale, { ...stale[0]!, path: "vol/gone" }] } };
    const loaded = Kernel.fromSnapshot(snapshot, { sealKey: TEST_KEY, subsystems: SUBSYSTEMS }).toSnapshot();
    expect(loaded.security.labels).toEqual(saved.security.labels);
  });
});
