// The `podNetwork` port (src/ports.ts): network provides it, containers need it. A pod joins a
// network with an interface of its own (named from the pod so that IFNAMSIZ holds), an address
// from the network's IPAM and a MAC from the seeded PRNG; its host is the pod's node, so overlays
// span nodes. A ping from that interface is the same as `net ping`: real frames through the
// bridge (or router, or overlay), counted and seen by `net capture`.

/** What a ping did, as `net ping` reports it (modules/network's PingResult has this shape). */
export interface PingResult {
  readonly from: string;
  readonly source: string;
  readonly destination: string;
  readonly bytes: number;
  readonly resolved: boolean;
  readonly replies: readonly { readonly seq: number; readonly rttMs: number | undefined; readonly ttl: number }[];
  readonly drops: Readonly<Record<string, number>>;
}

/** A pod's interface on one network. */
export interface PodInterface {
  readonly network: string;
  readonly interface: string;
  readonly ip: string;
  readonly mac: string;
}

export interface PodNetwork {
  /** Adds the interface of `pod` (its `index`th network) on `network`, hosted on `host`. */
  join(network: string, pod: string, host: string, index: number): PodInterface;
  /** The interface `join` gave pod `pod` for its `index`th network, if it is there (a restored kernel finds its pods' interfaces this way). */
  interfaceOf(pod: string, index: number): PodInterface | undefined;
  /** Removes the interface (its lease returned, its bridge port freed). */
  leave(interfaceName: string): void;
  /** `net ping` from `fromInterface`, as `uid` (drops are audited as that user's). */
  ping(fromInterface: string, ip: string, count: number, uid: number): PingResult;
  /** Whether the network exists (and why not, for a Pending reason), or undefined when it does. */
  unreachable(network: string): string | undefined;
}
