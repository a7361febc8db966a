import { command } from "../../../command.js";

export default command({
  path: ["net", "if", "down"],
  summary: "set an interface down, like ip link set <if> down: it sends and receives nothing (frames to it are dropped as link-down)",
  args: [{ name: "name", required: true, kind: "interface" }],
  options: [],
  examples: ["net create lan --cidr 10.0.0.0/24; net if add lan eth0; net if down eth0"],
  gate: { type: "network", mutates: true, capability: "CAP_NET_ADMIN", object: (input, view) => view.network.interfaceObject(input.args.name) },
  run: ({ kernel }, input) => kernel.network.setInterfaceUp(input.args.name, false),
  describe: (r) => `${r.info.name} ${r.changed ? "" : "already "}down`,
  display: (r) => [`${r.info.name}: ${r.changed ? "" : "already "}down`],
});
