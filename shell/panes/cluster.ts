// The cluster pane, a terminal MGMT dashboard: overview, topology, alerts and, watched alone,
// health checks and distributed volumes.

import { countOf } from "../../src/units.js";
import type { Kernel } from "../../src/kernel.js";
import type { Display } from "../command.js";
import { alertCountText, rebuildLine, shardSummaryText } from "../display/cluster.js";
import { bar, sparkline } from "../display/gauges.js";
import { formatDuration, formatSize } from "../values.js";
import { pane, type LiveSection } from "./pane.js";

export default pane({
  group: "cluster",
  title: "cluster",
  order: 20,
  watchable: true,
  mirrors: ["cluster", "status"],
  data: (view) => view.cluster.dashboard(),
  sections: (view, d, options) => clusterSections(view, d, options.alone),
});

/** The terminal MGMT dashboard: overview, topology, health and alerts, monitoring, volumes. */
function clusterSections(view: Kernel["view"], d: Display, full: boolean): LiveSection[] {
  const c = view.cluster.dashboard();
  if (c.domains.length === 0) return full ? [{ title: "cluster", lines: ["(no cluster: cluster pd create <name>)"] }] : [];
  const colour = c.health.status === "HEALTHY" ? d.chalk.green : c.health.status === "DEGRADED" ? d.chalk.yellow : d.chalk.red;
  const done = c.rebuild.copiedBytes;
  const overview = [
    `${colour(c.health.status)}   ${alertCountText(c.alerts)}`,
    shardSummaryText(c.shards),
    `io ${sparkline(c.ioHistory)} ${c.io.opsPerSecond.toFixed(1)} op/s ${formatSize(c.io.bytesPerSecond)}/s`,
    c.rebuild.pendingBytes === 0 ? `rebuild: ${rebuildLine(c.rebuild)}` : `rebuild ${bar(done / (done + c.rebuild.pendingBytes))} ${formatSize(c.rebuild.pendingBytes)} to go, ETA ${formatDuration(Math.ceil(c.rebuild.etaMs))}`,
  ];
  const topology = c.domains.flatMap((pd) => [
    `pd ${pd.name}`,
    ...pd.pools.flatMap((pool) => [
      `  pool ${pool.name} (${pool.copies} copies)`,
      ...pool.nodes.map((n) => {
        const shown = n.active ? d.chalk.green(n.state) : n.down ? d.chalk.red(n.state) : d.chalk.yellow(n.state);
        return `    ${n.name.padEnd(10)} ${shown}${" ".repeat(Math.max(1, 19 - n.state.length))}${bar(n.usedBytes / n.capacityBytes)} ${formatSize(n.usedBytes)} of ${formatSize(n.capacityBytes)}`;
      }),
    ]),
  ]);
  const alerts = c.alerts.length === 0 ? ["(no active alerts)"] : c.alerts.map((a) => `#${a.id} ${a.severity} ${a.category} ${a.source}: ${a.message}`);
  const health = c.health.checks.length === 0 ? ["all checks pass"] : c.health.checks.map((check) => `${check.severity} ${check.check}: ${check.detail}`);
  const sections: LiveSection[] = [
    { title: "cluster overview", lines: overview },
    { title: "topology", lines: topology },
    { title: "alerts", lines: alerts },
  ];
  if (full) sections.push({ title: "health checks", lines: health }, { title: "distributed volumes", lines: c.volumes.length === 0 ? ["(none)"] : c.volumes.map((v) => `${v.name}: ${countOf(v.chunks, "chunk")} written`) });
  return sections;
}
