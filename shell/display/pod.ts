// How the pod commands show pods, as kubectl users read them: `pod list` like `kubectl get pods`
// (-o wide adds IP and NODE), `pod show` like `kubectl describe pod`, apply and delete in
// kubectl's words. Ages as kubectl prints them ("45s", "3m12s", "2d4h"). Pure: results in, lines out.

import { printable } from "../../src/printable.js";
import type { OrchestratorEvent, PodContainerStatus, PodDetail, PodInfo } from "../../modules/containers/index.js";
import { memoryText } from "../../modules/containers/index.js";
import type { Display } from "../command.js";
import { formatAge } from "../../src/units.js";
import { noneReadable } from "./readable-rows.js";
import { cpuText } from "./ctr-units.js";
import { WHOLE, type TableFit } from "./table.js";

/** Green when all is well, red when it fails, yellow on the way. */
export function podStatusText(status: string, d: Display): string {
  if (status === "Running" || status === "Completed") return d.chalk.green(status);
  if (["CrashLoopBackOff", "OOMKilled", "Error", "Unknown", "Evicted", "Failed"].includes(status)) return d.chalk.red(status);
  return d.chalk.yellow(status);
}

/** `kubectl apply -f`: one line a pod, "pod/web created|configured|unchanged". */
export function applyLines(results: readonly { readonly name: string; readonly action: string }[]): string[] {
  return results.map((r) => `pod/${r.name} ${r.action}`);
}

/** `kubectl get pods [-o wide]`; `unreadable`: the pods left out because the viewer may not read them. */
export function podRows(pods: readonly PodInfo[], wide: boolean, d: Display, unreadable = 0): string[] {
  if (pods.length === 0) return [unreadable === 0 ? "No resources found in default namespace." : noneReadable("pod", unreadable)];
  const head = ["NAME", "READY", "STATUS", "RESTARTS", "AGE", ...(wide ? ["IP", "NODE"] : [])];
  return d.table(
    head,
    pods.map((p) => [p.name, p.ready, podStatusText(p.status, d), String(p.restarts), formatAge(p.ageMs), ...(wide ? [p.ip || "<none>", p.node || "<none>"] : [])]),
    POD_FIT,
  );
}

/** On a narrow terminal the name stays whole, as kubectl keeps it; AGE, RESTARTS, IP, READY are left out first, where a pod runs cut last. */
const POD_FIT: TableFit = { giveWayLast: ["NODE"], narrowest: { STATUS: "Running".length, IP: WHOLE, AGE: WHOLE, NODE: 12 }, leaveOut: ["AGE", "RESTARTS", "IP", "READY"] };

const LABEL_WIDTH = 18; // kubectl describe's first column

function field(name: string, value: string, indent = ""): string {
  return `${indent}${`${name}:`.padEnd(Math.max(LABEL_WIDTH - indent.length, name.length + 2))}${value}`;
}

/** "app=web" lines under Labels:, or <none>. */
function mapLines(name: string, map: Readonly<Record<string, string>>): string[] {
  const pairs = Object.entries(map).map(([key, value]) => `${key}=${value}`);
  if (pairs.length === 0) return [field(name, "<none>")];
  return pairs.map((pair, at) => (at === 0 ? field(name, pair) : `${" ".repeat(LABEL_WIDTH)}${pair}`));
}

/** `kubectl describe pod`. */
export function podShowLines(p: PodDetail, nowMs: number, d: Display): string[] {
  return [
    field("Name", p.name),
    field("Namespace", "default"),
    field("Node", p.node || "<none>"),
    ...mapLines("Labels", p.labels),
    ...mapLines("Annotations", p.networks.length === 0 ? {} : { "k8s.v1.cni.cncf.io/networks": p.networks.join(", ") }),
    field("Status", podStatusText(p.phase, d)),
    ...(p.reason === null ? [] : [field("Reason", p.reason)]),
    field("IP", p.ip || "<none>"),
    field("Owner", `uid ${p.uid}, gid ${p.gid}`),
    field("Story", p.correlation === 0 ? "<none>" : `audit query --id ${p.correlation}`),
    "Containers:",
    ...p.containers.flatMap((c) => containerLines(c, d)),
    "Conditions:",
    ...d.table(["  Type", "Status"], p.conditions.map((c) => [`  ${c.type}`, c.status])),
    ...volumeLines(p.volumes),
    field("QoS Class", p.qosClass),
    ...mapLines("Node-Selectors", p.nodeSelector),
    field("Restart Policy", p.restartPolicy),
    ...eventLines(p.events, nowMs, d),
  ];
}

function containerLines(c: PodContainerStatus, d: Display): string[] {
  const amounts = (name: string, r: PodContainerStatus["limits"]) =>
    r.cpuMillicores === 0 && r.memoryBytes === 0 ? [] : [`    ${name}:`, ...(r.cpuMillicores === 0 ? [] : [field("cpu", cpuText(r.cpuMillicores), "      ")]), ...(r.memoryBytes === 0 ? [] : [field("memory", memoryText(r.memoryBytes), "      ")])];
  return [
    `  ${c.name}:`,
    field("Container", c.container === null ? "<none>" : `ctr/${c.container}`, "    "),
    field("Image", c.image, "    "),
    field("State", podStatusText(c.state, d), "    "),
    ...(c.reason === null ? [] : [field("Reason", c.reason, "      ")]),
    field("Ready", c.ready ? "True" : "False", "    "),
    field("Restart Count", String(c.restarts), "    "),
    ...amounts("Limits", c.limits),
    ...amounts("Requests", c.requests),
    ...(c.mounts.length === 0 ? [field("Mounts", "<none>", "    ")] : ["    Mounts:", ...c.mounts.map((m) => `      ${m.mountPath} from ${m.name} (${m.readOnly ? "ro" : "rw"})`)]),
  ];
}

function volumeLines(volumes: PodDetail["volumes"]): string[] {
  if (volumes.length === 0) return [field("Volumes", "<none>")];
  return [
    "Volumes:",
    ...volumes.flatMap((v) => [`  ${v.name}:`, field("Type", "PersistentVolumeClaim (a kshell volume)", "    "), field("ClaimName", v.volume, "    "), field("ReadOnly", String(v.readOnly), "    ")]),
  ];
}

/** Who reports an event, as kubectl's From column names it. */
function sourceOf(e: OrchestratorEvent): string {
  if (e.reason === "Scheduled" || e.reason === "FailedScheduling" || e.reason === "Preempting") return "default-scheduler";
  if (e.reason === "NodeNotReady" || e.reason === "TaintManagerEviction" || e.reason === "RegisteredNode" || e.reason === "RemovingNode") return "node-controller";
  return "kubelet";
}

/** describe's Events table, or "Events: <none>". */
export function eventLines(events: readonly OrchestratorEvent[], nowMs: number, d: Display): string[] {
  if (events.length === 0) return [field("Events", "<none>")];
  return [
    "Events:",
    ...d.table(
      ["  Type", "Reason", "Age", "From", "Message"],
      events.map((e) => [`  ${e.type === "Warning" ? d.chalk.yellow(e.type) : e.type}`, e.reason, formatAge(nowMs - e.timeMs), sourceOf(e), printable(e.message)]),
    ),
  ];
}
