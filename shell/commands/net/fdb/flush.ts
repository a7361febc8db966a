import { command } from "../../../command.js";
import { countOf } from "../../../../src/units.js";

export default command({
  path: ["net", "fdb", "flush"],
  summary: "forget the bridge's entries (of one interface's port, or all), like bridge fdb flush",
  args: [
    { name: "network", required: true, kind: "network" },
    { name: "interface", required: false, kind: "interface" },
  ],
  options: [],
  examples: ["net create lan --cidr 10.0.0.0/24; net fdb flush lan"],
  gate: { type: "network", mutates: true, capability: "CAP_NET_ADMIN" },
  run: ({ kernel }, input) => ({ network: input.args.network, flushed: kernel.network.fdbFlush(input.args.network, input.args.interface) }),
  describe: (r) => countOf(r.flushed, "entry", "entries"),
  display: (r) => [`flushed ${r.flushed} entr${r.flushed === 1 ? "y" : "ies"} from ${r.network}`],
});
