import { command } from "../../../command.js";
import { requireWriteOnNetworks } from "./network-access.js";

export default command({
  path: ["net", "router", "create"],
  summary: "join networks with a router (a VirtualSwitch): it takes each network's gateway address (.1), answers ARP there, and forwards between them, TTL minus one",
  args: [{ name: "name", required: true, of: "router" }],
  options: [{ name: "nets", kind: "string", required: true, example: "lan,dmz", placeholder: "a,b", summary: "the networks it joins, by name" }],
  examples: ["net create a --cidr 10.1.0.0/24; net create b --cidr 10.2.0.0/24; net router create r1 --nets a,b"],
  gate: { type: "network", mutates: true, capability: "CAP_NET_ADMIN", object: (input) => (input.options.nets === undefined ? "net" : `net/${input.options.nets.split(",")[0]}`) }, // a missing --nets fails after the gate
  run: ({ kernel, session }, input) => {
    const networks = input.options.nets.split(",");
    requireWriteOnNetworks(session, "net.router.create", networks.slice(1)); // the gate checked the first
    return { name: input.args.name, routes: kernel.network.createRouter(input.args.name, networks) };
  },
  describe: (r) => r.routes.map((route) => route.network).join(","),
  display: (r) => [`router ${r.name} joins ${r.routes.map((route) => `${route.network} (${route.gateway})`).join(", ")}`],
});
