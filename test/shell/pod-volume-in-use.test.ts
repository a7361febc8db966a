// A volume a pod mounts is kept while the pod runs (issue 17's tryout, part C): `vol delete`, with
// --force or not, is refused naming the pod — Kubernetes' pvc-protection keeps a claim in use —
// so a pod never goes on "Running / Ready True" over a volume that is gone. Deleting the pod
// unmounts it; then the volume goes.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Session } from "../../shell/session.js";
import { newSession, ok, tempDir } from "../helpers.js";

function manifest(claim: string): string {
  const path = join(tempDir(), "app.yaml");
  writeFileSync(path, `apiVersion: v1\nkind: Pod\nmetadata: {name: app}\nspec:\n  containers:\n  - name: app\n    image: nginx\n    command: ["serve 80; write /data 64K/s"]\n    volumeMounts:\n    - {name: data, mountPath: /data}\n  volumes:\n  - name: data\n    persistentVolumeClaim: {claimName: ${claim}}\n`);
  return path;
}

function refused(session: Session, line: string): string {
  const outcome = session.execute(line);
  expect(outcome.ok, `'${line}' should fail`).toBe(false);
  return outcome.error!;
}

const CLUSTER = "cluster pd create pd1; cluster pool create pd1/sp1 --copies 2; cluster sds add sds1 --pool pd1/sp1 --capacity 1G; cluster sds add sds2 --pool pd1/sp1 --capacity 1G; cluster sdc add w1";

describe("vol delete on a volume a pod mounts", () => {
  it.each([
    ["a local volume", "vol create data --size 64M"],
    ["a distributed volume", `${CLUSTER}; vol create data --type distributed --pool pd1/sp1 --size 64M`],
  ])("%s: refused with and without --force, naming the pod; the pod keeps it; after pod delete it goes", (_, create) => {
    const session = newSession();
    ok(session, `image pull nginx; node add w1 --cpu 4 --mem 8G; ${create}`);
    ok(session, `pod apply -f ${manifest("data")}; sleep 5s`);
    for (const line of ["vol delete data", "vol delete data --force"]) {
      expect(refused(session, line)).toBe("error: volume 'data' is mounted by pod/app: a volume in use by a pod is not deleted, even with --force [EBUSY] — pod delete app first (it unmounts the volume), then vol delete data");
    }
    ok(session, "sleep 5s");
    const show = ok(session, "pod show app").join("\n");
    expect(show).toMatch(/Status:\s+Running/);
    expect(show).toMatch(/ClaimName:\s+data/);
    expect(ok(session, "ctr logs app-app").join("\n")).not.toContain("EIO");
    expect(ok(session, "vol list").join("\n")).toMatch(/data .*pod\/app/);
    ok(session, "pod delete app; vol delete data");
    expect(refused(session, "vol show data")).toMatch(/ENOENT/);
  });
});
