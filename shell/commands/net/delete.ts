import { command } from "../../command.js";
import { networkLine } from "../../display/net.js";

export default command({
  path: ["net", "delete"],
  summary: "delete a network: Deactivating while its interfaces detach, then Destroyed, then gone at the next tick",
  args: [{ name: "name", required: true, kind: "network" }],
  options: [],
  examples: ["net create lan --cidr 10.0.0.0/24; net delete lan"],
  gate: { type: "network", mutates: true, capability: "CAP_NET_ADMIN" },
  run: ({ kernel }, input) => {
    const network = kernel.network.delete(input.args.name);
    kernel.objects.delete(`net/${network.name}`, () => undefined);
    return network;
  },
  describe: (n) => `${n.state}${n.stateDetail !== undefined ? ` ${n.stateDetail}` : ""}`,
  display: (n) => [networkLine(n)],
});
