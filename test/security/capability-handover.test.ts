// A user may change only the capabilities it holds, both ways (taking one away is no safer than
// handing it out: alice with CAP_SETPCAP alone once left bob with none), and only CAP_MAC_ADMIN
// gives a clearance other than the default, at `user add` as at `sec clearance`. Both are
// decided at the gate: a refusal is a capability denial in the trail, and `sec why --caps` (the
// hint it prints) explains the same decision.

import { describe, expect, it } from "vitest";
import { newSession, ok, trailEntries } from "../helpers.js";
import type { Session } from "../../shell/session.js";

function withAlice(): Session {
  const session = newSession();
  ok(session, "user add alice --caps CAP_SETPCAP,CAP_NET_ADMIN; user add bob --caps CAP_SYS_ADMIN,CAP_MAC_ADMIN");
  return session;
}

describe("sec caps as a user holding CAP_SETPCAP", () => {
  it.each([
    ["-CAP_SYS_ADMIN", "CAP_SYS_ADMIN"],
    ["-cap_mac_admin", "CAP_MAC_ADMIN"],
    ["+CAP_AUDIT_READ", "CAP_AUDIT_READ"],
    ["-CAP_NET_ADMIN -CAP_SYS_ADMIN", "CAP_SYS_ADMIN"],
  ])("refuses %s as a capability denial naming %s; bob keeps his set", (changes, missing) => {
    const session = withAlice();
    ok(session, "su alice");
    const why = `sec why alice sec.caps user/bob --caps ${changes.split(" ").map((c) => c.slice(1).toUpperCase()).join(",")}`;
    expect(session.execute(`sec caps bob ${changes}`).error).toBe(`error: permission denied: alice may not sec.caps user/bob: ${missing} is not in alice's capability set [EPERM] — ${why}`);
    expect(ok(session, why)[0]).toBe(`alice sec.caps user/bob: DENIED by capability — ${missing} is not in alice's capability set`);
    ok(session, "exit");
    expect(ok(session, "sec caps bob")).toEqual(["bob: cap_sys_admin,cap_mac_admin"]);
    expect(trailEntries(session, "--action sec.caps --level warning")).toMatchObject([{ type: "security", uid: 1000, object: "user/bob", result: "denied", message: `capability: ${missing} is not in alice's capability set` }]);
  });

  it("grants and drops what alice holds, and sec why agrees", () => {
    const session = withAlice();
    ok(session, "su alice; sec caps bob +CAP_NET_ADMIN; sec caps bob -CAP_NET_ADMIN");
    expect(ok(session, "sec why alice sec.caps user/bob --caps NET_ADMIN")[0]).toMatch(/^alice sec\.caps user\/bob: ALLOWED/);
    expect(ok(session, "sec caps bob")).toEqual(["bob: cap_sys_admin,cap_mac_admin"]);
  });
});

describe("sec caps as a user without CAP_SETPCAP", () => {
  it("is refused for CAP_SETPCAP first, and the hint's sec why says the same", () => {
    const session = newSession();
    ok(session, "user add carol --caps CAP_SYS_ADMIN; user add bob --caps CAP_SYS_ADMIN; su carol");
    const error = session.execute("sec caps bob -CAP_SYS_ADMIN").error!;
    expect(error).toMatch(/carol may not sec\.caps user\/bob: CAP_SETPCAP is not in carol's capability set \[EPERM\] — sec why carol sec\.caps user\/bob --caps CAP_SYS_ADMIN$/);
    expect(ok(session, error.slice(error.indexOf("sec why")))[0]).toBe("carol sec.caps user/bob: DENIED by capability — CAP_SETPCAP is not in carol's capability set");
  });
});

describe("user add's clearance and capabilities", () => {
  it("refuses --clearance above the default without CAP_MAC_ADMIN, adding no one; public needs nothing more", () => {
    const session = newSession();
    ok(session, "user add carol --caps CAP_SETUID; su carol");
    expect(session.execute("user add dave --clearance isolated").error).toBe("error: permission denied: carol may not user.add user/dave: CAP_MAC_ADMIN is not in carol's capability set [EPERM] — sec why carol user.add user/dave --caps CAP_MAC_ADMIN");
    expect(ok(session, "sec why carol user.add user/dave --caps CAP_MAC_ADMIN")[0]).toMatch(/DENIED by capability — CAP_MAC_ADMIN is not in carol's/);
    ok(session, "user add erin --clearance public");
    expect(session.execute("user add frank --caps CAP_NET_ADMIN").error).toMatch(/carol may not user\.add user\/frank: CAP_NET_ADMIN is not in carol's capability set/);
    ok(session, "exit");
    expect(ok(session, "user list").join("\n")).not.toMatch(/dave|frank/);
    expect(trailEntries(session, "--action user.add --level warning").map((e) => [e.object, e.result])).toEqual([["user/dave", "denied"], ["user/frank", "denied"]]);
  });

  it("gives a clearance with CAP_MAC_ADMIN, as sec clearance does", () => {
    const session = newSession();
    ok(session, "user add carol --caps CAP_SETUID,CAP_MAC_ADMIN; su carol; user add dave --clearance isolated; exit");
    expect(ok(session, "user list --json").join("\n")).toMatch(/"name": "dave"[\s\S]*?"clearance": "isolated"/);
  });
});
