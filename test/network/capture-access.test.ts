// Who may see a capture (part B's tryout): showing, stopping and saving one are decided on what it
// tapped, as starting it was; a running capture is not replaced by another user's; the underlay
// (every tenant's traffic, decapsulated) needs CAP_NET_ADMIN as well as CAP_NET_RAW. Each refusal
// is one line, a security denial in the trail, and what `sec why` says.

import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../../src/gate.js";
import type { Session } from "../../shell/session.js";
import { newSession, ok, tempDir, trailEntries } from "../helpers.js";

function failing(session: Session, line: string): string {
  const outcome = session.execute(line);
  expect(outcome.ok, `'${line}' should fail`).toBe(false);
  expect(outcome.error).not.toContain("\n");
  return outcome.error!;
}

/** root's session: bob (admin) captures his overlay bobnet with one datagram in it; alice holds CAP_NET_RAW only; carol both. */
function bobCapturing(target = "bobnet"): Session {
  const session = newSession();
  ok(session, "user add alice --caps CAP_NET_RAW; user add bob --caps CAP_NET_ADMIN,CAP_NET_RAW; user add carol --caps CAP_NET_ADMIN,CAP_NET_RAW");
  ok(session, "su bob; net create bobnet --cidr 10.0.0.0/24 --type overlay; net if add bobnet b1 --ip 10.0.0.2 --host h1; net if add bobnet b2 --ip 10.0.0.3 --host h2; sleep 2s");
  ok(session, `net capture start ${target}; net send b1 10.0.0.3; exit`);
  return session;
}

/** The session's network manager, reached as a command's run reaches it. */
function networkManager(session: Session) {
  return session.kernel.syscall(ROOT, { action: "net.list", object: "net", type: "network", mutates: false, access: "read" }, (kernel) => kernel.network);
}

function deniedFor(session: Session, uid: number) {
  return trailEntries(session, "--type security --level warning").filter((e) => e.result === "denied" && e.uid === uid);
}

describe("a capture is read, stopped and saved as what it taps", () => {
  it("refuses another user show, stop and save of a capture of a network they may not read or write", () => {
    const session = bobCapturing();
    const file = join(tempDir(), "bob.pcap");
    ok(session, "su alice");
    expect(failing(session, "net capture show")).toBe(
      "error: permission denied: alice may not net.capture.show net/bobnet: alice lacks read (r) on net/bobnet (rw-r-----) [EPERM] — sec why alice net.capture.show net/bobnet",
    );
    expect(failing(session, "net capture stop")).toContain("alice may not net.capture.stop net/bobnet: alice lacks write (w)");
    expect(failing(session, `net capture save ${file}`)).toContain("alice may not net.capture.save net/bobnet: alice lacks read (r)");
    expect(existsSync(file)).toBe(false);
    ok(session, "exit");
    expect(deniedFor(session, 1000).map((e) => `${e.action} ${e.object}`)).toEqual(["net.capture.show net/bobnet", "net.capture.stop net/bobnet", "net.capture.save net/bobnet"]);
    expect(ok(session, "sec why alice net.capture.show net/bobnet")[0]).toContain("DENIED by dac");
    expect(ok(session, "su bob; net capture show").at(-1)).toBe("capturing on bobnet: 3 frames held, 190 bytes"); // still running, nothing lost
  });

  it("decides on an interface capture's network, and keeps guarding the frames after that network is deleted", () => {
    const session = bobCapturing("b1");
    ok(session, "su alice");
    expect(failing(session, "net capture show")).toContain("alice may not net.capture.show net/bobnet");
    ok(session, "exit; su bob; net delete bobnet; exit; su alice");
    expect(failing(session, "net capture show")).toContain("alice may not net.capture.show net/underlay: CAP_NET_ADMIN is not in alice's capability set");
    ok(session, "exit; su bob");
    expect(ok(session, "net capture show")).toHaveLength(4); // three frames and the status line: its owner, an admin, still reads them
  });

  it("keeps what a capture tapped across save and load, a deleted network's frames still held as the underlay's", () => {
    const session = bobCapturing("b1");
    const [kept, disowned] = [join(tempDir(), "kept.json"), join(tempDir(), "disowned.json")];
    ok(session, `save ${kept}; su bob; net delete bobnet; exit; save ${disowned}`);
    for (const [file, object] of [[kept, "net/bobnet"], [disowned, "net/underlay"]] as const) {
      const loaded = newSession();
      ok(loaded, `load ${file}; su alice`);
      expect(failing(loaded, "net capture show")).toContain(`alice may not net.capture.show ${object}`);
    }
  });

  it("holds an older save's capture of a network gone at restore as the underlay's, not a new network of that name's", () => {
    const session = bobCapturing();
    ok(session, "su bob; net capture stop; net delete bobnet; sleep 5s; exit");
    const saved = networkManager(session).toJSON();
    const { network: _kept, ...older } = saved.capture!; // a save from before captures kept their network
    const loaded = newSession();
    networkManager(loaded).restore({ ...saved, capture: older });
    ok(loaded, "user add eve --caps CAP_NET_RAW; net create bobnet --cidr 10.2.0.0/24; sec chown net/bobnet eve; su eve"); // eve's own bobnet, a new one
    expect(failing(loaded, "net capture show")).toContain("eve may not net.capture.show net/underlay: CAP_NET_ADMIN is not in eve's capability set");
  });

  it("refuses to start a capture while another user's runs, naming it, and leaves it running", () => {
    const session = bobCapturing();
    ok(session, "su carol; net create carolnet --cidr 10.1.0.0/24");
    expect(failing(session, "net capture start carolnet")).toBe("error: a capture of bobnet is running: one capture runs at a time [EBUSY] — it stays until whoever may stop it does (net capture stop)");
    ok(session, "exit; su bob");
    expect(ok(session, "net capture show").at(-1)).toBe("capturing on bobnet: 3 frames held, 190 bytes");
  });
});

describe("the underlay: every tenant's traffic", () => {
  it("needs CAP_NET_ADMIN: CAP_NET_RAW alone is refused, audited, and sec why agrees", () => {
    const session = bobCapturing();
    ok(session, "su bob; net capture stop; exit; su alice");
    expect(failing(session, "net capture start underlay")).toBe(
      "error: permission denied: alice may not net.capture.start net/underlay: CAP_NET_ADMIN is not in alice's capability set [EPERM] — sec why alice net.capture.start net/underlay",
    );
    ok(session, "exit");
    expect(deniedFor(session, 1000)).toMatchObject([{ action: "net.capture.start", object: "net/underlay" }]);
    expect(ok(session, "sec why alice net.capture.start net/underlay")[0]).toContain("DENIED by capability — CAP_NET_ADMIN");
    expect(ok(session, "sec why alice net.capture.start net/bobnet")[0]).not.toContain("capability");
  });

  it("needs CAP_NET_RAW as well, decided as net.capture.start of net", () => {
    const session = bobCapturing();
    ok(session, "su bob; net capture stop; exit; user add dave --caps CAP_NET_ADMIN; su dave");
    expect(failing(session, "net capture start underlay")).toBe(
      "error: permission denied: dave may not net.capture.start net: CAP_NET_RAW is not in dave's capability set [EPERM] — sec why dave net.capture.start net",
    );
    ok(session, "exit");
    expect(ok(session, "sec why dave net.capture.start net")[0]).toContain("DENIED by capability — CAP_NET_RAW");
  });

  it("shows an admin the decapsulated overlay traffic, and refuses it to a CAP_NET_RAW user", () => {
    const session = bobCapturing();
    ok(session, "su bob; net capture stop; net capture clear; exit; su carol; net capture start underlay; exit; su bob; net send b1 10.0.0.3; exit; su alice");
    expect(failing(session, "net capture show")).toContain("alice may not net.capture.show net/underlay: CAP_NET_ADMIN");
    expect(failing(session, "net capture stop")).toContain("alice may not net.capture.stop net/underlay: CAP_NET_ADMIN");
    ok(session, "exit; su carol");
    expect(ok(session, "net capture show")[0]).toContain("VXLAN, flags [I] (0x08), vni 10001: 52:54:00:60:50:08 > 52:54:00:07:7c:d4, IP 10.0.0.2.49152 > 10.0.0.3.9: UDP, length 64");
  });

  it("refuses show and save as themselves: the refusal, the trail and sec why name the action refused", () => {
    const session = newSession();
    ok(session, "user add dave --caps CAP_NET_RAW; net capture start underlay; su dave");
    expect(failing(session, "net capture show")).toBe(
      "error: permission denied: dave may not net.capture.show net/underlay: CAP_NET_ADMIN is not in dave's capability set [EPERM] — sec why dave net.capture.show net/underlay",
    );
    expect(failing(session, `net capture save ${join(tempDir(), "u.pcap")}`)).toContain("dave may not net.capture.save net/underlay: CAP_NET_ADMIN");
    ok(session, "exit");
    expect(deniedFor(session, 1000).map((e) => `${e.action} ${e.object}`)).toEqual(["net.capture.show net/underlay", "net.capture.save net/underlay"]);
    expect(ok(session, "sec why dave net.capture.show net/underlay")[0]).toContain("DENIED by capability — CAP_NET_ADMIN");
    expect(ok(session, "sec why dave net.capture.save net/underlay")[0]).toContain("DENIED by capability — CAP_NET_ADMIN");
    expect(ok(session, "sec why dave net.capture.show net/lan")[0]).not.toContain("capability");
  });

  it("needs CAP_NET_RAW to show as well, decided as net.capture.show of net", () => {
    const session = newSession();
    ok(session, "user add erin --caps CAP_NET_ADMIN; net capture start underlay; su erin");
    expect(failing(session, "net capture show")).toBe(
      "error: permission denied: erin may not net.capture.show net: CAP_NET_RAW is not in erin's capability set [EPERM] — sec why erin net.capture.show net",
    );
    ok(session, "exit");
    expect(ok(session, "sec why erin net.capture.show net")[0]).toContain("DENIED by capability — CAP_NET_RAW");
  });

  it("is no network's name", () => {
    const session = newSession();
    expect(failing(session, "net create underlay --cidr 10.5.0.0/24")).toBe(
      "error: 'underlay' names the wire between overlay hosts (net capture start underlay), not a network [EINVAL] — give the network another name",
    );
  });
});

describe("a router's other networks", () => {
  it("are decided as the gate's own decisions: a refusal is a security denial in the trail, and sec why agrees", () => {
    const session = newSession();
    ok(session, "net create lan --cidr 10.0.0.0/24; user add bob --caps CAP_NET_ADMIN; su bob; net create mine --cidr 10.9.0.0/24");
    expect(failing(session, "net router create r --nets mine,lan")).toBe(
      "error: permission denied: bob may not net.router.create net/lan: bob lacks write (w) on net/lan (rw-r-----) [EPERM] — sec why bob net.router.create net/lan",
    );
    ok(session, "exit");
    expect(deniedFor(session, 1000)).toMatchObject([{ action: "net.router.create", object: "net/lan", type: "security" }]);
    expect(ok(session, "sec why bob net.router.create net/lan")[0]).toContain("DENIED by dac");
  });
});
