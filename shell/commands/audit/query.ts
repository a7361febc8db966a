import { command } from "../../command.js";
import { entryRows } from "../../display/audit.js";
import { auditQueryFrom, NO_TRUNC_OPTION, QUERY_OPTIONS, shownWhole } from "./query-options.js";
import { countOf } from "../../../src/units.js";

export default command({
  path: ["audit", "query"],
  summary: "search the trail like ausearch: level at or above, type, user, action glob, time range, text",
  args: [],
  options: [...QUERY_OPTIONS, { name: "limit", kind: "count", summary: "show the newest n matches (default 20, with --id all; 0 for all)" }, NO_TRUNC_OPTION],
  examples: ["audit query", "audit query --level warning --type security", "audit query --action 'kernel.*' --since -5m --limit 5", "audit query --id 12", "audit query --type security --no-trunc"],
  gate: { type: "security", mutates: false, capability: "CAP_AUDIT_READ" },
  run: ({ kernel }, input) => {
    const limit = input.options.limit === undefined ? (input.options.id === undefined ? 20 : undefined) : input.options.limit || undefined; // a story is shown whole
    return shownWhole(kernel.audit.query({ ...auditQueryFrom(input, kernel.view), limit }), input.options["no-trunc"] === true);
  },
  describe: (r) => countOf(r.matched, "match", "matches"),
  display: (r, d) => [
    ...entryRows(r.entries, d, r.whole),
    ...(r.matched > r.entries.length ? [`(${r.entries.length} of ${r.matched} matches shown; --limit 0 shows all)`] : []),
  ],
});

