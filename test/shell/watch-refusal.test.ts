// A `watch <group>` the viewer may not see is refused as the command its pane mirrors would be,
// and recorded the same way: a security denial in the trail (not "allowed" then a bare EPERM), so
// `audit query --type security` lists it as denied and `sec why` explains it, as for any refused command.

import { describe, expect, it } from "vitest";
import { newSession, ok, trailEntries, type TrailEntry } from "../helpers.js";

/** Bob's security entries, as root reads them. */
function bobsSecurityEntries(session: ReturnType<typeof newSession>): TrailEntry[] {
  return trailEntries(session, "--type security --user bob");
}

describe("a refused watch in the audit trail", () => {
  for (const group of ["sec", "audit"]) {
    it(`records watch ${group} by a user without CAP_AUDIT_READ as a denial, as audit tail's own`, () => {
      const session = newSession();
      ok(session, "user add bob; su bob");
      expect(session.execute(`watch ${group}`).error).toMatch(/permission denied: bob may not audit\.tail audit: CAP_AUDIT_READ .*sec why bob audit\.tail audit$/);
      ok(session, "exit");
      const denials = bobsSecurityEntries(session).filter((entry) => entry.result === "denied");
      expect(denials).toEqual([{ ...denials[0], level: "warning", type: "security", uid: 1000, action: "audit.tail", object: "audit", result: "denied", message: "capability: CAP_AUDIT_READ is not in bob's capability set" }]);
      expect(ok(session, "audit query --type security --level warning").join("\n")).toMatch(/warning\s+security\s+1000\s+audit\.tail\s+audit\s+denied\s/);
      expect(ok(session, "sec why bob audit.tail audit")[0]).toBe("bob audit.tail audit: DENIED by capability — CAP_AUDIT_READ is not in bob's capability set");
      // the same entry as `audit tail` refused leaves (but its own sequence number and story)
      ok(session, "su bob");
      session.execute("audit tail");
      ok(session, "exit");
      const strip = ({ level, type, uid, action, object, result, message }: TrailEntry) => ({ level, type, uid, action, object, result, message });
      const both = bobsSecurityEntries(session).filter((entry) => entry.result === "denied").map(strip);
      expect(both).toHaveLength(2);
      expect(both[1]).toEqual(both[0]);
    });
  }

  it("records nothing denied for a watch the user may see", () => {
    const session = newSession();
    ok(session, "user add bob; su bob; watch vol; exit");
    expect(bobsSecurityEntries(session).filter((entry) => entry.result === "denied")).toEqual([]);
  });
});
