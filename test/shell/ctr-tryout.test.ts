// What a new user's tryout of the containers feature found (issue 15's follow-up), one test per
// finding: each fails on the code before its fix.

import { beforeEach, describe, expect, it } from "vitest";
import type { Session } from "../../shell/session.js";
import { newSession, ok } from "../helpers.js";

function failing(session: Session, line: string): string {
  const outcome = session.execute(line);
  expect(outcome.ok, `'${line}' should fail`).toBe(false);
  return outcome.error!;
}

function json<T>(session: Session, line: string): T {
  return JSON.parse(ok(session, `${line} --json`).join("\n")) as T;
}

describe("ctr tryout fixes", () => {
  let session: Session;
  beforeEach(() => {
    session = newSession({ seed: 7 });
    ok(session, "image pull nginx; image pull busybox; image pull redis");
  });

  it("shows another user only the stats and events of containers they may read", () => {
    ok(session, "ctr run nginx --name web; ctr run redis --name red; sleep 3s; user add bob; su bob");
    expect(failing(session, "ctr stats web")).toMatch(/bob lacks read \(r\) on ctr\/web/);
    expect(json<{ stats: unknown[] }>(session, "ctr stats").stats).toEqual([]);
    expect(json<{ events: unknown[] }>(session, "ctr events").events).toEqual([]);
    expect(ok(session, "ctr list")).toHaveLength(3); // names, as vol list and net list show every object
    ok(session, "exit; sec chmod ctr/web 644; su bob");
    expect(json<{ stats: { name: string }[] }>(session, "ctr stats").stats.map((s) => s.name)).toEqual(["web"]);
    const events = json<{ events: { object: string }[] }>(session, "ctr events").events;
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events.map((e) => e.object))).toEqual(new Set(["web"]));
  });
});
