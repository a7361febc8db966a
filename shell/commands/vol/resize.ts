import { command } from "../../command.js";
import { formatBytes } from "../../../src/units.js";

export default command({
  path: ["vol", "resize"],
  summary: "grow a volume, or shrink it if no written byte lies past the new end (--force cuts it)",
  args: [
    { name: "volume", required: true, kind: "volume" },
    { name: "size", required: true, kind: "size" },
  ],
  options: [{ name: "force", kind: "flag", summary: "shrink even over written data, discarding it" }],
  examples: ["vol create db --size 1M; vol resize db 2M"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    const sizeBytes = input.args.size;
    kernel.storage.resize(input.args.volume, sizeBytes, input.options.force === true);
    return { volume: input.args.volume, sizeBytes };
  },
  describe: (r) => `to ${formatBytes(r.sizeBytes)}`,
  display: (r) => [`${r.volume}: ${formatBytes(r.sizeBytes)}`],
});
