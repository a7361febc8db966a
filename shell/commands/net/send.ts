import { SEND_BYTES_MAX, SEND_COUNT_MAX } from "../../../src/limits.js";
import { command } from "../../command.js";
import { countOf } from "../../../src/units.js";

export default command({
  path: ["net", "send"],
  summary: "send UDP datagrams from an interface: ARP for the next hop, then --count frames of --bytes payload back to back at link speed",
  args: [
    { name: "interface", required: true, kind: "interface" },
    { name: "address", required: true },
  ],
  options: [
    { name: "bytes", kind: "count", min: 0, max: SEND_BYTES_MAX, summary: `UDP payload bytes per datagram (default 64, at most ${SEND_BYTES_MAX})` },
    { name: "count", kind: "count", min: 1, max: SEND_COUNT_MAX, summary: "datagrams to send (default 1)" },
    { name: "vlan", kind: "vlan", summary: "send 802.1Q-tagged in this VLAN (a trunk's, or a test of the bridge's VLAN filter)" },
    { name: "port", kind: "count", min: 1, max: 65_535, summary: "destination UDP port (default 9, discard)" },
  ],
  examples: ["net create lan --cidr 10.0.0.0/24; net if add lan a; net if add lan b; sleep 1s; net send a 10.0.0.3 --bytes 512 --count 10"],
  gate: { type: "network", mutates: true, capability: "CAP_NET_RAW", object: (input, view) => view.network.interfaceObject(input.args.interface) },
  run: ({ kernel, session }, input) => {
    const o = input.options;
    return kernel.network.send(input.args.interface, input.args.address, { bytes: o.bytes ?? 64, count: o.count ?? 1, vlan: o.vlan, port: o.port }, session.subject.uid);
  },
  describe: (r) => `${r.sent} sent, ${r.delivered} delivered to ${r.destination}${Object.keys(r.drops).length > 0 ? `; dropped ${Object.entries(r.drops).map(([k, n]) => `${k} ${n}`).join(", ")}` : ""}`,
  display: (r) => [
    r.resolved
      ? `${r.from} -> ${r.destination}${r.vlan !== undefined ? ` (vlan ${r.vlan})` : ""}: ${countOf(r.sent, "UDP datagram")} of ${countOf(r.bytes, "byte")} sent, ${r.delivered} delivered`
      : `${r.from} -> ${r.destination}${r.vlan !== undefined ? ` (vlan ${r.vlan})` : ""}: no ARP answer, nothing sent`,
    ...(Object.keys(r.drops).length > 0 ? [`dropped: ${Object.entries(r.drops).map(([k, n]) => `${k} ${n}`).join(", ")}`] : []),
  ],
});
