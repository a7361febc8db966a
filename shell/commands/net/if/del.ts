import { command } from "../../../command.js";

export default command({
  path: ["net", "if", "del"],
  summary: "detach an interface: its bridge port and its lease are freed, its FDB entries flushed",
  args: [{ name: "name", required: true, kind: "interface" }],
  options: [],
  examples: ["net create lan --cidr 10.0.0.0/24; net if add lan eth0; net if del eth0"],
  gate: { type: "network", mutates: true, capability: "CAP_NET_ADMIN", object: (input, view) => view.network.interfaceObject(input.args.name) },
  run: ({ kernel }, input) => kernel.network.removeInterface(input.args.name),
  describe: (i) => `${i.name} from ${i.network} port ${i.port}`,
  display: (i) => [`detached ${i.name} from ${i.network}: port ${i.port} and ${i.ip} are free, ${i.flushed} FDB entr${i.flushed === 1 ? "y" : "ies"} flushed`],
});
