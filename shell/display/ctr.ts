// How the ctr commands show containers, as Docker and Kubernetes users read them: `ctr list` like
// `docker ps` (plus RESTARTS), `ctr show` like `kubectl describe` (the kshell state beside the
// Docker status and the Kubernetes state and reason), `ctr stats` like `docker stats
// --no-stream`, `ctr events` like `kubectl get events`. Pure: results in, lines out.

import { printable } from "../../src/printable.js";
import { parseWorkload, SHORT_ID_LENGTH, type ContainerDetail, type ContainerEvent, type ContainerInfo, type ContainerStats, type LogLine, type ProbeInfo } from "../../modules/containers/index.js";
import { formatSimTime } from "../../src/clock.js";
import type { Display } from "../command.js";
import { countOf, formatBytes, formatDuration } from "../../src/units.js";
import { agoText, bytesSize, cpuText, humanSize, percentText } from "./ctr-units.js";
import { WHOLE, type TableFit } from "./table.js";
import { noneReadable } from "./readable-rows.js";

const COMMAND_WIDTH = 20; // docker ps truncates the quoted command to this many characters

function ctrStateText(state: string, d: Display): string {
  if (state === "Running") return d.chalk.green(state);
  if (state === "Failed" || state === "Restarting") return d.chalk.red(state);
  if (state === "Stopped" || state === "Terminated" || state === "Paused") return d.chalk.gray(state);
  return d.chalk.yellow(state); // Created, Starting, Stopping: on the way
}

/** "container web: Running, Up 5 seconds (healthy)": what a lifecycle command did. */
export function containerLine(c: ContainerInfo, d: Display): string {
  return `container ${c.name}: ${ctrStateText(c.state, d)}${c.status === c.state ? "" : `, ${c.status}`}`;
}

/** `docker ps`'s COMMAND: quoted, cut to 20 characters with an ellipsis. */
export function commandText(command: string): string {
  const quoted = printable(JSON.stringify(command)); // JSON escapes C0 controls, printable C1 and DEL
  return quoted.length > COMMAND_WIDTH ? `${quoted.slice(0, COMMAND_WIDTH - 1)}…` : quoted;
}

/** `docker ps`'s PORTS: the port the workload serves, as the image exposes it ("80/tcp"). */
export function portsText(command: string): string {
  const port = parseWorkload(command).servePort;
  return port === 0 ? "" : `${port}/tcp`;
}

/** Whether docker ps (and docker stats) shows the container without -a: it runs, is paused, starting, stopping or restarting. */
export function isUp(c: Pick<ContainerInfo, "state">): boolean {
  return !["Created", "Stopped", "Failed", "Terminated"].includes(c.state);
}

/** `unreadable`: the containers left out because the viewer may not read them (an empty list then says so, not how to make one). */
export function containerRows(containers: readonly ContainerInfo[], nowMs: number, all: boolean, d: Display, quiet = false, unreadable = 0): string[] {
  const shown = all ? containers : containers.filter(isUp);
  if (quiet) return shown.map((c) => c.id.slice(0, SHORT_ID_LENGTH)); // docker ps -q: ids only, nothing when none
  if (shown.length === 0 && containers.length === 0) return [unreadable === 0 ? "(no containers: image pull nginx; ctr run nginx --name web)" : noneReadable("container", unreadable)];
  if (shown.length === 0) return [`(no running containers; ${containers.length} stopped: ctr list -a)`];
  const ports = new Map(shown.map((c) => [c.command, ""])); // each distinct workload parsed once: a parse costs ~10 µs, a list of 128 like commands one
  for (const command of ports.keys()) ports.set(command, portsText(command));
  const rows = shown.map((c) => [c.id.slice(0, SHORT_ID_LENGTH), c.image, commandText(c.command), agoText(c.createdMs, nowMs), c.status, ports.get(c.command)!, c.name, String(c.restarts)]);
  return d.table(LIST_HEAD, rows.map((row, n) => row.map((cell, column) => (column === STATUS ? statusText(shown[n]!, cell, d) : cell))), LIST_FIT);
}

const LIST_HEAD = ["CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES", "RESTARTS"];
const STATUS = LIST_HEAD.indexOf("STATUS");

/**
 * How ctr list fits a terminal (table.ts): COMMAND, IMAGE and STATUS are cut with "…" to what still
 * reads; then CREATED (STATUS says how long ago too), PORTS, COMMAND, IMAGE, RESTARTS and STATUS are
 * left out in turn; the id stays whole and NAMES is cut last, as docker keeps names.
 */
const LIST_FIT: TableFit = {
  giveWay: ["COMMAND", "IMAGE", "STATUS"],
  narrowest: { COMMAND: 10, IMAGE: 8, STATUS: 12, CREATED: WHOLE, PORTS: WHOLE, "CONTAINER ID": WHOLE },
  leaveOut: ["CREATED", "PORTS", "COMMAND", "IMAGE", "RESTARTS", "STATUS", "CONTAINER ID"],
  name: "NAMES",
};

function statusText(c: ContainerInfo, text: string, d: Display): string {
  if (c.state === "Failed" || c.state === "Restarting" || c.health === "unhealthy") return d.chalk.red(text);
  return c.state === "Running" ? d.chalk.green(text) : text;
}

/** kubectl describe's probe line: "http-get :80/healthz delay=0s timeout=1s period=5s #success=1 #failure=3". */
export function probeText(p: ProbeInfo): string {
  const action = p.handler === "http" ? `http-get :${p.target}` : p.handler === "tcp" ? `tcp-socket :${p.target}` : `exec [${p.target}]`;
  return `${action} delay=${p.initialDelaySeconds}s timeout=${p.timeoutSeconds}s period=${p.periodSeconds}s #success=${p.successThreshold} #failure=${p.failureThreshold}`;
}

export interface ContainerShow extends ContainerDetail {
  readonly nowMs: number;
  readonly owner: string;
  readonly stats: ContainerStats;
  readonly events: readonly ContainerEvent[];
}

/** `ctr show`, laid out as kubectl describe lays out a container. */
export function showLines(s: ContainerShow, d: Display): string[] {
  const limit = (value: number, text: (v: number) => string) => (value === 0 ? "none" : text(value));
  const k8s = s.kubernetesReason === null ? s.kubernetesState : `${s.kubernetesState} (${s.kubernetesReason})`;
  const lastExit = s.exitCode === null || s.finishedMs === null ? "-" : `${s.exitCode}${s.reason === null ? "" : ` ${s.reason}`} at ${formatSimTime(s.finishedMs)}`;
  return [
    `Name:           ${s.name}`,
    `Container ID:   ${s.id}`,
    `Image:          ${s.image}`,
    `Command:        ${printable(s.command)}`,
    `State:          ${ctrStateText(s.state, d)}${s.nextActionMs !== null ? ` until ${formatSimTime(s.nextActionMs)}` : ""}`,
    `Docker:         ${s.status} [${s.dockerStatus}]${s.health === "none" ? "" : `, health ${s.health}`}`,
    `Kubernetes:     ${k8s}, Ready ${s.ready ? "True" : "False"}`,
    `Started:        ${s.startedMs === null ? "-" : formatSimTime(s.startedMs)}`,
    `Last exit:      ${lastExit}`,
    `Restart Count:  ${s.restarts}, policy ${s.restartPolicy}${s.gaveUp ? `, gave up after ${countOf(s.restarts, "restart")}` : s.backOffMs > 0 ? `, back-off ${formatDuration(s.backOffMs)}` : ""}`,
    `Owner:          ${s.owner}, runs as uid ${s.uid}, hostname ${s.hostname}`,
    "Limits:",
    `  cpu:     ${limit(s.cpuLimitMillicores, cpuText)}`,
    `  memory:  ${limit(s.memoryLimitBytes, formatBytes)}`,
    `  io:      ${limit(s.ioLimitBytesPerSecond, (b) => `${formatBytes(b)}/s`)}`,
    `  pids:    ${limit(s.pidsLimit, String)}`,
    "Usage:",
    `  cpu:     ${cpuText(s.cpuMillicores)} (cpu.stat nr_periods ${s.stats.nrPeriods} nr_throttled ${s.stats.nrThrottled} throttled ${formatDuration(Math.round(s.stats.throttledMs))})`,
    `  memory:  ${bytesSize(s.memoryBytes)}`,
    ...(s.probes.length === 0 ? ["Probes:         none"] : s.probes.map((p) => `${`${p.kind[0]!.toUpperCase()}${p.kind.slice(1)}:`.padEnd(16)}${probeText(p)}${p.consecutiveFailures > 0 ? `, ${p.consecutiveFailures} failed in a row` : ""}`)),
    ...namespaceBlock(s.namespaces),
    ...(s.events.length === 0 ? ["Events:         <none>"] : ["Events:", ...eventRows(s.events, s.nowMs, d).map((line) => `  ${line}`)]),
  ];
}

/** The eight namespaces, four to a line so the block fits 80 columns. */
function namespaceBlock(namespaces: ContainerDetail["namespaces"]): string[] {
  const text = namespaces.map((n) => `${n.kind}:[${n.id}]`);
  return [`Namespaces:     ${text.slice(0, 4).join(" ")}`, ...(text.length > 4 ? [`                ${text.slice(4).join(" ")}`] : [])];
}

/** kubectl get events: when, Normal or Warning, the reason, the container, the message. */
export function eventRows(events: readonly ContainerEvent[], nowMs: number, d: Display): string[] {
  if (events.length === 0) return ["(no events)"];
  return d.table(
    ["TIME", "AGE", "TYPE", "REASON", "OBJECT", "MESSAGE"],
    events.map((e) => [formatSimTime(e.timeMs), agoText(e.timeMs, nowMs).replace(/ ago$/, ""), e.type === "Warning" ? d.chalk.yellow(e.type) : e.type, e.reason, `ctr/${e.object}`, printable(e.message)]),
  );
}

/** docker stats --no-stream. */
export function statsRows(stats: readonly ContainerStats[], d: Display): string[] {
  if (stats.length === 0) return ["(no running containers you may read: ctr stats -a shows stopped ones too)"];
  return d.table(
    ["CONTAINER ID", "NAME", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET I/O", "BLOCK I/O", "PIDS"],
    stats.map((s) => [
      s.id.slice(0, SHORT_ID_LENGTH),
      s.name,
      percentText(s.cpuPercent / 100),
      `${bytesSize(s.memoryBytes)} / ${bytesSize(s.memoryLimitBytes)}`,
      percentText(s.memoryPercent / 100),
      `${humanSize(s.netRxBytes)} / ${humanSize(s.netTxBytes)}`,
      `${humanSize(s.blockReadBytes)} / ${humanSize(s.blockWriteBytes)}`,
      s.pids,
    ]),
  );
}

/** docker logs: the lines, with their simulated time in front when asked (-t). */
export function logLines(lines: readonly LogLine[], timestamps: boolean): string[] {
  return lines.map((line) => (timestamps ? `${formatSimTime(line.timeMs)} ${printable(line.text)}` : printable(line.text))); // a workload writes what its command says
}
