// Frames through the network subsystem, from the shell: learning, flooding, aging at 300 s, MAC
// moves, VLAN separation, isolation, routing with its TTL, policing, ping and send, capture.

import { describe, expect, it } from "vitest";
import { arpRequestFrame, icmpEchoFrame } from "../../modules/network/frames/index.js";
import type { VirtualNetworkManager } from "../../modules/network/index.js";
import { SUBSYSTEMS } from "../../modules/subsystems.js";
import { ROOT } from "../../src/gate.js";
import { Kernel } from "../../src/kernel.js";
import { validateSnapshot } from "../../src/persistence/validate-snapshot.js";
import { newSession, ok, TEST_KEY } from "../helpers.js";

type Session = ReturnType<typeof newSession>;

/** The network manager itself, through the gate as root (for frames no command makes). */
function manager(session: Session): VirtualNetworkManager {
  return session.kernel.syscall(ROOT, { action: "net.test", object: "net", type: "network", mutates: true, access: "write" }, (k) => k.network);
}

function lan(session: Session, extra = ""): void {
  ok(session, "net create lan --cidr 10.0.0.0/24");
  ok(session, "net if add lan a --vlan 10; net if add lan b --vlan 10; net if add lan c --vlan 20; net if add lan t --trunk 10,20");
  if (extra !== "") ok(session, extra);
  ok(session, "sleep 1s");
}

function stats(session: Session, name: string) {
  return session.kernel.view.network.interfaceStats().find((s) => s.name === name)!;
}

function fdb(session: Session): string[] {
  return session.kernel.view.network.fdb("lan").map((e) => `${e.interface}@${e.port}/${e.vlan}${e.static ? " static" : ""}`);
}

describe("the bridge under the network", () => {
  it("learns sources on ingress and floods the first broadcast to every other port of its VLAN only", () => {
    const session = newSession();
    lan(session);
    expect(ok(session, "net ping a 10.0.0.3 -c 1")[1]).toMatch(/^64 bytes from 10\.0\.0\.3: icmp_seq=1 ttl=64 time=0\.202 ms$/);
    expect(fdb(session)).toEqual(["b@1/10", "a@0/10"]);
    expect(stats(session, "t").rxPackets).toBe(1); // the ARP broadcast, tagged on the trunk
    expect(stats(session, "c").rxPackets).toBe(0); // VLAN 20 never sees it
    expect(stats(session, "a")).toMatchObject({ txPackets: 2, rxPackets: 2, broadcasts: 1, floods: 1 });
  });

  it("forgets a dynamic entry 300 s after it was last seen, and keeps a static one", () => {
    const session = newSession();
    lan(session);
    ok(session, "net ping a 10.0.0.3 -c 1; net fdb add lan 52:54:00:00:00:99 c");
    ok(session, "sleep 299s");
    expect(fdb(session)).toEqual(["b@1/10", "a@0/10", "c@2/20 static"]);
    ok(session, "sleep 1s");
    expect(fdb(session)).toEqual(["c@2/20 static"]);
    ok(session, "net bridge aging lan 10s; net ping a 10.0.0.3 -c 1; sleep 10s");
    expect(fdb(session)).toEqual(["c@2/20 static"]);
  });

  it("moves a MAC that shows up on another port (a guest migrated, or a spoofer)", () => {
    const session = newSession();
    lan(session, "net if add lan d --vlan 10");
    ok(session, "net ping a 10.0.0.3 -c 1");
    expect(fdb(session)).toEqual(["b@1/10", "a@0/10"]);
    const network = manager(session);
    const d = network.parts.interfaceSlot("d");
    const macOfB = network.parts.interfaces.macs[network.parts.interfaceSlot("b")]!;
    network.plane.send(d, arpRequestFrame({ srcMac: macOfB, srcIp: 0x0a000003, targetIp: 0x0a000002 }), session.kernel.view.nowMs);
    network.plane.run();
    const entry = session.kernel.view.network.fdb("lan").find((e) => e.mac === session.kernel.view.network.interfaces().find((i) => i.name === "b")!.mac);
    expect(entry).toMatchObject({ port: 4, interface: "d", vlan: 10, static: false }); // b's MAC now points at d's port
    expect(fdb(session)).toHaveLength(2); // moved, not added
  });

  it("flushes a detached interface's FDB entries and frees its port", () => {
    const session = newSession();
    lan(session);
    ok(session, "net ping a 10.0.0.3 -c 1");
    expect(ok(session, "net if del b")).toEqual(["detached b from lan: port 1 and 10.0.0.3 are free, 1 FDB entry flushed"]);
    expect(fdb(session)).toEqual(["a@0/10"]);
    expect(ok(session, "net fdb flush lan a")).toEqual(["flushed 1 entry from lan"]);
    expect(fdb(session)).toEqual([]);
  });

  it("sends a direct network's frames by configured MAC, with no learning bridge", () => {
    const session = newSession();
    ok(session, "net create up --type direct --cidr 10.7.0.0/24; net if add up m1; net if add up m2; sleep 1s");
    expect(ok(session, "net ping m1 10.7.0.3 -c 1")[1]).toMatch(/^64 bytes from 10\.7\.0\.3: icmp_seq=1 ttl=64/);
    expect(ok(session, "net ping m1 10.7.0.1 -c 1")[1]).toMatch(/^64 bytes from 10\.7\.0\.1: icmp_seq=1 ttl=64/); // the uplink's gateway
    expect(session.kernel.view.network.fdb("up")).toEqual([]);
    expect(stats(session, "m1").floods).toBe(0);
  });

  it("drops a frame tagged for another VLAN at an access port, counted and audited once", () => {
    const session = newSession();
    lan(session);
    expect(ok(session, "net send a 10.0.0.4 --vlan 20")).toEqual(["a -> 10.0.0.4 (vlan 20): no ARP answer, nothing sent", "dropped: vlan 1"]);
    expect(stats(session, "a").drops.vlan).toBe(1);
    expect(stats(session, "c").rxPackets).toBe(0);
    expect(ok(session, "audit query --type network --limit 0").join("\n")).toMatch(/warning\s+network\s+0\s+net\.drop\s+net\/lan\s+dropped\s+1 frame\(s\) from a dropped: vlan 1/);
  });

  it("keeps isolated ports from each other, not from the others", () => {
    const session = newSession();
    ok(session, "net create lan --cidr 10.0.0.0/24; net if add lan i1 --isolated; net if add lan i2 --isolated; net if add lan open; sleep 1s");
    expect(session.execute("net ping i1 10.0.0.3 -c 1").ok).toBe(false);
    ok(session, "net ping i1 10.0.0.4 -c 1");
    ok(session, "net ping open 10.0.0.3 -c 1");
  });

  it("counts isolation drops per port and network, also when the flood reached the other ports", () => {
    const session = newSession();
    ok(session, "net create lan --cidr 10.0.0.0/24; net if add lan i1 --isolated; net if add lan i2 --isolated; net if add lan open; sleep 1s");
    const ping = session.execute("net ping i1 10.0.0.3 -c 1");
    expect(ping.ok).toBe(false);
    expect(ping.lines.join("\n")).toMatch(/dropped on the way: isolated 1/);
    expect(stats(session, "i1").drops.isolated).toBe(1); // the ARP went to 'open', isolation kept it from i2
    expect(manager(session).statsOf("lan").drops.isolated).toBe(1);
    expect(ok(session, "net stats lan").join("\n")).toMatch(/dropped: isolated 1/);
    ok(session, "net ping i1 10.0.0.1 -c 1"); // the gateway (the bridge's own port) still hears an isolated port
  });

  it("takes a frame tagged with an access port's own VLAN, as Linux does", () => {
    const session = newSession();
    lan(session);
    expect(ok(session, "net ping a 10.0.0.3 -c 1 --vlan 10")[1]).toMatch(/^64 bytes from 10\.0\.0\.3: icmp_seq=1 ttl=64/);
    expect(stats(session, "a").drops.vlan).toBe(0);
  });

  it("answers ARP and echo at every network's gateway, an isolated or overlay one too", () => {
    const session = newSession();
    ok(session, "net create iso --cidr 10.20.0.0/24; net if add iso a10; net create ov --type overlay --cidr 10.21.0.0/24; net if add ov o1 --host h1; sleep 1s");
    expect(ok(session, "net ping a10 10.20.0.1 -c 1")[1]).toMatch(/^64 bytes from 10\.20\.0\.1: icmp_seq=1 ttl=64/);
    expect(ok(session, "net ping o1 10.21.0.1 -c 1")[1]).toMatch(/^64 bytes from 10\.21\.0\.1: icmp_seq=1 ttl=64/);
  });

  it("refuses VLANs, isolation and policing on a direct network, which has no bridge", () => {
    const session = newSession();
    ok(session, "net create up --type direct --cidr 10.7.0.0/24; net if add up m1");
    for (const [line, what] of [
      ["net if add up m2 --vlan 10", "VLANs"],
      ["net if add up m2 --trunk 10,20", "VLANs"],
      ["net if add up m2 --isolated", "port isolation"],
      ["net qos m1 --rate 1M", "policing"],
      ["net vlan add up 30", "VLANs"],
    ] as const) {
      const result = session.execute(line);
      expect(result.ok, line).toBe(false);
      expect(result.error, line).toMatch(new RegExp(`network 'up' is direct: it has no ${what}.*\\[EINVAL\\]`));
    }
    expect(session.kernel.view.network.interfaces().map((i) => i.name)).toEqual(["m1"]);
  });

  it("keeps networks apart and routes between them only through a router, TTL minus one", () => {
    const session = newSession();
    ok(session, "net create a --cidr 10.1.0.0/24; net create b --cidr 10.2.0.0/24; net if add a x; net if add b y; sleep 1s");
    expect(session.execute("net ping x 10.2.0.2 -c 1").ok).toBe(false);
    expect(stats(session, "y").rxPackets).toBe(0);
    expect(manager(session).statsOf("a").drops["no-route"]).toBe(1); // a's gateway answers ARP, then has nowhere to send it
    ok(session, "net router create r1 --nets a,b");
    expect(ok(session, "net route").slice(1).map((l) => l.trim().split(/\s+/).slice(0, 3).join(" "))).toEqual(["r1 10.1.0.0/24 10.1.0.1", "r1 10.2.0.0/24 10.2.0.1"]);
    expect(ok(session, "net ping x 10.2.0.2 -c 1")[1]).toMatch(/ttl=63 time=/);
    ok(session, "net send x 10.3.0.9");
    expect(session.kernel.view.network.networks().length).toBe(2);
    expect(manager(session).statsOf("a").drops["no-route"]).toBe(2);
  });

  it("drops a routed packet whose TTL runs out", () => {
    const session = newSession();
    ok(session, "net create a --cidr 10.1.0.0/24; net create b --cidr 10.2.0.0/24; net if add a x; net if add b y; net router create r1 --nets a,b; sleep 1s");
    ok(session, "net ping x 10.2.0.2 -c 1"); // x knows its gateway's MAC now
    const network = manager(session);
    const x = network.parts.interfaceSlot("x");
    const gateway = network.plane.stacks.lookup(x, 0x0a010001)!;
    const frame = icmpEchoFrame({ srcMac: network.parts.interfaces.macs[x]!, dstMac: gateway.mac, src: 0x0a010002, dst: 0x0a020002, ttl: 1, type: "request", id: 7, seq: 1, data: new Uint8Array(8) });
    network.plane.resetTally();
    network.plane.send(x, frame, session.kernel.view.nowMs);
    network.plane.run();
    expect(network.statsOf("a").drops.ttl).toBe(1);
  });

  it("polices an interface's ingress: the burst passes, the excess is dropped and counted", () => {
    const session = newSession();
    lan(session);
    ok(session, "net ping a 10.0.0.3 -c 1; net qos a --rate 1M --burst 4K");
    expect(ok(session, "net send a 10.0.0.3 --bytes 1000 --count 10")).toEqual(["a -> 10.0.0.3: 10 UDP datagrams of 1000 bytes sent, 3 delivered", "dropped: policed 7"]);
    expect(stats(session, "a").drops.policed).toBe(7);
    ok(session, "net qos a --rate 0");
    expect(ok(session, "net send a 10.0.0.3 --bytes 1000 --count 10")[0]).toMatch(/10 delivered$/);
  });

  it("pings with ping's output and fails when nothing answers", () => {
    const session = newSession();
    lan(session);
    const lines = ok(session, "net ping a 10.0.0.3 -c 3");
    expect(lines).toEqual([
      "PING 10.0.0.3 from 10.0.0.2 a: 56(84) bytes of data.",
      "64 bytes from 10.0.0.3: icmp_seq=1 ttl=64 time=0.202 ms",
      "64 bytes from 10.0.0.3: icmp_seq=2 ttl=64 time=0.102 ms",
      "64 bytes from 10.0.0.3: icmp_seq=3 ttl=64 time=0.102 ms",
      "",
      "--- 10.0.0.3 ping statistics ---",
      "3 packets transmitted, 3 received, 0% packet loss",
      "rtt min/avg/max/mdev = 0.102/0.135/0.202/0.047 ms",
    ]);
    expect(session.kernel.view.nowMs).toBe(3001); // three echoes a second apart, the last one's reply
    const outcome = session.execute("net ping a 10.0.0.99 -c 1");
    expect(outcome.error).toMatch(/no reply from 10\.0\.0\.99/);
    expect(session.execute("net suspend lan; net ping a 10.0.0.3").error).toMatch(/cannot ping from 'a': network 'lan' is Suspended/);
    expect(session.execute("net resume lan; net if down a; net ping a 10.0.0.3").error).toMatch(/interface 'a' is down/);
    expect(session.execute("net if down b; net if up a; net ping a 10.0.0.3 -c 1").ok).toBe(false); // b's link is down: nothing reaches it
  });

  it("captures through a filter into a pcap file with the classic header", () => {
    const session = newSession();
    lan(session);
    ok(session, "net capture start lan --filter icmp --snaplen 128; net ping a 10.0.0.3 -c 2");
    expect(ok(session, "net capture stop")).toEqual(["capture on lan stopped: 4 frames matched of 6 seen, 4 held"]); // the ARP pair seen, not matched
    const shown = ok(session, "net capture show");
    expect(shown).toHaveLength(5);
    expect(shown[0]).toMatch(/^1\.000101 52:54:00(:[0-9a-f]{2}){3} > 52:54:00(:[0-9a-f]{2}){3}, IP 10\.0\.0\.2 > 10\.0\.0\.3: ICMP echo request, id \d+, seq 1, length 64$/);
    expect(shown[1]).toMatch(/ICMP echo reply, id \d+, seq 1, length 64$/);
    expect(shown[4]).toBe("stopped on lan: 4 frames held, 392 bytes");
    const pcap = manager(session).capturePcap();
    expect([...pcap.subarray(0, 4)]).toEqual([0xd4, 0xc3, 0xb2, 0xa1]); // a1b2c3d4, little-endian
    expect(session.execute("net capture start lan --filter 'udp port x'").error).toMatch(/x/);
    expect(session.execute("net capture start nothing").error).toMatch(/nothing named 'nothing' to capture on/);
  });

  it("keeps routers, policing and the learned FDB across a snapshot", () => {
    const session = newSession();
    ok(session, "net create a --cidr 10.1.0.0/24; net create b --cidr 10.2.0.0/24; net if add a x; net if add b y; net router create r1 --nets a,b; net qos x --rate 1M --burst 4K; sleep 1s");
    ok(session, "net ping x 10.2.0.2 -c 1; sleep 100s");
    const snapshot = JSON.parse(JSON.stringify(session.kernel.toSnapshot()));
    expect("problem" in validateSnapshot(snapshot, SUBSYSTEMS)).toBe(false);
    const restored = Kernel.fromSnapshot(snapshot, { sealKey: TEST_KEY, subsystems: SUBSYSTEMS });
    const network = restored.syscall(ROOT, { action: "net.test", object: "net", type: "network", mutates: true, access: "write" }, (k) => k.network);
    expect(network.routes().map((r) => r.network)).toEqual(["a", "b"]);
    expect(network.plane.bridges[0]!.port(0).police).toEqual({ rateBps: 1_048_576, burstBytes: 4096 });
    expect(network.fdb("a")).toEqual(session.kernel.view.network.fdb("a")); // the same entries, the same ages
    expect(network.fdb("a")[0]!.interface).toBe("x");
    expect(Math.floor(network.fdb("a")[0]!.ageMs / 1000)).toBe(100); // last seen during the ping, 100 s before
    expect(network.ping("x", "10.2.0.2", 1, 0).replies[0]).toMatchObject({ seq: 1, ttl: 63 });
    snapshot.network.routers = [{ name: "r2", networks: ["a", "nowhere"] }];
    const checked = validateSnapshot(snapshot, SUBSYSTEMS);
    expect("problem" in checked ? checked.problem : "").toMatch(/routers\[0\]: joins no network 'nowhere'/);
  });
});
