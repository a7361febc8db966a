// The pods attachments has bound: a fixed table of POD_COUNT_MAX rows, each the pod as bound (its
// definition, subject and correlation id), the node and storage client it was bound on, and the
// interfaces it joined (one per network, in the definition's order). Not saved: the volumes' mounts
// are storage's and the interfaces network's; a restored kernel's orchestrator adopts its bound
// pods again (PodAttachments.adopt), which finds both where they are.

import { POD_COUNT_MAX } from "../../../src/limits.js";
import { SlotTable } from "../../../src/table/slot-table.js";
import type { BoundPod, NodeAddress } from "../orchestrator/index.js";

export class BoundPods {
  readonly slots = new SlotTable("bound pod", POD_COUNT_MAX, "POD_COUNT_MAX");
  readonly pods = new Array<BoundPod | undefined>(POD_COUNT_MAX).fill(undefined);
  readonly nodes = new Array<NodeAddress | undefined>(POD_COUNT_MAX).fill(undefined);
  readonly interfaces = new Array<readonly string[]>(POD_COUNT_MAX).fill([]);
  readonly ips = new Array<string>(POD_COUNT_MAX).fill("");

  add(pod: BoundPod, node: NodeAddress, interfaces: readonly string[], ip: string): void {
    const slot = this.slots.allocate(pod.def.name);
    this.pods[slot] = pod;
    this.nodes[slot] = node;
    this.interfaces[slot] = interfaces;
    this.ips[slot] = ip;
  }

  remove(name: string): void {
    const slot = this.slots.find(name);
    this.pods[slot] = undefined;
    this.nodes[slot] = undefined;
    this.interfaces[slot] = [];
    this.ips[slot] = "";
    this.slots.free(slot);
  }

  has(name: string): boolean {
    return this.slots.has(name);
  }

  /** The bound pod a part-1 container belongs to (`<pod>-<container>`), with the container's spec name. */
  ofContainer(container: string): { slot: number; spec: string } | undefined {
    for (const slot of this.slots.slots()) {
      const pod = this.pods[slot]!;
      const spec = pod.def.containers.find((c) => `${pod.def.name}-${c.name}` === container);
      if (spec !== undefined) return { slot, spec: spec.name };
    }
    return undefined;
  }
}
