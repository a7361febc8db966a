// A MAC denial's fix names only what can be done: an object being created has no label yet (root
// makes it, labels it and gives it away), and an object every level shares (the clock) is not
// raised for a higher clearance to write it: moving the shared clock from above is a write down,
// so a private user does not sleep unless public or trusted (CAP_MAC_OVERRIDE).

import { describe, expect, it } from "vitest";
import { newSession, ok } from "../helpers.js";
import type { Session } from "../../shell/session.js";

function withPrivatePat(): Session {
  const session = newSession();
  ok(session, "user add pat --caps CAP_SYS_ADMIN; sec clearance pat private");
  return session;
}

const fixOf = (session: Session, why: string) => ok(session, why).find((line) => line.startsWith("  to change it: "));

describe("the fix of a MAC denial", () => {
  it("for a volume not made yet names what root can do, and following it lets pat use a private volume", () => {
    const session = withPrivatePat();
    ok(session, "su pat");
    expect(session.execute("vol create secret --size 1M").error).toMatch(/no write down: pat's clearance private, vol\/secret is public \[EPERM\]/);
    expect(fixOf(session, "sec why pat vol.create vol/secret")).toBe("  to change it: sec clearance pat public, or (as root) make vol/secret, then sec label vol/secret private and sec chown vol/secret pat: it does not exist yet, so it has no label, and would take vol's level (public)");
    ok(session, "exit; vol create secret --size 1M; sec label vol/secret private; sec chown vol/secret pat; su pat");
    ok(session, "vol write secret 0 --data hidden");
    expect(ok(session, "vol read secret 0 6")).toEqual(["hidden"]);
  });

  it("for the shared clock offers a clearance or CAP_MAC_OVERRIDE, not a relabel that would hide it from public users", () => {
    const session = withPrivatePat();
    ok(session, "su pat");
    expect(session.execute("sleep 1s").error).toMatch(/no write down: pat's clearance private, clock is public/);
    expect(fixOf(session, "sec why pat kernel.sleep clock")).toBe("  to change it: sec clearance pat public, or sec caps pat +CAP_MAC_OVERRIDE (as root): clock is shared by every level, so it stays public for all to read");
    ok(session, "exit; sec caps pat +CAP_MAC_OVERRIDE; su pat; sleep 1s");
  });

  it("for an existing object of its own still offers its relabel", () => {
    const session = withPrivatePat();
    ok(session, "vol create pub --size 1M; sec chmod vol/pub 666");
    expect(fixOf(session, "sec why pat vol.write vol/pub")).toBe("  to change it: sec clearance pat public, or sec label vol/pub private (as root)");
  });
});
