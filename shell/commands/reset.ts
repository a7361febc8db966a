import { command } from "../command.js";

export default command({
  path: ["reset"],
  page: "kernel",
  summary: "discard all kernel state and boot a fresh kernel with the same seed",
  confirm: { question: "reset the kernel, discarding every object and the audit trail", unlessFlag: "yes" },
  args: [],
  options: [{ name: "yes", kind: "flag", summary: "do not ask for confirmation" }],
  examples: ["reset --yes"],
  gate: { type: "system", mutates: true, capability: "CAP_SYS_ADMIN" },
  run: ({ session }) => {
    session.replaceKernel({ kind: "reset" });
    return { reset: true };
  },
  display: () => ["kernel reset: a fresh kernel booted"],
});
