// Random frames from random interfaces of a network against a plain Map-based learning switch:
// which interfaces receive each frame must agree (learning, known unicast, flooding within the
// VLAN, isolated ports, same-port drops). This checks the network's wiring of the bridge (ports
// to interfaces, VLANs, isolation, counters), not the bridge alone (N2's test does that).

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ethernet } from "../../modules/network/frames/index.js";
import type { VirtualNetworkManager } from "../../modules/network/index.js";
import { ROOT } from "../../src/gate.js";
import { newSession, ok } from "../helpers.js";

const BROADCAST = 0xffff_ffff_ffff;
const UNKNOWN = 0x525400ee0001;

interface Port {
  readonly vlan: number;
  readonly isolated: boolean;
}

const portArb = fc.record({ vlan: fc.constantFrom(10, 20), isolated: fc.boolean() });
const frameArb = (ports: number) => fc.record({ from: fc.nat(ports - 1), to: fc.oneof(fc.constant(-1), fc.constant(-2), fc.nat(ports - 1)), spoof: fc.nat(ports - 1), spoofing: fc.boolean() });

/** The interfaces a plain learning switch delivers to. */
function reference(learned: Map<string, number>, ports: readonly Port[], from: number, src: number, dst: number): number[] {
  const vlan = ports[from]!.vlan;
  learned.set(`${src}/${vlan}`, from);
  const talks = (q: number) => q !== from && ports[q]!.vlan === vlan && !(ports[from]!.isolated && ports[q]!.isolated);
  const known = dst === BROADCAST ? undefined : learned.get(`${dst}/${vlan}`);
  if (known === undefined) return ports.map((_, q) => q).filter(talks);
  return talks(known) ? [known] : [];
}

describe("the network's bridge against a Map-based learning switch", () => {
  it("delivers every random frame to the same interfaces", () => {
    fc.assert(
      fc.property(fc.array(portArb, { minLength: 2, maxLength: 8 }).chain((ports) => fc.tuple(fc.constant(ports), fc.array(frameArb(ports.length), { minLength: 1, maxLength: 40 }))), ([ports, frames]) => {
        const session = newSession();
        ok(session, "net create lan --cidr 10.0.0.0/24");
        ports.forEach((p, i) => ok(session, `net if add lan p${i} --vlan ${p.vlan}${p.isolated ? " --isolated" : ""}`));
        ok(session, "sleep 1s");
        const network: VirtualNetworkManager = session.kernel.syscall(ROOT, { action: "net.test", object: "net", type: "network", mutates: true, access: "write" }, (k) => k.network);
        const slots = ports.map((_, i) => network.parts.interfaceSlot(`p${i}`));
        const macs = slots.map((slot) => network.parts.interfaces.macs[slot]!);
        const learned = new Map<string, number>();
        for (const f of frames) {
          const src = f.spoofing ? macs[f.spoof]! : macs[f.from]!;
          const dst = f.to === -1 ? BROADCAST : f.to === -2 ? UNKNOWN : macs[f.to]!;
          const before = slots.map((slot) => network.parts.counters.ofInterface(slot).rxPackets);
          network.plane.send(slots[f.from]!, ethernet({ dst, src, etherType: 0x88b5, payload: new Uint8Array(46) }), session.kernel.view.nowMs);
          network.plane.run();
          const got = slots.map((slot, i) => network.parts.counters.ofInterface(slot).rxPackets - before[i]!).flatMap((n, i) => (n > 0 ? [i] : []));
          expect(got, `frame ${JSON.stringify(f)}`).toEqual(reference(learned, ports, f.from, src, dst));
        }
      }),
      { numRuns: 120 },
    );
  });
});
