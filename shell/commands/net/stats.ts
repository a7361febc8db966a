import { command } from "../../command.js";
import { statsLines } from "../../display/net.js";
import { readableNetwork } from "./readable.js";

export default command({
  path: ["net", "stats"],
  summary: "packet counters, like ip -s link: each interface's and each network's (those you may read) rx/tx packets and bytes, broadcasts, floods, drops by reason",
  args: [{ name: "network", required: false, kind: "network" }],
  options: [],
  examples: ["net stats", "net create lan --cidr 10.0.0.0/24; net if add lan eth0; net stats lan"],
  gate: { type: "network", mutates: false },
  run: ({ kernel, session }, input) => {
    const all = input.args.network === undefined ? kernel.network.names() : [input.args.network];
    const names = input.args.network === undefined ? all.filter(readableNetwork(kernel, session, "net.stats")) : all; // without a name: those `net stats <name>` would show
    return { networks: names.map((name) => ({ name, stats: kernel.network.statsOf(name), interfaces: kernel.network.interfaceStats(name) })), unreadable: all.length - names.length };
  },
  display: (r) =>
    r.networks.length === 0
      ? [r.unreadable === 0 ? "(no networks)" : `(no network you may read: ${r.unreadable} left out)`]
      : r.networks.flatMap((n) => [...statsLines(`network ${n.name}`, n.stats), ...n.interfaces.flatMap((i) => statsLines(`  ${i.name}`, i).map((line) => `  ${line}`))]),
});
