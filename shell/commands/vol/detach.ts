import { command } from "../../command.js";

export default command({
  path: ["vol", "detach"],
  summary: "detach a volume (Attached -> Detaching -> Available)",
  args: [{ name: "volume", required: true, kind: "volume" }],
  options: [],
  examples: ["vol create db --size 1M; vol attach db web1; vol detach db"],
  gate: { type: "storage", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ kernel }, input) => {
    kernel.storage.detach(input.args.volume);
    return { volume: input.args.volume };
  },
  display: (r) => [`detached ${r.volume}`],
});
