// A stopped capture's frames stay for show and save (part F's tryout): a new capture by one who may
// not read them is refused, naming whose capture and how many frames, until its holder saves or
// clears them; one who may read them discards them, told how many.

import { describe, expect, it } from "vitest";
import type { Session } from "../../shell/session.js";
import { join } from "node:path";
import { newSession, ok, tempDir } from "../helpers.js";

function failing(session: Session, line: string): string {
  const outcome = session.execute(line);
  expect(outcome.ok, `'${line}' should fail`).toBe(false);
  return outcome.error!;
}

/** root's stopped capture of lan with 4 frames; bob (CAP_NET_ADMIN, CAP_NET_RAW) owns network b and may not read lan. */
function rootHolding(): Session {
  const session = newSession();
  ok(session, "net create lan --cidr 10.0.0.0/24; net if add lan e1 --ip 10.0.0.2; net if add lan e2 --ip 10.0.0.3; sleep 2s");
  ok(session, "net capture start lan; net ping e1 10.0.0.3 -c 1; net capture stop");
  ok(session, "user add bob --caps CAP_NET_ADMIN,CAP_NET_RAW; su bob; net create b --cidr 10.1.0.0/24; exit");
  return session;
}

describe("a stopped capture's frames", () => {
  it("are not discarded by a start of one who may not read them", () => {
    const session = rootHolding();
    expect(ok(session, "net capture show").at(-1)).toBe("stopped on lan: 4 frames held, 280 bytes");
    ok(session, "su bob");
    expect(failing(session, "net capture start b")).toBe(
      "error: root's stopped capture of lan holds 4 frames you may not read: a new capture would discard them [EBUSY] — root saves them (net capture save <file.pcap>) or clears them (net capture clear)",
    );
    expect(failing(session, "net capture clear")).toContain("bob may not net.capture.clear net/lan");
    ok(session, "exit");
    expect(ok(session, "net capture show").at(-1)).toBe("stopped on lan: 4 frames held, 280 bytes");
  });

  it("are discarded by a start of one who may read them, the reply saying how many", () => {
    const session = rootHolding();
    expect(ok(session, "net capture start b")).toEqual(["capturing on b, snaplen 262144; the stopped capture's 4 frames discarded"]);
    expect(ok(session, "net capture show").at(-1)).toBe("capturing on b: 0 frames held, 0 bytes");
  });

  it("go with clear, decided as stop is, after which anyone may start a capture", () => {
    const session = rootHolding();
    expect(ok(session, "net capture clear")).toEqual(["cleared the capture of lan: 4 frames discarded"]);
    expect(failing(session, "net capture clear")).toContain("there is no capture to clear [ENOENT]");
    expect(ok(session, "su bob; net capture start b").at(-1)).toBe("capturing on b, snaplen 262144");
    expect(failing(session, "net capture clear")).toContain("the capture of b is running [EBUSY]");
  });

  it("keep their holder across save and load", () => {
    const session = rootHolding();
    const loaded = newSession();
    const file = join(tempDir(), "held.json");
    ok(session, `save ${file}`);
    ok(loaded, `load ${file}; su bob`);
    expect(failing(loaded, "net capture start b")).toContain("root's stopped capture of lan holds 4 frames");
  });
});
