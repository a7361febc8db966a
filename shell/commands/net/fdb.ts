import { command } from "../../command.js";
import { formatWholeSeconds } from "../../values.js";

export default command({
  path: ["net", "fdb"],
  summary: "a network's forwarding database, like bridge fdb show: MAC, VLAN, port and interface, dynamic or static, age",
  args: [{ name: "network", required: true, kind: "network" }],
  options: [],
  examples: ["net create lan --cidr 10.0.0.0/24; net if add lan a; net if add lan b; sleep 1s; net ping a 10.0.0.3 -c 1; net fdb lan"],
  gate: { type: "network", mutates: false },
  run: ({ kernel }, input) => ({ entries: kernel.network.fdb(input.args.network) }),
  display: (r, d) =>
    r.entries.length === 0
      ? ["(no entries: the bridge learns from the frames it forwards)"]
      : d.table(["MAC", "VLAN", "PORT", "INTERFACE", "TYPE", "AGE"], r.entries.map((e) => [e.mac, e.vlan, e.port, e.interface, e.static ? "static" : "dynamic", e.static ? "-" : formatWholeSeconds(e.ageMs)])),
});
