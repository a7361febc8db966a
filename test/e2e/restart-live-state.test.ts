// What a clean exit's snapshot keeps of live state, so a restart on the same state directory goes
// on as one uninterrupted session would (test/scenarios-split checks whole stories through the
// binary): endpoints' ARP caches, a running packet capture and its frames, volume QoS buckets in
// debt. Each case runs `before` then `after` in one session, and `before`, a clean close, a new
// session on the same directory, `after`, and compares what `after` printed. Files written before
// these were saved still load, with empty caches, no capture and full buckets.

import { describe, expect, it } from "vitest";
import { SUBSYSTEMS } from "../../modules/subsystems.js";
import { Kernel } from "../../src/kernel.js";
import { StateStore } from "../../src/persistence/state-store.js";
import { validateSnapshot } from "../../src/persistence/validate-snapshot.js";
import { Session } from "../../shell/session.js";
import { newSession, ok, tempDir, TEST_KEY } from "../helpers.js";

function onStore(dir: string): { session: Session; store: StateStore } {
  const store = StateStore.open(dir);
  return { session: new Session({ seed: 7, sealKey: TEST_KEY, store }), store };
}

/** `after`'s output in one session, and after a clean exit and restart between `before` and `after`. */
function continuedAndRestarted(before: string, after: string): { continued: string[]; restarted: string[] } {
  const one = onStore(tempDir());
  ok(one.session, before);
  const continued = ok(one.session, after);
  one.session.close();
  one.store.close();
  const dir = tempDir();
  const first = onStore(dir);
  ok(first.session, before);
  first.session.close(); // the clean exit: the journal folds into state.json
  first.store.close();
  const second = onStore(dir);
  const restarted = ok(second.session, after);
  second.session.close();
  second.store.close();
  return { continued, restarted };
}

const LAN = "net create lan --cidr 10.0.0.0/24; net if add lan web1; net if add lan web2; sleep 1s";

function snapshotAfter(line: string) {
  const session = newSession();
  ok(session, line);
  return JSON.parse(JSON.stringify(session.kernel.toSnapshot()));
}

function problemOf(snapshot: unknown): string | undefined {
  const checked = validateSnapshot(snapshot, SUBSYSTEMS);
  return "problem" in checked ? checked.problem : undefined;
}

describe("a clean exit keeps live state", () => {
  it("keeps ARP caches: the first ping after a restart does not ARP again", () => {
    const { continued, restarted } = continuedAndRestarted(`${LAN}; net ping web1 10.0.0.3 -c 1`, "net ping web1 10.0.0.3 -c 1");
    expect(continued.join("\n")).toMatch(/time=0\.102 ms/);
    expect(restarted).toEqual(continued);
  });

  it("keeps a running capture and its frames: stop and show after a restart see what was captured", () => {
    const { continued, restarted } = continuedAndRestarted(`${LAN}; net capture start lan --filter icmp --snaplen 128; net ping web1 10.0.0.3 -c 2`, "net ping web1 10.0.0.3 -c 1; net capture stop; net capture show");
    expect(continued.join("\n")).toMatch(/capture on lan stopped: 6 frames matched of 8 seen, 6 held/);
    expect(restarted).toEqual(continued);
  });

  it("keeps a stopped capture's frames for show", () => {
    const { continued, restarted } = continuedAndRestarted(`${LAN}; net capture start web2; net ping web1 10.0.0.3 -c 1; net capture stop`, "net capture show");
    expect(continued.length).toBeGreaterThan(1);
    expect(restarted).toEqual(continued);
  });

  it("keeps QoS buckets: a volume in debt still waits after a restart", () => {
    const writes = Array.from({ length: 5 }, (_, i) => `vol write db 0 --pattern ${i + 1} --len 4K`).join("; ");
    const { continued, restarted } = continuedAndRestarted(`vol create db --size 1M; vol qos db --iops 5; ${writes}`, "vol write db 0 --pattern 6 --len 4K");
    expect(continued.join("\n")).toMatch(/throttled 199 ms/);
    expect(restarted).toEqual(continued);
  });
});

describe("state files from before live state was saved", () => {
  it("load with empty ARP caches and no capture", () => {
    const snapshot = snapshotAfter(`${LAN}; net capture start lan; net ping web1 10.0.0.3 -c 1`);
    expect(snapshot.network.stacks.length).toBeGreaterThan(0);
    expect(snapshot.network.capture.running).toBe(true);
    delete snapshot.network.stacks;
    delete snapshot.network.capture;
    expect(problemOf(snapshot)).toBeUndefined();
    const restored = Kernel.fromSnapshot(snapshot, { sealKey: TEST_KEY, subsystems: SUBSYSTEMS });
    expect(restored.view.network.capture().running).toBe(false);
    expect(restored.toSnapshot().network.stacks).toEqual([]);
  });

  it("load volume QoS without buckets as full buckets", () => {
    const snapshot = snapshotAfter("vol create db --size 1M; vol qos db --iops 5; vol write db 0 --len 4K --pattern 1");
    const qos = snapshot.storage.volumes[0].qos;
    expect(qos).toMatchObject({ iops: 5, iopsTokens: 4 });
    for (const field of ["iopsTokens", "bandwidthTokens", "refilledMs"]) delete qos[field];
    expect(problemOf(snapshot)).toBeUndefined();
    const restored = Kernel.fromSnapshot(snapshot, { sealKey: TEST_KEY, subsystems: SUBSYSTEMS });
    expect(restored.toSnapshot().storage.volumes[0]!.qos).toMatchObject({ iops: 5, iopsTokens: 5 });
  });
});

describe("saved live state that does not hold together is refused", () => {
  const captured = () => snapshotAfter(`${LAN}; net capture start web1 --filter icmp; net ping web1 10.0.0.3 -c 1`);

  it("a running capture on an interface the file does not have", () => {
    const snapshot = captured();
    snapshot.network.capture.target = "web9";
    expect(problemOf(snapshot)).toBe("network.capture: no interface 'web9' in slot 0 to capture on");
  });

  it("a capture filter that does not compile", () => {
    const snapshot = captured();
    snapshot.network.capture.filter = "icmp and (";
    expect(problemOf(snapshot)).toMatch(/^network\.capture\.filter: 'icmp and \(' is not a capture filter$/);
  });

  it("an ARP cache over ARP_CACHE_MAX, or an endpoint listed twice", () => {
    const snapshot = captured();
    const stack = snapshot.network.stacks[0];
    snapshot.network.stacks.push(stack);
    expect(problemOf(snapshot)).toMatch(/network\.stacks\[\d\]: endpoint \d+ is listed twice/);
    snapshot.network.stacks.pop();
    stack.arp = Array.from({ length: 17 }, (_, i) => [i + 1, i + 1, 0]);
    expect(problemOf(snapshot)).toMatch(/ARP_CACHE_MAX/);
  });

  it("a captured frame that does not fit its ring", () => {
    const snapshot = captured();
    snapshot.network.capture.ring.frames[0].start = 4 * 1024 * 1024 - 10;
    expect(() => Kernel.fromSnapshot(snapshot, { sealKey: TEST_KEY, subsystems: SUBSYSTEMS })).toThrow(/does not fit its ring/);
  });
});
