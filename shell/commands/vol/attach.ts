import { validateName } from "../../../src/table/slot-table.js";
import { command } from "../../command.js";

export default command({
  path: ["vol", "attach"],
  summary: "attach a volume to a host or container by name (it must be Available)",
  args: [
    { name: "volume", required: true, complete: "volume" },
    { name: "host", required: true },
  ],
  options: [],
  examples: ["vol create db --size 1M; vol attach db web1"],
  gate: { action: "vol.attach", type: "storage", mutates: true, capability: "CAP_SYS_ADMIN", object: (input) => `vol/${input.args.volume}` },
  run: ({ kernel }, input) => {
    validateName("host", input.args.host!);
    kernel.storage.attach(input.args.volume!, input.args.host!);
    return { volume: input.args.volume!, host: input.args.host! };
  },
  describe: (r) => `to ${r.host}`,
  display: (r) => [`attached ${r.volume} to ${r.host}`],
});
