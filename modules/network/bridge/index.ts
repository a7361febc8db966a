// The learning bridge: a pure library (no kernel, no shell) the network subsystem builds its
// bridges on. See learning-bridge.ts for what forward() does, in order.

export { LearningBridge } from "./learning-bridge.js";
export { DROP_REASONS } from "./types.js";
export type { DropReason, FdbEntry, ForwardDecision, PortInfo, PortMode, PortOptions, PortStats } from "./types.js";
export type { PoliceSettings } from "./policer.js";
export { macHigh, macLow, macOf, vlanTag } from "./frame-header.js";
export { SAVED_BRIDGE_SCHEMA } from "./saved-bridge.js";
export type { SavedBridge, SavedFdbEntry, SavedPort } from "./saved-bridge.js";
