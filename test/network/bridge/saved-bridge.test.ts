import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { LearningBridge, SAVED_BRIDGE_SCHEMA, type SavedBridge } from "../../../modules/network/bridge/index.js";
import { isKernelError } from "../../../src/errors.js";
import { BROADCAST, frame, mac } from "./frames.js";

function busyBridge(): LearningBridge {
  const bridge = new LearningBridge();
  bridge.setAging(60_000);
  bridge.addVlan(99);
  bridge.attach(0, { mode: "access", vlan: 10 }, { isolated: true });
  bridge.attach(1, { mode: "trunk", allowed: [10, 20], pvid: 20 });
  bridge.attach(2, { mode: "access", vlan: 20 });
  bridge.attach(3, { mode: "access", vlan: 10 });
  bridge.police(1, { rateBps: 80_000, burstBytes: 200 }, 0);
  for (let n = 1; n <= 6; n++) bridge.forward(n % 4, frame(BROADCAST, mac(n), n % 4 === 1 ? 10 : undefined), n * 1000);
  bridge.addStatic(mac(9), 20, 2, { sticky: true }, 7000);
  bridge.setLink(3, false);
  bridge.detach(2);
  bridge.attach(2, { mode: "access", vlan: 20 });
  return bridge;
}

describe("LearningBridge saved form", () => {
  it("survives JSON and the schema, and the restored bridge decides and counts exactly as the original", () => {
    const original = busyBridge();
    const json = JSON.parse(JSON.stringify(original.save())) as unknown;
    const restored = LearningBridge.restore(v.parse(SAVED_BRIDGE_SCHEMA, json) as SavedBridge);
    expect(restored.save()).toEqual(original.save());
    expect(restored.agingMs).toBe(60_000);
    const frames = [frame(mac(2), mac(4), 10), frame(BROADCAST, mac(7), 10), frame(mac(1), mac(3)), frame(mac(5), mac(8))];
    for (let i = 0; i < 40; i++) {
      const port = [1, 0, 2, 1][i % 4]!;
      expect(restored.forward(port, frames[i % 4]!, 8000 + i * 5)).toEqual(original.forward(port, frames[i % 4]!, 8000 + i * 5));
    }
    expect(restored.totals()).toEqual(original.totals());
    expect(restored.fdb(70_000)).toEqual(original.fdb(70_000));
    expect(restored.port(1).police).toEqual({ rateBps: 80_000, burstBytes: 200 });
  });

  it("refuses a saved FDB entry on a port that does not carry its VLAN, and a port listed twice", () => {
    const saved = busyBridge().save();
    const broken = { ...saved, fdb: [...saved.fdb, [mac(30), 20, 0, 0, 0] as const] };
    expect(() => LearningBridge.restore(broken)).toThrow(/saved FDB entry for 52:54:00:00:00:1e names port 0, which does not carry VLAN 20/);
    const twice = { ...saved, ports: [...saved.ports, saved.ports[0]!] };
    try {
      LearningBridge.restore(twice);
      expect.fail("restored a bridge with port 0 twice");
    } catch (error) {
      expect(isKernelError(error) && error.message).toBe("saved bridge lists port 0 twice");
    }
    expect(v.safeParse(SAVED_BRIDGE_SCHEMA, { ...saved, agingMs: 5 }).success).toBe(false);
  });
});
