import { CAPTURE_SNAPLEN_MAX } from "../../../../src/limits.js";
import { command } from "../../../command.js";

export default command({
  path: ["net", "capture", "start"],
  summary: "capture frames on a network (its bridge), an interface, or the underlay (VXLAN between overlay hosts), through a tcpdump-style filter",
  args: [{ name: "target", required: true, placeholder: "network|interface|underlay" }],
  options: [
    { name: "filter", kind: "string", placeholder: "expression", summary: "tcpdump words: arp, icmp, udp port N, host IP, ether host MAC, vlan N, and/or/not" },
    { name: "snaplen", kind: "count", min: 1, max: CAPTURE_SNAPLEN_MAX, summary: `bytes kept of each frame (default ${CAPTURE_SNAPLEN_MAX})` },
  ],
  examples: ["net create lan --cidr 10.0.0.0/24; net capture start lan --filter 'arp or icmp'"],
  gate: { type: "network", mutates: true, capability: "CAP_NET_RAW", object: (input, view) => (input.args.target === "underlay" ? "net" : view.network.captureObject(input.args.target)) }, // a network's label; an interface's, its network's
  run: ({ kernel }, input) => kernel.network.captureStart(input.args.target, input.options.filter, input.options.snaplen),
  describe: (s) => `${s.target}${s.filter !== null ? ` filter '${s.filter}'` : ""}`,
  display: (s) => [`capturing on ${s.target}${s.filter !== null ? ` (${s.filter})` : ""}, snaplen ${s.snaplen}`],
});
