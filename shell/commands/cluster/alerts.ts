import { SEVERITIES } from "../../../modules/cluster/index.js";
import { formatSimTime } from "../../../src/clock.js";
import { command } from "../../command.js";
import { WHOLE, type TableFit } from "../../display/table.js";

/** On a narrow terminal the message keeps room to read and times stay whole; CATEGORY, RESOLVED, SOURCE, RAISED are left out first. */
const ALERT_FIT: TableFit = { narrowest: { MESSAGE: 24, RAISED: WHOLE, RESOLVED: WHOLE }, leaveOut: ["CATEGORY", "RESOLVED", "SOURCE", "RAISED"] };

export default command({
  path: ["cluster", "alerts"],
  summary: "active alerts (--all: the history too), filtered by severity, category or source",
  args: [],
  options: [
    { name: "all", kind: "flag", summary: "resolved alerts too" },
    { name: "severity", kind: "choice", choices: SEVERITIES.map((s) => s.toLowerCase()), summary: "this severity and above" },
    { name: "category", kind: "string", summary: "node, client, data, capacity or rebuild" },
    { name: "source", kind: "string", summary: "the node or pool" },
  ],
  examples: ["cluster alerts", "cluster alerts --all --severity warning"],
  gate: { type: "storage", mutates: false },
  run: ({ kernel }, input) => {
    const o = input.options;
    return { alerts: kernel.view.cluster.alerts({ all: o.all === true, severity: o.severity, category: o.category, source: o.source }) };
  },
  display: (r, d) =>
    r.alerts.length === 0
      ? ["(no alerts)"]
      : d.table(
          ["ID", "SEVERITY", "CATEGORY", "SOURCE", "RAISED", "RESOLVED", "MESSAGE"],
          r.alerts.map((a) => [a.id, a.severity === "CRITICAL" || a.severity === "ERROR" ? d.chalk.red(a.severity) : a.severity === "WARNING" ? d.chalk.yellow(a.severity) : a.severity, a.category, a.source, formatSimTime(a.raisedMs), a.resolvedMs === null ? "active" : `${formatSimTime(a.resolvedMs)} (${a.resolvedBy})`, a.message]),
          ALERT_FIT,
        ),
});
