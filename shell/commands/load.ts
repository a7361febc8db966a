import { command } from "../command.js";

export default command({
  path: ["load"],
  page: "kernel",
  summary: "replace the kernel with a snapshot file written by save",
  args: [{ name: "file", required: true, kind: "file" }],
  options: [],
  examples: ["save /tmp/kshell-example.json; load /tmp/kshell-example.json"],
  gate: { type: "system", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ session }, input) => {
    session.replaceKernel({ kind: "load", file: input.args.file });
    return { file: input.args.file };
  },
  describe: (r) => `loaded ${r.file}`,
  display: (r) => [`loaded kernel snapshot from ${r.file}`],
});
