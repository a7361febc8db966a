import { command } from "../../../command.js";

export default command({
  path: ["cluster", "pd", "list"],
  summary: "protection domains with their pools and nodes",
  args: [],
  options: [],
  examples: ["cluster pd list"],
  gate: { type: "storage", mutates: false },
  run: ({ kernel }) => ({
    domains: kernel.view.cluster.domains().map((pd) => ({ name: pd.name, pools: pd.pools.map((p) => p.name), nodes: pd.pools.reduce((n, p) => n + p.nodes.length, 0) })),
  }),
  display: (r, d) => (r.domains.length === 0 ? ["(no protection domains: cluster pd create <name>)"] : d.table(["DOMAIN", "POOLS", "NODES"], r.domains.map((x) => [x.name, x.pools.join(",") || "-", x.nodes]))),
});
