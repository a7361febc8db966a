// A real tool must read what kshell writes: a ping and a UDP send across two VLAN-tagged trunk
// links of an overlay network whose interfaces sit on two hosts, captured on the underlay (VXLAN)
// and saved as pcap, then decoded by tshark (Wireshark's command line; .ci/run installs it). Every
// field tshark reads must be what kshell says it sent.

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { newSession, ok, tempDir } from "../helpers.js";

const FIELDS = ["eth.src", "eth.dst", "vlan.id", "ip.src", "ip.dst", "udp.srcport", "udp.dstport", "vxlan.vni", "arp.opcode", "icmp.type", "ip.ttl"];

function tshark(file: string): string[][] {
  const run = spawnSync("tshark", ["-r", file, "-T", "fields", "-E", "separator=/t", "-E", "aggregator=;", ...FIELDS.flatMap((f) => ["-e", f])], { encoding: "utf8" });
  expect(run.error, "tshark runs (apt-get install tshark)").toBeUndefined();
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.trim().split("\n").map((line) => line.split("\t"));
}

describe("tshark reads kshell's pcap", () => {
  it("decodes MACs, VLAN ids, ARP, ICMP echo, IPs, UDP ports and the VXLAN VNI as kshell sent them", () => {
    const session = newSession();
    ok(session, "net create ov --type overlay --cidr 10.9.0.0/24 --vni 42");
    ok(session, "net if add ov t1 --trunk 10,20 --host h1; net if add ov t2 --trunk 10,20 --host h2; sleep 1s");
    const [t1, t2] = session.kernel.view.network.interfaces();
    const file = join(tempDir(), "overlay.pcap");
    ok(session, "net capture start underlay; net ping t1 10.9.0.3 -c 1 --vlan 10; net send t1 10.9.0.3 --vlan 10 --bytes 32 --port 5000; net capture stop");
    expect(ok(session, `net capture save ${file}`)[0]).toBe(`saved 5 frames to ${file} (728 bytes, pcap): tshark -r ${file}`);
    const rows = tshark(file).map((row) => Object.fromEntries(FIELDS.map((f, i) => [f, row[i] ?? ""])));
    const h1 = "52:54:00:fd:00:01";
    const h2 = "52:54:00:fd:00:02";
    // outer (underlay) then inner fields, as tshark aggregates each field over the layers
    expect(rows.map((r) => [r["eth.src"], r["eth.dst"], r["vlan.id"], r["vxlan.vni"], r["arp.opcode"], r["icmp.type"]])).toEqual([
      [`${h1};${t1!.mac}`, `${h2};ff:ff:ff:ff:ff:ff`, "10", "42", "1", ""],
      [`${h2};${t2!.mac}`, `${h1};${t1!.mac}`, "10", "42", "2", ""],
      [`${h1};${t1!.mac}`, `${h2};${t2!.mac}`, "10", "42", "", "8"],
      [`${h2};${t2!.mac}`, `${h1};${t1!.mac}`, "10", "42", "", "0"],
      [`${h1};${t1!.mac}`, `${h2};${t2!.mac}`, "10", "42", "", ""],
    ]);
    expect(rows.map((r) => [r["ip.src"], r["ip.dst"]])).toEqual([
      ["192.0.2.1", "192.0.2.2"],
      ["192.0.2.2", "192.0.2.1"],
      ["192.0.2.1;10.9.0.2", "192.0.2.2;10.9.0.3"],
      ["192.0.2.2;10.9.0.3", "192.0.2.1;10.9.0.2"],
      ["192.0.2.1;10.9.0.2", "192.0.2.2;10.9.0.3"],
    ]);
    for (const r of rows) expect(r["udp.dstport"]!.split(";")[0]).toBe("4789");
    expect(rows[4]!["udp.srcport"]!.split(";")[1]).toBe("49152");
    expect(rows[4]!["udp.dstport"]!.split(";")[1]).toBe("5000");
    expect(rows[2]!["ip.ttl"]).toBe("64;64");
  });
});
