import { command } from "../../command.js";

export default command({
  path: ["vol", "attach"],
  summary: "attach a volume to a host or container by name (it must be Available)",
  args: [
    { name: "volume", required: true, kind: "volume" },
    { name: "host", required: true, kind: "name" },
  ],
  options: [],
  examples: ["vol create db --size 1M; vol attach db web1"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    kernel.storage.attach(input.args.volume, input.args.host);
    return { volume: input.args.volume, host: input.args.host };
  },
  describe: (r) => `to ${r.host}`,
  display: (r) => [`attached ${r.volume} to ${r.host}`],
});
