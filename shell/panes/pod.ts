// The pods pane, as k9s shows a cluster: the worker nodes (status, CPU and memory requested of
// allocatable, pods), then the pods as `pod list -o wide` shows them, so `top` shows a pod go from
// Pending to ContainerCreating to Running on its node, a node fail and its pods go Unknown, then
// come back elsewhere. `watch pod` shows it alone; `top` places it after the containers, once there is
// a node or a pod.

import type { Kernel } from "../../src/kernel.js";
import { TOP_CONTAINER_ROWS_MAX } from "../../src/limits.js";
import type { Display } from "../command.js";
import { nodeRows } from "../display/node.js";
import { podRows } from "../display/pod.js";
import { pane, type LiveSection, type PaneOptions } from "./pane.js";

export default pane({
  group: "pod",
  title: "pods",
  order: 13,
  watchable: true,
  mirrors: ["pod", "list"],
  sections: (view, d, options) => podSections(view, d, options),
  data: (view) => ({ nodes: view.containers.nodes(), pods: view.containers.pods() }),
});

function podSections(view: Kernel["view"], d: Display, options: PaneOptions): LiveSection[] {
  const nodes = view.containers.nodes();
  const pods = view.containers.pods();
  if (nodes.length === 0 && pods.length === 0) return options.alone ? [{ title: "pods", lines: ["(no nodes or pods: node add w1 --cpu 4 --mem 8G; pod apply -f <file>)"] }] : []; // top gives it room only once there is a cluster
  const kept = options.alone ? pods : pods.slice(0, TOP_CONTAINER_ROWS_MAX);
  const more = pods.length - kept.length;
  return [
    { title: "nodes", lines: nodeRows(nodes, d) },
    { title: "pods", lines: [...podRows(kept, true, d), ...(more > 0 ? [`… ${more} more: watch pod`] : [])] },
  ];
}
