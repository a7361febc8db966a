import { command } from "../../../command.js";

export default command({
  path: ["cluster", "sdc", "list"],
  summary: "storage clients and the volumes mapped to them",
  args: [],
  options: [],
  examples: ["cluster sdc list"],
  gate: { type: "storage", mutates: false },
  run: ({ kernel }) => ({ clients: kernel.view.cluster.clients() }),
  display: (r, d) => (r.clients.length === 0 ? ["(no clients: cluster sdc add <name>)"] : d.table(["CLIENT", "STATE", "MAPPED"], r.clients.map((c) => [c.name, c.state, c.volumes.join(",") || "-"]))),
});
