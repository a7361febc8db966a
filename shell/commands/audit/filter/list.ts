import { command } from "../../../command.js";

export default command({
  path: ["audit", "filter", "list"],
  summary: "the filters in the order they are tried, with how many entries each has matched",
  args: [],
  options: [],
  examples: ["audit filter list"],
  gate: { type: "security", mutates: false, capability: "CAP_AUDIT_READ" },
  run: ({ kernel }) => ({ filters: kernel.audit.filters.list() }),
  display: (r, d) =>
    r.filters.length === 0
      ? ["(no filters: every entry is kept)"]
      : d.table(["ID", "EFFECT", "LEVELS", "TYPE", "UID", "ACTION", "HITS"], r.filters.map((f) => [f.id, f.effect, f.levels, f.type, f.uid, f.action, f.hits])),
});
