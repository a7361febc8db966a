import { command } from "../../command.js";
import { networkLine } from "../../display/net.js";

export default command({
  path: ["net", "fail"],
  summary: "fail a network as if its uplink or bridge were lost: Failed, with an alert and an audit entry",
  args: [{ name: "name", required: true, kind: "network" }],
  options: [],
  examples: ["net create lan --cidr 10.0.0.0/24; sleep 1s; net fail lan"],
  gate: { type: "network", mutates: true, capability: "CAP_NET_ADMIN" },
  run: ({ kernel }, input) => {
    return kernel.network.fail(input.args.name);
  },
  describe: (n) => `${n.state}${n.stateDetail !== undefined ? ` ${n.stateDetail}` : ""}`,
  display: (n) => [networkLine(n)],
});
