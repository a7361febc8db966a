import { command } from "../../../command.js";

export default command({
  path: ["cluster", "pd", "list"],
  summary: "protection domains with their pools and nodes",
  args: [],
  options: [],
  examples: ["cluster pd list"],
  gate: { type: "storage", mutates: false },
  run: ({ kernel }) => {
    const t = kernel.cluster.topology;
    return {
      domains: t.domains.slots().map((d) => {
        const pools = t.pools.slots().filter((p) => t.poolDomain[p] === d);
        return { name: t.domains.nameOf(d), pools: pools.map((p) => t.pools.nameOf(p)), nodes: pools.reduce((n, p) => n + t.nodesOf(p).length, 0) };
      }),
    };
  },
  display: (r, d) => (r.domains.length === 0 ? ["(no protection domains: cluster pd create <name>)"] : d.table(["DOMAIN", "POOLS", "NODES"], r.domains.map((x) => [x.name, x.pools.join(",") || "-", x.nodes]))),
});
