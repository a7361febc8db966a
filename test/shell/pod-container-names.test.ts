// A pod's containers are named <pod>-<container>, so names can collide (the tryout: pod a with
// container b-c and pod a-b with container c; a user's own container web-app before pod web):
// the pod waited Pending forever ("container 'a-b-c' already exists"), and `pod show web` listed
// the other container's events. `pod apply` refuses such a pod (EEXIST, naming what holds the
// name), `ctr run` refuses a name a pod holds, and a pod's events are only its own containers'.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Session } from "../../shell/session.js";
import { newSession, ok, tempDir } from "../helpers.js";

function manifest(...pods: [pod: string, container: string][]): string {
  const file = join(tempDir(), "x.yaml");
  writeFileSync(file, pods.map(([pod, container]) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${pod}}\nspec:\n  containers:\n  - {name: ${container}, image: busybox, command: ["sleep", "1h"]}\n`).join("---\n"));
  return file;
}

function failing(session: Session, line: string): string {
  const outcome = session.execute(line);
  expect(outcome.ok, `'${line}' should fail`).toBe(false);
  return outcome.error!;
}

function cluster(): Session {
  const session = newSession();
  ok(session, "image pull busybox; node add w1 --cpu 4 --mem 8G");
  return session;
}

describe("a pod whose container name is taken", () => {
  it("is refused with its manifest's other pods when two pods of one manifest would share a container", () => {
    const session = cluster();
    expect(failing(session, `pod apply -f ${manifest(["a", "b-c"], ["a-b", "c"])}`)).toMatch(/pod a-b: its container c would be container 'a-b-c', which is pod a's \[EEXIST\]/);
    expect(ok(session, "pod list").join("\n")).not.toMatch(/^a\b/m);
  });

  it("is refused when another pod holds the name, applied or still Pending", () => {
    const session = newSession();
    ok(session, "image pull busybox"); // no node: pod a stays Pending, its container not made yet
    ok(session, `pod apply -f ${manifest(["a", "b-c"])}`);
    expect(failing(session, `pod apply -f ${manifest(["a-b", "c"])}`)).toMatch(/which is pod a's \[EEXIST\]/);
  });

  it("is refused when a container of that name exists, someone else's included", () => {
    const session = cluster();
    ok(session, "user add mal --caps CAP_SYS_ADMIN; su mal; ctr run busybox --name web-app --cmd 'sleep 1h'; exit");
    ok(session, "sec chmod ctr/web-app 600");
    expect(failing(session, `pod apply -f ${manifest(["web", "app"])}`)).toMatch(/pod web: its container app would be container 'web-app', which already exists \[EEXIST\]/);
  });

  it("holds its containers' names: ctr run may not take one, even while the pod is Pending", () => {
    const session = newSession();
    ok(session, "image pull busybox");
    ok(session, `pod apply -f ${manifest(["web", "app"])}`);
    expect(failing(session, "ctr run busybox --name web-app --cmd 'sleep 1h'")).toMatch(/container name 'web-app' is pod web's.*\[EEXIST\]/);
  });

  it("shows only its own containers' events, not those of a container that held the name before", () => {
    const session = cluster();
    ok(session, "ctr run busybox --name web-app --cmd 'sleep 1h'; ctr rm web-app --force");
    ok(session, `pod apply -f ${manifest(["web", "app"])}; sleep 2s`);
    const shown = ok(session, "pod show web").join("\n");
    expect(shown).toMatch(/Started container web-app/);
    expect(shown).not.toMatch(/Removed container web-app|Killed container/);
    expect(shown.match(/Created container web-app/g)).toHaveLength(1);
  });
});
