// `sec why pod/<name> ...`: the explanation of a pod's mount as the enforcer would decide it for a
// pod the asking user applied with that security (the same subject and layers as pod apply's).

import { describe, expect, it } from "vitest";
import { newSession, ok } from "../helpers.js";

function withPrivateVolume() {
  const session = newSession();
  ok(session, "vol create data --size 1M");
  ok(session, "sec label vol/data private");
  return session;
}

describe("sec why for a pod", () => {
  it("names the MAC layer refusing a public pod a private volume, with the fix in the manifest's terms", () => {
    const lines = ok(withPrivateVolume(), "sec why pod/web vol.mount vol/data");
    expect(lines[0]).toBe("pod/web vol.mount vol/data: DENIED by mac — no read up: pod/web's clearance public, vol/data is private");
    expect(lines[1]).toMatch(/^ {2}pod\/web runs as uid 0, gid 0, level public, capabilities cap_chown,.*\(applied by root\); read-write$/);
    expect(lines.at(-1)).toBe("  to change it: run pod/web at level private (seLinuxOptions.level; a pod's level, not above its applier's clearance), or sec label vol/data public (as root)");
  });

  it("explains a read-write mount as a read then a write, and a read-only one as a read", () => {
    const session = withPrivateVolume();
    const rw = ok(session, "sec why pod/web vol.mount vol/data --level private");
    expect(rw[0]).toBe("pod/web vol.mount vol/data: ALLOWED by dac+mac — write permitted");
    expect(rw.filter((line) => / mac /.test(line)).map((line) => line.trim().replace(/\s+/g, " "))).toEqual([
      "mac pass read: pod/web's clearance private, object level private: no read up holds",
      "mac pass write: pod/web's clearance private, object level private: no write down holds",
    ]);
    const down = ok(session, "sec why pod/web vol.mount vol/data --level isolated");
    expect(down[0]).toBe("pod/web vol.mount vol/data: DENIED by mac — no write down: pod/web's clearance isolated, vol/data is private");
    expect(ok(session, "sec why pod/web vol.mount vol/data --level isolated --read-only")[0]).toBe("pod/web vol.mount vol/data: ALLOWED by dac+mac — read permitted");
  });

  it("bounds the pod by the user asking, and refuses what a pod does not do", () => {
    const session = withPrivateVolume();
    ok(session, "user add alice");
    ok(session, "su alice");
    expect(session.execute("sec why pod/web vol.mount vol/data --level private")).toMatchObject({ ok: false, error: expect.stringContaining("pod/web may not run at level private: above alice's clearance public [EACCES]") });
    expect(session.execute("sec why pod/web vol.mount vol/data --cap-add NET_ADMIN")).toMatchObject({ ok: false, error: expect.stringContaining("pod/web may not add CAP_NET_ADMIN: alice does not hold it [EPERM]") });
    ok(session, "exit");
    expect(session.execute("sec why pod/web vol.delete vol/data")).toMatchObject({ ok: false, error: expect.stringContaining("'vol.delete' is not something a pod does at the gate [EINVAL]") });
    expect(session.execute("sec why pod/web vol.mount")).toMatchObject({ ok: false, error: expect.stringContaining("say which object pod/web would vol.mount") });
  });
});
