import { command } from "../../../command.js";

export default command({
  path: ["cluster", "sdc", "reconnect"],
  summary: "connect a disconnected client again; heartbeats resume at the next round",
  args: [{ name: "name", required: true, kind: "sdc" }],
  options: [],
  examples: ["cluster sdc add host1; cluster sdc disconnect host1; cluster sdc reconnect host1"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    kernel.cluster.setClientConnected(input.args.name, true);
    return { name: input.args.name };
  },
  display: (r) => [`client ${r.name} reconnected`],
});
