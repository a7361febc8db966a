import { NODE_STATES } from "../../../../modules/cluster/index.js";
import { command } from "../../../command.js";

export default command({
  path: ["cluster", "sdc", "list"],
  summary: "storage clients and the volumes mapped to them",
  args: [],
  options: [],
  examples: ["cluster sdc list"],
  gate: { type: "storage", mutates: false },
  run: ({ kernel }) => {
    const t = kernel.cluster.topology;
    const mappings = kernel.cluster.mappings();
    const beats = kernel.cluster.health.clients;
    return {
      clients: t.clients.slots().map((c) => ({
        name: t.clients.nameOf(c),
        state: `${NODE_STATES[beats.states[c]!]}${beats.reachable(c) ? "" : "/disconnected"}`,
        volumes: mappings.filter((m) => m.client === t.clients.nameOf(c)).map((m) => `${m.volume}(${m.access})`),
      })),
    };
  },
  display: (r, d) => (r.clients.length === 0 ? ["(no clients: cluster sdc add <name>)"] : d.table(["CLIENT", "STATE", "MAPPED"], r.clients.map((c) => [c.name, c.state, c.volumes.join(",") || "-"]))),
});
