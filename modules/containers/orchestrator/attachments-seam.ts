// The seam between the orchestrator and the attachments (modules/containers/attachments, att's):
// what the scheduler asks of a node (can it reach the pod's volumes and networks?) and what
// binding does on it (mount the volumes, join the networks). The orchestrator depends only on
// this shape, so tests hand it a stub; without attachments wired in, every node reaches
// everything and a pod gets no IP.

import type { PodSubject } from "../../../src/decisions.js";
import type { PodDefinition } from "./pod-definition.js";

/** A pod as its attachments see it: its definition, who it runs as (fixed at apply), and its audit story. */
export interface BoundPod {
  readonly def: PodDefinition;
  readonly subject: PodSubject;
  readonly correlation: number;
}

export interface NodeAddress {
  readonly name: string;
  readonly storageClient: string;
}

export interface PodAttachmentsSeam {
  /** Why `node` cannot serve the pod's volumes/networks, or undefined (the scheduler's filter). */
  unreachable(def: PodDefinition, node: NodeAddress): string | undefined;
  /** Mounts the pod's volumes and joins its networks on `node`; throws a KernelError and undoes what it did when one fails. Returns the pod's IP ("" without a network). */
  bind(pod: BoundPod, node: NodeAddress): { ip: string };
  unbind(pod: BoundPod): void;
  /** A pod bound in a restored kernel: its mounts and interfaces are where they were saved; returns its IP. */
  adopt?(pod: BoundPod, node: NodeAddress): { ip: string };
}

/** No attachments wired in: every node reaches everything; a pod gets no IP. */
export const NO_ATTACHMENTS: PodAttachmentsSeam = {
  unreachable: () => undefined,
  bind: () => ({ ip: "" }),
  unbind: () => {},
};
