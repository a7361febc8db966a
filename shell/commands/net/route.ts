import { command } from "../../command.js";

export default command({
  path: ["net", "route"],
  summary: "the routers' routes, like ip route: each network a router joins, through its gateway",
  args: [],
  options: [],
  examples: ["net create a --cidr 10.1.0.0/24; net create b --cidr 10.2.0.0/24; net router create r1 --nets a,b; net route"],
  gate: { type: "network", mutates: false },
  run: ({ kernel }) => ({ routes: kernel.network.routes() }),
  display: (r, d) => (r.routes.length === 0 ? ["(no routes: net router create <name> --nets a,b)"] : d.table(["ROUTER", "DESTINATION", "VIA", "NETWORK"], r.routes.map((x) => [x.router, x.destination, `${x.gateway} (connected)`, x.network]))),
});
