// Who a container runs as (issue 17's tryout, part C): `ctr run --user` and a pod's runAsUser follow
// one rule (modules/security/pod-subjects.ts runAsUidOf) — a uid other than the caller's own needs
// CAP_SETUID, a caller without it runs as themselves by default, root keeps the image's user — and
// every refusal, a container's or a pod's (uid, level, capability), is a security denial in the
// trail (type security, result denied, level warning, the deciding layer named), as the gate's are.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Session } from "../../shell/session.js";
import { newSession, ok, tempDir, trailEntries, type TrailEntry } from "../helpers.js";

function failing(session: Session, line: string): string {
  const outcome = session.execute(line);
  expect(outcome.ok, `'${line}' should fail`).toBe(false);
  expect(outcome.error).not.toContain("\n");
  return outcome.error!;
}

/** The security denials in the trail, read as root would (the session is left as it was). */
function denials(session: Session): TrailEntry[] {
  return trailEntries(session, "--type security --level warning").filter((e) => e.result === "denied");
}

/** A session with nginx pulled, a node to run pods on, and `user` (uid 1000) holding `caps`, su'd to. */
function sessionAs(caps: string, user = "alice"): Session {
  const session = newSession();
  ok(session, "image pull nginx; image pull redis; node add w1 --cpu 4 --mem 8G");
  ok(session, `user add ${user} --caps ${caps}`);
  ok(session, `su ${user}`);
  return session;
}

function uidOf(session: Session, container: string): number {
  return (JSON.parse(ok(session, `ctr show ${container} --json`).join("\n")) as { uid: number }).uid;
}

function podManifest(name: string, security: string, containerSecurity = ""): string {
  const path = join(tempDir(), `${name}.yaml`);
  writeFileSync(path, `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  securityContext: {${security}}\n  containers:\n  - {name: app, image: nginx${containerSecurity}}\n`);
  return path;
}

describe("ctr run --user follows a pod's runAsUser rule", () => {
  it("refuses another uid to a user without CAP_SETUID, creates nothing, and records a security denial", () => {
    const session = sessionAs("CAP_SYS_ADMIN");
    expect(failing(session, "ctr run nginx --name w --user 0")).toContain("ctr/w may not run as uid 0: alice (uid 1000) does not hold CAP_SETUID");
    expect(failing(session, "ctr create nginx --name w2 --user 1001")).toContain("ctr/w2 may not run as uid 1001");
    expect(failing(session, "ctr show w")).toMatch(/ENOENT|no container/i);
    expect(failing(session, "ctr show w2")).toMatch(/ENOENT|no container/i);
    ok(session, "exit");
    expect(denials(session)).toEqual([
      expect.objectContaining({ level: "warning", type: "security", uid: 1000, action: "ctr.run", object: "ctr/w", message: expect.stringMatching(/^capability: .*CAP_SETUID/) }),
      expect.objectContaining({ level: "warning", type: "security", uid: 1000, action: "ctr.create", object: "ctr/w2", message: expect.stringMatching(/^capability: .*CAP_SETUID/) }),
    ]);
  });

  it("runs a user without CAP_SETUID as themselves by default, and as their own uid when asked", () => {
    const session = sessionAs("CAP_SYS_ADMIN");
    ok(session, "ctr run nginx --name mine; ctr run redis --name cache; ctr run nginx --name own --user 1000; sleep 1s");
    expect(ok(session, "ctr exec mine id")).toEqual(["uid=1000 gid=1000 groups=1000"]);
    expect([uidOf(session, "mine"), uidOf(session, "cache"), uidOf(session, "own")]).toEqual([1000, 1000, 1000]);
    ok(session, "exit");
    expect(denials(session)).toEqual([]);
  });

  it("lets root and a holder of CAP_SETUID run as anyone; their default stays the image's user", () => {
    const root = newSession();
    ok(root, "image pull nginx; image pull redis");
    ok(root, "ctr run nginx --name web; ctr run redis --name cache; ctr run nginx --name other --user 1001; sleep 1s");
    expect([uidOf(root, "web"), uidOf(root, "cache"), uidOf(root, "other")]).toEqual([0, 999, 1001]);
    expect(ok(root, "ctr exec web id")).toEqual(["uid=0(root) gid=0(root) groups=0(root)"]);
    const setuid = sessionAs("CAP_SYS_ADMIN,CAP_SETUID", "carol");
    ok(setuid, "ctr run nginx --name r --user 0; ctr run redis --name c");
    expect([uidOf(setuid, "r"), uidOf(setuid, "c")]).toEqual([0, 999]);
  });

  it("decides every uid as a pod's runAsUser does (one rule), for holders and non-holders of CAP_SETUID", () => {
    const own = 1000;
    fc.assert(
      fc.property(fc.boolean(), fc.constantFrom(undefined, 0, own, 999, 1001), (setuid, uid) => {
        const session = sessionAs(setuid ? "CAP_SYS_ADMIN,CAP_DAC_READ_SEARCH,CAP_SETUID" : "CAP_SYS_ADMIN,CAP_DAC_READ_SEARCH");
        const ctr = session.execute(`ctr run redis --name c${uid === undefined ? "" : ` --user ${uid}`}`);
        const pod = session.execute(`pod apply -f ${podManifest("p", uid === undefined ? "" : `runAsUser: ${uid}`)}`);
        expect(ctr.ok).toBe(pod.ok);
        expect(ctr.ok).toBe(setuid || uid === undefined || uid === own);
        if (!ctr.ok) expect(ctr.error!.replace("ctr/c", "X")).toBe(pod.error!.replace("pod/p", "X"));
        if (ctr.ok && !setuid) expect(uidOf(session, "c")).toBe(own); // a non-holder is always themselves
      }),
      { numRuns: 20 },
    );
  });

  it("has no --user on ctr exec: an exec runs as the container's uid", () => {
    const session = sessionAs("CAP_SYS_ADMIN");
    ok(session, "ctr run nginx --name w; sleep 1s");
    expect(failing(session, "ctr exec w --user 0 id")).toMatch(/--user/);
    expect(ok(session, "ctr exec w whoami")).toEqual(["1000"]);
  });
});

describe("a pod refused for what it would run as is a security denial", () => {
  it.each([
    ["runAsUser 0", "runAsUser: 0", "", /^capability: pod\/p may not run as uid 0/],
    ["a level above the applier's clearance", "seLinuxOptions: {level: Isolated}", "", /^mac: pod\/p may not run at level isolated: above alice's clearance public/],
    ["a capability the applier lacks", "", ", securityContext: {capabilities: {add: [NET_ADMIN]}}", /^capability: pod\/p may not add CAP_NET_ADMIN/],
  ])("%s: type security, result denied, level warning, the layer named; denies-recorded counts it", (_, security, containerSecurity, message) => {
    const session = sessionAs("CAP_SYS_ADMIN,CAP_DAC_READ_SEARCH");
    failing(session, `pod apply -f ${podManifest("p", security, containerSecurity)}`);
    ok(session, "exit");
    expect(denials(session)).toEqual([expect.objectContaining({ level: "warning", type: "security", uid: 1000, action: "pod.apply", object: "pod/p", message: expect.stringMatching(message) })]);
    ok(session, "audit compliance add soc2 --rule denies-recorded");
    expect(ok(session, "audit compliance report").join("\n")).toContain("1 security denies recorded");
  });

  it("records nothing for a manifest that is only wrong (an unknown level is no decision)", () => {
    const session = sessionAs("CAP_SYS_ADMIN,CAP_DAC_READ_SEARCH");
    failing(session, `pod apply -f ${podManifest("p", "seLinuxOptions: {level: Secret}")}`);
    ok(session, "exit");
    expect(denials(session)).toEqual([]);
  });
});

describe("sec why explains what a container or a pod would run as", () => {
  const session = newSession();
  ok(session, "user add alice --caps CAP_SYS_ADMIN");
  const why = (line: string) => ok(session, `sec why alice ${line}`);

  it.each([
    ["ctr.run ctr/w --run-as-user 0", "DENIED by capability — ctr/w may not run as uid 0: alice (uid 1000) does not hold CAP_SETUID", "to change it: sec caps alice +CAP_SETUID"],
    ["ctr.create ctr/w --run-as-user 1001", "DENIED by capability — ctr/w may not run as uid 1001", "to change it: sec caps alice +CAP_SETUID"],
    ["pod.apply pod/p --level isolated", "DENIED by mac — pod/p may not run at level isolated: above alice's clearance public", "to change it: a lower --level"],
    ["pod.apply pod/p --cap-add NET_ADMIN", "DENIED by capability — pod/p may not add CAP_NET_ADMIN", "to change it: sec caps alice +CAP_NET_ADMIN"],
  ])("%s: denied, the layer and the fix named", (line, verdict, fix) => {
    const lines = why(line);
    expect(lines[0]).toContain(verdict);
    expect(lines.some((l) => l.includes(fix))).toBe(true);
  });

  it("says who it would run as when allowed", () => {
    expect(why("ctr.run ctr/w").join("\n")).toMatch(/ALLOWED[\s\S]*ctr\/w would run as uid 1000, alice's own \(no CAP_SETUID\)/);
    expect(why("ctr.run ctr/w --run-as-user 1000").at(-1)).toContain("ctr/w would run as uid 1000");
    expect(why("pod.apply pod/p").at(-1)).toContain("pod/p would run as uid 1000, level public, capabilities none");
    expect(ok(session, "sec why root ctr.run ctr/w").at(-1)).toContain("ctr/w would run as the image's user");
  });
});

describe("ctr run --user by name, as docker takes it", () => {
  it("runs as the named user's uid, refuses a name that is no user, a group after ':' and a uid out of range", () => {
    const session = sessionAs("CAP_SYS_ADMIN,CAP_SETUID");
    ok(session, "exit; user add bob; su alice; ctr run nginx --name w --user bob");
    expect(uidOf(session, "w")).toBe(1001);
    expect(failing(session, "ctr run nginx --name x --user nobody")).toBe("error: no user named 'nobody' [ENOENT]");
    expect(failing(session, "ctr run nginx --name x --user 1000:1000")).toMatch(/^error: bad --user '1000:1000': a group is not taken/);
    expect(failing(session, "ctr run nginx --name x --user 99999999")).toMatch(/^error: --user 99999999 is out of range \(0\.\.\d+\)/);
  });

  it("decides a name as its uid: bob's name without CAP_SETUID is refused like bob's uid", () => {
    const session = sessionAs("CAP_SYS_ADMIN");
    ok(session, "exit; user add bob; su alice");
    expect(failing(session, "ctr run nginx --name w --user bob")).toMatch(/^error: ctr\/w may not run as uid 1001: alice \(uid 1000\) does not hold CAP_SETUID \[EPERM\] — leave the uid out .*\(sec caps alice \+CAP_SETUID\)$/);
  });
});
