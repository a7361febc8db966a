// The learning bridge's vocabulary: how a port joins VLANs, what forward() decides, and the
// counters a port keeps. Shared by the bridge's files and its callers (modules/network).

/** An access port carries one VLAN untagged; a trunk carries its allowed VLANs tagged, the PVID untagged. */
export type PortMode = { readonly mode: "access"; readonly vlan: number } | { readonly mode: "trunk"; readonly allowed: readonly number[]; readonly pvid?: number };

export interface PortOptions {
  /** Linux's `isolated on`: an isolated port never forwards to another isolated port. */
  readonly isolated?: boolean;
}

/**
 * Why a frame went nowhere. Learning refused by a full FDB is not a drop (the frame is still
 * forwarded, as Linux does at max_learned): it is counted as `learnRefused`.
 */
export const DROP_REASONS = [
  "policed", // over the port's ingress policing rate and burst
  "vlan", // ingress VLAN filtering: a tag the port does not carry, or none where it needs one
  "isolated", // isolated port to isolated port
  "link-down", // the ingress port, or every port it would go to, has its link down
  "same-port", // the destination was learned on the port the frame came in on
  "malformed", // shorter than an Ethernet header
  "invalid-source", // a multicast, broadcast or all-zero source MAC (Linux drops these)
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

export type ForwardDecision =
  | { readonly kind: "drop"; readonly reason: DropReason }
  | {
      readonly kind: "unicast" | "flood";
      readonly vlan: number;
      /** Egress ports, ascending. */
      readonly ports: readonly number[];
      /** The same ports as a bit mask (bit p = port p). */
      readonly portMask: number;
      /** Ports among them that send the frame tagged (trunk ports where vlan is not the PVID). */
      readonly taggedMask: number;
    };

export interface PortStats {
  readonly rxPackets: number;
  readonly rxBytes: number;
  readonly txPackets: number;
  readonly txBytes: number;
  readonly rxBroadcasts: number;
  readonly rxMulticasts: number;
  /** Frames received here that were flooded (unknown unicast, broadcast, multicast). */
  readonly floods: number;
  /** Source MACs not learned because the FDB was full. */
  readonly learnRefused: number;
  /** Learned MACs that moved to this port from another. */
  readonly macMoves: number;
  readonly drops: { readonly [R in DropReason]: number };
}

export interface FdbEntry {
  readonly mac: number;
  readonly vlan: number;
  readonly port: number;
  readonly static: boolean;
  /** A static entry that learning never moves (Linux's `sticky`). */
  readonly sticky: boolean;
  /** Time since last seen (learned) or since added (static). */
  readonly ageMs: number;
}

export interface PortInfo {
  readonly port: number;
  readonly mode: PortMode;
  readonly isolated: boolean;
  readonly linkUp: boolean;
  readonly police: { readonly rateBps: number; readonly burstBytes: number } | undefined;
}
