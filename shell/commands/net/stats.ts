import { command } from "../../command.js";
import { statsLines } from "../../display/net.js";
import { noneReadable, readableRows } from "../../display/readable-rows.js";
import { readableNetwork } from "./readable.js";

export default command({
  path: ["net", "stats"],
  summary: "packet counters, like ip -s link: each interface's and each network's (those you may read) rx/tx packets and bytes, broadcasts, floods, drops by reason",
  args: [{ name: "network", required: false, kind: "network" }],
  options: [],
  examples: ["net stats", "net create lan --cidr 10.0.0.0/24; net if add lan eth0; net stats lan"],
  gate: { type: "network", mutates: false },
  run: ({ kernel, session }, input) => {
    const { rows: names, unreadable } = input.args.network === undefined ? readableRows(kernel.network.names(), readableNetwork(kernel, session, "net.stats")) : { rows: [input.args.network], unreadable: 0 }; // without a name: those `net stats <name>` would show
    return { networks: names.map((name) => ({ name, stats: kernel.network.statsOf(name), interfaces: kernel.network.interfaceStats(name) })), unreadable };
  },
  display: (r) =>
    r.networks.length === 0
      ? [r.unreadable === 0 ? "(no networks)" : noneReadable("network", r.unreadable)]
      : r.networks.flatMap((n) => [...statsLines(`network ${n.name}`, n.stats), ...n.interfaces.flatMap((i) => statsLines(`  ${i.name}`, i).map((line) => `  ${line}`))]),
});
