import { command } from "../../../command.js";
import { formatDuration } from "../../../values.js";

export default command({
  path: ["net", "bridge", "aging"],
  summary: "set how long the bridge keeps a learned MAC (10s to 1000000s, 300s by default), like ip link set br0 type bridge ageing_time",
  args: [
    { name: "network", required: true, kind: "network" },
    { name: "time", required: true, kind: "duration" },
  ],
  options: [],
  examples: ["net create lan --cidr 10.0.0.0/24; net bridge aging lan 60s"],
  gate: { type: "network", mutates: true, capability: "CAP_NET_ADMIN" },
  run: ({ kernel }, input) => kernel.network.setAging(input.args.network, input.args.time),
  describe: (n) => formatDuration(n.agingMs),
  display: (n) => [`network ${n.name}: bridge aging ${formatDuration(n.agingMs)}`],
});
