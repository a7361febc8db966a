// Who may replicate what (part B's tryout): starting a session overwrites its target, so it is
// decided on the target (write: DAC, MAC's no write down, rules) and reads its source as `vol read`
// would; stopping one is decided on its target, so a target's owner can always free it. Each
// refusal is one line, a security denial in the trail, and what `sec why` says.

import { describe, expect, it } from "vitest";
import type { Session } from "../../shell/session.js";
import { newSession, ok, trailEntries } from "../helpers.js";

function failing(session: Session, line: string): string {
  const outcome = session.execute(line);
  expect(outcome.ok, `'${line}' should fail`).toBe(false);
  expect(outcome.error).not.toContain("\n");
  return outcome.error!;
}

/** root's session with alice (CAP_SYS_ADMIN) and bob (no capability) owning bobdata (mode 640) that holds bob's bytes. */
function aliceAndBob(): Session {
  const session = newSession();
  ok(session, "user add alice --caps CAP_SYS_ADMIN; user add bob");
  ok(session, "vol create bobdata --size 1M; vol write bobdata 0 --data bob-original; sec chown vol/bobdata bob; sec chmod vol/bobdata 640");
  ok(session, "vol create evil --size 1M; vol write evil 0 --data ALICE-OVERWROTE; sec chown vol/evil alice");
  return session;
}

/** The security denials of `action` in the trail, as root reads them. */
function denied(session: Session, action: string) {
  return trailEntries(session, `--type security --action ${action}`).filter((e) => e.result === "denied");
}

describe("vol replicate start: write on the target, read on the source", () => {
  it("refuses to overwrite a volume the user may not write, audits it, and the bytes stay", () => {
    const session = aliceAndBob();
    ok(session, "su alice");
    expect(failing(session, "vol replicate start evil bobdata")).toBe(
      "error: permission denied: alice may not vol.replicate.start vol/bobdata: alice lacks write (w) on vol/bobdata (rw-r-----) [EPERM] — sec why alice vol.replicate.start vol/bobdata",
    );
    ok(session, "exit; sleep 5s");
    expect(ok(session, "vol read bobdata 0 12")).toEqual(["bob-original"]);
    expect(ok(session, "vol replicate status")).toEqual(["(no replication sessions)"]);
    expect(denied(session, "vol.replicate.start")).toMatchObject([{ uid: 1000, object: "vol/bobdata", level: "warning" }]);
    expect(ok(session, "sec why alice vol.replicate.start vol/bobdata")[0]).toContain("DENIED by dac");
  });

  it("refuses to copy out of a volume the user may not read, decided and audited as vol read of it", () => {
    const session = aliceAndBob();
    ok(session, "sec chmod vol/bobdata 600; su alice");
    expect(failing(session, "vol replicate start bobdata evil")).toBe(
      "error: permission denied: alice may not vol.read vol/bobdata: alice lacks read (r) on vol/bobdata (rw-------) [EPERM] — sec why alice vol.read vol/bobdata",
    );
    ok(session, "exit; sleep 5s");
    expect(ok(session, "vol read evil 0 15")).toEqual(["ALICE-OVERWROTE"]);
    expect(denied(session, "vol.read")).toMatchObject([{ uid: 1000, object: "vol/bobdata" }]);
    expect(ok(session, "sec why alice vol.read vol/bobdata")[0]).toContain("DENIED by dac");
  });

  it("refuses to write down: a private user's private volume never goes into a public one", () => {
    const session = aliceAndBob();
    ok(session, "vol create secret --size 1M; vol write secret 0 --data TOPSECRET; sec label vol/secret private; sec chown vol/secret alice");
    ok(session, "vol create pub --size 1M; sec chown vol/pub alice; sec clearance alice private; su alice");
    expect(failing(session, "vol write pub 0 --data x")).toContain("no write down");
    expect(failing(session, "vol replicate start secret pub")).toBe(
      "error: permission denied: alice may not vol.replicate.start vol/pub: no write down: alice's clearance private, vol/pub is public [EPERM] — sec why alice vol.replicate.start vol/pub",
    );
    ok(session, "exit; sleep 5s");
    expect(ok(session, "vol read pub 0 9 --hex")[0]).toContain("0000 0000 0000 0000 00");
    expect(denied(session, "vol.replicate.start")).toMatchObject([{ uid: 1000, object: "vol/pub" }]);
    expect(ok(session, "sec why alice vol.replicate.start vol/pub")[0]).toContain("DENIED by mac");
  });

  it("replicates into a volume whose owner lets the user write it", () => {
    const session = aliceAndBob();
    ok(session, "sec chmod vol/bobdata 666; su alice; vol replicate start evil bobdata; exit; sleep 5s");
    expect(ok(session, "vol read bobdata 0 15")).toEqual(["ALICE-OVERWROTE"]);
  });
});

describe("vol replicate stop: decided on the target", () => {
  it("lets the target's owner, without a capability, pause and end a session into his volume", () => {
    const session = aliceAndBob();
    ok(session, "sec chmod vol/bobdata 666; su alice; vol replicate start evil bobdata; exit; sec chmod vol/bobdata 640; su bob");
    expect(failing(session, "vol write bobdata 0 --data mine")).toContain("[EBUSY]");
    expect(ok(session, "vol replicate stop evil bobdata --remove")).toEqual(["ended replication evil -> bobdata; bobdata is an ordinary volume again"]);
    ok(session, "vol write bobdata 0 --data mine");
    expect(ok(session, "vol read bobdata 0 4")).toEqual(["mine"]);
  });

  it("refuses a source's owner who may not write the target", () => {
    const session = aliceAndBob();
    ok(session, "sec chmod vol/bobdata 666; su alice; vol replicate start evil bobdata; exit; sec chmod vol/bobdata 640; su alice");
    expect(failing(session, "vol replicate stop evil bobdata --remove")).toBe(
      "error: permission denied: alice may not vol.replicate.stop vol/bobdata: alice lacks write (w) on vol/bobdata (rw-r-----) [EPERM] — sec why alice vol.replicate.stop vol/bobdata",
    );
    ok(session, "exit");
    expect(denied(session, "vol.replicate.stop")).toMatchObject([{ uid: 1000, object: "vol/bobdata" }]);
    expect(ok(session, "vol replicate status").join("\n")).toContain("evil");
  });
});

describe("volumes a viewer may not read", () => {
  it("are left out of vol stats and vol replicate status without a name, watch vol and top", () => {
    const session = aliceAndBob();
    ok(session, "vol create b2 --size 1M; sec chown vol/b2 bob; sec chmod vol/b2 600; vol replicate start bobdata b2; sec chmod vol/bobdata 600; su alice");
    expect(session.execute("vol stats bobdata").error).toContain("alice lacks read (r) on vol/bobdata");
    const stats = JSON.parse(ok(session, "vol stats --json").join("\n")) as { volumes: { name: string }[] };
    expect(stats.volumes.map((v) => v.name)).toEqual(["evil"]);
    ok(session, "exit; user add mal; su mal");
    expect(ok(session, "vol stats")[0]).toBe("(no volume you may read: 3 left out)");
    ok(session, "exit; su alice");
    expect(ok(session, "vol replicate status")).toEqual(["(no replication sessions)"]);
    for (const view of ["watch vol", "top"]) {
      const frame = ok(session, view).join("\n");
      expect(frame, view).toMatch(/^bobdata\s+Available\s+-\s+-\s+-$/m); // named, as vol list does; no figures
      expect(frame, view).toMatch(/^b2\s+Available\s+-\s+-\s+-$/m);
      expect(frame, view).toContain("(no replication)");
    }
    expect(ok(session, "vol list").join("\n")).toContain("bobdata"); // names, as ls shows a directory's
    ok(session, "exit; su bob");
    expect(ok(session, "vol replicate status").join("\n")).toContain("bobdata");
    expect(ok(session, "watch vol").join("\n")).toMatch(/bobdata[\s\S]*b2/);
  });
});
