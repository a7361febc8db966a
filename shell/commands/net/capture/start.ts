import { UNDERLAY } from "../../../../modules/network/index.js";
import { capabilityNumber } from "../../../../modules/security/index.js";
import { CAPTURE_SNAPLEN_MAX } from "../../../../src/limits.js";
import { command } from "../../../command.js";
import { countOf } from "../../../../src/units.js";
import { requireDiscardable } from "./held.js";

export default command({
  path: ["net", "capture", "start"],
  summary: "capture frames on a network (its bridge), an interface, or the underlay (VXLAN between overlay hosts: every tenant's traffic, so CAP_NET_ADMIN as well), through a tcpdump-style filter",
  args: [{ name: "target", required: true, placeholder: "network|interface|underlay" }],
  options: [
    { name: "filter", kind: "string", placeholder: "expression", summary: "tcpdump words: arp, icmp, udp port N, host IP, ether host MAC, vlan N, and/or/not" },
    { name: "snaplen", kind: "count", min: 1, max: CAPTURE_SNAPLEN_MAX, summary: `bytes kept of each frame (default ${CAPTURE_SNAPLEN_MAX})` },
  ],
  examples: ["net create lan --cidr 10.0.0.0/24; net capture start lan --filter 'arp or icmp'"],
  // a network's label; an interface's, its network's; the underlay's net/underlay, an admin act (as capturing on a host's NIC)
  gate: { type: "network", mutates: true, capability: (input) => (input.args.target === UNDERLAY ? "CAP_NET_ADMIN" : "CAP_NET_RAW"), object: (input, view) => view.network.captureObject(input.args.target) },
  run: ({ kernel, session }, input) => {
    // An operation carries one capability: the CAP_NET_RAW every capture needs is the underlay's second decision, on `net` (sec why <user> net.capture.start net).
    if (input.args.target === UNDERLAY) session.gateCheck({ action: "net.capture.start", object: "net", type: "network", mutates: true, access: "write", capability: capabilityNumber("CAP_NET_RAW") });
    requireDiscardable(kernel, session); // a stopped capture's frames go: only one who may read them discards them
    return kernel.network.captureStart(input.args.target, input.options.filter, input.options.snaplen, session.subject.uid);
  },
  describe: (s) => `${s.target}${s.filter !== null ? ` filter '${s.filter}'` : ""}${s.discarded > 0 ? `; ${countOf(s.discarded, "held frame")} discarded` : ""}`,
  display: (s) => [`capturing on ${s.target}${s.filter !== null ? ` (${s.filter})` : ""}, snaplen ${s.snaplen}${s.discarded > 0 ? `; the stopped capture's ${countOf(s.discarded, "frame")} discarded` : ""}`],
});
