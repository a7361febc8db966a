import { command } from "../../../command.js";

export default command({
  path: ["net", "vlan", "add"],
  summary: "add a VLAN (1..4094) to a network's bridge: at most 16 per network",
  args: [
    { name: "network", required: true, kind: "network" },
    { name: "vlan", required: true, kind: "vlan" },
  ],
  options: [],
  examples: ["net create lan --cidr 10.0.0.0/24; net vlan add lan 10"],
  gate: { type: "network", mutates: true, capability: "CAP_NET_ADMIN" },
  run: ({ kernel }, input) => ({ network: input.args.network, vlan: input.args.vlan, added: kernel.network.addVlan(input.args.network, input.args.vlan) }),
  describe: (r) => (r.added ? `VLAN ${r.vlan}` : `VLAN ${r.vlan} already there`),
  display: (r) => [r.added ? `network ${r.network} has VLAN ${r.vlan}` : `network ${r.network} already has VLAN ${r.vlan}`],
});
