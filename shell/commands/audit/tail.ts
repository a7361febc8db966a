import { command } from "../../command.js";
import { entryRows } from "../../display/audit.js";
import { NO_TRUNC_OPTION, shownWhole } from "./query-options.js";

export default command({
  path: ["audit", "tail"],
  summary: "the newest entries (default 10); `watch audit` follows them live",
  args: [{ name: "n", required: false, kind: "count", min: 1, label: "entry count" }],
  options: [NO_TRUNC_OPTION],
  examples: ["audit tail", "audit tail 3", "audit tail 3 --no-trunc"],
  gate: { type: "security", mutates: false, capability: "CAP_AUDIT_READ" },
  run: ({ kernel }, input) => shownWhole({ entries: kernel.audit.tail(input.args.n ?? 10) }, input.options["no-trunc"] === true),
  display: (r, d) => entryRows(r.entries, d, r.whole),
});
