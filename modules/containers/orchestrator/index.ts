// The orchestrator's public surface: kernel.containers.orchestrator, the pod definition the
// manifest parser returns, and the shapes its reads hand out.
export { Orchestrator } from "./orchestrator.js";
export type { SavedOrchestrator } from "./orchestrator.js";
export type { BoundPod, NodeAddress, PodAttachmentsSeam } from "./attachments-seam.js";
export { NO_ATTACHMENTS } from "./attachments-seam.js";
export { mountsReadOnly, POD_RESTART_POLICIES } from "./pod-definition.js";
export type { PodContainerSpec, PodDefinition, PodRestartPolicy, PodSecurity, PodVolume } from "./pod-definition.js";
export { NODE_STATE_NAMES, POD_CONDITION_TYPES, POD_PHASES, QOS_CLASSES } from "./types.js";
export type { NodeDetail, NodeInfo, NodeSpec, OrchestratorEvent, PodCondition, PodContainerStatus, PodDetail, PodInfo, PodPhase, QosClass } from "./types.js";
