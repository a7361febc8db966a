// Root cannot give up a capability or its clearance: no one could give it back (a grant needs a
// granter who holds it), and every session starts as root, so a state directory would be locked
// out of administration for good. Other users' capabilities and clearances change as before.

import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { ALL_CAPABILITIES, SecurityLevel } from "../../modules/security/index.js";
import { SUBSYSTEMS } from "../../modules/subsystems.js";
import { Kernel } from "../../src/kernel.js";
import { newSession, ok, TEST_KEY, tempDir } from "../helpers.js";

describe("root's capabilities and clearance", () => {
  it.each(["CAP_SYS_ADMIN", "CAP_SETPCAP", "CAP_MAC_ADMIN"])("refuses sec caps root -%s, and root still holds all", (cap) => {
    const session = newSession();
    expect(session.execute(`sec caps root -${cap}`).error).toMatch(/^error: root keeps every capability: .* \[EPERM\]/);
    expect(ok(session, "sec caps root")).toEqual(["root: all"]);
    ok(session, "vol create still --size 1M; user add ops --caps CAP_SYS_ADMIN"); // what the dropped capabilities guard still works
  });

  it("refuses lowering root's clearance, and keeps isolated", () => {
    const session = newSession();
    expect(session.execute("sec clearance root public").error).toMatch(/^error: root keeps the isolated clearance: .* \[EPERM\]/);
    ok(session, "sec clearance root isolated"); // not a downgrade
    expect(ok(session, "user list --json").join("\n")).toMatch(/"name": "root"[\s\S]*?"clearance": "isolated"/);
  });

  it("still changes another user's capabilities and clearance both ways", () => {
    const session = newSession();
    ok(session, "user add bob; sec caps bob +CAP_NET_ADMIN +CAP_AUDIT_READ -CAP_NET_ADMIN; sec clearance bob private; sec clearance bob public");
    expect(ok(session, "sec caps bob")).toEqual(["bob: cap_audit_read"]);
  });
});

describe("a reset or load in the new trail", () => {
  it("names what it discarded, and who (the boot entry's uid)", () => {
    const session = newSession();
    ok(session, "user add a; user add b");
    const recorded = Number(/"recorded": (\d+)/.exec(ok(session, "audit stats --json").join("\n"))![1]);
    ok(session, "reset --yes");
    const [boot] = JSON.parse(ok(session, "audit query --action kernel.reset --json").join("\n")).entries as { uid: number; message: string }[];
    expect(boot!.uid).toBe(0);
    const [, last] = /^booted with seed 1; the previous trail is discarded \(its #1 to #(\d+), never exported\)$/.exec(boot!.message)!;
    expect(Number(last)).toBeGreaterThan(recorded); // the stats command's own entries and the reset's came after
  });

  it("names the loaded file and what it discarded", () => {
    const session = newSession();
    const file = join(tempDir("kshell-load-"), "s.json");
    ok(session, `user add a; save ${file}; user add b`);
    ok(session, `load ${file}`);
    const entries = JSON.parse(ok(session, "audit query --action kernel.load --json").join("\n")).entries as { message: string }[];
    expect(entries.at(-1)!.message).toMatch(new RegExp(`^loaded ${file}; the previous trail is discarded \\(its #1 to #\\d+, never exported\\)$`));
  });

  it("gives root everything back from a snapshot that holds less (written before root kept it)", () => {
    const snapshot = newSession().kernel.toSnapshot() as unknown as { security: { accounts: { users: { uid: number; capabilities: number[]; clearance: number }[] } } };
    const root = snapshot.security.accounts.users.find((user) => user.uid === 0)!;
    root.capabilities = [0, 0];
    root.clearance = 0;
    const kernel = Kernel.fromSnapshot(JSON.parse(JSON.stringify(snapshot)), { sealKey: TEST_KEY, subsystems: SUBSYSTEMS });
    const restored = (kernel.toSnapshot() as unknown as typeof snapshot).security.accounts.users.find((user) => user.uid === 0)!;
    expect([restored.capabilities, restored.clearance]).toEqual([[...ALL_CAPABILITIES], SecurityLevel.Isolated]);
  });
});
