// The bridge against a plain reference: a learning switch written the obvious way, with a Map
// keyed by "mac/vlan", arrays of port objects and filter() for floods. Random port setups and
// random frames (MACs from a small set, tags, runts, times, links going down, flushes) must get
// the same decision from both, and leave the same FDB.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LearningBridge, type ForwardDecision, type PortMode } from "../../../modules/network/bridge/index.js";
import { BROADCAST, frame, mac } from "./frames.js";

interface ReferencePort {
  readonly access: number | undefined;
  readonly vlans: ReadonlySet<number>;
  readonly pvid: number | undefined;
  readonly isolated: boolean;
  up: boolean;
}

type Decision = { kind: "drop"; reason: string } | { kind: "unicast" | "flood"; vlan: number; ports: number[]; taggedMask: number };

interface ReferenceEntry {
  port: number;
  seenMs: number;
  readonly static: boolean;
  readonly sticky: boolean;
}

class ReferenceSwitch {
  readonly fdb = new Map<string, ReferenceEntry>();
  readonly txPackets: number[];
  readonly drops: Record<string, number>[];
  constructor(
    readonly ports: ReferencePort[],
    readonly capacity: number,
    readonly agingMs = 300_000,
  ) {
    this.txPackets = ports.map(() => 0);
    this.drops = ports.map(() => ({}));
  }

  forward(p: number, bytes: Uint8Array, nowMs: number): Decision {
    const decision = this.decide(p, bytes, nowMs);
    if (decision.kind === "drop") this.drops[p]![decision.reason] = (this.drops[p]![decision.reason] ?? 0) + 1;
    else for (const q of decision.ports) this.txPackets[q]!++;
    return decision;
  }

  private aged(entry: ReferenceEntry, nowMs: number): boolean {
    return !entry.static && nowMs - entry.seenMs >= this.agingMs;
  }

  private learn(key: string, p: number, nowMs: number): void {
    const known = this.fdb.get(key);
    if (known !== undefined) {
      if (known.sticky) return;
      known.port = p;
      if (!known.static) known.seenMs = nowMs;
      return;
    }
    if (this.fdb.size >= this.capacity) for (const [k, entry] of this.fdb) if (this.aged(entry, nowMs)) this.fdb.delete(k);
    if (this.fdb.size < this.capacity) this.fdb.set(key, { port: p, seenMs: nowMs, static: false, sticky: false });
  }

  private decide(p: number, bytes: Uint8Array, nowMs: number): Decision {
    const port = this.ports[p]!;
    if (!port.up) return { kind: "drop", reason: "link-down" };
    if (bytes.length < 14) return { kind: "drop", reason: "malformed" };
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const readMac = (at: number): number => view.getUint16(at) * 2 ** 32 + view.getUint32(at + 2);
    const dst = readMac(0);
    const src = readMac(6);
    const tag = bytes.length >= 18 && view.getUint16(12) === 0x8100 ? view.getUint16(14) & 0xfff : undefined;
    const vlan = tag === undefined || tag === 0 ? port.pvid : (port.access === undefined ? port.vlans.has(tag) : port.access === tag) ? tag : undefined; // an access port takes its own VLAN's tag, as Linux takes the PVID's
    if (vlan === undefined) return { kind: "drop", reason: "vlan" };
    if (bytes[6]! % 2 === 1 || src === 0) return { kind: "drop", reason: "invalid-source" };
    this.learn(`${src}/${vlan}`, p, nowMs);
    let entry = this.fdb.get(`${dst}/${vlan}`);
    if (entry !== undefined && this.aged(entry, nowMs)) {
      this.fdb.delete(`${dst}/${vlan}`);
      entry = undefined;
    }
    const tagged = (q: number): boolean => this.ports[q]!.access === undefined && this.ports[q]!.pvid !== vlan;
    const mask = (ports: number[]): number => ports.reduce((sum, q) => sum | (tagged(q) ? 1 << q : 0), 0);
    if (bytes[0]! % 2 === 0 && entry !== undefined) {
      const to = this.ports[entry.port]!;
      if (entry.port === p) return { kind: "drop", reason: "same-port" };
      if (!to.up) return { kind: "drop", reason: "link-down" };
      if (to.isolated && port.isolated) return { kind: "drop", reason: "isolated" };
      return { kind: "unicast", vlan, ports: [entry.port], taggedMask: mask([entry.port]) };
    }
    const others = this.ports.map((_, q) => q).filter((q) => q !== p && this.ports[q]!.vlans.has(vlan));
    const up = others.filter((q) => this.ports[q]!.up);
    if (others.length > 0 && up.length === 0) return { kind: "drop", reason: "link-down" };
    const reachable = port.isolated ? up.filter((q) => !this.ports[q]!.isolated) : up;
    if (up.length > 0 && reachable.length === 0) return { kind: "drop", reason: "isolated" };
    return { kind: "flood", vlan, ports: reachable, taggedMask: mask(reachable) };
  }

  setLink(p: number, up: boolean): void {
    if (!up) for (const [key, entry] of this.fdb) if (entry.port === p && !entry.static) this.fdb.delete(key);
    this.ports[p]!.up = up;
  }

  entries(nowMs: number): string[] {
    return [...this.fdb]
      .filter(([, entry]) => !this.aged(entry, nowMs))
      .map(([key, entry]) => `${key}@${entry.port}`)
      .sort();
  }
}

const portSetup = fc.oneof(
  fc.record({ mode: fc.constant("access" as const), vlan: fc.integer({ min: 1, max: 3 }), isolated: fc.boolean() }),
  fc.record({ mode: fc.constant("trunk" as const), allowed: fc.subarray([1, 2, 3, 4]), pvid: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }), isolated: fc.boolean() }),
);

const STATIONS = [1, 2, 3, 4, 5, 6].map(mac);
const step = fc.oneof(
  { weight: 20, arbitrary: fc.record({ op: fc.constant("frame" as const), port: fc.nat(), src: fc.nat(STATIONS.length + 1), dst: fc.nat(STATIONS.length + 1), tag: fc.constantFrom(undefined, 0, 1, 2, 3, 4, 4095), runt: fc.boolean(), waitMs: fc.oneof(fc.constantFrom(0, 1, 100_000, 150_000, 299_999, 300_000), fc.integer({ min: 0, max: 200_000 })) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("link" as const), port: fc.nat(), up: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("flush" as const) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("static" as const), station: fc.nat(STATIONS.length - 1), vlan: fc.integer({ min: 1, max: 4 }), port: fc.nat(), sticky: fc.boolean() }) },
);

/** A station index as a MAC: the stations, then broadcast, then a multicast group (or the zero MAC as a source). */
const address = (index: number, asSource: boolean): number => STATIONS[index] ?? (index === STATIONS.length ? BROADCAST : asSource ? 0 : 0x0100_5e00_0001);

const plain = (decision: ForwardDecision): Decision =>
  decision.kind === "drop" ? { kind: "drop", reason: decision.reason } : { kind: decision.kind, vlan: decision.vlan, ports: [...decision.ports], taggedMask: decision.taggedMask };

/** A static entry on both, when the port carries the VLAN and there is room (the bridge must refuse exactly when the reference cannot take it). */
function addStatic(bridge: LearningBridge, reference: ReferenceSwitch, s: { station: number; vlan: number; port: number; sticky: boolean }, nowMs: number): void {
  const port = s.port % reference.ports.length;
  const key = `${STATIONS[s.station]}/${s.vlan}`;
  const known = reference.fdb.get(key);
  if (!reference.ports[port]!.vlans.has(s.vlan) || known?.static === true) {
    expect(() => bridge.addStatic(STATIONS[s.station]!, s.vlan, port, { sticky: s.sticky }, nowMs)).toThrow();
    return;
  }
  if (known === undefined && reference.fdb.size >= reference.capacity) for (const [k, entry] of reference.fdb) if (!entry.static && nowMs - entry.seenMs >= reference.agingMs) reference.fdb.delete(k);
  if (known === undefined && reference.fdb.size >= reference.capacity) {
    expect(() => bridge.addStatic(STATIONS[s.station]!, s.vlan, port, { sticky: s.sticky }, nowMs)).toThrow(/FDB full/);
    return;
  }
  bridge.addStatic(STATIONS[s.station]!, s.vlan, port, { sticky: s.sticky }, nowMs);
  reference.fdb.set(key, { port, seenMs: nowMs, static: true, sticky: s.sticky });
}

describe("LearningBridge against a Map-based reference switch", () => {
  it("makes the same forwarding decision for every frame and keeps the same FDB", () => {
    fc.assert(
      fc.property(fc.array(portSetup, { minLength: 2, maxLength: 8 }), fc.array(step, { maxLength: 120 }), fc.constantFrom(3, 1024), (setups, steps, capacity) => {
        const bridge = new LearningBridge(capacity);
        const ports: ReferencePort[] = setups.map((setup, port) => {
          const mode: PortMode = setup.mode === "access" ? { mode: "access", vlan: setup.vlan } : { mode: "trunk", allowed: setup.allowed.length === 0 && setup.pvid === undefined ? [1] : setup.allowed, pvid: setup.pvid };
          bridge.attach(port, mode, { isolated: setup.isolated });
          const vlans = mode.mode === "access" ? [mode.vlan] : [...mode.allowed, ...(mode.pvid === undefined ? [] : [mode.pvid])];
          return { access: mode.mode === "access" ? mode.vlan : undefined, vlans: new Set(vlans), pvid: mode.mode === "access" ? mode.vlan : mode.pvid, isolated: setup.isolated, up: true };
        });
        const reference = new ReferenceSwitch(ports, capacity);
        let nowMs = 0;
        for (const s of steps) {
          if (s.op === "flush") {
            bridge.flush();
            for (const [key, entry] of reference.fdb) if (!entry.static) reference.fdb.delete(key);
          } else if (s.op === "static") {
            addStatic(bridge, reference, s, nowMs);
          } else if (s.op === "link") {
            bridge.setLink(s.port % ports.length, s.up);
            reference.setLink(s.port % ports.length, s.up);
          } else {
            nowMs += s.waitMs;
            const bytes = s.runt ? new Uint8Array(10) : frame(address(s.dst, false), address(s.src, true), s.tag);
            const port = s.port % ports.length;
            expect(plain(bridge.forward(port, bytes, nowMs)), `frame ${s.src}->${s.dst} tag ${s.tag} on port ${port} at ${nowMs} ms`).toEqual(reference.forward(port, bytes, nowMs));
          }
        }
        expect(bridge.fdb(nowMs).map((entry) => `${entry.mac}/${entry.vlan}@${entry.port}`).sort()).toEqual(reference.entries(nowMs));
        ports.forEach((_, port) => {
          const stats = bridge.stats(port);
          expect(stats.txPackets).toBe(reference.txPackets[port]);
          expect(Object.fromEntries(Object.entries(stats.drops).filter(([, n]) => n > 0))).toEqual(reference.drops[port]);
        });
      }),
      { numRuns: 400 },
    );
  });
});
