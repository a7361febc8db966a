import { command } from "../../../command.js";

export default command({
  path: ["net", "vlan", "list"],
  summary: "a network's VLANs and their member ports, like bridge vlan show",
  args: [{ name: "network", required: true, kind: "network" }],
  options: [],
  examples: ["net create lan --cidr 10.0.0.0/24; net if add lan a --vlan 10; net if add lan t --trunk 10,20; net vlan list lan"],
  gate: { type: "network", mutates: false },
  run: ({ kernel }, input) => ({ vlans: kernel.network.vlans(input.args.network) }),
  display: (r, d) => d.table(["VLAN", "ACCESS PORTS", "TRUNK PORTS"], r.vlans.map((v) => [v.vlan, v.access.join(", ") || "-", v.trunk.join(", ") || "-"])),
});
