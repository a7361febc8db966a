import { command } from "../../../command.js";

export default command({
  path: ["net", "fdb", "del"],
  summary: "remove a static FDB entry, like bridge fdb del",
  args: [
    { name: "network", required: true, kind: "network" },
    { name: "mac", required: true, kind: "mac" },
    { name: "interface", required: true, kind: "interface" },
  ],
  options: [{ name: "vlan", kind: "vlan", summary: "its VLAN (default: the interface's access VLAN or PVID)" }],
  examples: ["net create lan --cidr 10.0.0.0/24; net if add lan a; net fdb add lan 52:54:00:aa:bb:cc a; net fdb del lan 52:54:00:aa:bb:cc a"],
  gate: { type: "network", mutates: true, capability: "CAP_NET_ADMIN" },
  run: ({ kernel }, input) => {
    kernel.network.fdbDel(input.args.network, input.args.mac, input.args.interface, input.options.vlan);
    return { mac: input.args.mac };
  },
  describe: (r) => r.mac,
  display: (r) => [`removed ${r.mac}`],
});
