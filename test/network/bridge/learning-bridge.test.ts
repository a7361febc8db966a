import { describe, expect, it } from "vitest";
import { LearningBridge } from "../../../modules/network/bridge/index.js";
import { isKernelError } from "../../../src/errors.js";
import { BRIDGE_PORT_MAX, FDB_AGING_MS_DEFAULT, VLAN_COUNT_MAX } from "../../../src/limits.js";
import { BROADCAST, frame, mac } from "./frames.js";

const A = mac(0xa);
const B = mac(0xb);
const C = mac(0xc);

/** The kernel error `run` throws, as "CODE message". */
function failure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isKernelError(error)) return `${error.code} ${error.message}`;
    throw error;
  }
  throw new Error("expected a kernel error");
}

/** Ports 0..3 access in VLAN 10, 4..5 access in VLAN 20, 6 a trunk allowing 10 and 20 with PVID 1. */
function office(): LearningBridge {
  const bridge = new LearningBridge();
  for (const port of [0, 1, 2, 3]) bridge.attach(port, { mode: "access", vlan: 10 });
  for (const port of [4, 5]) bridge.attach(port, { mode: "access", vlan: 20 });
  bridge.attach(6, { mode: "trunk", allowed: [10, 20], pvid: 1 });
  return bridge;
}

describe("LearningBridge: learning and forwarding", () => {
  it("learns the source on ingress, floods the unknown destination, then sends the reply to one port", () => {
    const bridge = office();
    expect(bridge.forward(0, frame(B, A), 0)).toMatchObject({ kind: "flood", vlan: 10, ports: [1, 2, 3, 6] });
    expect(bridge.forward(2, frame(A, B), 1000)).toMatchObject({ kind: "unicast", vlan: 10, ports: [0], portMask: 1, taggedMask: 0 });
    expect(bridge.forward(0, frame(B, A), 2000)).toMatchObject({ kind: "unicast", ports: [2] });
    expect(bridge.fdb(5000)).toEqual([
      { mac: A, vlan: 10, port: 0, static: false, sticky: false, ageMs: 3000 },
      { mac: B, vlan: 10, port: 2, static: false, sticky: false, ageMs: 4000 },
    ]);
  });

  it("floods broadcast and multicast to every other member of the frame's VLAN, never to another VLAN", () => {
    const bridge = office();
    bridge.forward(1, frame(A, B), 0); // B is known on port 1 in VLAN 10
    expect(bridge.forward(0, frame(BROADCAST, A), 0)).toMatchObject({ kind: "flood", vlan: 10, ports: [1, 2, 3, 6] });
    expect(bridge.forward(4, frame(0x0100_5e00_0001, C), 0)).toMatchObject({ kind: "flood", vlan: 20, ports: [5, 6] });
    // B is known in VLAN 10 only: a frame for B from VLAN 20 is unknown there and stays in VLAN 20.
    expect(bridge.forward(5, frame(B, C), 0)).toMatchObject({ kind: "flood", vlan: 20, ports: [4, 6] });
    expect(bridge.stats(0)).toMatchObject({ rxBroadcasts: 1, floods: 1 });
    expect(bridge.stats(4)).toMatchObject({ rxMulticasts: 1, floods: 1 });
  });

  it("ages a learned entry out at exactly the ageing time (300 s by default) and takes 10 s..1,000,000 s", () => {
    const bridge = office();
    expect(bridge.agingMs).toBe(FDB_AGING_MS_DEFAULT);
    bridge.forward(0, frame(BROADCAST, A), 0);
    expect(bridge.forward(1, frame(A, B), 299_999)).toMatchObject({ kind: "unicast", ports: [0] });
    expect(bridge.forward(2, frame(A, C), 300_000)).toMatchObject({ kind: "flood", ports: [0, 1, 3, 6] });
    expect(bridge.fdb(300_000).map((entry) => entry.mac)).toEqual([B, C]); // A is gone; B, C were just learned
    expect(failure(() => bridge.setAging(9_999))).toMatch(/^EINVAL ageing time 9999 ms is outside 10 s\.\.1000000 s/);
    expect(failure(() => bridge.setAging(1_000_000_001))).toMatch(/^EINVAL/);
    bridge.setAging(10_000);
    expect(bridge.expire(309_998)).toBe(0);
    expect(bridge.expire(309_999)).toBe(1); // B, seen at 299.999 s
    expect(bridge.expire(310_000)).toBe(1); // C, seen at 300 s
    expect(bridge.fdbSize).toBe(0);
  });

  it("moves a MAC that shows up on another port and counts the move", () => {
    const bridge = office();
    bridge.forward(0, frame(BROADCAST, A), 0);
    bridge.forward(3, frame(BROADCAST, A), 10);
    expect(bridge.forward(1, frame(A, B), 20)).toMatchObject({ kind: "unicast", ports: [3] });
    expect(bridge.fdb(20).find((entry) => entry.mac === A)).toMatchObject({ port: 3, ageMs: 10 });
    expect(bridge.stats(3).macMoves).toBe(1);
    expect(bridge.totals().macMoves).toBe(1);
  });

  it("drops a frame whose destination was learned on its own ingress port, and bad sources and runts", () => {
    const bridge = office();
    bridge.forward(0, frame(BROADCAST, A), 0);
    bridge.forward(0, frame(BROADCAST, B), 0);
    expect(bridge.forward(0, frame(B, A), 1)).toEqual({ kind: "drop", reason: "same-port" });
    expect(bridge.forward(1, frame(A, 0x0100_5e00_0001), 1)).toEqual({ kind: "drop", reason: "invalid-source" });
    expect(bridge.forward(1, frame(A, 0), 1)).toEqual({ kind: "drop", reason: "invalid-source" });
    expect(bridge.forward(1, new Uint8Array(13), 1)).toEqual({ kind: "drop", reason: "malformed" });
    expect(bridge.stats(1).drops).toMatchObject({ "invalid-source": 2, malformed: 1 });
    expect(bridge.stats(1).rxPackets).toBe(3);
  });
});

describe("LearningBridge: VLANs", () => {
  it("filters on ingress: another VLAN's tag on an access port, a tag a trunk does not allow, an untagged frame on a trunk without PVID", () => {
    const bridge = office();
    bridge.attach(7, { mode: "trunk", allowed: [10] });
    expect(bridge.forward(0, frame(BROADCAST, A, 20), 0)).toEqual({ kind: "drop", reason: "vlan" });
    expect(bridge.forward(6, frame(BROADCAST, A, 30), 0)).toEqual({ kind: "drop", reason: "vlan" });
    expect(bridge.forward(7, frame(BROADCAST, A), 0)).toEqual({ kind: "drop", reason: "vlan" });
    expect(bridge.forward(7, frame(BROADCAST, A, 10), 0)).toMatchObject({ kind: "flood", vlan: 10, ports: [0, 1, 2, 3, 6] });
    expect(bridge.forward(0, frame(BROADCAST, B, 0), 0)).toMatchObject({ kind: "flood", vlan: 10 }); // a priority tag is untagged
    expect(bridge.stats(0).drops.vlan + bridge.stats(6).drops.vlan + bridge.stats(7).drops.vlan).toBe(3);
    expect(bridge.totals().drops.vlan).toBe(3);
  });

  it("takes a frame tagged with an access port's own VLAN as that VLAN's, as Linux does with the PVID", () => {
    const bridge = office();
    bridge.attach(7, { mode: "trunk", allowed: [10] });
    expect(bridge.forward(0, frame(BROADCAST, A, 10), 0)).toEqual({ kind: "flood", vlan: 10, ports: [1, 2, 3, 6, 7], portMask: 0b11001110, taggedMask: 0b11000000 });
    expect(bridge.forward(4, frame(BROADCAST, C, 20), 0)).toMatchObject({ kind: "flood", vlan: 20, ports: [5, 6], taggedMask: 0b1000000 }); // out untagged on access port 5, tagged on the trunk
    expect(bridge.fdb(0).find((entry) => entry.mac === A)).toMatchObject({ vlan: 10, port: 0 });
    expect(bridge.stats(0).drops.vlan).toBe(0);
  });

  it("tags on trunk egress unless the VLAN is the trunk's PVID, and counts the bytes as sent", () => {
    const bridge = new LearningBridge();
    bridge.attach(0, { mode: "access", vlan: 10 });
    bridge.attach(1, { mode: "trunk", allowed: [10, 20] });
    bridge.attach(2, { mode: "trunk", allowed: [20], pvid: 10 }); // the PVID joins the trunk's VLANs
    const untagged = frame(BROADCAST, A); // 60 bytes
    expect(bridge.forward(0, untagged, 0)).toMatchObject({ ports: [1, 2], portMask: 0b110, taggedMask: 0b010 });
    expect(bridge.egressTagged(1, 10)).toBe(true);
    expect(bridge.egressTagged(2, 10)).toBe(false);
    expect(bridge.egressTagged(2, 20)).toBe(true);
    expect(bridge.stats(1).txBytes).toBe(64);
    expect(bridge.stats(2).txBytes).toBe(60);
    expect(bridge.forward(1, frame(A, B, 10), 0)).toMatchObject({ kind: "unicast", ports: [0], taggedMask: 0 });
    expect(bridge.stats(0).txBytes).toBe(60); // 64 in, untagged out
    expect(bridge.port(2).mode).toEqual({ mode: "trunk", allowed: [10, 20], pvid: 10 });
    expect(bridge.vlans()).toEqual([
      { vlan: 10, ports: [0, 1, 2], untagged: [0, 2] },
      { vlan: 20, ports: [1, 2], untagged: [] },
    ]);
  });

  it("carries at most 16 VLANs: the 17th is refused, declared VLANs count, and a carried VLAN cannot be removed", () => {
    const bridge = new LearningBridge();
    bridge.attach(0, { mode: "trunk", allowed: Array.from({ length: VLAN_COUNT_MAX - 1 }, (_, i) => 100 + i) });
    bridge.addVlan(7);
    expect(failure(() => bridge.attach(1, { mode: "access", vlan: 8 }))).toBe(`ENOSPC bridge VLAN table full: 16 of 16 VLANs in use, 1 more asked for (VLAN_COUNT_MAX)`);
    expect(bridge.isAttached(1)).toBe(false);
    bridge.attach(1, { mode: "access", vlan: 7 });
    expect(failure(() => bridge.removeVlan(7))).toMatch(/^EBUSY VLAN 7 is carried by ports 1/);
    expect(failure(() => bridge.attach(2, { mode: "access", vlan: 4095 }))).toMatch(/^EINVAL VLAN 4095 is not a VLAN id: tags are 1\.\.4094/);
    expect(failure(() => bridge.attach(2, { mode: "trunk", allowed: [] }))).toMatch(/^EINVAL a trunk port carries at least one VLAN/);
    bridge.detach(0);
    expect(bridge.vlans().map((row) => row.vlan)).toEqual([7]);
  });
});

describe("LearningBridge: ports", () => {
  it("refuses the 17th port clearly, and a port taken twice", () => {
    const bridge = new LearningBridge();
    for (let i = 0; i < BRIDGE_PORT_MAX; i++) expect(bridge.attachNext({ mode: "access", vlan: 1 })).toBe(i);
    expect(failure(() => bridge.attachNext({ mode: "access", vlan: 1 }))).toBe("ENOSPC bridge full: 16 of 16 ports in use (BRIDGE_PORT_MAX)");
    expect(failure(() => bridge.attach(16, { mode: "access", vlan: 1 }))).toBe("ENOSPC bridge port 16 does not exist: a bridge has ports 0..15 (BRIDGE_PORT_MAX 16)");
    expect(failure(() => bridge.attach(3, { mode: "access", vlan: 1 }))).toBe("EBUSY bridge port 3 is already attached");
    expect(failure(() => bridge.forward(-1, frame(A, B), 0))).toMatch(/^EINVAL bridge port -1 does not exist/);
    bridge.detach(3);
    expect(bridge.freePort()).toBe(3);
  });

  it("detaching a port flushes its entries, static ones too, and frees it", () => {
    const bridge = office();
    bridge.forward(3, frame(BROADCAST, A), 0);
    bridge.forward(1, frame(BROADCAST, B), 0);
    bridge.addStatic(C, 10, 3);
    expect(bridge.detach(3)).toBe(2);
    expect(bridge.fdb(0).map((entry) => entry.mac)).toEqual([B]);
    expect(failure(() => bridge.forward(3, frame(A, B), 0))).toBe("ENOENT bridge port 3 is not attached");
    expect(bridge.forward(1, frame(A, B), 0)).toMatchObject({ kind: "flood", ports: [0, 2, 6] });
    bridge.attach(3, { mode: "access", vlan: 20 });
    expect(bridge.stats(3).rxPackets).toBe(0);
    expect(bridge.totals().rxPackets).toBe(3); // the detached port's frame still counts for the bridge
  });

  it("keeps isolated ports from each other, not from the rest", () => {
    const bridge = new LearningBridge();
    bridge.attach(0, { mode: "access", vlan: 10 }, { isolated: true });
    bridge.attach(1, { mode: "access", vlan: 10 }, { isolated: true });
    bridge.attach(2, { mode: "access", vlan: 10 });
    expect(bridge.forward(0, frame(BROADCAST, A), 0)).toMatchObject({ kind: "flood", ports: [2] });
    expect(bridge.forward(2, frame(BROADCAST, C), 0)).toMatchObject({ kind: "flood", ports: [0, 1] });
    expect(bridge.forward(1, frame(A, B), 0)).toEqual({ kind: "drop", reason: "isolated" });
    expect(bridge.forward(1, frame(C, B), 0)).toMatchObject({ kind: "unicast", ports: [2] });
    bridge.setLink(2, false);
    expect(bridge.forward(0, frame(BROADCAST, A), 0)).toEqual({ kind: "drop", reason: "isolated" });
    expect(bridge.stats(1).drops.isolated).toBe(1);
    expect(bridge.port(0)).toMatchObject({ isolated: true, linkUp: true });
  });

  it("drops what arrives on a down link, floods around down ports, and forgets what a port learned when it goes down", () => {
    const bridge = office();
    bridge.forward(1, frame(BROADCAST, B), 0);
    bridge.addStatic(C, 10, 1);
    bridge.setLink(1, false);
    expect(bridge.forward(1, frame(A, B), 0)).toEqual({ kind: "drop", reason: "link-down" });
    expect(bridge.stats(1).rxPackets).toBe(1); // the one received while up
    expect(bridge.fdb(0).map((entry) => entry.mac)).toEqual([C]); // the static entry stays
    expect(bridge.forward(0, frame(B, A), 0)).toMatchObject({ kind: "flood", ports: [2, 3, 6] });
    expect(bridge.forward(0, frame(C, A), 0)).toEqual({ kind: "drop", reason: "link-down" });
    for (const port of [2, 3, 6]) bridge.setLink(port, false);
    expect(bridge.forward(0, frame(BROADCAST, A), 0)).toEqual({ kind: "drop", reason: "link-down" });
    bridge.setLink(1, true);
    expect(bridge.forward(0, frame(C, A), 0)).toMatchObject({ kind: "unicast", ports: [1] });
  });
});

describe("LearningBridge: static entries and a full FDB", () => {
  it("never ages static entries; learning moves them as Linux does, unless sticky; flush leaves them", () => {
    const bridge = office();
    bridge.addStatic(A, 10, 0);
    bridge.addStatic(B, 10, 1, { sticky: true });
    expect(bridge.forward(2, frame(A, C), 900_000_000)).toMatchObject({ kind: "unicast", ports: [0] });
    bridge.forward(3, frame(BROADCAST, A), 900_000_001);
    bridge.forward(3, frame(BROADCAST, B), 900_000_001);
    expect(bridge.fdb(900_000_002).filter((entry) => entry.static).map((entry) => [entry.port, entry.sticky])).toEqual([
      [3, false],
      [1, true],
    ]);
    expect(bridge.flush()).toBe(1); // C, learned
    expect(bridge.fdb(900_000_002).length).toBe(2);
    expect(failure(() => bridge.addStatic(A, 10, 0))).toMatch(/^EEXIST a static FDB entry for 52:54:00:00:00:0a on VLAN 10 exists \(port 3\)/);
    expect(failure(() => bridge.addStatic(C, 20, 0))).toBe("EINVAL bridge port 0 does not carry VLAN 20");
    expect(failure(() => bridge.addStatic(0x0100_5e00_0001, 10, 0))).toMatch(/^EINVAL MAC 01:00:5e:00:00:01 is a multicast address/);
    expect(failure(() => bridge.removeStatic(A, 10, 0))).toBe("ENOENT no static FDB entry for 52:54:00:00:00:0a on VLAN 10 at port 0");
    bridge.removeStatic(A, 10, 3);
    expect(bridge.fdb(900_000_002).map((entry) => entry.mac)).toEqual([B]);
  });

  it("refuses to learn into a full FDB (the frame still goes) until entries age out", () => {
    const bridge = new LearningBridge(4);
    for (const port of [0, 1]) bridge.attach(port, { mode: "access", vlan: 1 });
    for (let n = 1; n <= 4; n++) bridge.forward(0, frame(BROADCAST, mac(n)), n);
    expect(bridge.forward(0, frame(mac(1), mac(5)), 10)).toEqual({ kind: "drop", reason: "same-port" });
    expect(bridge.forward(1, frame(mac(5), mac(6)), 10)).toMatchObject({ kind: "flood", ports: [0] });
    expect(bridge.stats(1).learnRefused).toBe(1);
    expect(failure(() => bridge.addStatic(mac(7), 1, 1, {}, 10))).toMatch(/^ENOSPC FDB full: 4 of 4 entries in use \(FDB_ENTRY_MAX\)/);
    bridge.forward(1, frame(BROADCAST, mac(6)), 300_001); // the first entry has aged: room for mac 6
    expect(bridge.fdb(300_001).map((entry) => entry.mac)).toEqual([mac(2), mac(3), mac(4), mac(6)]);
  });
});

describe("LearningBridge: ingress policing", () => {
  it("admits a burst, drops the excess as 'policed', and refills at the rate in simulated time", () => {
    const bridge = office();
    bridge.police(0, { rateBps: 8000, burstBytes: 600 }); // 1000 bytes/s, ten 60-byte frames
    const sent = Array.from({ length: 11 }, () => bridge.forward(0, frame(BROADCAST, A), 0).kind);
    expect(sent.filter((kind) => kind === "flood").length).toBe(10);
    expect(sent[10]).toBe("drop");
    expect(bridge.forward(0, frame(BROADCAST, A), 59).kind).toBe("drop");
    expect(bridge.forward(0, frame(BROADCAST, A), 60).kind).toBe("flood");
    expect(bridge.stats(0)).toMatchObject({ rxPackets: 13, txPackets: 0, floods: 11, drops: { policed: 2 } });
    expect(bridge.port(0).police).toEqual({ rateBps: 8000, burstBytes: 600 });
    bridge.police(0, { rateBps: 0, burstBytes: 0 });
    expect(bridge.port(0).police).toBeUndefined();
    bridge.police(1, { rateBps: 1_000_000, burstBytes: 0 });
    expect(bridge.port(1).police).toEqual({ rateBps: 1_000_000, burstBytes: 1_000_000 }); // OVS's 8000 kbit
    expect(failure(() => bridge.police(1, { rateBps: -1, burstBytes: 0 }))).toMatch(/^EINVAL policing rate -1 bit\/s/);
    expect(failure(() => bridge.police(1, { rateBps: 1000, burstBytes: 0.5 }))).toMatch(/^EINVAL policing burst 0.5 bytes/);
  });
});
