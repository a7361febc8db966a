import { command } from "../../../command.js";

export default command({
  path: ["cluster", "sdc", "disconnect"],
  summary: "cut a client off from the cluster: its IO fails and it stops heartbeating (STALE, then DOWN, with alerts)",
  args: [{ name: "name", required: true, kind: "sdc" }],
  options: [],
  examples: ["cluster sdc add host1; cluster sdc disconnect host1"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    kernel.cluster.setClientConnected(input.args.name, false);
    return { name: input.args.name };
  },
  display: (r) => [`client ${r.name} disconnected`],
});
