// Containers as a subsystem (src/subsystem.ts): built on the kernel's clock (workloads, probes,
// stop grace and restart back-off all move with it); needs `trail` (every container event is an
// audit entry of type container), and `mounts`, `podNetwork` and `decisions` for a pod's volumes and
// interfaces and the gate's word on them (attachments/); owns the objects ctr/<name> (labelled: a container is owned,
// moded and levelled like a volume) and names images by reference (repository:tag), checked at the
// gate as the container `image`.

import { CONTAINER_COUNT_MAX, NODE_COUNT_MAX, POD_COUNT_MAX } from "../../src/limits.js";
import type { Subsystem } from "../../src/subsystem.js";
import { countOf } from "../../src/units.js";
import { ContainerManager, type SavedContainers } from "./container-manager.js";
import { containersProblem, SAVED_CONTAINERS_SCHEMA } from "./saved-schema.js";

/** What panes, completion and reports read of the containers (figures kept by the runtime, computed for `now`). */
function containerView(containers: ContainerManager) {
  return {
    names: () => containers.names(),
    imageReferences: () => containers.images.references(),
    rows: () => containers.rows(),
    stats: () => containers.stats(),
    events: () => containers.events(),
    images: () => containers.images.list(),
    pods: () => containers.orchestrator.pods(), // the pods pane (shell/panes/pod.ts)
    nodes: () => containers.orchestrator.nodes(),
  };
}

/** The pods and nodes rows of `status` (only once there are any: a kernel without them reports as before). */
function orchestratorStatus(containers: ContainerManager) {
  const pods = containers.orchestrator.pods();
  const nodes = containers.orchestrator.nodes();
  const count = (phase: string) => pods.filter((p) => p.phase === phase).length;
  const waiting = count("Pending") + count("Unknown") + count("Failed");
  const notReady = nodes.filter((n) => n.status.startsWith("NotReady")).length;
  const cordoned = nodes.filter((n) => n.status.endsWith("SchedulingDisabled")).length;
  return [
    { subsystem: "pods", used: pods.length, capacity: POD_COUNT_MAX, health: waiting > 0 ? "degraded" : "ok", detail: `${count("Running")} running; ${count("Pending")} pending${count("Unknown") > 0 ? `; ${count("Unknown")} unknown` : ""}${count("Failed") > 0 ? `; ${count("Failed")} failed` : ""}` },
    { subsystem: "nodes", used: nodes.length, capacity: NODE_COUNT_MAX, health: notReady > 0 ? "degraded" : "ok", detail: `${nodes.length - notReady} ready${notReady > 0 ? `; ${notReady} not ready` : ""}${cordoned > 0 ? `; ${cordoned} cordoned` : ""}` },
  ];
}

/** A pod's container carries its pod's label (owner, group, mode, level): whoever may not read the pod may not read its containers. */
function podLabelOf(containers: ContainerManager, path: string): string | undefined {
  if (!path.startsWith("ctr/")) return undefined;
  const pod = containers.orchestrator.podOf(path.slice("ctr/".length));
  return pod === undefined ? undefined : `pod/${pod}`;
}

const KINDS = { container: { path: "ctr", labelled: true }, image: { path: "image", labelled: true }, pod: { path: "pod", labelled: true }, node: { path: "node", labelled: true } } as const; // image: one container `image` the image commands are checked on, writable by all: CAP_SYS_ADMIN is the gate (references are not objects of their own)

export const subsystem: Subsystem<"containers", ContainerManager, SavedContainers, ReturnType<typeof containerView>, typeof KINDS> = {
  name: "containers",
  kinds: KINDS,
  auditType: "container",
  needs: ["trail", "mounts", "podNetwork", "decisions"],
  offers: [],
  saved: { schema: SAVED_CONTAINERS_SCHEMA, check: containersProblem, mayBeAbsent: true }, // states from before containers have no part
  build(context, ports) {
    const attachmentPorts = { get mounts() { return ports.mounts; }, get podNetwork() { return ports.podNetwork; }, get decisions() { return ports.decisions; } };
    const containers = new ContainerManager(context.clock, { get trail() { return ports.trail; }, attachmentPorts }, context.rng);
    containers.attachments?.listen(); // storage lands a pod's pending writes before any read of its volumes
    const view = containerView(containers);
    return {
      manager: containers,
      view,
      names: { container: view.names, image: view.imageReferences, pod: () => containers.orchestrator.podNames(), node: () => containers.orchestrator.nodeNames() },
      labelledAs: (path) => podLabelOf(containers, path),
      save: () => containers.toJSON(),
      restore: (saved) => containers.restore(saved),
      status: () => {
        const rows = containers.rows();
        const running = rows.filter((r) => r.state === "Running").length;
        const failing = rows.filter((r) => r.state === "Failed" || r.state === "Restarting" || (r.state === "Running" && r.health === "unhealthy")).length;
        const restarts = rows.reduce((sum, r) => sum + r.restarts, 0);
        const ctr = { subsystem: "containers", used: rows.length, capacity: CONTAINER_COUNT_MAX, health: failing > 0 ? "degraded" : "ok", detail: `${running} running; ${countOf(containers.images.list().length, "image")}; ${countOf(restarts, "restart")}${failing > 0 ? `; ${failing} failing` : ""}` };
        return containers.orchestrator.isEmpty() ? [ctr] : [ctr, ...orchestratorStatus(containers)];
      },
    };
  },
};
