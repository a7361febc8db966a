// Text shared by the cluster's reports (cluster status, cluster shard list, cluster jobs, watch
// cluster), so that each says the same thing about shards, replicas and jobs at the same moment.

import { countOf, type ClusterView, type RebuildReport, type ShardSummary } from "../../modules/cluster/index.js";
import { formatSimTime } from "../../src/clock.js";
import { formatDuration, formatRate, formatSize } from "../values.js";
import { bar } from "./gauges.js";

type ClusterJob = NonNullable<ReturnType<ClusterView["job"]>>;
type FinishedClusterJob = ReturnType<ClusterView["jobs"]>["finished"][number];
type AlertEvent = ReturnType<ClusterView["alertHistory"]>[number];

/** "8 shards, 3 with data, 5 below full copies (3 with data); replicas: 6 Healthy, 5 Failed, 5 Degraded". */
export function shardSummaryText(s: ShardSummary): string {
  const below = s.below === 0 ? "all at full copies" : `${s.below} below full copies (${s.belowWithData} with data)`;
  const replicas = Object.entries(s.replicas).map(([state, n]) => `${n} ${state}`).join(", ") || "none placed";
  return `${countOf(s.shards, "shard")}${s.placed < s.shards ? ` (${s.placed} placed)` : ""}, ${s.withData} with data, ${below}; replicas: ${replicas}`;
}

/** The one count of active cluster alerts, notices included: "4 active alerts, 2 INFO" (or "all INFO"). */
export function alertCountText(alerts: readonly { severity: string }[]): string {
  if (alerts.length === 0) return "no active alerts";
  const notices = alerts.filter((a) => a.severity === "INFO").length;
  return `${countOf(alerts.length, "active alert")}${notices === 0 ? "" : notices === alerts.length ? ", all INFO" : `, ${notices} INFO`}`;
}

/** What `cluster rebuild status` says, a line each: the copying, each node whose forward rebuild waits, or why nothing happens. */
export function rebuildLines(r: RebuildReport): string[] {
  const lines = [...r.blocked.map(blockedText), ...r.draining.map(drainText), ...r.waiting.map((w) => `${countOf(w.shards, "shard")} degraded on ${w.node} (${w.state}), ${w.shardsWithData === 0 ? "none" : `${w.shardsWithData} (${formatSize(w.bytes)})`} with data; forward rebuild starts at ${formatSimTime(w.startsMs)} unless ${w.node} returns`)];
  if (r.startedMs !== null) lines.unshift(`rebuilding since ${formatSimTime(r.startedMs)}: ${formatSize(r.copiedBytes)} done, ${formatSize(r.pendingBytes)} to go, ETA ${formatDuration(Math.ceil(r.etaMs))}`);
  else if (lines.length === 0 && r.returning.length > 0) lines.push(`no rebuild: ${r.returning.join(", ")} back, replicas Recovering until the MDM gets their heartbeats (the next round)`);
  else if (lines.length === 0) lines.push(r.below === 0 ? "no rebuild: every copy is in place" : `no rebuild possible: ${countOf(r.below, "shard")} below full copies and no node to copy them to (add or recover nodes)`);
  return lines;
}

/** A node being removed that still holds chunks: what it waits for, or that its chunks are moving. */
export function drainText(d: RebuildReport["draining"][number]): string {
  if (d.waitsFor.length === 0) return `drain of ${d.node}: ${formatSize(d.bytes)} still to move off it`;
  const why = d.waitsFor.map((w) => `${w.node} (${w.state}${w.rebuildAtMs === null ? ", back: until its heartbeat" : `, forward rebuild at ${formatSimTime(w.rebuildAtMs)} unless it returns`})`);
  return `drain of ${d.node} waits for ${why.join(", ")}: ${d.node} keeps ${formatSize(d.bytes)} of copies until theirs are in place, then leaves`;
}

/** The same in one line, for cluster status and the dashboard. */
export function rebuildLine(r: RebuildReport): string {
  if (r.pendingBytes > 0) return `${formatSize(r.pendingBytes)} to go, ${formatSize(r.copiedBytes)} done, ETA ${formatDuration(Math.ceil(r.etaMs))}`;
  if (r.waiting.length + r.blocked.length + r.draining.length > 0) return [...r.blocked.map(blockedText), ...r.draining.map(drainText), ...r.waiting.map((w) => `${w.node} ${w.state}: forward rebuild at ${formatSimTime(w.startsMs)} unless it returns`)].join("; ");
  if (r.returning.length > 0) return `none: ${r.returning.join(", ")} back, waiting for heartbeats`;
  return r.below === 0 ? "none" : `none possible: ${countOf(r.below, "shard")} below full copies`;
}

/** Chunks no rebuild can copy: their only current copies are on nodes out of reach (or nowhere). */
function blockedText(b: RebuildReport["blocked"][number]): string {
  const chunks = countOf(b.chunks, "chunk");
  if (b.nodes.length === 0) return `${chunks} with no current copy on any node: written data lost`;
  const only = b.nodes.length === 1 ? `it holds the only current copy of ${chunks}` : `they hold the only current copies of ${chunks}`;
  return `waiting for ${b.nodes.join(" or ")}: ${only} (cluster sds recover ${b.nodes[0]})`;
}

/** A heartbeat's age as the MGMT GUI shows it: "hb 0.4 s" within a minute, then "hb 2m 05s". */
export function heartbeatAgeText(ms: number): string {
  return `hb ${formatDuration(ms)}`;
}

/** A job under way, readable while it runs: "rebuild [####....] 43.0% 24M of 56M at 64M/s, ETA 1s". */
export function jobProgressText(job: ClusterJob): string {
  const rate = job.rateBytesPerSecond === null ? "starting" : `at ${formatRate(job.rateBytesPerSecond)}`;
  return `${job.kind} ${bar(job.doneBytes / job.totalBytes)} ${formatSize(job.doneBytes)} of ${formatSize(job.totalBytes)} ${rate}, ETA ${formatDuration(job.etaMs)}`;
}

/** A finished job in one line: "rebuild 24M in 1s, done T+00:03:01.0". */
export function finishedJobText(job: FinishedClusterJob): string {
  return `${job.kind} ${formatSize(job.bytes)} in ${formatDuration(job.finishedMs - job.startedMs)}, done ${formatSimTime(job.finishedMs)}`;
}

/** What the copying does now, in one line: the job under way, else the last finished one. */
export function jobsLine(running: ClusterJob | null, finished: readonly FinishedClusterJob[]): string {
  if (running !== null) return jobProgressText(running);
  return finished.length === 0 ? "none yet" : `none running; last: ${finishedJobText(finished[0]!)}`;
}

/** An alert event: "T+00:01:00.0 raised  #6 ERROR sds2: storage node sds2 is DOWN: no heartbeat for 60 s". */
export function alertEventText(e: AlertEvent): string {
  return `${formatSimTime(e.atMs)} ${e.event.padEnd(7)} #${e.id} ${e.severity} ${e.source}: ${e.message}${e.event === "cleared" ? ` (${e.by})` : ""}`;
}
