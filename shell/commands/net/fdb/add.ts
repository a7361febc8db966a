import { command } from "../../../command.js";

export default command({
  path: ["net", "fdb", "add"],
  summary: "pin a MAC to an interface's port (a static entry, never aged), like bridge fdb add ... static",
  args: [
    { name: "network", required: true, kind: "network" },
    { name: "mac", required: true, kind: "mac" },
    { name: "interface", required: true, kind: "interface" },
  ],
  options: [{ name: "vlan", kind: "vlan", summary: "its VLAN (default: the interface's access VLAN or PVID)" }],
  examples: ["net create lan --cidr 10.0.0.0/24; net if add lan a; net fdb add lan 52:54:00:aa:bb:cc a"],
  gate: { type: "network", mutates: true, capability: "CAP_NET_ADMIN" },
  run: ({ kernel }, input) => kernel.network.fdbAdd(input.args.network, input.args.mac, input.args.interface, input.options.vlan),
  describe: (e) => `${e.mac} vlan ${e.vlan} port ${e.port}`,
  display: (e) => [`static ${e.mac} vlan ${e.vlan} -> port ${e.port} (${e.interface})`],
});
