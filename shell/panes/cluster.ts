// The cluster pane, a terminal MGMT dashboard: overview (health, the job under way, shards, IO),
// topology (storage nodes and clients with their heartbeat ages and mappings), alert history and
// active alerts and, watched alone, finished jobs, health checks and distributed volumes. Most
// telling first: a small terminal cuts a pane from its end.

import { CLUSTER_NODE_BAR_COLUMNS_MIN, CLUSTER_RECENT_JOB_MS } from "../../src/limits.js";
import { countOf } from "../../src/units.js";
import type { Kernel } from "../../src/kernel.js";
import type { Display } from "../command.js";
import { alertCountText, alertEventText, finishedJobText, heartbeatAgeText, jobsLine, rebuildLine, shardSummaryText } from "../display/cluster.js";
import { bar, percentText, sparkline } from "../display/gauges.js";
import { formatDuration, formatRate, formatSize, formatWholeSeconds } from "../values.js";
import { pane, type LiveSection } from "./pane.js";

type Dashboard = ReturnType<Kernel["view"]["cluster"]["dashboard"]>;

export default pane({
  group: "cluster",
  title: "cluster",
  order: 20,
  watchable: true,
  mirrors: ["cluster", "status"],
  data: (view) => view.cluster.dashboard(),
  sections: (view, d, options) => clusterSections(view.cluster.dashboard(), d, options.alone, options.columns ?? 0, view.nowMs),
});

/** The alert history section's lines: the newest events, then how many older ones and where they are. */
function alertHistoryLines(c: Dashboard): string[] {
  if (c.alertHistory.length === 0) return ["(no alerts yet)"];
  const older = c.alertEvents - c.alertHistory.length;
  return [...c.alertHistory.map(alertEventText), ...(older > 0 ? [`+${older} older: cluster alerts --all`] : [])];
}

/** The job on the first line, which a pane of one line (top at 80x24) still shows: the one under way, or one just finished. */
function jobNote(c: Dashboard, nowMs: number): string {
  if (c.job !== null) return ` · ${c.job.kind} ${percentText(c.job.doneBytes / c.job.totalBytes)}, ETA ${formatDuration(c.job.etaMs)}`;
  const last = c.jobs[0];
  const agoMs = nowMs - (last?.finishedMs ?? nowMs);
  if (last === undefined || agoMs > CLUSTER_RECENT_JOB_MS) return "";
  return ` · ${last.kind} of ${formatSize(last.bytes)} done ${agoMs < 1000 ? "just now" : `${formatWholeSeconds(agoMs)} ago`}`;
}

/** The terminal MGMT dashboard: overview, topology, alerts, then (alone) jobs, health and volumes. */
function clusterSections(c: Dashboard, d: Display, full: boolean, columns: number, nowMs: number): LiveSection[] {
  if (c.domains.length === 0) return full ? [{ title: "cluster", lines: ["(no cluster: cluster pd create <name>)"] }] : [];
  const colour = c.health.status === "HEALTHY" ? d.chalk.green : c.health.status === "DEGRADED" ? d.chalk.yellow : d.chalk.red;
  const overview = [
    `${colour(c.health.status)}   ${alertCountText(c.alerts)}${jobNote(c, nowMs)}`,
    `jobs: ${jobsLine(c.job, c.jobs)}`,
    ...(c.job === null && c.rebuild.waiting.length + c.rebuild.blocked.length + c.rebuild.draining.length > 0 ? [`rebuild: ${rebuildLine(c.rebuild)}`] : []),
    shardSummaryText(c.shards),
    `io ${sparkline(c.ioHistory)} ${c.io.opsPerSecond.toFixed(1)} op/s ${formatRate(c.io.bytesPerSecond)}`,
  ];
  const sections: LiveSection[] = [
    { title: "cluster overview", lines: overview },
    { title: "topology", lines: [...topologyLines(c, d, columns === 0 || columns >= CLUSTER_NODE_BAR_COLUMNS_MIN), ...clientLines(c)] },
    { title: "alert history", lines: alertHistoryLines(c) },
    { title: "active alerts", lines: c.alerts.length === 0 ? ["(no active alerts)"] : c.alerts.map((a) => `#${a.id} ${a.severity} ${a.category} ${a.source}: ${a.message}`) },
  ];
  if (!full) return sections;
  return [
    ...sections,
    { title: "finished jobs", lines: c.jobs.length === 0 ? ["(no finished jobs)"] : c.jobs.map(finishedJobText) },
    { title: "health checks", lines: c.health.checks.length === 0 ? ["all checks pass"] : c.health.checks.map((check) => `${check.severity} ${check.check}: ${check.detail}`) },
    { title: "distributed volumes", lines: volumeLines(c, d) },
  ];
}

/** Domains, pools and their storage nodes: state, heartbeat age, use. */
function topologyLines(c: Dashboard, d: Display, withBar: boolean): string[] {
  return c.domains.flatMap((pd) => [
    `pd ${pd.name}`,
    ...pd.pools.flatMap((pool) => [
      `  pool ${pool.name} (${pool.copies} copies)`,
      ...pool.nodes.map((n) => {
        const shown = n.active ? d.chalk.green(n.state) : n.down ? d.chalk.red(n.state) : d.chalk.yellow(n.state);
        const used = `${withBar ? bar(n.usedBytes / n.capacityBytes) : `${((100 * n.usedBytes) / n.capacityBytes).toFixed(1)}%`} ${formatSize(n.usedBytes)} of ${formatSize(n.capacityBytes)}`;
        return nodeRow("    ", n.name, shown, n.state.length, n.heartbeatAgeMs, used);
      }),
    ]),
  ]);
}

/** Columns of a topology row's name, state and heartbeat age: storage nodes and clients share them, so their states and ages line up. */
const NODE_NAME_COLUMNS = 10;
const NODE_STATE_COLUMNS = 19;
const NODE_HEARTBEAT_COLUMNS = 11;

/** A storage node's or client's row: `lead` (indent or "sdc ") then name, state (`shown`, perhaps coloured, of `stateLength` characters), heartbeat age, the rest. */
function nodeRow(lead: string, name: string, shown: string, stateLength: number, heartbeatAgeMs: number, rest: string): string {
  return `${lead}${name.padEnd(NODE_NAME_COLUMNS)} ${shown}${" ".repeat(Math.max(1, NODE_STATE_COLUMNS - stateLength))}${heartbeatAgeText(heartbeatAgeMs).padEnd(NODE_HEARTBEAT_COLUMNS)}${rest}`;
}

/** The clients (SDCs): state, heartbeat age and the volumes mapped to each. */
function clientLines(c: Dashboard): string[] {
  if (c.clients.length === 0) return ["sdc: (no clients: cluster sdc add <name>)"];
  return c.clients.map((client) => {
    const maps = client.mappings.length === 0 ? "no mappings" : `maps ${client.mappings.map((m) => `${m.volume}(${m.access})`).join(", ")}`;
    return nodeRow("sdc ", client.name, client.state, client.state.length, client.heartbeatAgeMs, maps);
  });
}

/** The distributed volumes as a table: size, pool, data state, chunks written, the clients it is mapped to. */
function volumeLines(c: Dashboard, d: Display): string[] {
  if (c.volumes.length === 0) return ["(none)"];
  const rows = c.volumes.map((v) => [v.name, formatSize(v.sizeBytes), v.pool, v.state, countOf(v.chunks, "chunk"), v.mappings.length === 0 ? "-" : v.mappings.map((m) => `${m.client}(${m.access})`).join(", ")]);
  return d.table(["VOLUME", "SIZE", "POOL", "STATE", "WRITTEN", "MAPPED TO"], rows);
}
