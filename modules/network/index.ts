// The network module's public surface.
export { formatIpv4, formatMac, parseIpv4 } from "./address-text.js";
export type { InterfaceSpec, Lease } from "./interfaces.js";
export { VirtualNetworkManager } from "./network-manager.js";
export type { SavedNetworks } from "./network-manager.js";
export { UNDERLAY } from "./capture.js";
export { parseVlanList } from "./networks.js";
export type { NetworkSpec } from "./networks.js";
export type { PacketStats } from "./stats.js";
export { DROP_REASONS, NETWORK_MACHINE, NETWORK_STATE_NAMES, NETWORK_TYPES, NetworkState } from "./types.js";
export type { InterfaceInfo, NetworkInfo, NetworkType } from "./types.js";
export { subsystem } from "./subsystem.js";
export { UNDERLAY_OBJECT } from "./subsystem.js";
