// The pods pane, as k9s shows a cluster, so a pod is seen going from Pending to ContainerCreating to
// Running on its node, a node fail and its pods go Unknown, then come back elsewhere. `watch pod`
// shows it alone: the worker nodes (status, CPU and memory requested of allocatable, pods), then
// the pods as `pod list -o wide`. `top` places it after the containers, once there is a node or a
// pod, where it may get a line or two: a summary, the pods newest first, then the nodes a line each
// (display/pod-live.ts).

import { podRead } from "../commands/ctr/readable.js";
import type { Kernel } from "../../src/kernel.js";
import type { Display } from "../command.js";
import { nodeRows } from "../display/node.js";
import { podRows } from "../display/pod.js";
import { podSummaryLine, topNodeLines, topPodRows } from "../display/pod-live.js";
import { readableRows } from "../display/readable-rows.js";
import { pane, TABLE_HEAD, type LiveSection, type PaneOptions } from "./pane.js";

/** top's pods section opens with a summary line naming every pod, then the table's header: both stay when its rows scroll. */
const SUMMARY_LINES = 1;

export default pane({
  group: "pod",
  title: "pods",
  order: 13,
  watchable: true,
  mirrors: ["pod", "list"],
  sections: (view, d, options) => podSections(view, d, options),
  data: (view, options) => ({ nodes: view.containers.nodes(), pods: readablePods(view, options).rows }),
});

/** The pods the viewer may read, as pod list shows them. */
function readablePods(view: Kernel["view"], options: PaneOptions) {
  return readableRows(view.containers.pods(), (p) => options.mayRead?.(podRead(p.name, "pod.list")) ?? true);
}

function podSections(view: Kernel["view"], d: Display, options: PaneOptions): LiveSection[] {
  const nodes = view.containers.nodes();
  const { rows: pods, unreadable } = readablePods(view, options);
  if (nodes.length === 0 && pods.length === 0 && unreadable === 0) return options.alone ? [{ title: "pods", lines: ["(no nodes or pods: node add w1 --cpu 4 --mem 8G; pod apply -f <file>)"] }] : []; // top gives it room only once there is a cluster
  if (!options.alone) return [{ title: "pods", lines: [podSummaryLine(pods, nodes, d), ...topPodRows(pods, d, unreadable)], head: SUMMARY_LINES + TABLE_HEAD }, { title: "nodes", lines: topNodeLines(nodes, d) }];
  return [
    { title: "nodes", lines: nodeRows(nodes, d), head: TABLE_HEAD },
    { title: "pods", lines: podRows(pods, true, d, unreadable), head: TABLE_HEAD },
  ];
}
