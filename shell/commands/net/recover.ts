import { command } from "../../command.js";
import { networkLine } from "../../display/net.js";

export default command({
  path: ["net", "recover"],
  summary: "bring a Failed network back: Configuring, then Active; its alert is resolved",
  args: [{ name: "name", required: true, kind: "network" }],
  options: [],
  examples: ["net create lan --cidr 10.0.0.0/24; sleep 1s; net fail lan; net recover lan"],
  gate: { type: "network", mutates: true, capability: "CAP_NET_ADMIN" },
  run: ({ kernel }, input) => {
    return kernel.network.recover(input.args.name);
  },
  describe: (n) => `${n.state}${n.stateDetail !== undefined ? ` ${n.stateDetail}` : ""}`,
  display: (n) => [networkLine(n)],
});
