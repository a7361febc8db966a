import { command } from "../command.js";

export default command({
  path: ["save"],
  page: "kernel",
  summary: "write a snapshot of the whole kernel: to the state directory (compacting its journal), or to a file",
  args: [{ name: "file", required: false, kind: "file" }],
  options: [],
  examples: ["save /tmp/kshell-example.json"],
  gate: { type: "system", mutates: false, capability: "CAP_SYS_ADMIN" },
  run: ({ session }, input) => session.saveSnapshot(input.args.file),
  describe: (r) => `saved to ${r.path}`,
  display: (r) => [`saved kernel snapshot to ${r.path}`],
});
