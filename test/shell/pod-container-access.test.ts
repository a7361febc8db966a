// A pod's containers are the pod's (the tryout of a security review as an unprivileged user): they
// carry the pod's label (owner, group, mode, level), so a user who may not read or change the pod
// may not read or change its containers through `ctr` either; each refusal is a security denial in
// the trail and `sec why` says the same; a pod's container is removed only with its pod. The lists
// (ctr list/ps, pod list, the containers and pods panes) show only what the viewer may read, as
// ctr stats does: a row carries the container's command, which may carry a secret.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Session } from "../../shell/session.js";
import { newSession, ok, tempDir, trailEntries } from "../helpers.js";

function failing(session: Session, line: string): string {
  const outcome = session.execute(line);
  expect(outcome.ok, `'${line}' should fail`).toBe(false);
  expect(outcome.error).not.toContain("\n");
  return outcome.error!;
}

/** bob's pod bobc (container x logging a secret), running; the session is mal's (no capabilities). */
function bobsPod(): Session {
  const session = newSession();
  const file = join(tempDir(), "bobc.yaml");
  writeFileSync(file, 'apiVersion: v1\nkind: Pod\nmetadata: {name: bobc}\nspec:\n  containers:\n  - {name: x, image: busybox, command: ["log", "DB_PASSWORD=hunter2", "every", "1s"]}\n');
  ok(session, "image pull busybox; node add w1 --cpu 4 --mem 8G");
  ok(session, "user add bob --caps CAP_SYS_ADMIN,CAP_DAC_READ_SEARCH; user add mal");
  ok(session, `su bob; pod apply -f ${file}; sleep 2s; exit`);
  ok(session, "su mal");
  return session;
}

describe("a pod's containers carry the pod's label", () => {
  it("denies another user every ctr verb on them, as the pod's own verbs are, each a security denial that sec why agrees with", () => {
    const session = bobsPod();
    for (const line of ["ctr logs bobc-x", "ctr exec bobc-x whoami", "ctr kill bobc-x", "ctr rm bobc-x --force", "ctr show bobc-x", "pod logs bobc"]) {
      expect(failing(session, line)).toMatch(/^error: permission denied: mal may not \S+ (ctr\/bobc-x|pod\/bobc): mal lacks (read|write) /);
    }
    ok(session, "exit");
    expect(ok(session, "sec why mal ctr.rm ctr/bobc-x").join("\n")).toMatch(/DENIED/);
    expect(ok(session, "sec why bob ctr.rm ctr/bobc-x").join("\n")).toMatch(/ALLOWED/);
    const denied = trailEntries(session, "--type security --level warning").filter((e) => e.result === "denied" && e.object === "ctr/bobc-x");
    expect(denied.map((e) => e.action)).toEqual(["ctr.logs", "ctr.exec", "ctr.kill", "ctr.rm", "ctr.show"]);
    expect(ok(session, "ctr show bobc-x").join("\n")).toMatch(/bob:bob rw-r-----, level public/);
  });

  it("follows the pod's label when it changes, and refuses one of the container's own", () => {
    const session = bobsPod();
    ok(session, "exit");
    ok(session, "sec chmod pod/bobc 664");
    ok(session, "su mal");
    expect(ok(session, "ctr logs bobc-x --tail 1").join("\n")).toContain("DB_PASSWORD=hunter2");
    expect(failing(session, "ctr kill bobc-x")).toMatch(/^error: permission denied: mal may not ctr.kill ctr\/bobc-x: mal lacks write \(w\) on ctr\/bobc-x \(rw-rw-r--\)/);
    ok(session, "exit");
    expect(failing(session, "sec chmod ctr/bobc-x 666")).toMatch(/ctr\/bobc-x carries the label of pod\/bobc, not one of its own/);
  });

  it("removes a pod's container only with its pod, even for its owner", () => {
    const session = bobsPod();
    ok(session, "exit");
    ok(session, "su bob");
    expect(failing(session, "ctr rm bobc-x --force")).toMatch(/container bobc-x belongs to pod bobc: .* \[EBUSY\] — pod delete bobc|container bobc-x belongs to pod bobc/);
    expect(ok(session, "pod list").join("\n")).toMatch(/bobc\s+1\/1\s+Running/);
    ok(session, "pod delete bobc");
    expect(ok(session, "ctr list -a").join("\n")).not.toContain("bobc-x");
  });

  it("lists only what the viewer may read: ctr list, ps and --json, pod list, watch ctr and watch pod", () => {
    const session = bobsPod();
    ok(session, "exit; image pull alpine; ctr create alpine --name mine; sec chown ctr/mine mal; su mal");
    for (const line of ["ctr list -a", "ctr ps -a", "ctr ls -a --json", "ctr list -a -q", "pod list -o wide", "pod list --json", "watch ctr", "watch pod", "top"]) {
      const shown = ok(session, line).join("\n");
      expect(shown, line).not.toMatch(/bobc|hunter2/);
      if (line.startsWith("ctr") && !line.includes("-q")) expect(shown, line).toContain("mine");
    }
    ok(session, "exit; su bob");
    expect(ok(session, "ctr list --json").join("\n")).toContain("DB_PASSWORD=hunter2");
    expect(ok(session, "pod list").join("\n")).toMatch(/^bobc\s+1\/1\s+Running/m);
    expect(ok(session, "watch pod").join("\n")).toMatch(/bobc/);
  });
});
