// The Orchestrator (kernel.containers.orchestrator): worker nodes, pods and the scheduler.
// Signatures first (issue 16's contract); the model follows.

import { fail } from "../../../src/errors.js";
import type { LogLine } from "../types.js";
import type { PodDefinition } from "./pod-definition.js";
import type { NodeDetail, NodeInfo, NodeSpec, PodDetail, PodInfo } from "./types.js";

export interface SavedOrchestrator {
  readonly nodes: unknown[];
  readonly pods: unknown[];
}

const notBuilt = (): never => fail("ENOTSUP", "the orchestrator is not built yet");

export class Orchestrator {
  addNode(_spec: NodeSpec): NodeInfo { return notBuilt(); }
  removeNode(_name: string): NodeInfo { return notBuilt(); }
  cordon(_name: string): NodeInfo { return notBuilt(); }
  uncordon(_name: string): NodeInfo { return notBuilt(); }
  drain(_name: string): { evicted: string[] } { return notBuilt(); }
  failNode(_name: string): NodeInfo { return notBuilt(); }
  recoverNode(_name: string): NodeInfo { return notBuilt(); }
  nodes(): NodeInfo[] { return []; }
  node(_name: string): NodeDetail { return notBuilt(); }
  apply(_def: PodDefinition, _owner: { uid: number; gid: number }): { pod: PodInfo; action: "created" | "unchanged" | "configured" } { return notBuilt(); }
  deletePod(_name: string): PodInfo { return notBuilt(); }
  pods(): PodInfo[] { return []; }
  pod(_name: string): PodDetail { return notBuilt(); }
  podLogs(_pod: string, _container?: string, _options: { readonly tail?: number; readonly sinceMs?: number } = {}): LogLine[] { return notBuilt(); }
  podNames(): string[] { return []; }
  nodeNames(): string[] { return []; }
}
