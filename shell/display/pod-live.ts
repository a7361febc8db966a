// The pods pane as `top` shows it, where it shares the screen with every other pane and may get a
// single line: first a summary naming each pod's and node's status, newest pod first (a pod just
// scheduled, or a node failing, shows even then); then the pods newest first (NAME READY STATUS
// NODE); then the nodes a line each when there is room. Each list says how many more there are.

import type { NodeInfo, PodInfo } from "../../modules/containers/index.js";
import { memoryText } from "../../modules/containers/index.js";
import { TOP_NODE_ROWS_MAX, TOP_POD_ROWS_MAX } from "../../src/limits.js";
import type { Display } from "../command.js";
import { noneReadable } from "./readable-rows.js";
import { cpuText } from "./ctr-units.js";
import { nodeStatusText, share } from "./node.js";
import { podStatusText } from "./pod.js";

/** "3 pods: web Pending, api Running on w2, db Running on w1 · nodes: w1 Ready, w2 NotReady": newest first, what one line can hold. */
export function podSummaryLine(pods: readonly PodInfo[], nodes: readonly NodeInfo[], d: Display): string {
  const named = mostRecentFirst(pods).map((p) => `${p.name} ${podStatusText(p.status, d)}${p.node === null ? "" : ` on ${p.node}`}`);
  const podText = `${pods.length} pod${pods.length === 1 ? "" : "s"}${named.length === 0 ? "" : `: ${named.join(", ")}`}`;
  const nodeText = nodes.length === 0 ? "no nodes" : `nodes: ${nodes.map((n) => `${n.name} ${nodeStatusText(n.status, d)}`).join(", ")}`;
  return `${podText} · ${nodeText}`;
}

/** The newest pod first (the smallest age), then by name: what was just applied or moved is on top. */
export function mostRecentFirst(pods: readonly PodInfo[]): PodInfo[] {
  return [...pods].sort((a, b) => a.ageMs - b.ageMs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** NAME READY STATUS NODE, the newest TOP_POD_ROWS_MAX pods, and "+N more pods: watch pod"; `unreadable`: the pods left out, the viewer may not read them. */
export function topPodRows(pods: readonly PodInfo[], d: Display, unreadable = 0): string[] {
  if (pods.length === 0) return [unreadable === 0 ? "(no pods: pod apply -f <file>)" : noneReadable("pod", unreadable)];
  const kept = mostRecentFirst(pods).slice(0, TOP_POD_ROWS_MAX);
  const rows = d.table(["NAME", "READY", "STATUS", "NODE"], kept.map((p) => [p.name, p.ready, podStatusText(p.status, d), p.node || "<none>"]));
  return pods.length > kept.length ? [...rows, `+${pods.length - kept.length} more pods: watch pod`] : rows;
}

/** One line a node, "w1  Ready  2 pods  cpu 350m/4 (8%)  memory 80Mi/8Gi (0%)", the first TOP_NODE_ROWS_MAX, and "+N more nodes: node list". */
export function topNodeLines(nodes: readonly NodeInfo[], d: Display): string[] {
  if (nodes.length === 0) return ["(no nodes: node add w1 --cpu 4 --mem 8G)"];
  const kept = nodes.slice(0, TOP_NODE_ROWS_MAX);
  const cells = kept.map((n) => [n.name, nodeStatusText(n.status, d), `${n.pods} pod${n.pods === 1 ? "" : "s"}`, `cpu ${share(n.cpuRequestedMillicores, n.cpuAllocatableMillicores, cpuText)}`, `memory ${share(n.memoryRequestedBytes, n.memoryAllocatableBytes, memoryText)}`]);
  const lines = d.table(["", "", "", "", ""], cells).slice(1); // aligned columns, each cell saying what it is: no header line to pay for
  return nodes.length > kept.length ? [...lines, `+${nodes.length - kept.length} more nodes: node list`] : lines;
}
