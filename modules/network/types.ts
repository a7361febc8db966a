// The network module's vocabulary: network types, the seven network states and their transition
// table (the seed's NetworkState), and the interface's VLAN modes and operstates.
//
//   create ─> Created ─start─> Configuring ─configured─> Active ⇄ (suspend/resume) Suspended
//   Configuring, Active, Suspended ─fail─> Failed ─recover─> Configuring
//   Configuring, Active, Suspended, Failed ─stop─> Deactivating ─deactivated─> Created
//   Created, Deactivating ─destroy─> Destroyed ─reap─> (slot free)
//
// Configuring lasts NETWORK_CONFIGURE_MS of simulated time (addresses and the bridge come up);
// Deactivating lasts NETWORK_DETACH_MS per interface (each detaches in turn); Destroyed lasts one
// tick, so `net list` right after `net delete` shows it before the slot is freed.

import { defineMachine, UNALLOCATED } from "../../src/state-machine.js";

export const NETWORK_TYPES = ["isolated", "bridged", "overlay", "direct"] as const;
export type NetworkType = (typeof NETWORK_TYPES)[number];

export const NETWORK_STATE_NAMES = ["Created", "Configuring", "Active", "Suspended", "Failed", "Deactivating", "Destroyed"] as const;
export type NetworkStateName = (typeof NETWORK_STATE_NAMES)[number];

export const NetworkState = {
  Created: 0,
  Configuring: 1,
  Active: 2,
  Suspended: 3,
  Failed: 4,
  Deactivating: 5,
  Destroyed: 6,
} as const;

const S = NetworkState;

export const NETWORK_MACHINE = defineMachine("network", NETWORK_STATE_NAMES, {
  create: { from: [UNALLOCATED], to: S.Created },
  start: { from: [S.Created], to: S.Configuring },
  configured: { from: [S.Configuring], to: S.Active },
  suspend: { from: [S.Active], to: S.Suspended },
  resume: { from: [S.Suspended], to: S.Active },
  fail: { from: [S.Configuring, S.Active, S.Suspended], to: S.Failed },
  recover: { from: [S.Failed], to: S.Configuring },
  stop: { from: [S.Configuring, S.Active, S.Suspended, S.Failed], to: S.Deactivating },
  deactivated: { from: [S.Deactivating], to: S.Created },
  destroy: { from: [S.Created, S.Deactivating], to: S.Destroyed },
  reap: { from: [S.Destroyed], to: UNALLOCATED },
});

export type NetworkAction = keyof typeof NETWORK_MACHINE.actions;

/** Actions the kernel takes by itself when a transient state ends: never offered in a hint. */
export const INTERNAL_NETWORK_ACTIONS: readonly NetworkAction[] = ["create", "configured", "deactivated", "destroy", "reap"];

/** The shell's word for each action a person asks for (net up is `start`, net down is `stop`). */
export const NETWORK_VERBS: Readonly<Partial<Record<NetworkAction, string>>> = { start: "up", stop: "down", suspend: "suspend", resume: "resume", fail: "fail", recover: "recover" };

export const VLAN_MODES = ["access", "trunk"] as const;
export type VlanMode = (typeof VLAN_MODES)[number];

/** An interface's operstate, as `ip link` shows it: set up and down by `net if up|down`. */
export const OPERSTATE_NAMES = ["down", "up"] as const;
export type Operstate = (typeof OPERSTATE_NAMES)[number];

export const INTERFACE_MACHINE = defineMachine("interface", OPERSTATE_NAMES, {
  up: { from: [0], to: 1 },
  down: { from: [1], to: 0 },
});

/** Drop reasons a network counts, like `ip -s link`'s and OVS's: the bridge's (bridge/types.ts) and the router's. */
export const DROP_REASONS = ["policed", "vlan", "isolated", "link-down", "ttl", "no-route", "same-port", "malformed", "invalid-source"] as const;
export type DropReason = (typeof DROP_REASONS)[number];

/** A network as `net list` and `net show` give it. */
export interface NetworkInfo {
  readonly name: string;
  readonly type: NetworkType;
  readonly state: NetworkStateName;
  readonly stateDetail: string | undefined;
  readonly cidr: string;
  readonly gateway: string;
  readonly vni: number; // overlay VXLAN network identifier, 0 for the others
  readonly interfaces: number;
  readonly vlans: readonly number[];
  readonly agingMs: number;
  readonly createdMs: number;
}

/** An interface as `net if list` gives it. */
export interface InterfaceInfo {
  readonly name: string;
  readonly network: string;
  readonly port: number;
  readonly mac: string;
  readonly ip: string;
  readonly ipSource: "ipam" | "static";
  readonly operstate: Operstate;
  readonly mode: VlanMode;
  readonly vlan: number; // access VLAN, or the trunk's PVID (0: none)
  readonly trunk: readonly number[]; // allowed VLANs of a trunk
  readonly host: string | null; // the host it sits on; null: none named
  readonly isolated: boolean;
}
