import { command } from "../../command.js";
import { entryRows } from "../../display/audit.js";

export default command({
  path: ["audit", "tail"],
  summary: "the newest entries (default 10); `watch audit` follows them live",
  args: [{ name: "n", required: false, kind: "count", min: 1, label: "entry count" }],
  options: [],
  examples: ["audit tail", "audit tail 3"],
  gate: { type: "security", mutates: false, capability: "CAP_AUDIT_READ" },
  run: ({ kernel }, input) => ({ entries: kernel.audit.tail(input.args.n ?? 10) }),
  display: (r, d) => entryRows(r.entries, d),
});
