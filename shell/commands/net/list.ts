import { command } from "../../command.js";
import { networkRows } from "../../display/net.js";

export default command({
  path: ["net", "list"],
  summary: "every network: state, type, CIDR, gateway, interfaces, VLANs, bridge aging time",
  args: [],
  options: [],
  examples: ["net list", "net create lan --cidr 10.0.0.0/24; net list --json"],
  gate: { type: "network", mutates: false },
  run: ({ kernel }) => ({ networks: kernel.network.list() }),
  display: (r, d) => networkRows(r.networks, d),
});
