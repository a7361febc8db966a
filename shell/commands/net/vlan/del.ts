import { command } from "../../../command.js";

export default command({
  path: ["net", "vlan", "del"],
  summary: "remove a VLAN from a network: refused while an interface is in it",
  args: [
    { name: "network", required: true, kind: "network" },
    { name: "vlan", required: true, kind: "vlan" },
  ],
  options: [],
  examples: ["net create lan --cidr 10.0.0.0/24; net vlan add lan 10; net vlan del lan 10"],
  gate: { type: "network", mutates: true, capability: "CAP_NET_ADMIN" },
  run: ({ kernel }, input) => {
    kernel.network.removeVlan(input.args.network, input.args.vlan);
    return { network: input.args.network, vlan: input.args.vlan };
  },
  describe: (r) => `VLAN ${r.vlan}`,
  display: (r) => [`network ${r.network} no longer has VLAN ${r.vlan}`],
});
