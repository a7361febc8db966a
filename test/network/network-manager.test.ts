// The network manager through the shell and the kernel: lifecycle (legal and illegal, each of the
// seven states reached), capacities (the 9th network, the 17th port, the 17th VLAN), IPAM,
// interface rules, the gate, alerts and audit, persistence and determinism.

import { describe, expect, it } from "vitest";
import { SUBSYSTEMS } from "../../modules/subsystems.js";
import { Kernel } from "../../src/kernel.js";
import { validateSnapshot } from "../../src/persistence/validate-snapshot.js";
import { newSession, ok, TEST_KEY } from "../helpers.js";

function states(session: ReturnType<typeof newSession>): Record<string, string> {
  return Object.fromEntries(session.kernel.view.network.networks().map((n) => [n.name, n.state]));
}

function error(session: ReturnType<typeof newSession>, line: string): string {
  const outcome = session.execute(line);
  expect(outcome.ok, line).toBe(false);
  return outcome.error ?? "";
}

describe("network lifecycle", () => {
  it("goes Configuring for 1 s after create, then Active, moving only with the clock", () => {
    const session = newSession();
    ok(session, "net create lan --cidr 10.0.0.0/24");
    expect(states(session)).toEqual({ lan: "Configuring" });
    ok(session, "sleep 900ms");
    expect(states(session)).toEqual({ lan: "Configuring" });
    ok(session, "tick");
    expect(states(session)).toEqual({ lan: "Active" });
  });

  it("reaches each of the seven states from the shell", () => {
    const session = newSession();
    const seen = new Set<string>();
    const step = (line: string) => {
      ok(session, line);
      seen.add(states(session).lan ?? "gone");
    };
    step("net create lan --cidr 10.0.0.0/24; net if add lan a; net if add lan b");
    step("sleep 1s");
    step("net suspend lan");
    step("net resume lan; net fail lan");
    step("net recover lan; sleep 1s; net down lan");
    expect(session.kernel.view.network.networks()[0]!.stateDetail).toBe("until T+00:00:02.2"); // 100 ms per interface
    step("sleep 1s");
    step("net delete lan");
    expect([...seen].sort()).toEqual(["Active", "Configuring", "Created", "Deactivating", "Destroyed", "Failed", "Suspended"]);
    ok(session, "tick");
    expect(states(session)).toEqual({});
    expect(session.kernel.view.network.interfaces()).toEqual([]);
  });

  it("refuses illegal moves naming the state and the legal actions", () => {
    const session = newSession();
    ok(session, "net create lan --cidr 10.0.0.0/24");
    expect(error(session, "net suspend lan")).toMatch(/cannot suspend network 'lan': it is Configuring until T\+00:00:01\.0 \[EBUSY\] — legal from Configuring: fail, down, delete/);
    ok(session, "sleep 1s");
    expect(error(session, "net resume lan")).toMatch(/it is Active .*legal from Active: suspend, fail, down, delete/);
    expect(error(session, "net recover lan")).toMatch(/it is Active/);
    expect(error(session, "net up lan")).toMatch(/cannot up network 'lan': it is Active/);
    ok(session, "net down lan");
    expect(error(session, "net if add lan late")).toMatch(/cannot add interface 'late': network 'lan' is Deactivating/);
    ok(session, "tick");
    expect(states(session)).toEqual({ lan: "Created" });
    expect(error(session, "net suspend lan")).toMatch(/legal from Created: up, delete/);
  });

  it("raises an alert and audit entries of type network when a network fails, resolved on recover", () => {
    const session = newSession();
    ok(session, "net create wan --type bridged --cidr 192.168.122.0/24; sleep 1s; net fail wan");
    expect(ok(session, "status").join("\n")).toMatch(/network\s+1\s+8\s+degraded\s+0 active; 0 interfaces; 1 failed/);
    ok(session, "net recover wan");
    const audit = ok(session, "audit query --type network --limit 0").join("\n");
    expect(audit).toMatch(/network\.alert\.raise\s+alert\/1\s+raised\s+ERROR network net\/wan: network 'wan' Failed: uplink lost/);
    expect(audit).toMatch(/network\.alert\.resolve\s+alert\/1\s+resolved\s+resolved \(net recover\)/);
    expect(audit).toMatch(/net\.create\s+net\/wan\s+success/);
  });

  it("audits every state a network reaches on the clock, not only the commands", () => {
    const session = newSession();
    ok(session, "net create lan --cidr 10.0.0.0/24; net if add lan a; sleep 1s; net down lan; sleep 1s; net up lan; sleep 1s; net delete lan; sleep 1s");
    const steps = ok(session, "audit query --type network --limit 0").filter((line) => line.includes("net.state")).map((line) => line.replace(/.*network 'lan': /, ""));
    expect(steps).toEqual(["Configuring -> Active", "Deactivating -> Created", "Configuring -> Active", "Deactivating -> Destroyed", "Destroyed -> removed"]);
  });
});

describe("network capacities", () => {
  it("refuses the 9th network", () => {
    const session = newSession();
    for (let i = 0; i < 8; i++) ok(session, `net create n${i} --cidr 10.${i}.0.0/24`);
    expect(error(session, "net create n8 --cidr 10.8.0.0/24")).toMatch(/network table full: 8 of 8 in use \(NETWORK_COUNT_MAX\) \[ENOSPC\]/);
    expect(error(session, "net delete n0; net create n8 --cidr 10.8.0.0/24")).toMatch(/ENOSPC/); // Deactivating, then Destroyed: the slot is still taken
    ok(session, "tick; tick; net create n8 --cidr 10.8.0.0/24");
  });

  it("refuses the 17th port and frees a port on detach", () => {
    const session = newSession();
    ok(session, "net create lan --cidr 10.0.0.0/24");
    for (let i = 0; i < 16; i++) ok(session, `net if add lan p${i}`);
    expect(error(session, "net if add lan p16")).toMatch(/bridge of network 'lan' has all 16 ports in use \(BRIDGE_PORT_MAX\): cannot attach 'p16' \[ENOSPC\]/);
    ok(session, "net if del p5");
    expect(ok(session, "net if add lan p16")[0]).toMatch(/^attached p16 to lan port 5: .* 10\.0\.0\.7 \(leased\)/);
  });

  it("refuses the 17th VLAN, and a VLAN in use", () => {
    const session = newSession();
    ok(session, "net create lan --cidr 10.0.0.0/24");
    for (let vlan = 2; vlan <= 16; vlan++) ok(session, `net vlan add lan ${vlan}`); // VLAN 1 is there from the start
    expect(error(session, "net vlan add lan 100")).toMatch(/network 'lan' has 16 VLANs, the most it may have \(VLAN_COUNT_MAX\): cannot add VLAN 100 \[ENOSPC\]/);
    expect(error(session, "net if add lan x --vlan 100")).toMatch(/more than 16 \(VLAN_COUNT_MAX\)/);
    expect(error(session, "net vlan add lan 4095")).toMatch(/4094/);
    ok(session, "net if add lan a --vlan 7");
    expect(error(session, "net vlan del lan 7")).toMatch(/VLAN 7 of network 'lan' is in use by a \[EBUSY\]/);
    ok(session, "net vlan del lan 8; net vlan add lan 100");
  });
});

describe("IPAM and interfaces", () => {
  it("leases the lowest free host address from .2, keeps the gateway, and runs out clearly", () => {
    const session = newSession();
    ok(session, "net create small --cidr 10.1.0.0/29"); // .1 gateway, .2-.6 hosts, .7 broadcast
    ok(session, "net if add small a; net if add small b --ip 10.1.0.3; net if add small c");
    expect(session.kernel.view.network.interfaces().map((i) => i.ip)).toEqual(["10.1.0.2", "10.1.0.3", "10.1.0.4"]);
    expect(error(session, "net if add small d --ip 10.1.0.1")).toMatch(/10\.1\.0\.1 is the gateway/);
    expect(error(session, "net if add small d --ip 10.1.0.7")).toMatch(/broadcast/);
    expect(error(session, "net if add small d --ip 10.2.0.5")).toMatch(/outside network 'small'/);
    expect(error(session, "net if add small d --ip 10.1.0.3")).toMatch(/already leased on network .small. \[EEXIST\]/);
    ok(session, "net if add small d; net if add small e");
    expect(error(session, "net if add small f")).toMatch(/no free address to lease \[ENOSPC\]/);
    expect(ok(session, "net leases small")[1]).toMatch(/^T\+00:00:00\.0\s+52:54:00(:[0-9a-f]{2}){3}\s+ipv4\s+10\.1\.0\.2\/29\s+a\s+ipam$/);
  });

  it("checks names, MACs, VLAN modes and overlapping networks", () => {
    const session = newSession();
    ok(session, "net create lan --cidr 10.0.0.0/24");
    expect(error(session, "net if add lan abcdefghijklmnop")).toMatch(/16 characters; the limit is 15 \[ENAMETOOLONG\]/);
    ok(session, "net if add lan abcdefghijklmno --mac 52:54:00:00:00:01");
    expect(error(session, "net if add lan b --mac 52:54:00:00:00:01")).toMatch(/MAC 52:54:00:00:00:01 is already used/);
    expect(error(session, "net if add lan b --mac 01:00:5e:00:00:01")).toMatch(/multicast/);
    expect(error(session, "net if add lan b --vlan 10 --trunk 10,20")).toMatch(/exclude each other/);
    expect(error(session, "net if add lan b --trunk 10,x")).toMatch(/bad VLAN 'x'/);
    expect(error(session, "net if add lan b --trunk 10,20 --pvid 30")).toMatch(/PVID 30 is not among/);
    expect(error(session, "net if add lan abcdefghijklmno")).toMatch(/already exists \[EEXIST\]/);
    expect(error(session, "net create other --cidr 10.0.0.128/25")).toMatch(/overlaps 'lan' \(10\.0\.0\.0\/24\)/);
    expect(error(session, "net create tiny --cidr 10.5.0.0/31")).toMatch(/no room for a gateway/);
    ok(session, "net create ov2 --type overlay --cidr 10.11.0.0/24 --vni 5000");
    expect(error(session, "net create ov3 --type overlay --cidr 10.12.0.0/24 --vni 5000")).toMatch(/VNI 5000 is taken by network 'ov2' \[EEXIST\]/);
    ok(session, "net create ov4 --type overlay --cidr 10.13.0.0/24 --vni 10004"); // the default VNI of the next slot
    ok(session, "net create ov5 --type overlay --cidr 10.14.0.0/24");
    expect(session.kernel.view.network.networks().filter((n) => n.type === "overlay").map((n) => n.vni)).toEqual([5000, 10004, 10005]);
    ok(session, "net if add lan t --trunk 20,10 --pvid 20");
    expect(session.kernel.view.network.interfaces()[1]).toMatchObject({ mode: "trunk", trunk: [20, 10], vlan: 20 });
  });

  it("sets interfaces up and down like ip link", () => {
    const session = newSession();
    ok(session, "net create lan --cidr 10.0.0.0/24; net if add lan a");
    expect(ok(session, "net if down a")).toEqual(["a: down"]);
    expect(ok(session, "net if down a")).toEqual(["a: already down"]);
    expect(ok(session, "net if up a")).toEqual(["a: up"]);
    expect(error(session, "net if up nothing")).toMatch(/no interface named 'nothing' \[ENOENT\]/);
  });
});

describe("network gate, persistence and determinism", () => {
  it("needs CAP_NET_ADMIN to configure and write access to the network", () => {
    const session = newSession();
    ok(session, "net create lan --cidr 10.0.0.0/24; user add alice; su alice");
    expect(error(session, "net create mine --cidr 10.9.0.0/24")).toMatch(/permission denied: alice may not net\.create net\/mine: .*CAP_NET_ADMIN/);
    ok(session, "net list");
    ok(session, "exit; user add bob --caps CAP_NET_ADMIN; su bob");
    ok(session, "net create mine --cidr 10.9.0.0/24");
    expect(error(session, "net if add lan x")).toMatch(/permission denied: bob may not net\.if\.add net\/lan/);
    ok(session, "net if add mine x; net if add mine y; sleep 1s");
    expect(error(session, "net ping x 10.9.0.3")).toMatch(/permission denied: bob may not net\.ping .*CAP_NET_RAW/);
    ok(session, "exit; user add carol --caps CAP_NET_RAW; su carol");
    expect(error(session, "net capture start lan")).toMatch(/permission denied: carol may not net\.capture\.start net\/lan/); // root's network, mode 660
    ok(session, "exit; sec caps bob +CAP_NET_RAW; su bob; net capture start mine; net ping x 10.9.0.3 -c 1; net capture stop");
  });

  it("decides an interface's and a router's commands on their networks: nobody touches a network they may not write", () => {
    const session = newSession();
    ok(session, "net create lan --cidr 10.0.0.0/24; net if add lan a; net if add lan b; sleep 1s");
    ok(session, "user add bob --caps CAP_NET_ADMIN,CAP_NET_RAW; su bob; net create mine --cidr 10.9.0.0/24; net if add mine x; net if add mine y; sleep 1s");
    for (const line of ["net if del a", "net if down a", "net qos a --rate 1M", "net ping a 10.0.0.3 -c 1", "net send a 10.0.0.3", "net capture start a"]) {
      expect(error(session, line)).toMatch(/permission denied: bob may not net\.[a-z.]+ net\/lan: /);
    }
    expect(error(session, "net router create r --nets mine,lan")).toMatch(/permission denied: bob may not net\.router\.create net\/lan: /);
    expect(error(session, "net router create r --nets lan,mine")).toMatch(/permission denied: bob may not net\.router\.create net\/lan: /);
    expect(session.kernel.view.network.routes()).toEqual([]);
    ok(session, "net ping x 10.9.0.3 -c 1; net qos x --rate 1M; net capture start x; net capture stop; net if down x"); // his own network's interface
    ok(session, "exit; net router create r --nets lan,mine; su bob");
    expect(error(session, "net router delete r")).toMatch(/permission denied: bob may not net\.router\.delete net\/lan: /);
    ok(session, "exit; net if del a; net router delete r");
  });

  it("saves and restores every table, and a timed state ends on time after restore", () => {
    const session = newSession();
    ok(session, "net create lan --cidr 10.0.0.0/24; net if add lan a --vlan 10; net if add lan t --trunk 10,20 --pvid 10 --host h2 --isolated; net fail lan");
    ok(session, "net create wan --type overlay --cidr 10.8.0.0/16 --vni 42");
    const snapshot = JSON.parse(JSON.stringify(session.kernel.toSnapshot()));
    const checked = validateSnapshot(snapshot, SUBSYSTEMS);
    expect("problem" in checked ? checked.problem : undefined).toBeUndefined();
    const restored = Kernel.fromSnapshot(snapshot, { sealKey: TEST_KEY, subsystems: SUBSYSTEMS });
    expect(restored.view.network.networks()).toEqual(session.kernel.view.network.networks());
    expect(restored.view.network.interfaces()).toEqual(session.kernel.view.network.interfaces());
    expect(restored.toSnapshot().network).toEqual(snapshot.network);
    restored.advanceClockTo(1000);
    expect(restored.view.network.networks().map((n) => n.state)).toEqual(["Failed", "Active"]);
  });

  it("loads a state saved before networks existed (no network part) with no networks, and saves the part from then on", () => {
    const session = newSession();
    ok(session, "vol create v --size 1M; vol write v 0 --data kept");
    const snapshot = JSON.parse(JSON.stringify(session.kernel.toSnapshot()));
    delete snapshot.network;
    const checked = validateSnapshot(snapshot, SUBSYSTEMS);
    expect("problem" in checked ? checked.problem : undefined).toBeUndefined();
    const restored = Kernel.fromSnapshot(snapshot, { sealKey: TEST_KEY, subsystems: SUBSYSTEMS });
    expect(restored.view.network.networks()).toEqual([]);
    expect(restored.toSnapshot().network).toEqual(session.kernel.toSnapshot().network);
    const audit = JSON.parse(JSON.stringify(session.kernel.toSnapshot()));
    delete audit.audit;
    expect("problem" in validateSnapshot(audit, SUBSYSTEMS)).toBe(true); // only a newer subsystem's part may be missing
  });

  it("refuses a state file whose interface names a VLAN its network lacks", () => {
    const session = newSession();
    ok(session, "net create lan --cidr 10.0.0.0/24; net if add lan a --vlan 10");
    const snapshot = JSON.parse(JSON.stringify(session.kernel.toSnapshot()));
    snapshot.network.interfaces[0].vlan = 30;
    const checked = validateSnapshot(snapshot, SUBSYSTEMS);
    expect("problem" in checked ? checked.problem : "").toMatch(/VLAN 30 is not among network 'lan''s VLANs/);
  });

  it("gives the same MACs for the same seed", () => {
    const macs = (seed: number) => {
      const session = newSession({ seed });
      ok(session, "net create lan --cidr 10.0.0.0/24; net if add lan a; net if add lan b");
      return session.kernel.view.network.interfaces().map((i) => i.mac);
    };
    expect(macs(3)).toEqual(macs(3));
    expect(macs(3)).not.toEqual(macs(4));
    expect(macs(3)[0]).toMatch(/^52:54:00:/);
  });
});
