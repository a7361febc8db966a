// Shared by the orchestrator tests: a container manager on its own clock and seed, pods written
// as short definitions, and nodes of round sizes.

import { ContainerManager, type PodAttachmentsSeam, type PodContainerSpec, type PodDefinition } from "../../../modules/containers/index.js";
import { Clock } from "../../../src/clock.js";
import type { TrailEntry } from "../../../src/ports.js";
import { Rng } from "../../../src/rng.js";

export const MiB = 1024 ** 2;
export const GiB = 1024 ** 3;
export const OWNER = { uid: 1000, gid: 1000 };

export interface OrchestratorRig {
  readonly clock: Clock;
  readonly manager: ContainerManager;
  readonly trail: TrailEntry[];
  sleep(ms: number): void;
}

export function orchestratorRig(seed = 1, attachments?: PodAttachmentsSeam): OrchestratorRig {
  const clock = new Clock();
  const trail: TrailEntry[] = [];
  const manager = new ContainerManager(clock, { trail: { record: (entry) => trail.push(entry), loadProblem: () => undefined }, attachments }, new Rng(seed));
  manager.images.pull("busybox");
  manager.images.pull("nginx");
  return { clock, manager, trail, sleep: (ms) => clock.advance(ms) };
}

type ContainerShort = Partial<Omit<PodContainerSpec, "requests" | "limits">> & { cpu?: number; memory?: number; cpuLimit?: number; memoryLimit?: number };

/** A pod definition: one busybox container serving port 80 unless `containers` says otherwise. */
export function pod(name: string, options: Partial<Omit<PodDefinition, "containers">> & { containers?: ContainerShort[] } = {}): PodDefinition {
  const containers = (options.containers ?? [{}]).map((c, i): PodContainerSpec => ({
    name: c.name ?? `c${i}`,
    image: c.image ?? "busybox",
    command: c.command ?? "serve 80",
    requests: { cpuMillicores: c.cpu ?? 0, memoryBytes: c.memory ?? 0 },
    limits: { cpuMillicores: c.cpuLimit ?? 0, memoryBytes: c.memoryLimit ?? 0 },
    liveness: c.liveness,
    readiness: c.readiness,
    startup: c.startup,
    volumeMounts: c.volumeMounts ?? [],
  }));
  return { name, labels: options.labels ?? {}, restartPolicy: options.restartPolicy ?? "Always", nodeSelector: options.nodeSelector ?? {}, containers, volumes: options.volumes ?? [], networks: options.networks ?? [], security: options.security ?? { capabilities: [] } };
}
