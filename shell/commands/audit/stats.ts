import { command } from "../../command.js";

export default command({
  path: ["audit", "stats"],
  summary: "counts: recorded, retained against the ring's capacity, lost to wrapping, dropped by filters, by level and type",
  args: [],
  options: [],
  examples: ["audit stats", "audit stats --json"],
  gate: { type: "security", mutates: false, capability: "CAP_AUDIT_READ" },
  run: ({ kernel }) => kernel.audit.stats(),
  display: (s, d) => [
    `recorded ${s.recorded}   retained ${s.retained}/${s.capacity}   lost ${s.lost}   dropped ${s.dropped}   alerts ${s.alerts}   unacknowledged critical ${s.unackedCritical}`,
    `exported through #${s.exportedThroughSeq}   filters ${s.filters}`,
    ...d.table(["LEVEL", "ENTRIES"], Object.entries(s.byLevel)),
    ...d.table(["TYPE", "ENTRIES"], Object.entries(s.byType)),
  ],
});
