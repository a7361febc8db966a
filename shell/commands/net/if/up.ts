import { command } from "../../../command.js";

export default command({
  path: ["net", "if", "up"],
  summary: "set an interface up, like ip link set <if> up",
  args: [{ name: "name", required: true, kind: "interface" }],
  options: [],
  examples: ["net create lan --cidr 10.0.0.0/24; net if add lan eth0; net if down eth0; net if up eth0"],
  gate: { type: "network", mutates: true, capability: "CAP_NET_ADMIN", object: (input, view) => view.network.interfaceObject(input.args.name) },
  run: ({ kernel }, input) => kernel.network.setInterfaceUp(input.args.name, true),
  describe: (r) => `${r.info.name} ${r.changed ? "" : "already "}up`,
  display: (r) => [`${r.info.name}: ${r.changed ? "" : "already "}up`],
});
