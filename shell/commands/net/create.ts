import { NETWORK_TYPES } from "../../../modules/network/index.js";
import { command } from "../../command.js";
import { networkLine } from "../../display/net.js";

export default command({
  path: ["net", "create"],
  summary: "create a network (isolated, bridged, overlay, direct) on a CIDR and start it: Configuring, then Active",
  args: [{ name: "name", required: true, of: "network" }],
  options: [
    { name: "type", kind: "choice", choices: NETWORK_TYPES, summary: "isolated (default), bridged, overlay, direct" },
    { name: "cidr", kind: "cidr", required: true, example: "10.0.0.0/24", summary: "the network's addresses: gateway .1, leases from .2" },
    { name: "vni", kind: "count", min: 1, max: 16_777_215, summary: "an overlay's VXLAN network identifier (default 10000 + slot)" },
  ],
  examples: ["net create lan --cidr 10.0.0.0/24", "net create wan --type bridged --cidr 192.168.122.0/24", "net create ov --type overlay --cidr 10.9.0.0/24 --vni 42"],
  gate: { type: "network", mutates: true, capability: "CAP_NET_ADMIN" },
  run: ({ kernel, session }, input) => {
    const spec = { name: input.args.name, type: input.options.type ?? "isolated", cidr: input.options.cidr, vni: input.options.vni };
    return kernel.objects.create(session.subject, `net/${spec.name}`, () => kernel.network.create(spec), 0o660);
  },
  describe: (n) => `${n.type} ${n.cidr}`,
  display: (n) => [`created network ${n.name}: ${n.type} ${n.cidr}${n.vni > 0 ? ` vni ${n.vni}` : ""}, gateway ${n.gateway}`, networkLine(n)],
});
