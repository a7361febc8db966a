// An empty list of what the viewer may read, while others' run, says so (the tryout: alice, with
// CAP_SYS_ADMIN, read "(no containers: image pull nginx; ctr run nginx --name web)" in `ctr list
// -a` while root's containers ran, and top's pods pane "(no pods: pod apply -f <file>)"): "(no
// container you may read: N left out)", as `net stats` words it; the hint stays for an empty table.

import { describe, expect, it } from "vitest";
import type { Session } from "../../shell/session.js";
import { newSession, ok } from "../helpers.js";

/** root's pod hello (container hello-nginx) and container web running; the session is alice's. */
function rootsWorkloads(): Session {
  const session = newSession();
  ok(session, "image pull nginx; node add w1 --cpu 4 --mem 8G; ctr run nginx --name web");
  ok(session, "pod apply -f test/scenarios/pods/plain.yaml; sleep 3s");
  ok(session, "user add alice --caps CAP_SYS_ADMIN; su alice");
  return session;
}

const text = (session: Session, line: string) => ok(session, line).join("\n");

describe("an empty list of what the viewer may read", () => {
  it("says how many were left out in ctr list and pod list", () => {
    const session = rootsWorkloads();
    expect(text(session, "ctr list -a")).toBe("(no container you may read: 2 left out)");
    expect(text(session, "ctr list")).toBe("(no container you may read: 2 left out)");
    expect(text(session, "pod list")).toBe("(no pod you may read: 1 left out)");
  });

  it("says how many were left out in the containers and pods panes", () => {
    const session = rootsWorkloads();
    expect(text(session, "watch ctr")).toContain("(no container you may read: 2 left out)");
    expect(text(session, "watch pod")).toContain("(no pod you may read: 1 left out)");
    const top = text(session, "top");
    expect(top).toContain("(no container you may read: 2 left out)");
    expect(top).toContain("(no pod you may read: 1 left out)");
    expect(top).not.toMatch(/no pods: pod apply|no containers: ctr run/);
  });

  it("keeps the hint of how to make one when there is none at all", () => {
    const session = newSession();
    expect(text(session, "ctr list -a")).toBe("(no containers: image pull nginx; ctr run nginx --name web)");
    expect(text(session, "pod list")).toBe("No resources found in default namespace.");
  });
});
