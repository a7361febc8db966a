// The containers module's public surface: the manager (kernel.containers), its image store
// (kernel.containers.images), the vocabulary and the parsers commands validate with.
export { ContainerManager } from "./container-manager.js";
export type { SavedContainers } from "./container-manager.js";
export { humanDuration } from "./container-views.js";
export { EXEC_COMMANDS } from "./exec.js";
export * from "./images/index.js";
export { HOST_NAMESPACE_IDS } from "./namespaces.js";
export { parseProbe } from "./probes.js";
export { subsystem } from "./subsystem.js";
export { CONTAINER_MACHINE, CONTAINER_STATE_NAMES, ContainerState, EVENT_REASONS, EXIT_REASONS, HEALTH_NAMES, NAMESPACE_KINDS, PROBE_KINDS, RESTART_POLICIES, SIGNALS } from "./types.js";
export type { ContainerDetail, ContainerEvent, ContainerInfo, ContainerRow, ContainerSpec, ContainerStateName, ContainerStats, EventReason, HealthName, LogLine, ProbeInfo, ProbeKind } from "./types.js";
export { parseCores, parseWorkload } from "./workload.js";
export * from "./orchestrator/index.js";
export { cpuText, DNS_SUBDOMAIN, DNS_SUBDOMAIN_PROBLEM, manifestOf, memoryText, readManifests, yamlLibrary } from "./manifest/index.js";
