import { command } from "../../command.js";
import { networkLine } from "../../display/net.js";

export default command({
  path: ["net", "suspend"],
  summary: "suspend an Active network: it keeps its interfaces and FDB but passes no frames",
  args: [{ name: "name", required: true, kind: "network" }],
  options: [],
  examples: ["net create lan --cidr 10.0.0.0/24; sleep 1s; net suspend lan"],
  gate: { type: "network", mutates: true, capability: "CAP_NET_ADMIN" },
  run: ({ kernel }, input) => {
    return kernel.network.suspend(input.args.name);
  },
  describe: (n) => `${n.state}${n.stateDetail !== undefined ? ` ${n.stateDetail}` : ""}`,
  display: (n) => [networkLine(n)],
});
