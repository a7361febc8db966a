// The content of live panes: `top` (everything) and `watch <group>` draw these sections many
// times a second in the interactive shell, and print them once in a script (like top -b -n 1).
// Each section is a title and lines; the Ink view puts each in a pane.
//
// A pane shows only what the command it mirrors would show the viewer (the audit tail needs
// CAP_AUDIT_READ as `audit tail` does): `paneDenials` decides each once when the view opens, as
// the gate would decide that command, and a denied pane shows one line saying why instead.

import { CAPABILITY_NAMES } from "../../modules/security/index.js";
import { formatSimTime } from "../../src/clock.js";
import { permissionDenied, type Enforcer, type Subject } from "../../src/gate.js";
import type { Kernel } from "../../src/kernel.js";
import type { Display, ParsedInput } from "../command.js";
import { operationOf } from "../operation.js";
import type { Registry } from "../registry.js";
import { formatDuration, formatSize } from "../values.js";
import { entryRows } from "./audit.js";
import { countOf } from "../../modules/cluster/index.js";
import { alertCountText, rebuildLine, shardSummaryText } from "./cluster.js";

export const LIVE_GROUPS = ["audit", "vol", "cluster"];
const SPARK = "▁▂▃▄▅▆▇█";
const SPARK_SECONDS = 20;
const BAR_WIDTH = 20;

/** The command each pane group mirrors; its objects take no argument. */
const PANE_COMMANDS = { subsystems: ["status"], vol: ["vol", "list"], cluster: ["cluster", "status"], audit: ["audit", "tail"] } as const;
type PaneGroup = keyof typeof PANE_COMMANDS;
const NO_INPUT: ParsedInput = { args: {}, rest: [], options: {} };

/** Pane group -> the line shown in place of a pane the viewer may not see. */
export type PaneDenials = Readonly<Record<string, string>>;

/**
 * The panes of `group` that `subject` may not see, each decided as its command would be
 * (capability, rules, DAC, MAC). `watch <group>` of a denied group fails as its command would.
 */
export function paneDenials(registry: Registry, enforcer: Enforcer, subject: Subject, group: string): PaneDenials {
  const denials: Record<string, string> = {};
  for (const pane of Object.keys(PANE_COMMANDS) as PaneGroup[]) {
    if (group !== "all" && group !== pane) continue;
    const operation = operationOf(registry.match(PANE_COMMANDS[pane]).gate!, NO_INPUT);
    const decision = enforcer.decide(subject, operation);
    if (decision.allowed) continue;
    if (group !== "all") throw permissionDenied(subject, operation, decision);
    const capability = decision.layer === "capability" && operation.capability !== undefined ? CAPABILITY_NAMES[operation.capability] : undefined;
    denials[pane] = capability !== undefined ? `${pane}: needs ${capability}` : `${pane}: denied by ${decision.layer}: ${decision.reason}`;
  }
  return denials;
}

export interface LiveSection {
  readonly title: string;
  readonly lines: readonly string[];
}

export interface LiveSnapshot {
  readonly group: string;
  readonly nowMs: number;
  readonly header: string;
  readonly sections: readonly LiveSection[];
}

export function liveSnapshot(view: Kernel["view"], group: string, d: Display, denials: PaneDenials, tailLines = 8): LiveSnapshot {
  const a = view.audit.stats();
  const header = `kshell ${group === "all" ? "top" : `watch ${group}`}  ${formatSimTime(view.nowMs)}  audit ${a.retained}/${a.capacity}, ${a.recorded} recorded, ${a.lost} lost, ${countOf(a.alerts, "audit alert")}`; // audit entries routed as alerts: not the cluster's
  const sections: LiveSection[] = [];
  // Each pane is drawn only when allowed: a denied one costs nothing per redraw.
  const add = (pane: PaneGroup, title: string, draw: () => LiveSection[]): void => {
    if (group !== "all" && group !== pane) return;
    const denied = denials[pane];
    sections.push(...(denied === undefined ? draw() : [{ title, lines: [denied] }]));
  };
  add("subsystems", "subsystems", () => [{ title: "subsystems", lines: d.table(["SUBSYSTEM", "USED", "CAPACITY", "HEALTH", "DETAIL"], view.status().map((s) => [s.subsystem, s.used, s.capacity, s.health, s.detail])) }]);
  add("vol", "volumes", () => storageSections(view, d));
  add("cluster", "cluster", () => clusterSections(view, d, group === "cluster"));
  add("audit", "audit tail", () => [{ title: "audit tail", lines: entryRows(view.audit.tail(tailLines), d) }]);
  return { group, nowMs: view.nowMs, header, sections };
}

function storageSections(view: Kernel["view"], d: Display): LiveSection[] {
  const volumes = view.storage.volumes();
  const volumeLines =
    volumes.length === 0
      ? ["(no volumes)"]
      : d.table(
          ["VOLUME", "STATE", "IOPS (20s)", "BANDWIDTH (20s)", "NOW"],
          volumes.map((v) => {
            const history = view.storage.history(v.name, SPARK_SECONDS);
            return [v.name, v.state, sparkline(history.ops), sparkline(history.bytes), `${history.ops.at(-1) ?? 0} op/s ${formatSize(history.bytes.at(-1) ?? 0)}/s`];
          }),
        );
  const tiers = view.storage.tiers().map((t) => `${t.tier.padEnd(4)} ${bar(t.usedBytes / t.capacityBytes)} ${formatSize(t.usedBytes)} used, ${formatSize(t.reservedBytes)} reserved of ${formatSize(t.capacityBytes)}`);
  const sessions = view.storage.replication();
  const replication =
    sessions.length === 0
      ? ["(no replication)"]
      : d.table(["SOURCE", "TARGET", "STATE", "LAG", "LAG-TIME", "COPIED"], sessions.map((s) => [s.source, s.target, s.state, formatSize(s.lagBytes), s.lagMs === 0 ? "0" : formatDuration(s.lagMs), formatSize(s.bytesCopied)]));
  return [
    { title: "volumes", lines: volumeLines },
    { title: "tiers", lines: tiers },
    { title: "replication", lines: replication },
  ];
}

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

export function renderLiveSnapshot(s: LiveSnapshot, d: Display): string[] {
  return [d.chalk.bold(s.header), ...s.sections.flatMap((section) => [d.chalk.bold(section.title), ...section.lines])];
}

/** One block character per value, scaled to the largest. */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(...values);
  return values.map((v) => (max === 0 || v === 0 ? " " : SPARK[Math.min(SPARK.length - 1, Math.floor((v / max) * (SPARK.length - 1)))]!)).join("").replace(/ /g, "·");
}

function bar(fraction: number): string {
  const filled = Math.round(Math.min(1, fraction) * BAR_WIDTH);
  return `[${"#".repeat(filled)}${".".repeat(BAR_WIDTH - filled)}] ${(fraction * 100).toFixed(1)}%`;
}
