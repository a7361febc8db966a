import { command } from "../../command.js";
import { networkLine } from "../../display/net.js";

export default command({
  path: ["net", "down"],
  summary: "stop a network: Deactivating while its interfaces detach (100 ms each), then Created (kept, with its interfaces)",
  args: [{ name: "name", required: true, kind: "network" }],
  options: [],
  examples: ["net create lan --cidr 10.0.0.0/24; sleep 1s; net down lan"],
  gate: { type: "network", mutates: true, capability: "CAP_NET_ADMIN" },
  run: ({ kernel }, input) => {
    return kernel.network.down(input.args.name);
  },
  describe: (n) => `${n.state}${n.stateDetail !== undefined ? ` ${n.stateDetail}` : ""}`,
  display: (n) => [networkLine(n)],
});
