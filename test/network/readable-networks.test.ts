// What another user sees of networks they may not read (part B's tryout): `net stats bobnet` and
// `net fdb bobnet` are refused, so `net stats` and `net if list` without a name, `watch net` and
// top's network pane leave out bobnet's counters, interfaces, learned MACs and capture too, as `ctr
// stats` does other users' containers. `net list` still names every network, as ls does.

import { describe, expect, it } from "vitest";
import type { Session } from "../../shell/session.js";
import { newSession, ok } from "../helpers.js";

function json<T>(session: Session, line: string): T {
  return JSON.parse(ok(session, `${line} --json`).join("\n")) as T;
}

/** bob's bobnet with a capture and learned MACs, root's world-readable pubnet, and mal (CAP_NET_RAW) su'd to. */
function malWatching(): Session {
  const session = newSession();
  ok(session, "user add mal --caps CAP_NET_RAW; user add bob --caps CAP_NET_ADMIN,CAP_NET_RAW");
  ok(session, "su bob; net create bobnet --cidr 10.0.0.0/24; net if add bobnet b1 --ip 10.0.0.2; net if add bobnet b2 --ip 10.0.0.3; sleep 2s");
  ok(session, "net capture start bobnet; net send b1 10.0.0.3; exit");
  ok(session, "net create pubnet --cidr 10.7.0.0/24; sec chmod net/pubnet 644; net if add pubnet p1 --ip 10.7.0.2; su mal");
  return session;
}

const BOB = /\bb1\b|\bb2\b|52:54:00|capturing/;

describe("networks a viewer may not read", () => {
  it("are left out of net stats and net if list without a name", () => {
    const session = malWatching();
    expect(session.execute("net stats bobnet").error).toContain("mal lacks read (r) on net/bobnet");
    expect(json<{ networks: { name: string }[] }>(session, "net stats").networks.map((n) => n.name)).toEqual(["pubnet"]);
    expect(json<{ interfaces: { name: string }[] }>(session, "net if list").interfaces.map((i) => i.name)).toEqual(["p1"]);
    expect(json<{ networks: { name: string }[] }>(session, "net list").networks.map((n) => n.name)).toEqual(["bobnet", "pubnet"]);
    ok(session, "exit; sec chmod net/pubnet 640; su mal");
    expect(ok(session, "net stats")).toEqual(["(no network you may read: 2 left out)"]);
    expect(ok(session, "watch net")).toContain("(no interfaces on a network you may read)");
  });

  it("show in watch net and top only their names: no interfaces, learned MACs or capture", () => {
    const session = malWatching();
    for (const view of ["watch net", "top"]) {
      const frame = ok(session, view).join("\n");
      expect(frame).toContain("bobnet");
      expect(frame).toContain("p1");
      expect(frame, view).not.toMatch(BOB);
      expect(frame).toContain("(the capture is of a network you may not read)");
    }
    const data = json<{ panes: { net: { interfaces: unknown[]; fdb: unknown[]; capture: unknown } } }>(session, "watch net").panes.net;
    expect([data.interfaces.length, data.fdb.length, data.capture]).toEqual([1, 0, null]);
  });

  it("show their owner everything", () => {
    const session = malWatching();
    ok(session, "exit; su bob");
    const frame = ok(session, "watch net").join("\n");
    expect(frame).toMatch(/\bb1\b/);
    expect(frame).toMatch(/52:54:00/);
    expect(frame).toContain("capturing on bobnet");
  });
});
