import { command } from "../../../command.js";
import { requireWriteOnNetworks } from "./network-access.js";

export default command({
  path: ["net", "router", "delete"],
  summary: "delete a router: its networks are isolated from each other again",
  args: [{ name: "name", required: true, kind: "router" }],
  options: [],
  examples: ["net create a --cidr 10.1.0.0/24; net create b --cidr 10.2.0.0/24; net router create r1 --nets a,b; net router delete r1"],
  gate: { type: "network", mutates: true, capability: "CAP_NET_ADMIN", object: (input, view) => view.network.routerObject(input.args.name) },
  run: ({ kernel, session }, input) => {
    requireWriteOnNetworks(session, "net.router.delete", session.kernelView().network.networksOfRouter(input.args.name).slice(1)); // the gate checked the first
    kernel.network.deleteRouter(input.args.name);
    return { name: input.args.name };
  },
  describe: (r) => r.name,
  display: (r) => [`router ${r.name} deleted`],
});
