// How the node commands show worker nodes, as kubectl users read them: `node list` like `kubectl
// get nodes` plus what is requested of each (kubectl top's columns, from requests), `node show`
// like `kubectl describe node` (conditions, capacity, allocated resources, non-terminated pods,
// events), the verbs in kubectl's words ("node/w1 cordoned"). Pure: results in, lines out.

import { memoryText, type NodeDetail, type NodeInfo } from "../../modules/containers/index.js";
import type { Display } from "../command.js";
import { cpuText } from "./ctr-units.js";
import { formatAge } from "../../src/units.js";
import { eventLines } from "./pod.js";
import { WHOLE, type TableFit } from "./table.js";

/** On a narrow terminal the name stays whole and the requests are never cut: VERSION, ROLES, AGE go first. */
const NODE_FIT: TableFit = { narrowest: { STATUS: WHOLE, CPU: WHOLE, MEMORY: WHOLE }, leaveOut: ["VERSION", "ROLES", "AGE", "PODS", "MEMORY", "CPU"] };

const ROLE = "worker"; // kshell's nodes are all workers: the control plane is the kernel itself
export const NODE_VERSION = "v1.30.0-kshell"; // the VERSION column: the Kubernetes behaviour the model follows

export function nodeStatusText(status: string, d: Display): string {
  if (status === "Ready") return d.chalk.green(status);
  return status.startsWith("NotReady") ? d.chalk.red(status) : d.chalk.yellow(status);
}

/** "250m/4 (6%)": requested of allocatable, with the share kubectl describe prints. */
export function share(requested: number, allocatable: number, text: (value: number) => string): string {
  const percent = allocatable === 0 ? 0 : Math.floor((requested * 100) / allocatable);
  return `${text(requested)}/${text(allocatable)} (${percent}%)`;
}

/** "w1 added: 4 CPU, 8Gi memory allocatable, storage client w1". */
export function nodeLine(n: NodeInfo, verb: string, d: Display): string {
  return `node/${n.name} ${verb}: ${nodeStatusText(n.status, d)}, ${cpuText(n.cpuAllocatableMillicores)} cpu, ${memoryText(n.memoryAllocatableBytes)} memory allocatable, storage client ${n.storageClient}`;
}

/** `kubectl get nodes`, with CPU, MEMORY (requested/allocatable) and PODS. */
export function nodeRows(nodes: readonly NodeInfo[], d: Display): string[] {
  if (nodes.length === 0) return ["No resources found (node add w1 --cpu 4 --mem 8G)."];
  return d.table(
    ["NAME", "STATUS", "ROLES", "AGE", "VERSION", "CPU", "MEMORY", "PODS"],
    nodes.map((n) => [n.name, nodeStatusText(n.status, d), ROLE, formatAge(n.ageMs), NODE_VERSION, share(n.cpuRequestedMillicores, n.cpuAllocatableMillicores, cpuText), share(n.memoryRequestedBytes, n.memoryAllocatableBytes, memoryText), String(n.pods)]),
    NODE_FIT,
  );
}

/** A pod on the node with what it requests, for the Non-terminated Pods table. */
export interface NodePod {
  readonly name: string;
  readonly cpuMillicores: number;
  readonly memoryBytes: number;
  readonly ageMs: number;
}

export interface NodeShow extends NodeDetail {
  readonly nowMs: number;
  readonly clientInCluster: boolean;
  readonly podRequests: readonly NodePod[];
}

const LABEL_WIDTH = 20;
const field = (name: string, value: string) => `${`${name}:`.padEnd(LABEL_WIDTH)}${value}`;

/** `kubectl describe node`. */
export function nodeShowLines(n: NodeShow, d: Display): string[] {
  const labels = Object.entries(n.labels).map(([key, value]) => `${key}=${value}`);
  const ready = !n.status.startsWith("NotReady");
  return [
    field("Name", n.name),
    field("Roles", ROLE),
    ...(labels.length === 0 ? [field("Labels", "<none>")] : labels.map((label, at) => (at === 0 ? field("Labels", label) : `${" ".repeat(LABEL_WIDTH)}${label}`))),
    field("Unschedulable", String(!n.schedulable)),
    field("Storage client", n.clientInCluster ? n.storageClient : `${n.storageClient} (not in the cluster: cluster sdc add ${n.storageClient})`),
    "Conditions:",
    ...d.table(
      ["  Type", "Status", "Reason", "Message"],
      [
        ["  MemoryPressure", n.memoryPressure ? "True" : "False", n.memoryPressure ? "KubeletHasInsufficientMemory" : "KubeletHasSufficientMemory", `kubelet has ${n.memoryPressure ? "insufficient" : "sufficient"} memory available (${memoryText(n.memoryUsedBytes)} in use)`],
        ["  Ready", ready ? "True" : "Unknown", ready ? "KubeletReady" : "NodeStatusUnknown", ready ? "kubelet is posting ready status" : "Kubelet stopped posting node status."],
      ],
    ),
    "Allocatable:",
    `  cpu:     ${cpuText(n.cpuAllocatableMillicores)}`,
    `  memory:  ${memoryText(n.memoryAllocatableBytes)}`,
    `Non-terminated Pods:  (${n.podRequests.length} in total)`,
    ...(n.podRequests.length === 0
      ? []
      : d.table(
          ["  Name", "CPU Requests", "Memory Requests", "Age"],
          n.podRequests.map((p) => [`  ${p.name}`, share(p.cpuMillicores, n.cpuAllocatableMillicores, cpuText), share(p.memoryBytes, n.memoryAllocatableBytes, memoryText), formatAge(p.ageMs)]),
        )),
    "Allocated resources:",
    ...d.table(
      ["  Resource", "Requests"],
      [
        ["  cpu", share(n.cpuRequestedMillicores, n.cpuAllocatableMillicores, cpuText)],
        ["  memory", share(n.memoryRequestedBytes, n.memoryAllocatableBytes, memoryText)],
      ],
    ),
    ...eventLines(n.events, n.nowMs, d),
  ];
}
